/* main.c: the scalesweep program. Everything but PETSc's start and end is in libscalesweep. */
#include "driver.h"
#include "signals.h"

static const char help[] = "scalesweep: fits scaling laws to training runs and plans compute-optimal allocations.\n"
                           "Usage: mpiexec -n P scalesweep -options_file jobs/default.opts [-sweep_* options]\n\n";

int main(int argc, char **argv)
{
  PetscErrorCode ierr;
  PetscBool      traceback = PETSC_FALSE;

  SweepSingletonDefaults(); /* before MPI starts: a one-rank run without mpiexec starts fast */
  PetscCall(PetscInitialize(&argc, &argv, NULL, help));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-sweep_traceback", &traceback, NULL));
  if (!traceback) PetscCall(PetscPushErrorHandler(SweepErrorHandler, NULL));
  ierr = SweepMain(PETSC_COMM_WORLD, argc, argv);
  PetscCall(PetscFinalize());
  /* 75 (EX_TEMPFAIL) after a stop signal: resume later (slurm/sweep.sbatch requeues the job) */
  return ierr == SWEEP_ERR_INTERRUPTED ? SWEEP_EXIT_INTERRUPTED : ierr ? 1 : 0;
}
