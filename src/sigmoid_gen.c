/* sigmoid_gen.c: scalesweep-sigmoid-gen writes the sigmoid study's synthetic input (inputs/README.md):
   a ladder of models, each trained to several token counts (OLMo's ladder design), with a loss
   from the Chinchilla law and a task accuracy with two plateaus in log10 compute. The same options
   give the same file, byte for byte (draws keyed by seed and row). */
#include "options.h"
#include "driver.h"
#include "law.h"
#include "rng.h"
#include "tasklaw.h"

static const char help[] = "scalesweep-sigmoid-gen: writes a synthetic CSV (model,N,D,C,loss,accuracy) for "
                           "-sweep_study sigmoid.\n";

static PetscErrorCode Generate(void)
{
  /* accuracy: floor 0.25 (four choices), a first step of 0.2 at 10^19.5 FLOP, a second of 0.35 at 10^22.5 */
  const PetscReal hoffmann[5] = {406.4, 410.7, 1.69, 0.34, 0.28}, mult[4] = {1, 2, 5, 10};
  const PetscReal h[2] = {0.2, 0.35}, k[2] = {3, 4}, c[2] = {19.5, 22.5};
  PetscReal       pl[5], pm[SWEEP_TASK_NPMAX], noise = 0.01, lnoise = 0.005;
  PetscInt        seed = 2024, sizes = 10;
  char            output[SWEEP_PATH_LEN] = "";
  SweepLaw        law;
  FILE           *fp = stdout;

  PetscFunctionBegin;
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "scalesweep-sigmoid-gen options", "");
  PetscCall(PetscOptionsInt("-gen_seed", "Seed of the noise", "", seed, &seed, NULL));
  PetscCall(
      PetscOptionsInt("-gen_sizes", "Model sizes, log-even from 2e7 to 3e10 parameters", "", sizes, &sizes, NULL));
  PetscCall(
      PetscOptionsReal("-gen_noise", "Standard deviation of the accuracy's Gaussian noise", "", noise, &noise, NULL));
  PetscCall(PetscOptionsReal("-gen_loss_noise", "Standard deviation of the loss's log-normal noise", "", lnoise,
                             &lnoise, NULL));
  PetscCall(PetscOptionsString("-gen_output", "Output CSV (default: standard output)", "", output, output,
                               sizeof(output), NULL));
  PetscOptionsEnd();
  PetscCall(SweepOptionsCheckUnusedPrefix("gen_")); /* a typo fails before anything is written */
  PetscCheck(sizes >= 2 && noise >= 0 && lnoise >= 0, PETSC_COMM_WORLD, PETSC_ERR_ARG_OUTOFRANGE,
             "-gen_sizes must be >= 2, -gen_noise and -gen_loss_noise >= 0");
  PetscCall(SweepLawCreate("chinchilla", &law));
  law->from_natural(hoffmann, pl);
  SweepTaskMultiPack(2, 0.25, h, k, c, pm);
  PetscCall(SweepToolOpen(output, &fp));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "model,N,D,C,loss,accuracy\n"));
  for (PetscInt s = 0, row = 0; s < sizes; s++) {
    PetscReal N = 2e7 * PetscPowReal(1500.0, s / (sizes - 1.0));
    for (PetscInt m = 0; m < 4; m++, row++) {
      PetscReal D = 20 * mult[m] * N, C = 6 * N * D, L, acc;
      PetscCall(SweepLawLoss(law, pl, N, D, &L));
      L *= PetscExpReal(lnoise * SweepRandomNormal((uint64_t) seed, 0, (uint64_t) row));
      acc =
          SweepTaskMultiEval(2, pm, PetscLog10Real(C)) + noise * SweepRandomNormal((uint64_t) seed, 1, (uint64_t) row);
      acc = PetscClipInterval(acc, 0, 1);
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "ladder-%02d,%.6g,%.6g,%.6g,%.6f,%.6f\n", (int) s, (double) N,
                             (double) D, (double) C, (double) L, (double) acc));
    }
  }
  PetscCall(SweepToolCommit(output, &fp));
  PetscCall(SweepLawDestroy(&law));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  return SweepToolMain(argc, argv, help, Generate);
}
