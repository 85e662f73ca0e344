/* driver.h: the scalesweep program as a library call, so that tests can run it in-process. */
#pragma once

#include "sweepsys.h"

PETSC_EXTERN PetscErrorCode SweepMain(MPI_Comm comm, int argc, char **argv);
PETSC_EXTERN PetscErrorCode SweepErrorHandler(MPI_Comm, int, const char *, const char *, PetscErrorCode, PetscErrorType,
                                              const char *, void *);
PETSC_EXTERN void           SweepSingletonDefaults(void);
