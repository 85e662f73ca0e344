/* surface.c: evaluates a fitted law over the grids. Where a law leaves the split of a budget
   undetermined (compute_only), N_opt and D_opt are NaN, written as _FillValue. */
#include "surface.h"
#include "allocate.h"
#include <math.h>

/*@C
  SweepGridsCreate - the budget, model-size and data-size grids of the options. Not collective.
@*/
PetscErrorCode SweepGridsCreate(const SweepOptions *opt, SweepGrids *g)
{
  PetscFunctionBegin;
  g->nb = opt->budget.n, g->nm = opt->model_size.n, g->nd = opt->data_size.n;
  PetscCall(PetscMalloc3(g->nb, &g->budget, g->nm, &g->model_size, g->nd, &g->data_size));
  PetscCall(SweepRangeFill(&opt->budget, g->budget));
  PetscCall(SweepRangeFill(&opt->model_size, g->model_size));
  PetscCall(SweepRangeFill(&opt->data_size, g->data_size));
  PetscFunctionReturn(0);
}

PetscErrorCode SweepGridsDestroy(SweepGrids *g)
{
  PetscFunctionBegin;
  PetscCall(PetscFree3(g->budget, g->model_size, g->data_size));
  PetscFunctionReturn(0);
}

/*@C
  SweepAllocation - the compute-optimal N and D for budget C and the loss there (SweepAllocate with
  no constraint: the law's closed form where it has one). For a law whose loss depends on C alone,
  N and D are NaN and L is the loss at any split. Not collective.
@*/
PetscErrorCode SweepAllocation(SweepLaw law, const PetscReal p[], PetscReal C, PetscReal *N, PetscReal *D, PetscReal *L)
{
  const SweepConstraints none = {0, 0, 0};

  PetscFunctionBegin;
  PetscCall(SweepAllocate(law, p, C, &none, N, D, L));
  PetscFunctionReturn(0);
}

/*@C
  SweepSurfaceAllocation - per budget: N_opt, D_opt, loss at the optimum, tokens per parameter.
  Not collective.
@*/
PetscErrorCode SweepSurfaceAllocation(SweepLaw law, const PetscReal p[], const SweepGrids *g, PetscReal nopt[],
                                      PetscReal dopt[], PetscReal lopt[], PetscReal tpp[])
{
  PetscFunctionBegin;
  for (PetscInt b = 0; b < g->nb; b++) {
    PetscCall(SweepAllocation(law, p, g->budget[b], &nopt[b], &dopt[b], &lopt[b]));
    tpp[b] = dopt[b] / nopt[b];
  }
  PetscFunctionReturn(0);
}

/*@C
  SweepSurfaceIsoFLOP - iso[b * nm + m] = L(N_m, C_b / (6 N_m)): loss against model size at each
  fixed budget. Not collective.
@*/
PetscErrorCode SweepSurfaceIsoFLOP(SweepLaw law, const PetscReal p[], const SweepGrids *g, PetscReal iso[])
{
  PetscFunctionBegin;
  for (PetscInt b = 0; b < g->nb; b++)
    for (PetscInt m = 0; m < g->nm; m++)
      PetscCall(SweepLawLoss(law, p, g->model_size[m], g->budget[b] / (6.0 * g->model_size[m]), &iso[b * g->nm + m]));
  PetscFunctionReturn(0);
}

/*@C
  SweepSurfaceLoss - surf[d * nm + m] = L(N_m, D_d). Not collective.
@*/
PetscErrorCode SweepSurfaceLoss(SweepLaw law, const PetscReal p[], const SweepGrids *g, PetscReal surf[])
{
  PetscFunctionBegin;
  for (PetscInt d = 0; d < g->nd; d++)
    for (PetscInt m = 0; m < g->nm; m++)
      PetscCall(SweepLawLoss(law, p, g->model_size[m], g->data_size[d], &surf[d * g->nm + m]));
  PetscFunctionReturn(0);
}
