/* config.c: configs from the axes, the runs a config fits, and bootstrap resampling. The draws of
   replicate r are a function of (seed, r) only: the same resample whichever rank fits it, and the
   same index sequence for every config (paired comparisons across an ablation). */
#include "config.h"
#include "rng.h"

/* Random streams at and above this are the bootstrap's; below, random starts' (rng.h). */
#define SWEEP_STREAM_BOOTSTRAP 0x100000000ULL

PetscInt SweepAxesCount(const SweepAxes *a)
{
  return a->nhuber * a->ndrop * a->nmin * a->nmax * a->ntao;
}

/*@C
  SweepAxesConfig - config c of the product of the axes (tao_type varies fastest, huber_delta
  slowest). Not collective.
@*/
void SweepAxesConfig(const SweepAxes *a, PetscInt c, SweepConfig *cfg)
{
  PetscInt it = c % a->ntao, imax, imin, idrop, ih;
  c /= a->ntao, imax  = c % a->nmax;
  c /= a->nmax, imin  = c % a->nmin;
  c /= a->nmin, idrop = c % a->ndrop;
  ih                = c / a->ndrop;
  cfg->huber_delta  = a->huber[ih];
  cfg->drop_highest = a->drop[idrop];
  cfg->min_budget   = a->min_budget[imin];
  cfg->max_budget   = a->max_budget[imax];
  PetscStrncpy(cfg->tao_type, a->tao[it], sizeof(cfg->tao_type));
}

/*@C
  SweepConfigMask - mask[i] = 1 for a run the config fits: C inside [min_budget, max_budget], then
  all but the drop_highest highest losses (ties: the earlier run is dropped first). Not collective.
@*/
PetscErrorCode SweepConfigMask(const SweepConfig *cfg, const SweepRuns *runs, PetscReal mask[])
{
  PetscInt left = 0;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < runs->n; i++) {
    PetscBool in = (PetscBool) ((!cfg->min_budget || runs->C[i] >= cfg->min_budget) &&
                                (!cfg->max_budget || runs->C[i] <= cfg->max_budget));
    mask[i]      = in ? 1.0 : 0.0;
    left += in;
  }
  PetscCheck(left > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "options -sweep_min_budget/-sweep_max_budget: no run of '%s' has C inside [%g, %g] FLOP", runs->path,
             (double) cfg->min_budget, (double) cfg->max_budget);
  PetscCheck(cfg->drop_highest < left, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option -sweep_drop_highest: %" PetscInt_FMT " would drop all %" PetscInt_FMT
             " runs of '%s' inside the budget range [%g, %g]",
             cfg->drop_highest, left, runs->path, (double) cfg->min_budget, (double) cfg->max_budget);
  for (PetscInt d = 0; d < cfg->drop_highest; d++) {
    PetscInt worst = -1;
    for (PetscInt i = 0; i < runs->n; i++)
      if (mask[i] > 0 && (worst < 0 || runs->loss[i] > runs->loss[worst])) worst = i;
    if (worst >= 0) mask[worst] = 0.0; /* always true: drop_highest < left */
  }
  PetscFunctionReturn(0);
}

/*@C
  SweepBootstrapWeights - replicate 0: weight = mask; replicate r >= 1: the multiplicities of m
  draws with replacement from the m runs in the mask. Not collective.
@*/
PetscErrorCode SweepBootstrapWeights(const PetscReal mask[], PetscInt n, PetscInt seed, PetscInt r, PetscReal w[])
{
  PetscInt m = 0, *used;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < n; i++) w[i] = r ? 0.0 : mask[i];
  if (!r) PetscFunctionReturn(0);
  PetscCall(PetscMalloc1(n, &used));
  for (PetscInt i = 0; i < n; i++)
    if (mask[i] > 0) used[m++] = i;
  for (PetscInt k = 0; k < m; k++) {
    PetscReal u = SweepRandomUniform((uint64_t) seed, SWEEP_STREAM_BOOTSTRAP + (uint64_t) r, (uint64_t) k);
    w[used[PetscMin(m - 1, (PetscInt) (u * m))]] += 1.0;
  }
  PetscCall(PetscFree(used));
  PetscFunctionReturn(0);
}
