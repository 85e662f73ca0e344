/* progress.h: the root's progress on standard error. On a terminal a live bar (tasks done, rate,
   elapsed, ETA) redrawn at most 10 times a second; otherwise (a Slurm log) one line each time
   another 10% is done or 30 s have passed, once the phase has run for a second. Root only; no communication. */
#pragma once

#include "sweepsys.h"

typedef enum { SWEEP_PROGRESS_NONE, SWEEP_PROGRESS_BAR, SWEEP_PROGRESS_LINES } SweepProgressMode;

typedef struct {
  SweepProgressMode mode;
  char              label[32];
  PetscInt          total, done;
  PetscReal         t0, last; /* start and last print, seconds */
  PetscInt          last_decile;
  FILE             *fp;
} SweepProgress;

PETSC_EXTERN PetscErrorCode SweepProgressStart(SweepProgress *p, const char mode[], const char label[], PetscInt total);
PETSC_EXTERN PetscErrorCode SweepProgressUpdate(SweepProgress *p, PetscInt done);
PETSC_EXTERN PetscErrorCode SweepProgressEnd(SweepProgress *p);
