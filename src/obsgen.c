/* obsgen.c: scalesweep-observational-gen writes a synthetic benchmark table for the observational study (models
   by benchmarks, with families, sizes, tokens and compute; a low-rank latent structure plus noise;
   missing cells), from SweepObsSynthetic (obsscale.h): the same file for the same options, bit for bit. */
#include "options.h"
#include "driver.h"
#include "obsscale.h"
#include "rng.h"
#include <errno.h>
#include <string.h>

static const char help[] =
    "scalesweep-observational-gen: writes a synthetic model-by-benchmark CSV for -sweep_study observational.\n";

typedef struct {
  PetscInt  seed, n, nfam, p, rank;
  PetscReal noise, missing, missing_flops;
  char      output[SWEEP_PATH_LEN];
} ObsGen;

static PetscErrorCode ObsGenOptions(ObsGen *g)
{
  PetscFunctionBegin;
  g->seed = 2024, g->n = 120, g->nfam = 12, g->p = 8, g->rank = 3, g->noise = 0.01, g->missing = 0.06;
  g->missing_flops = 0.1, g->output[0] = 0;
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "scalesweep-observational-gen options", "");
  PetscCall(PetscOptionsInt("-obsgen_seed", "Seed of every draw", "", g->seed, &g->seed, NULL));
  PetscCall(PetscOptionsInt("-obsgen_models", "Models (rows)", "", g->n, &g->n, NULL));
  PetscCall(
      PetscOptionsInt("-obsgen_families", "Families (model i is in family i mod F)", "", g->nfam, &g->nfam, NULL));
  PetscCall(PetscOptionsInt("-obsgen_metrics", "Benchmarks (columns B1..Bp)", "", g->p, &g->p, NULL));
  PetscCall(PetscOptionsInt("-obsgen_rank", "Latent factors", "", g->rank, &g->rank, NULL));
  PetscCall(PetscOptionsReal("-obsgen_noise", "Standard deviation of the score noise", "", g->noise, &g->noise, NULL));
  PetscCall(PetscOptionsReal("-obsgen_missing", "Probability that a score cell (but B1's) is empty", "", g->missing,
                             &g->missing, NULL));
  PetscCall(PetscOptionsReal("-obsgen_missing_flops", "Probability that a model's compute is empty (not family Fam-0)",
                             "", g->missing_flops, &g->missing_flops, NULL));
  PetscCall(PetscOptionsString("-obsgen_output", "Output CSV (default: standard output)", "", g->output, g->output,
                               sizeof(g->output), NULL));
  PetscOptionsEnd();
  PetscCall(SweepOptionsCheckUnusedPrefix("obsgen_")); /* a typo fails before anything is written */
  PetscCheck(g->n >= 4 && g->p >= 2 && g->nfam >= 1 && g->nfam <= g->n, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "-obsgen_models >= 4, -obsgen_metrics >= 2 and 1 <= -obsgen_families <= models");
  PetscFunctionReturn(0);
}

/* One row per model: sizes from C = 6 N D with a tokens-per-parameter ratio of 20 * 10^[-0.5, 1). */
static PetscErrorCode ObsGenWrite(const ObsGen *g, const PetscInt fam[], const PetscReal logC[], const PetscReal X[],
                                  FILE *fp)
{
  PetscFunctionBegin;
  PetscCall(
      PetscFPrintf(PETSC_COMM_SELF, fp, "Model,Model Family,Model Size (B),Pretraining Data Size (T),FLOPs (1E21)"));
  for (PetscInt j = 0; j < g->p; j++) PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, ",B%" PetscInt_FMT, j + 1));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "\n"));
  for (PetscInt i = 0; i < g->n; i++) {
    PetscReal C     = PetscPowReal(10, logC[i]),
              ratio = 20 * PetscPowReal(10, 1.5 * SweepRandomUniform(g->seed, 7, i) - 0.5);
    PetscReal N = PetscSqrtReal(C / (6 * ratio)), D = ratio * N;
    PetscBool noflops = (PetscBool) (fam[i] && SweepRandomUniform(g->seed, 6, i) < g->missing_flops);
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "m%03" PetscInt_FMT ",Fam-%" PetscInt_FMT ",%.4g,%.4g,", i, fam[i],
                           (double) (N / 1e9), (double) (D / 1e12)));
    if (!noflops) PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "%.6g", (double) (C / 1e21)));
    for (PetscInt j = 0; j < g->p; j++) {
      PetscBool empty = (PetscBool) (j && SweepRandomUniform(g->seed, 5, i * g->p + j) < g->missing);
      if (empty)
        PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, ","));
      else
        PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, ",%.6f", (double) X[i * g->p + j]));
    }
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "\n"));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode ObsGenerate(void)
{
  ObsGen     g;
  PetscInt  *fam;
  PetscReal *logC, *X, *eff;
  FILE      *fp = stdout;
  PetscBool  has_help;

  PetscFunctionBegin;
  PetscCall(ObsGenOptions(&g));
  PetscCall(PetscOptionsHasHelp(NULL, &has_help));
  if (has_help) PetscFunctionReturn(0);
  PetscCall(PetscMalloc4(g.n, &fam, g.n, &logC, g.n * g.p, &X, g.nfam, &eff));
  PetscCall(SweepObsSynthetic(g.n, g.p, g.nfam, g.rank, g.noise, g.seed, fam, logC, X, NULL, eff));
  PetscCall(SweepToolOpen(g.output, &fp));
  PetscCall(ObsGenWrite(&g, fam, logC, X, fp));
  PetscCall(SweepToolCommit(g.output, &fp));
  PetscCall(PetscFree4(fam, logC, X, eff));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  return SweepToolMain(argc, argv, help, ObsGenerate);
}
