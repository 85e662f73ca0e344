/* surface.h: allocation surfaces of a fitted law over the compute, model-size and data-size grids:
   the compute-optimal N, D and loss per budget, IsoFLOP profiles and the loss over (N, D).
   Pure functions of the parameters and the grids: no communication, no allocation. */
#pragma once

#include "law.h"
#include "options.h"

typedef struct {
  PetscInt   nb, nm, nd;
  PetscReal *budget, *model_size, *data_size; /* [nb], [nm], [nd] */
} SweepGrids;

PETSC_EXTERN PetscErrorCode SweepGridsCreate(const SweepOptions *opt, SweepGrids *grids);
PETSC_EXTERN PetscErrorCode SweepGridsDestroy(SweepGrids *grids);
PETSC_EXTERN PetscErrorCode SweepAllocation(SweepLaw law, const PetscReal p[], PetscReal C, PetscReal *N, PetscReal *D,
                                            PetscReal *L);
PETSC_EXTERN PetscErrorCode SweepSurfaceAllocation(SweepLaw law, const PetscReal p[], const SweepGrids *g,
                                                   PetscReal nopt[], PetscReal dopt[], PetscReal lopt[],
                                                   PetscReal tpp[]);
PETSC_EXTERN PetscErrorCode SweepSurfaceIsoFLOP(SweepLaw law, const PetscReal p[], const SweepGrids *g,
                                                PetscReal iso[]);
PETSC_EXTERN PetscErrorCode SweepSurfaceLoss(SweepLaw law, const PetscReal p[], const SweepGrids *g, PetscReal surf[]);
