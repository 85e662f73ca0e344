/* ladder.c: at each budget C (log-spaced), per_budget model sizes spread log-evenly over
   [Nc / s, Nc s] around the law's compute-optimal Nc (20 tokens per parameter for a law without
   one), D = C / (6 N), and loss = L(N, D) exp(sigma z), z standard normal keyed by (seed, run). */
#include "ladder.h"
#include "rng.h"
#include "surface.h"
#include <math.h>

/*@C
  SweepLadderRuns - the runs of a synthetic ladder. Not collective.
@*/
PetscErrorCode SweepLadderRuns(SweepLaw law, const SweepLadder *g, SweepRuns *runs)
{
  PetscReal p[SWEEP_MAX_PARAMS], *C, *N, *D, *L, *Cr;
  PetscInt  n = g->budget.n * g->per_budget, run = 0;

  PetscFunctionBegin;
  PetscCheck(g->sigma >= 0 && g->spread >= 1 && g->per_budget >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "a ladder needs noise >= 0, spread >= 1 and at least one size per budget");
  law->from_natural(g->q, p);
  PetscCall(PetscMalloc5(g->budget.n, &C, n, &N, n, &D, n, &L, n, &Cr));
  PetscCall(SweepRangeFill(&g->budget, C));
  for (PetscInt b = 0; b < g->budget.n; b++) {
    PetscReal Nc, Dc, Lc;
    PetscCall(SweepAllocation(law, p, C[b], &Nc, &Dc, &Lc));
    if (!isfinite(Nc)) Nc = sqrt(C[b] / (6.0 * 20.0));
    for (PetscInt k = 0; k < g->per_budget; k++, run++) {
      PetscReal t = g->per_budget > 1 ? 2.0 * k / (g->per_budget - 1) - 1.0 : 0.0;
      N[run]      = Nc * pow(g->spread, t);
      D[run]      = C[b] / (6.0 * N[run]);
      Cr[run]     = C[b];
      PetscCall(SweepLawLoss(law, p, N[run], D[run], &L[run]));
      L[run] *= exp(g->sigma * SweepRandomNormal((uint64_t) g->seed, 0, (uint64_t) run));
    }
  }
  PetscCall(SweepRunsCreateFromArrays(n, N, D, Cr, L, runs));
  PetscCall(PetscFree5(C, N, D, L, Cr));
  PetscFunctionReturn(0);
}
