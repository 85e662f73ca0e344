/* gen.c: scalesweep-gen writes a synthetic CSV of training runs (N,D,C,loss) drawn from a known law
   on an IsoFLOP ladder (see ladder.c): the same file for the same options, bit for bit. */
#include "options.h"
#include "driver.h"
#include "ladder.h"
#include <errno.h>
#include <string.h>

static const char help[] = "scalesweep-gen: writes a synthetic CSV of training runs (N,D,C,loss) from a known law.\n";

typedef struct {
  char        law[SWEEP_NAME_LEN], output[SWEEP_PATH_LEN];
  PetscInt    nq;
  PetscBool   params_set; /* -gen_params given; else the law's default truth */
  SweepLadder ladder;
} GenOptions;

static PetscErrorCode GenSetFromOptions(GenOptions *g)
{
  char         budget[256] = "1e18:1e21:7";
  SweepLadder *l           = &g->ladder;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(g, sizeof(*g)));
  PetscCall(PetscStrncpy(g->law, "chinchilla", sizeof(g->law)));
  l->sigma = 0.005, l->spread = 8, l->per_budget = 9, l->seed = 1, g->nq = SWEEP_MAX_PARAMS;
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "scalesweep-gen options", "");
  PetscCall(PetscOptionsString("-gen_law", "Law to draw from", "", g->law, g->law, sizeof(g->law), NULL));
  PetscCall(PetscOptionsRealArray("-gen_params", "Natural parameters of the law, in its order", "", l->q, &g->nq,
                                  &g->params_set));
  PetscCall(PetscOptionsReal("-gen_noise", "Standard deviation of the log-normal noise on the loss", "", l->sigma,
                             &l->sigma, NULL));
  PetscCall(PetscOptionsReal("-gen_spread", "Model sizes span [Nc / s, Nc s] around the optimum Nc", "", l->spread,
                             &l->spread, NULL));
  PetscCall(PetscOptionsInt("-gen_sizes", "Model sizes per budget", "", l->per_budget, &l->per_budget, NULL));
  PetscCall(PetscOptionsInt("-gen_seed", "Seed of the noise", "", l->seed, &l->seed, NULL));
  PetscCall(PetscOptionsString("-gen_budget", "Budgets lo:hi:n (FLOP)", "", budget, budget, sizeof(budget), NULL));
  PetscCall(PetscOptionsString("-gen_output", "Output CSV (default: standard output)", "", g->output, g->output,
                               sizeof(g->output), NULL));
  PetscOptionsEnd();
  PetscCall(SweepOptionsCheckUnusedPrefix("gen_")); /* a typo fails before anything is written */
  PetscCall(SweepRangeParse("-gen_budget", budget, &l->budget));
  PetscFunctionReturn(0);
}

static PetscErrorCode GenWrite(const SweepRuns *runs, FILE *fp)
{
  PetscFunctionBegin;
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "N,D,C,loss\n"));
  for (PetscInt i = 0; i < runs->n; i++)
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "%.17g,%.17g,%.17g,%.17g\n", (double) runs->N[i], (double) runs->D[i],
                           (double) runs->C[i], (double) runs->loss[i]));
  PetscFunctionReturn(0);
}

/* Each law's default truth: Hoffmann et al.'s published Chinchilla law; for compute_only, the law
   fitted to the Chinchilla data (docs/laws.md). */
static PetscErrorCode DefaultParams(const char law[], PetscReal q[], PetscInt *nq)
{
  const PetscReal chinchilla[] = {406.4, 410.7, 1.69, 0.34, 0.28}, compute_only[] = {1616.7, 1.7437, 0.1647};

  PetscFunctionBegin;
  if (!strcmp(law, "chinchilla")) {
    *nq = 5;
    PetscCall(PetscArraycpy(q, chinchilla, 5));
  } else if (!strcmp(law, "compute_only")) {
    *nq = 3;
    PetscCall(PetscArraycpy(q, compute_only, 3));
  } else
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "-gen_params: law '%s' has no default, give its parameters", law);
  PetscFunctionReturn(0);
}

static PetscErrorCode Generate(void)
{
  GenOptions g;
  SweepLaw   law;
  SweepRuns  runs;
  FILE      *fp = stdout;
  PetscBool  help;

  PetscFunctionBegin;
  PetscCall(GenSetFromOptions(&g));
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  if (help) PetscFunctionReturn(0);
  PetscCall(SweepLawCreate(g.law, &law));
  if (!g.params_set) PetscCall(DefaultParams(g.law, g.ladder.q, &g.nq));
  PetscCheck(g.nq == law->np, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "-gen_params: law '%s' takes %" PetscInt_FMT " parameters, got %" PetscInt_FMT, g.law, law->np, g.nq);
  PetscCall(SweepLadderRuns(law, &g.ladder, &runs));
  PetscCall(SweepToolOpen(g.output, &fp));
  PetscCall(GenWrite(&runs, fp));
  PetscCall(SweepToolCommit(g.output, &fp));
  PetscCall(SweepRunsDestroy(&runs));
  PetscCall(SweepLawDestroy(&law));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  return SweepToolMain(argc, argv, help, Generate);
}
