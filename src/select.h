/* select.h: model selection between laws fitted to the same runs. Information criteria come from the
   Huber likelihood the fit already minimises: residuals r (in log loss) with density
   exp(-H_delta(r) / s) / Z(s), s a fitted scale; cross-validation folds are drawn from the
   counter-based generator, so they do not depend on the rank count. Pure functions: no
   communication, no options. */
#pragma once

#include "sweepsys.h"

typedef struct {
  PetscInt  n;     /* residuals */
  PetscInt  k;     /* parameters: the law's plus the scale */
  PetscReal scale; /* maximum-likelihood s */
  PetscReal nll;   /* negative log-likelihood at the optimum */
  PetscReal aic, bic;
} SweepInfoCriteria;

PETSC_EXTERN PetscReal      SweepHuberLogNormalizer(PetscReal delta, PetscReal s);
PETSC_EXTERN PetscErrorCode SweepHuberCriteria(PetscInt n, const PetscReal r[], PetscReal delta, PetscInt nparam,
                                               SweepInfoCriteria *ic);
PETSC_EXTERN PetscErrorCode SweepFolds(PetscInt n, const PetscReal mask[], PetscInt k, PetscInt seed, PetscInt fold[]);
