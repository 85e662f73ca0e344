/* obsscale.h: the numerics of observational scaling laws (Ruan, Maddison, Hashimoto 2024): a
   model-by-benchmark matrix with missing cells is imputed by iterative low-rank PCA, reduced to
   its principal components ("capabilities"), each component is regressed on log compute within a
   model family, and a downstream metric is linked to the first components by a bounded sigmoid.
   Pure functions of their arguments (no options, no MPI), not collective. Matrices are row-major,
   models along rows; a missing cell is NaN. Linear algebra goes through numeric.h (LAPACK) and the
   sigmoid fit through TAO (SweepMinimize). */
#pragma once

#include "sweepsys.h"

/*
  SweepObsImpute - fills the NaN cells of X (n x p) in place by iterative rank-r PCA. Columns are
  centred on their observed cells (and, when standardize, divided by their standard deviation);
  missing cells start at the column mean; each round replaces them by the rank-r reconstruction
  (mean + projection on the r leading eigenvectors of the covariance of the filled matrix), until
  the largest change of a filled cell is below tol (in units of the scaled columns) or after maxit
  rounds. *iters and *change (may be NULL) report the rounds and the last change. A column with
  fewer than 2 observed cells or no spread, or a row with none, is an error.
*/
PETSC_EXTERN PetscErrorCode SweepObsImpute(PetscInt n, PetscInt p, PetscReal X[], PetscBool standardize, PetscInt rank,
                                           PetscReal tol, PetscInt maxit, PetscInt *iters, PetscReal *change);

/*
  SweepObsPCA - principal components of the complete n x p matrix X: centred (and divided by each
  column's standard deviation when standardize). lambda[p] are the covariance eigenvalues
  (descending), V[p * p] the loadings (V[j * p + k]: metric j in component k, each column signed so
  that its entries sum to >= 0: a higher score means more capable), S[n * p] the scores (may be NULL),
  mean[p] and scale[p] (may be NULL) the centring and scaling used.
*/
PETSC_EXTERN PetscErrorCode SweepObsPCA(PetscInt n, PetscInt p, const PetscReal X[], PetscBool standardize,
                                        PetscReal lambda[], PetscReal V[], PetscReal S[], PetscReal mean[],
                                        PetscReal scale[]);

/* The rows of X (n x p) without a NaN, copied to Y (at most n x p); *m is their count. */
PETSC_EXTERN PetscErrorCode SweepObsCompleteRows(PetscInt n, PetscInt p, const PetscReal X[], PetscReal Y[],
                                                 PetscInt *m);

/*
  SweepObsLine - least-squares line y = slope x + intercept through the m points with finite x and
  y; NaN for both when fewer than 2 such points or all x equal.
*/
PETSC_EXTERN PetscErrorCode SweepObsLine(PetscInt m, const PetscReal x[], const PetscReal y[], PetscReal *slope,
                                         PetscReal *intercept);

/*
  The sigmoid link y = (1 - b) sigmoid(w0 + w . s) + b, b in [0, bmax]; a point s has K
  coordinates. Parameters theta[K + 2] = (w0, w_1 .. w_K, b).
*/
PETSC_EXTERN PetscReal SweepObsLinkEval(PetscInt K, const PetscReal theta[], const PetscReal s[]);

/*
  SweepObsLinkFit - fits theta[K + 2] to the m points (s_i = S[i * lds .. i * lds + K), y_i) with
  weight w_i (w NULL: all 1; a bootstrap passes counts) by minimising the mean of rho(yhat_i - y_i):
  rho(r) = r^2 / 2 when huber <= 0, else Huber's loss with threshold huber. TAO (BLMVM) from two
  starts (a linear fit of logit y, and the small-slope start of the paper's code); the better one
  is kept. Points with a non-finite coordinate or y are left out. *loss (may be NULL): the value.
*/
PETSC_EXTERN PetscErrorCode SweepObsLinkFit(PetscInt m, PetscInt K, const PetscReal S[], PetscInt lds,
                                            const PetscReal y[], const PetscReal w[], PetscReal huber, PetscReal bmax,
                                            PetscReal theta[], PetscReal *loss);

/*
  SweepObsSynthetic - a synthetic benchmark table with a known low-rank structure, for tests and the
  generator (scalesweep-observational-gen). Model i is in family i % nfam; its log10 FLOPs logC[i] is uniform in
  [20, 25]; family f's efficiency eff[f] (decades of compute; 0 for family 0, else uniform in
  [-0.3, 0.3]) shifts its general capability g1 = (logC + eff - 22.5) / 1.25; rank - 1 further
  factors are normal (sd 0.7) per model. Benchmark j's score is floor_j + (1 - floor_j) sigmoid(z_ij)
  with z_ij a fixed random mix of the factors (floor 0.25 for even j, else 0), plus normal noise of
  sd sigma, clipped to [0, 1]. Draws: SweepRandom*(seed, stream 0..4, counter). Fills family[n],
  logC[n], X[n * p] (complete), eff[nfam], and truth[n * p] (may be NULL) without noise.
*/
PETSC_EXTERN PetscErrorCode SweepObsSynthetic(PetscInt n, PetscInt p, PetscInt nfam, PetscInt rank, PetscReal sigma,
                                              PetscInt seed, PetscInt family[], PetscReal logC[], PetscReal X[],
                                              PetscReal truth[], PetscReal eff[]);
