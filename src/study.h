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
#include "select.h"
#include "surface.h"
#include "isoflop.h"

struct _p_SweepOutput;
struct _p_SweepJournal;

enum { SWEEP_PHASE_FIT, SWEEP_PHASE_RESAMPLE, SWEEP_PHASE_SURFACE, SWEEP_PHASE_PLAN, SWEEP_PHASE_SELECT, SWEEP_NPHASE };

/* The rows of the planning report: which constraints an allocation is under (allocate.h). */
typedef enum {
  SWEEP_PLAN_NONE,      /* compute-optimal, nothing constrained */
  SWEEP_PLAN_UNIQUE,    /* -sweep_unique_tokens */
  SWEEP_PLAN_MAXPARAMS, /* -sweep_max_params */
  SWEEP_PLAN_INFERENCE, /* -sweep_inference_tokens: the budget pays for serving too */
  SWEEP_PLAN_TARGET,    /* the cheapest (training + inference) model with the unconstrained optimum's loss */
  SWEEP_PLAN_ALL,       /* every active constraint at once */
  SWEEP_PLAN_NKIND
} SweepPlanKind;
PETSC_EXTERN const char *const SweepPlanKindNames[];
#define SWEEP_PLAN_NQ 4 /* per plan entry: N, D, loss, FLOPs (the budget, or the total of a TARGET row) */

/* Model selection of one (config, law) (analysis.c). RMSEs are of log residuals on held-out runs. */
typedef struct {
  SweepInfoCriteria ic;                   /* Huber likelihood of replicate 0's fit */
  PetscReal         loo_rmse, kfold_rmse; /* NaN when not run */
  PetscReal         backtest_rmse, backtest_bias;
  PetscInt          backtest_train, backtest_test; /* runs below / above the cutoff */
  PetscInt          failed;                        /* held-out fits that failed (left out of the errors) */
  PetscInt          rank;                          /* 1 = best of the config by -sweep_rank_by */
} SweepSelection;

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
  PetscReal                seconds[4];          /* wall time of the fit, resample, surface and analysis phases */
  struct _p_SweepJournal  *journal;             /* root: finished tasks are appended here, or NULL */
  PetscInt                 nsource;
  struct _p_SweepJournal **source; /* root: [nsource] journals replayed (resume, merge) */
  /* analyses (analysis.c) */
  PetscInt        nplan; /* rows of the planning report */
  SweepPlanKind   plan_kind[SWEEP_PLAN_NKIND];
  PetscReal      *plan;                /* root: [nconfig][nlaws][nrep][nsummary][nplan][SWEEP_PLAN_NQ] */
  PetscInt       *fold;                /* [nconfig * runs.n] k-fold index of each run, -1 when not fitted */
  PetscInt       *seloff;              /* [nconfig * nlaws + 1] first selection item of each (config, law) */
  PetscReal      *selrec;              /* root: [seloff[end]][4] held-out errors of each item */
  SweepSelection *sel;                 /* root: [nconfig * nlaws] */
  SweepIsoGroups *iso;                 /* [nconfig] IsoFLOP groups of each config's runs */
  PetscInt        niso;                /* the largest group count of a config */
  PetscReal      *iso_nopt, *iso_lmin; /* root: [nconfig][SWEEP_ISO_NMETHOD][nrep][niso] */
  PetscReal      *iso_exp, *iso_coef;  /* root: [nconfig][SWEEP_ISO_NMETHOD][nrep] */
  PetscReal      *a3;                  /* root: [nconfig][nlaws][nrep] Approach 3's d log N_opt / d log C */
} SweepStudy;

PETSC_EXTERN PetscErrorCode SweepStudySetUp(MPI_Comm comm, const SweepOptions *opt, SweepStudy *study);
PETSC_EXTERN PetscErrorCode SweepStudyFit(MPI_Comm comm, SweepStudy *study);
PETSC_EXTERN PetscErrorCode SweepStudySurfaces(MPI_Comm comm, SweepStudy *study);
PETSC_EXTERN PetscErrorCode SweepStudyViewPlan(SweepStudy *s, PetscMPIInt size, FILE *fp);
PETSC_EXTERN PetscErrorCode SweepStudyView(const SweepStudy *study, FILE *fp);
PETSC_EXTERN PetscErrorCode SweepStudyDestroy(SweepStudy *study);
PETSC_EXTERN PetscInt       SweepStudyFitTasks(const SweepStudy *study);
PETSC_EXTERN PetscInt       SweepStudySurfaceTasks(const SweepStudy *study);
PETSC_EXTERN PetscErrorCode SweepStudyRunItems(
    MPI_Comm comm, SweepStudy *s, PetscInt phase, const char label[], PetscInt n, PetscInt reclen,
    PetscErrorCode (*item)(const SweepStudy *, void *, PetscInt, PetscReal[]), void *ctx, PetscReal out[]);
PETSC_EXTERN PetscErrorCode SweepStudyResiduals(const SweepStudy *s, PetscInt l, const PetscReal p[], PetscReal res[]);
PETSC_EXTERN PetscErrorCode SweepStudyBand(const SweepStudy *s, const PetscReal v[], PetscInt stride, PetscReal *lo,
                                           PetscReal *hi);
PETSC_EXTERN void           SweepFormatFlop(PetscReal C, char buf[], size_t len);
PETSC_EXTERN void           SweepFormatCount(PetscReal x, char buf[], size_t len);
/* analysis.c and report.c */
PETSC_EXTERN PetscErrorCode SweepStudyAnalysisSetUp(SweepStudy *s);
PETSC_EXTERN PetscErrorCode SweepStudyAnalyse(MPI_Comm comm, SweepStudy *s);
PETSC_EXTERN PetscErrorCode SweepStudyAnalysisView(const SweepStudy *s, PetscInt c, FILE *fp);
PETSC_EXTERN PetscErrorCode SweepStudyAnalysisDestroy(SweepStudy *s);
PETSC_EXTERN PetscErrorCode SweepStudyReplicateParams(const SweepStudy *s, PetscInt c, PetscInt l, PetscReal p[]);
