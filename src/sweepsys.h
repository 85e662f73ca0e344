/* sweepsys.h: what every scalesweep module shares: PETSc, the error-wrapping macro for NetCDF,
   the size limits and the version. Nothing here allocates or communicates. */
#pragma once

#include <petscsys.h>

#define SWEEP_MAX_PARAMS 8  /* the largest parameter vector of any law */
#define SWEEP_NAME_LEN 64   /* law, column and option-value names */
#define SWEEP_PATH_LEN 4096 /* file paths */

/* SweepNCCall - turns a NetCDF status into a PETSc error that carries nc_strerror()'s text. */
#define SweepNCCall(call)                                                                                              \
  do {                                                                                                                 \
    int sweep_nc_status_ = (call);                                                                                     \
    PetscCheck(sweep_nc_status_ == 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "NetCDF error in %s: %s", #call,     \
               nc_strerror(sweep_nc_status_));                                                                         \
  } while (0)

PETSC_EXTERN const char SweepVersion[];     /* "0.1.0" */
PETSC_EXTERN const char SweepGitRevision[]; /* short git hash at configure time, or "unknown" */
