/* options.h: every -sweep_* knob, read in one place (SweepOptionsSetFromOptions) from PETSc's
   options database, validated there, and shown by -help. TAO's own options keep TAO's names
   behind the prefix: -sweep_tao_type, -sweep_tao_gatol, ... */
#pragma once

#include "allocate.h"
#include "config.h"
#include "runs.h"

#define SWEEP_MAX_LAWS 16
#define SWEEP_MAX_SUMMARY 32

/* lo:hi:n, n points log-spaced from lo to hi inclusive. */
typedef struct {
  PetscReal lo, hi;
  PetscInt  n;
} SweepRange;

typedef struct {
  char             study[SWEEP_NAME_LEN]; /* -sweep_study: "loss" or a study kind (kind.h) */
  char             input[SWEEP_PATH_LEN];
  char             output[SWEEP_PATH_LEN];
  char             job[SWEEP_NAME_LEN];
  SweepColumns     cols;
  PetscInt         nlaws;
  char             laws[SWEEP_MAX_LAWS][SWEEP_NAME_LEN];
  SweepAxes        axes;                    /* the ablation lists: one config per point of their product */
  char             starts[SWEEP_NAME_LEN];  /* replicate 0: hoffmann, hoffmann_exhaustive or random:K */
  char             bstarts[SWEEP_NAME_LEN]; /* replicates >= 1: fit0 or as starts */
  PetscInt         patience;                /* hoffmann: solves in a row without improvement before stopping */
  PetscInt         seed;
  PetscInt         bootstrap; /* replicates 1..B resample the runs */
  PetscInt         nquantile;
  PetscReal        quantiles[SWEEP_MAX_SUMMARY];
  PetscInt         tile;      /* grid points per surface task */
  PetscInt         max_chunk; /* start points per fit task, at most */
  char             progress[SWEEP_NAME_LEN];
  SweepRange       budget, model_size, data_size;
  PetscInt         nsummary;
  PetscReal        summary_budgets[SWEEP_MAX_SUMMARY];
  SweepConstraints limits;                  /* -sweep_unique_tokens, -sweep_max_params, -sweep_inference_tokens */
  PetscInt         cv_folds;                /* k of k-fold cross-validation; 0: none */
  PetscBool        cv_loo;                  /* leave-one-out cross-validation */
  PetscReal        backtest_cutoff;         /* fit runs with C <= cutoff, predict the others; 0: none */
  char             rank_by[SWEEP_NAME_LEN]; /* aic, bic, loo, kfold or backtest */
  PetscInt         niso;                    /* IsoFLOP budgets given; 0: group runs of equal C */
  PetscReal        iso_budgets[SWEEP_MAX_SUMMARY];
  PetscReal        iso_tol;                    /* decades around a given budget; relative spread of equal C without */
  PetscInt         iso_min_runs;               /* smallest IsoFLOP group */
  char             checkpoint[SWEEP_PATH_LEN]; /* the journal; empty: none */
  PetscBool        checkpoint_keep;            /* keep the journal after the output is written */
  PetscInt         resume;                     /* SWEEP_RESUME_* */
  PetscBool        overwrite;                  /* replace an existing output (and journal) */
  PetscBool        abort_on_failure;           /* -sweep_on_failure abort */
  PetscInt         shard, nshard;              /* -sweep_shard i/n; nshard 0: the whole study */
  PetscInt         merge;                      /* -sweep_merge n: shards to merge; 0: none */
  char             faults[1024];               /* -sweep_test_faults, for the test law */
  PetscBool        quiet;
  PetscBool        view; /* -sweep_view: print the plan and stop, writing nothing */
  PetscBool        help; /* -help was given: print the options and stop */
} SweepOptions;

enum { SWEEP_RESUME_NO, SWEEP_RESUME_YES, SWEEP_RESUME_AUTO };

PETSC_EXTERN PetscErrorCode SweepOptionsSetFromOptions(MPI_Comm comm, SweepOptions *opt);
PETSC_EXTERN PetscErrorCode SweepOptionsCheckUnused(void);
PETSC_EXTERN PetscErrorCode SweepOptionsCheckUnusedPrefix(const char prefix[]);
PETSC_EXTERN PetscErrorCode SweepOptionsIdentity(const SweepOptions *opt, const char input_sha256[], char **text);
PETSC_EXTERN PetscErrorCode SweepShardPath(const SweepOptions *opt, PetscInt i, PetscInt n, char path[], size_t len);
PETSC_EXTERN PetscErrorCode SweepRangeParse(const char option[], const char text[], SweepRange *r);
PETSC_EXTERN PetscErrorCode SweepRangeFill(const SweepRange *r, PetscReal x[]);
PETSC_EXTERN PetscErrorCode SweepSplitList(const char option[], const char text[], PetscInt max, size_t len,
                                           char *items, PetscInt *n);
