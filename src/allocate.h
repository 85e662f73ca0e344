/* allocate.h: how to split a budget when the plan has constraints. A budget C pays for training,
   6 N D FLOPs, and, with inference tokens D_inf, for serving, 2 N D_inf FLOPs (Sardana et al. 2024);
   unique training tokens may be capped at U (repeated beyond U only where the law models
   repetition, data_constrained) and the model size at N_max. Where the law has a closed-form
   optimum and nothing is constrained, that is used; otherwise the split is a bound-constrained TAO
   minimisation over log N. Pure functions of the parameters: no communication, no options. */
#pragma once

#include "law.h"

typedef struct {
  PetscReal unique_tokens;    /* U > 0: at most U unique training tokens; 0: unlimited */
  PetscReal max_params;       /* N_max > 0: at most N_max parameters; 0: no cap */
  PetscReal inference_tokens; /* D_inf > 0: tokens served, 2 N D_inf FLOPs paid from the budget; 0: none */
} SweepConstraints;

PETSC_EXTERN PetscBool      SweepConstraintsActive(const SweepConstraints *k);
PETSC_EXTERN PetscErrorCode SweepAllocate(SweepLaw law, const PetscReal p[], PetscReal C, const SweepConstraints *k,
                                          PetscReal *N, PetscReal *D, PetscReal *L);
PETSC_EXTERN PetscErrorCode SweepAllocateTarget(SweepLaw law, const PetscReal p[], PetscReal target, PetscReal C0,
                                                const SweepConstraints *k, PetscReal *N, PetscReal *D, PetscReal *C);
PETSC_EXTERN PetscErrorCode SweepMinimize1D(PetscErrorCode (*f)(void *ctx, PetscReal x, PetscReal *fx, PetscReal *dfx),
                                            void *ctx, PetscReal lo, PetscReal hi, PetscInt nscan, PetscReal *x,
                                            PetscReal *fx);
