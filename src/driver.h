/* driver.h: the scalesweep program as a library call, so that tests can run it in-process. */
#pragma once

#include "sweepsys.h"

PETSC_EXTERN PetscErrorCode SweepMain(MPI_Comm comm, int argc, char **argv);
PETSC_EXTERN PetscErrorCode SweepErrorHandler(MPI_Comm, int, const char *, const char *, PetscErrorCode, PetscErrorType,
                                              const char *, void *);
PETSC_EXTERN void           SweepSingletonDefaults(void);
/* The main() of a small program of the project (the input generators): starts PETSc with help,
   prints errors as one line (SweepErrorHandler), runs body and returns the exit status (0 or 1).
   The body rejects its misspelt options itself (SweepOptionsCheckUnusedPrefix) before it writes. */
PETSC_EXTERN int SweepToolMain(int argc, char **argv, const char help[], PetscErrorCode (*body)(void));
/* A generator's output: standard output for an empty path, else <path>.part, which SweepToolCommit
   closes and renames to path (a failed run leaves no half-written file at path). */
PETSC_EXTERN PetscErrorCode SweepToolOpen(const char path[], FILE **fp);
PETSC_EXTERN PetscErrorCode SweepToolCommit(const char path[], FILE **fp);
