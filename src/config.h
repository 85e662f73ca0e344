/* config.h: the ablation axis. Every list-valued option (-sweep_huber_delta, -sweep_drop_highest,
   -sweep_min_budget, -sweep_max_budget, -sweep_tao_type) is an axis; a config is one point of
   their Cartesian product, the last option varying fastest. A config decides which runs are fitted;
   a bootstrap replicate then resamples those runs with replacement. */
#pragma once

#include "runs.h"

#define SWEEP_MAX_AXIS 16 /* values one ablated option may take */

typedef struct {
  PetscReal huber_delta;
  PetscInt  drop_highest;
  PetscReal min_budget, max_budget; /* fit runs with min <= C <= max; 0 means no bound */
  char      tao_type[SWEEP_NAME_LEN];
} SweepConfig;

/* The option lists, as read; each at least one value. */
typedef struct {
  PetscInt  nhuber, ndrop, nmin, nmax, ntao;
  PetscReal huber[SWEEP_MAX_AXIS];
  PetscInt  drop[SWEEP_MAX_AXIS];
  PetscReal min_budget[SWEEP_MAX_AXIS], max_budget[SWEEP_MAX_AXIS];
  char      tao[SWEEP_MAX_AXIS][SWEEP_NAME_LEN];
} SweepAxes;

PETSC_EXTERN PetscInt       SweepAxesCount(const SweepAxes *axes);
PETSC_EXTERN void           SweepAxesConfig(const SweepAxes *axes, PetscInt c, SweepConfig *cfg);
PETSC_EXTERN PetscErrorCode SweepConfigMask(const SweepConfig *cfg, const SweepRuns *runs, PetscReal mask[]);
PETSC_EXTERN PetscErrorCode SweepBootstrapWeights(const PetscReal mask[], PetscInt n, PetscInt seed, PetscInt replicate,
                                                  PetscReal weight[]);
