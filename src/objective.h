/* objective.h: the fit objective, sum_i w_i Huber_delta(log Lhat_i - log L_i), and its gradient.
   The runs with weight 0 are left out when the objective is built, so an evaluation touches only
   contiguous arrays and allocates nothing. Weights are integers in practice: 1 for a used run,
   0 for a dropped one, and bootstrap multiplicities later. */
#pragma once

#include "law.h"
#include "runs.h"

typedef struct {
  SweepLaw   law;
  PetscReal  delta;
  PetscInt   n;                      /* runs with weight > 0 */
  PetscReal *logN, *logD, *logL, *w; /* [n] compacted copies */
  PetscReal *logU;                   /* [n] compacted log unique tokens, lent to the law during logpred */
  PetscReal *pred, *jac;             /* [n] and [n * np] workspace */
  PetscInt   nevals;                 /* evaluations so far */
  PetscBool  strict;                 /* PETSC_TRUE: the law's scalar logpred only, never its kernel */
} SweepObjective;

PETSC_EXTERN PetscErrorCode SweepObjectiveCreate(SweepLaw law, const SweepRuns *runs, const PetscReal weight[],
                                                 PetscReal delta, SweepObjective *obj);
PETSC_EXTERN PetscErrorCode SweepObjectiveEval(SweepObjective *obj, const PetscReal p[], PetscReal *f, PetscReal g[]);
PETSC_EXTERN PetscErrorCode SweepObjectiveDestroy(SweepObjective *obj);
PETSC_EXTERN PetscReal      SweepHuber(PetscReal r, PetscReal delta);
