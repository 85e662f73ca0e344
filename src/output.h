/* output.h: the NetCDF-4 result file. It is created under a temporary name (<path>.part) beside the final path
   as soon as the run starts (so an unwritable path fails before any work), its layout defined
   before the fits, the surface tiles streamed in as they arrive, and it is renamed into place only
   when complete: a failed run leaves nothing at the output path. Only the root rank calls these.
   The layout is documented in docs/netcdf-layout.md; it is extended, never renamed. */
#pragma once

#include "kind.h"
#include "provenance.h"
#include "study.h"

typedef enum { SWEEP_TILE_ALLOCATION, SWEEP_TILE_ISOFLOP, SWEEP_TILE_LOSS } SweepTileKind;

/* A tile of a surface: rows [row0, row0 + nrow) x columns [col0, col0 + ncol) of a grid (rows are
   budgets for ISOFLOP, data sizes for LOSS; columns model sizes). ALLOCATION tiles are one row of
   budgets: nrow = 1, columns along the budget axis. A tile is a quarter of a chunk of the file,
   whose chunk cache holds the chunk until its other tiles arrive. */
typedef struct {
  PetscInt      config, law;
  SweepTileKind kind;
  PetscInt      row0, nrow, col0, ncol;
} SweepTile;

typedef struct _p_SweepOutput {
  int  ncid; /* -1 when closed */
  char path[SWEEP_PATH_LEN];
  char tmp[SWEEP_PATH_LEN + 32];
} SweepOutput;

PETSC_EXTERN PetscErrorCode SweepOutputOpen(const char path[], PetscBool overwrite, SweepOutput *out);
PETSC_EXTERN PetscErrorCode SweepOutputDefine(SweepOutput *out, const SweepStudy *study, const SweepProvenance *prov);
PETSC_EXTERN PetscErrorCode SweepOutputPutTile(SweepOutput *out, const SweepTile *t, PetscInt nq,
                                               const PetscReal rec[]);
PETSC_EXTERN PetscErrorCode SweepOutputPutFits(SweepOutput *out, const SweepStudy *study);
PETSC_EXTERN PetscErrorCode SweepOutputPutAnalysis(SweepOutput *out, const SweepStudy *study);
PETSC_EXTERN PetscErrorCode SweepOutputDefineKind(SweepOutput *out, const SweepKind *kind, const SweepOptions *opt,
                                                  const SweepProvenance *prov);
PETSC_EXTERN PetscErrorCode SweepOutputCommit(SweepOutput *out);
PETSC_EXTERN void           SweepOutputAbort(SweepOutput *out);
