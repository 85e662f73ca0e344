/* study.h: a study is one run of scalesweep: laws x configs x bootstrap replicates, each fitted from
   many start points, then the surfaces with their bands. Two phases on the root-rank scheduler:
   fits (replicate 0 first, then the resamples, which may start from replicate 0's optimum) and
   surfaces (tiles of the grids, each evaluated under every replicate). The fit of (config c, law l,
   replicate r) is unit u = (c * nlaws + l) * nrep + r. */
#pragma once

#include "config.h"
#include "fit.h"
#include "options.h"
#include "progress.h"
#include "surface.h"

struct _p_SweepOutput;
struct _p_SweepJournal;

enum { SWEEP_PHASE_FIT, SWEEP_PHASE_RESAMPLE, SWEEP_PHASE_SURFACE, SWEEP_NPHASE };

typedef struct {
  SweepOptions             opt;
  SweepRuns                runs;
  PetscInt                 nlaws, nconfig, nrep, nparam; /* nrep = bootstrap + 1 */
  SweepLaw                 law[SWEEP_MAX_LAWS];
  SweepConfig             *config; /* [nconfig] */
  PetscReal               *mask;   /* [nconfig * runs.n]: 1 for a run the config fits */
  PetscInt                 nstart[SWEEP_MAX_LAWS], nbstart[SWEEP_MAX_LAWS];
  PetscBool                search[SWEEP_MAX_LAWS], bsearch[SWEEP_MAX_LAWS]; /* screened (SweepFitSearch) */
  PetscReal               *starts[SWEEP_MAX_LAWS];                          /* replicate 0's start points */
  PetscReal               *bstarts[SWEEP_MAX_LAWS];                         /* replicates >= 1 (NULL for fit0) */
  SweepFitResult          *fit;                                             /* [nconfig * nlaws * nrep] */
  SweepGrids               grids;
  PetscInt                 ntile_m, ntile_b; /* chunk-wide tiles across model_size and budget */
  PetscInt                 task_rows;        /* rows of an IsoFLOP or loss-surface task */
  PetscInt                 nrows_b, nrows_d; /* such tasks down the budget and data-size axes */
  struct _p_SweepOutput   *out;              /* root: where surface tiles are streamed */
  SweepProgress            progress;
  PetscInt                 handed, root_ranges; /* scheduler statistics, all phases */
  PetscReal                seconds[3];          /* wall time of the fit, resample and surface phases */
  struct _p_SweepJournal  *journal;             /* root: finished tasks are appended here, or NULL */
  PetscInt                 nsource;
  struct _p_SweepJournal **source; /* root: [nsource] journals replayed (resume, merge) */
} SweepStudy;

PETSC_EXTERN PetscErrorCode SweepStudySetUp(MPI_Comm comm, const SweepOptions *opt, SweepStudy *study);
PETSC_EXTERN PetscErrorCode SweepStudyFit(MPI_Comm comm, SweepStudy *study);
PETSC_EXTERN PetscErrorCode SweepStudySurfaces(MPI_Comm comm, SweepStudy *study);
PETSC_EXTERN PetscErrorCode SweepStudyViewPlan(SweepStudy *s, PetscMPIInt size, FILE *fp);
PETSC_EXTERN PetscErrorCode SweepStudyView(const SweepStudy *study, FILE *fp);
PETSC_EXTERN PetscErrorCode SweepStudyDestroy(SweepStudy *study);
PETSC_EXTERN PetscInt       SweepStudyFitTasks(const SweepStudy *study);
PETSC_EXTERN PetscInt       SweepStudySurfaceTasks(const SweepStudy *study);
PETSC_EXTERN PetscErrorCode SweepStudyReplicateParams(const SweepStudy *s, PetscInt c, PetscInt l, PetscReal p[]);
