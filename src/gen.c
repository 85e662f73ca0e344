/* gen.c: scalesweep-gen writes a synthetic ladder of training runs from a known law, for the
   default input and for recovery tests. At each of n budgets (log-spaced), K model sizes are
   spread log-evenly over [Nc / s, Nc s] around the law's compute-optimal Nc (20 tokens per
   parameter for a law without one), D = C / (6 N), and loss = L(N, D) exp(sigma z) with z a
   standard normal draw keyed by (seed, run index): the same file for the same options. */
#include "law.h"
#include "options.h"
#include "rng.h"
#include "surface.h"
#include <errno.h>
#include <math.h>
#include <string.h>

static const char help[] = "scalesweep-gen: writes a synthetic CSV of training runs (N,D,C,loss) from a known law.\n";

typedef struct {
  char       law[SWEEP_NAME_LEN], output[SWEEP_PATH_LEN];
  PetscReal  q[SWEEP_MAX_PARAMS], sigma, spread;
  PetscInt   nq, per_budget, seed;
  SweepRange budget;
} GenOptions;

static PetscErrorCode GenSetFromOptions(GenOptions *g)
{
  char budget[256] = "1e18:1e21:7";

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(g->law, "chinchilla", sizeof(g->law)));
  g->output[0] = 0, g->sigma = 0.005, g->spread = 8, g->per_budget = 9, g->seed = 1, g->nq = SWEEP_MAX_PARAMS;
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "scalesweep-gen options", "");
  PetscCall(PetscOptionsString("-gen_law", "Law to draw from", "", g->law, g->law, sizeof(g->law), NULL));
  PetscCall(PetscOptionsRealArray("-gen_params", "Natural parameters of the law, in its order", "", g->q, &g->nq, NULL));
  PetscCall(PetscOptionsReal("-gen_noise", "Standard deviation of the log-normal noise on the loss", "", g->sigma,
                             &g->sigma, NULL));
  PetscCall(PetscOptionsReal("-gen_spread", "Model sizes span [Nc / s, Nc s] around the optimum Nc", "", g->spread, &g->spread, NULL));
  PetscCall(PetscOptionsInt("-gen_sizes", "Model sizes per budget", "", g->per_budget, &g->per_budget, NULL));
  PetscCall(PetscOptionsInt("-gen_seed", "Seed of the noise", "", g->seed, &g->seed, NULL));
  PetscCall(PetscOptionsString("-gen_budget", "Budgets lo:hi:n (FLOP)", "", budget, budget, sizeof(budget), NULL));
  PetscCall(PetscOptionsString("-gen_output", "Output CSV (default: standard output)", "", g->output, g->output,
                               sizeof(g->output), NULL));
  PetscOptionsEnd();
  PetscCall(SweepRangeParse("-gen_budget", budget, &g->budget));
  PetscCheck(g->sigma >= 0 && g->spread >= 1 && g->per_budget >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "-gen_noise must be >= 0, -gen_spread >= 1, -gen_sizes >= 1");
  PetscFunctionReturn(0);
}

static PetscErrorCode GenWrite(const GenOptions *g, SweepLaw law, FILE *fp)
{
  PetscReal p[SWEEP_MAX_PARAMS], *C;
  PetscInt  run = 0;

  PetscFunctionBegin;
  law->from_natural(g->q, p);
  PetscCall(PetscMalloc1(g->budget.n, &C));
  PetscCall(SweepRangeFill(&g->budget, C));
  fprintf(fp, "N,D,C,loss\n");
  for (PetscInt b = 0; b < g->budget.n; b++) {
    PetscReal Nc, Dc, Lc;
    PetscCall(SweepAllocation(law, p, C[b], &Nc, &Dc, &Lc));
    if (!isfinite(Nc)) Nc = sqrt(C[b] / (6.0 * 20.0));
    for (PetscInt k = 0; k < g->per_budget; k++, run++) {
      PetscReal t = g->per_budget > 1 ? 2.0 * k / (g->per_budget - 1) - 1.0 : 0.0;
      PetscReal N = Nc * pow(g->spread, t), D = C[b] / (6.0 * N), L;
      PetscCall(SweepLawLoss(law, p, N, D, &L));
      L *= exp(g->sigma * SweepRandomNormal((uint64_t) g->seed, 0, (uint64_t) run));
      fprintf(fp, "%.17g,%.17g,%.17g,%.17g\n", (double) N, (double) D, (double) C[b], (double) L);
    }
  }
  PetscCall(PetscFree(C));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  GenOptions g;
  SweepLaw   law;
  FILE      *fp = stdout;
  char       tmp[SWEEP_PATH_LEN + 16];

  PetscCall(PetscInitialize(&argc, &argv, NULL, help));
  PetscCall(GenSetFromOptions(&g));
  PetscCall(SweepLawCreate(g.law, &law));
  PetscCheck(g.nq == law->np, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ, "-gen_params: law '%s' takes %" PetscInt_FMT
             " parameters, got %" PetscInt_FMT, g.law, law->np, g.nq);
  if (g.output[0]) {
    PetscCall(PetscSNPrintf(tmp, sizeof(tmp), "%s.tmp", g.output));
    fp = fopen(tmp, "w");
    PetscCheck(fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot write '%s': %s", g.output, strerror(errno));
  }
  PetscCall(GenWrite(&g, law, fp));
  if (g.output[0]) {
    PetscCheck(!fclose(fp), PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "cannot write '%s'", g.output);
    PetscCheck(!rename(tmp, g.output), PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "cannot write '%s': %s", g.output,
               strerror(errno));
  }
  PetscCall(SweepLawDestroy(&law));
  PetscCall(PetscFinalize());
  return 0;
}
