/* signals.h: how a run is stopped cleanly. SIGUSR1 (Slurm's warning before the time limit, sent with
   --signal=B:USR1@120), SIGTERM (preemption, scancel, the time limit itself) and SIGINT (Ctrl-C)
   only set a flag; the root's scheduler sees it, hands out nothing more, collects the ranges its
   workers hold, flushes the checkpoint journal and the run exits with SWEEP_EXIT_INTERRUPTED, which
   slurm/sweep.sbatch turns into a requeue. A second SIGINT or SIGTERM kills the process at once. */
#pragma once

#include "sweepsys.h"

#define SWEEP_ERR_INTERRUPTED PETSC_ERR_SIG /* what the phases return after a signal */
#define SWEEP_EXIT_INTERRUPTED 75           /* sysexits.h EX_TEMPFAIL: "try again", i.e. resume */

PETSC_EXTERN PetscErrorCode SweepSignalsInstall(void);
PETSC_EXTERN int            SweepSignalReceived(void); /* the first signal caught, or 0 */
