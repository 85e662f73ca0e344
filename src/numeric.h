/* numeric.h: the small dense numerics the task and emergence studies share, on LAPACK (through
   PETSc's petscblaslapack.h) and TAO: weighted linear least squares, polynomial fits, a symmetric
   eigen-decomposition, and a bounded minimiser for small smooth objectives. All are pure
   functions of their arguments (no options read) and not collective. */
#pragma once

#include "sweepsys.h"

/* Weighted least squares: x minimising sum_i w_i (A_i . x - b_i)^2, A row-major m x n (w NULL: all
   1). Rank-deficient problems get the minimum-norm solution (LAPACK gelss). *rank (may be NULL)
   receives the effective rank. Rows with w_i = 0 or a non-finite value are left out. */
PETSC_EXTERN PetscErrorCode SweepLeastSquares(PetscInt m, PetscInt n, const PetscReal A[], const PetscReal b[],
                                              const PetscReal w[], PetscReal x[], PetscInt *rank);
/* Coefficients c[0..deg] of the weighted least-squares polynomial sum_k c_k t^k through (t_i, y_i);
   t is centred and scaled internally for conditioning, the coefficients returned are in t. */
PETSC_EXTERN PetscErrorCode SweepPolyFit(PetscInt m, const PetscReal t[], const PetscReal y[], const PetscReal w[],
                                         PetscInt deg, PetscReal c[]);
PETSC_EXTERN PetscReal      SweepPolyEval(PetscInt deg, const PetscReal c[], PetscReal t);
/* Eigenvalues (descending) and eigenvectors (columns of V, row-major n x n: V[i * n + k] is the i-th
   component of eigenvector k) of the symmetric n x n matrix S (row-major). */
PETSC_EXTERN PetscErrorCode SweepSymEig(PetscInt n, const PetscReal S[], PetscReal lambda[], PetscReal V[]);

/* Minimises f over the box [lo, hi] (entries may be -/+PETSC_INFINITY) from x (updated in place)
   with TAO's BLMVM; f(ctx, x, &fx, g) fills the gradient g. *fx is the value at the result;
   *reason (may be NULL) TAO's converged reason. A non-finite f ends the solve without an error:
   the best point seen is returned. TAO's options are not read (results do not depend on -tao_*). */
PETSC_EXTERN PetscErrorCode SweepMinimize(PetscInt n,
                                          PetscErrorCode (*f)(void *, const PetscReal[], PetscReal *, PetscReal[]),
                                          void *ctx, const PetscReal lo[], const PetscReal hi[], PetscReal x[],
                                          PetscReal *fx, PetscInt *reason);
/* The stopping rule of a SweepMinimizeWith solve. TAO stops at the first of: gradient norm below
   gatol, below grtol times |f|, or below gttol times its value at the start (TaoSetTolerances; 0
   turns a test off); maxit iterations; maxfev evaluations; and, when stall > 0, an
   objective that fell by less than stall * |f| over the last 10 iterations (for objectives whose
   gradient never reaches an absolute tolerance: noisy ones, or overfitted laws with a flat
   direction). SweepMinimizeDefaults: gatol 1e-12, no grtol, gttol or stall, 2000 iterations, 10000
   evaluations. */
typedef struct {
  PetscReal gatol, grtol, gttol, stall;
  PetscInt  maxit, maxfev;
} SweepMinimizeSettings;
PETSC_EXTERN const SweepMinimizeSettings SweepMinimizeDefaults;
/* SweepMinimize with the stopping rule s. */
PETSC_EXTERN PetscErrorCode SweepMinimizeWith(const SweepMinimizeSettings *s, PetscInt n,
                                              PetscErrorCode (*f)(void *, const PetscReal[], PetscReal *, PetscReal[]),
                                              void *ctx, const PetscReal lo[], const PetscReal hi[], PetscReal x[],
                                              PetscReal *fx, PetscInt *reason);
/* Central-difference gradient of f at x (step h relative to max(1, |x_i|)): for objectives whose
   analytic gradient is not worth writing (a handful of parameters). */
PETSC_EXTERN PetscErrorCode SweepGradientFD(PetscInt n, PetscErrorCode (*fval)(void *, const PetscReal[], PetscReal *),
                                            void *ctx, const PetscReal x[], PetscReal h, PetscReal g[]);
/* The standard normal CDF and its quantile (|error| < 1e-15 and < 1e-9). */
PETSC_EXTERN PetscReal SweepNormalCDF(PetscReal z);
PETSC_EXTERN PetscReal SweepNormalQuantile(PetscReal p);
