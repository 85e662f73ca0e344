/* study.h: a study is one run of scalesweep: the options, the runs read, the laws fitted with the
   best start of each, and the surfaces computed from them. The fit phase is collective; the
   surfaces, the summary and the output belong to the root rank. */
#pragma once

#include "fit.h"
#include "options.h"
#include "surface.h"

typedef struct {
  SweepOptions   opt;
  SweepRuns      runs;
  PetscInt       nlaws;
  SweepLaw       law[SWEEP_MAX_LAWS];
  PetscInt       nparam;             /* the largest np of the laws */
  PetscReal     *weight;             /* [runs.n] 1 for a run fitted, 0 for a dropped one */
  SweepFitResult fit[SWEEP_MAX_LAWS]; /* replicate 0: the fit to all used runs */
  SweepGrids     grids;
  PetscReal     *nopt, *dopt, *lopt, *tpp; /* [nlaws * nb] */
  PetscReal     *iso;                      /* [nlaws * nb * nm] */
  PetscReal     *surf;                     /* [nlaws * nd * nm] */
  PetscReal     *resid;                    /* [nlaws * runs.n] log Lhat - log L */
} SweepStudy;

PETSC_EXTERN PetscErrorCode SweepStudySetUp(MPI_Comm comm, const SweepOptions *opt, SweepStudy *study);
PETSC_EXTERN PetscErrorCode SweepStudyFit(MPI_Comm comm, SweepStudy *study);
PETSC_EXTERN PetscErrorCode SweepStudySurfaces(SweepStudy *study);
PETSC_EXTERN PetscErrorCode SweepStudyView(const SweepStudy *study, FILE *fp);
PETSC_EXTERN PetscErrorCode SweepStudyDestroy(SweepStudy *study);
PETSC_EXTERN PetscErrorCode SweepDropHighest(const SweepRuns *runs, PetscInt k, PetscReal weight[]);
