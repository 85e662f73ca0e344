/* stats.h: quantiles and covariances across bootstrap replicates. Non-finite values (a failed fit,
   a law without an optimum) are left out; with none left, the result is NaN. */
#pragma once

#include "sweepsys.h"

PETSC_EXTERN PetscErrorCode SweepQuantiles(PetscInt n, PetscReal x[], PetscInt nq, const PetscReal q[],
                                           PetscReal out[]);
PETSC_EXTERN PetscErrorCode SweepCovariance(PetscInt n, PetscInt dim, PetscInt stride, const PetscReal x[],
                                            PetscReal cov[]);
