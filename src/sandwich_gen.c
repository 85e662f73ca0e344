/* sandwich_gen.c: scalesweep-sandwich-gen writes a synthetic Slice-and-Sandwich input (the columns of
   the ExpEmergence files: Model, FLOPs (1E21), ten <first>_<end>_brier groups, acc, brier) from the
   curves of sandwich.h: an inverted-U-then-U easy group with a known turning point and a U-shaped
   hard group. The same options give the same file, byte for byte. */
#include "options.h"
#include "driver.h"
#include "sandwich.h"
#include <errno.h>
#include <string.h>

static const char help[] = "scalesweep-sandwich-gen: writes a synthetic Slice-and-Sandwich input CSV.\n";

static PetscErrorCode Write(const SandwichTruth *t, PetscInt n, PetscReal xlo, PetscReal xhi, PetscInt seed, FILE *fp)
{
  PetscFunctionBegin;
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "Model,FLOPs (1E21)"));
  for (PetscInt g = 0; g < 10; g++)
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, ",%d_%d_brier", (int) (1000 * g), (int) (1000 * (g + 1))));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, ",acc,brier\n"));
  for (PetscInt i = 0; i < n; i++) {
    PetscReal x, group[10], acc, mean = 0;
    SandwichTruthModel(t, n, i, xlo, xhi, seed, &x, group, &acc);
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "synthetic-%03d,%.10g", (int) i, (double) PetscPowReal(10, x)));
    for (PetscInt g = 0; g < 10; g++) { /* stored as Brier scores (lower is better), as in the papers' files */
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, ",%.10f", (double) -group[g]));
      mean += group[g] / 10;
    }
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, ",%.10f,%.10f\n", (double) acc, (double) -mean));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Generate(void)
{
  SandwichTruth t;
  PetscInt      n = 80, seed = 2024;
  PetscReal     xlo = -1, xhi = 2.8;
  char          output[SWEEP_PATH_LEN] = "";
  FILE         *fp                     = stdout;

  PetscFunctionBegin;
  SandwichTruthDefault(&t);
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "scalesweep-sandwich-gen options", "");
  PetscCall(PetscOptionsInt("-gen_models", "Number of models", "", n, &n, NULL));
  PetscCall(PetscOptionsInt("-gen_seed", "Seed of the noise and of the models' compute", "", seed, &seed, NULL));
  PetscCall(
      PetscOptionsReal("-gen_turn", "Where the easy curve turns up, log10(FLOPs / 1e21)", "", t.turn, &t.turn, NULL));
  PetscCall(PetscOptionsReal("-gen_noise", "Noise on each group's score", "", t.noise, &t.noise, NULL));
  PetscCall(PetscOptionsReal("-gen_xlo", "Smallest log10(FLOPs / 1e21)", "", xlo, &xlo, NULL));
  PetscCall(PetscOptionsReal("-gen_xhi", "Largest log10(FLOPs / 1e21)", "", xhi, &xhi, NULL));
  PetscCall(PetscOptionsString("-gen_output", "Output CSV (default: standard output)", "", output, output,
                               sizeof(output), NULL));
  PetscOptionsEnd();
  PetscCall(SweepOptionsCheckUnusedPrefix("gen_")); /* a typo fails before anything is written */
  PetscCheck(n >= 1 && xhi > xlo && t.noise >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "need -gen_models >= 1, -gen_xhi > -gen_xlo and -gen_noise >= 0");
  PetscCall(SweepToolOpen(output, &fp));
  PetscCall(Write(&t, n, xlo, xhi, seed, fp));
  PetscCall(SweepToolCommit(output, &fp));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  return SweepToolMain(argc, argv, help, Generate);
}
