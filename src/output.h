/* output.h: the NetCDF-4 result file. It is created under a temporary name beside the final path
   as soon as the run starts (so an unwritable path fails before any work), filled at the end, and
   renamed into place only when complete: a failed run leaves nothing at the output path.
   Only the root rank calls these. The layout is documented in docs/netcdf-layout.md. */
#pragma once

#include "provenance.h"
#include "study.h"

typedef struct {
  int  ncid; /* -1 when closed */
  char path[SWEEP_PATH_LEN];
  char tmp[SWEEP_PATH_LEN + 32];
} SweepOutput;

PETSC_EXTERN PetscErrorCode SweepOutputOpen(const char path[], SweepOutput *out);
PETSC_EXTERN PetscErrorCode SweepOutputWriteStudy(SweepOutput *out, const SweepStudy *study,
                                                  const SweepProvenance *prov);
PETSC_EXTERN PetscErrorCode SweepOutputCommit(SweepOutput *out);
PETSC_EXTERN void           SweepOutputAbort(SweepOutput *out);
