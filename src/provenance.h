/* provenance.h: what an output file records about how it was made: version and git revision,
   the command line and time, every option in force, and the SHA-256 of the input. */
#pragma once

#include "sweepsys.h"

typedef struct {
  char  source[256];   /* "scalesweep 0.1.0 (git abcdef)" */
  char  history[8192]; /* "<UTC time>: <command line> (N MPI ranks)" */
  char  input_sha256[65];
  char *options; /* every option in the database, as PETSc prints them */
} SweepProvenance;

PETSC_EXTERN PetscErrorCode SweepProvenanceCreate(int argc, char **argv, PetscMPIInt nranks, const char input[],
                                                  const char options[], SweepProvenance *prov);
PETSC_EXTERN PetscErrorCode SweepProvenanceDestroy(SweepProvenance *prov);
PETSC_EXTERN PetscErrorCode SweepSHA256File(const char path[], char hex[65]);
PETSC_EXTERN PetscErrorCode SweepSHA256(const void *buf, size_t len, unsigned char md[32]);
