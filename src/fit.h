/* fit.h: fitting a law with TAO from many start points. A start's result depends only on the start
   and the data, and the best start is chosen by a total order (converged first, then objective,
   then start index), so the result is the same whichever rank ran which start. */
#pragma once

#include "objective.h"

typedef struct {
  PetscReal objective;
  PetscReal p[SWEEP_MAX_PARAMS]; /* fit (log-space) parameters */
  PetscInt  start;               /* index of the start that gave it */
  PetscInt  reason;              /* TaoConvergedReason: > 0 converged, < 0 diverged */
  PetscInt  iterations;
  PetscInt  nconverged; /* starts that converged, over all starts tried */
  PetscInt  nstarts;
} SweepFitResult;

#define SWEEP_FIT_ERROR (-100) /* reason of a fit whose law or solver raised an error */

PETSC_EXTERN PetscBool      SweepFitFailed(const SweepFitResult *f);
PETSC_EXTERN const char    *SweepFitReasonName(PetscInt reason);
PETSC_EXTERN PetscErrorCode SweepStartsCreate(SweepLaw law, const char spec[], PetscInt seed, PetscInt *nstart,
                                              PetscReal **starts, PetscBool *search);
PETSC_EXTERN PetscErrorCode SweepFitSearch(SweepObjective *obj, const char type[], PetscInt nstart,
                                           const PetscReal starts[], PetscInt patience, SweepFitResult *best);
PETSC_EXTERN PetscErrorCode SweepFitOne(SweepObjective *obj, const char type[], const PetscReal x0[], PetscInt start,
                                        SweepFitResult *res);
PETSC_EXTERN PetscErrorCode SweepFitMultiStart(MPI_Comm comm, SweepObjective *obj, const char type[], PetscInt nstart,
                                               const PetscReal starts[], SweepFitResult *best);
PETSC_EXTERN PetscErrorCode SweepFitMerge(SweepFitResult *into, const SweepFitResult *from);
PETSC_EXTERN PetscBool      SweepFitBetter(const SweepFitResult *a, const SweepFitResult *b);
PETSC_EXTERN PetscErrorCode SweepFitCheckTaoOptions(PetscInt ntype, const char types[][SWEEP_NAME_LEN]);
PETSC_EXTERN PetscErrorCode SweepParseStarts(const char spec[], PetscInt *nrandom, PetscBool *search);

/* -log_view events (registered by SweepLogRegister, defined in fit.c) */
PETSC_EXTERN PetscLogEvent  SWEEP_EVENT_FIT, SWEEP_EVENT_SCREEN, SWEEP_EVENT_SURFACE, SWEEP_EVENT_WRITE;
PETSC_EXTERN PetscErrorCode SweepLogRegister(void);
