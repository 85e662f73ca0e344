/* sandwich.h: the numerics of Slice-and-Sandwich (Wu & Lo 2024, REFERENCE.md 2.3) as pure functions
   (no options, not collective): the easy- and hard-group polynomial fits of log10 compute, their
   mean as the predicted overall score, the score -> accuracy map, the sigmoid baseline, the point
   where the easy-group curve turns from inverse to standard scaling, and synthetic curves with a
   known turning point for tests and the generator. Scores are negated Brier scores (higher is
   better); x is log10 of training FLOPs in units of 1e21. */
#pragma once

#include "sweepsys.h"

#define SANDWICH_MAX_DEG 10

typedef struct {
  PetscInt  deg_easy, deg_hard, deg_turn; /* paper: 5, 2; the turning-point fit: 5 */
  PetscReal threshold;                    /* models with x < threshold form the fitting split */
  PetscReal guess;                        /* the sigmoid baseline's floor (random-guess accuracy) */
  PetscReal horizon;                      /* errors also over test models with x < threshold + horizon */
  PetscBool shift;                        /* shift predicted accuracy to the fitting split's mean */
} SandwichSettings;

/* The models: x, easy- and hard-group scores, overall score and accuracy, each [n]. */
typedef struct {
  PetscInt         n;
  const PetscReal *x, *easy, *hard, *score, *acc;
} SandwichData;

enum { SANDWICH_MSE, SANDWICH_MAE, SIGMOID_MSE, SIGMOID_MAE, SANDWICH_NERR_METHOD };
#define SANDWICH_NERR (2 * SANDWICH_NERR_METHOD) /* the four over all test models, then within the horizon */

typedef struct {
  PetscReal easy[SANDWICH_MAX_DEG + 1], hard[SANDWICH_MAX_DEG + 1]; /* coefficients in x (fitting split) */
  PetscReal turnfit[SANDWICH_MAX_DEG + 1];                          /* easy group, all models */
  PetscReal intercept, slope; /* score = intercept + slope * acc over the fitting split */
  PetscReal shift;            /* added to the inverted map */
  PetscReal sig[2];           /* acc = guess + (1 - guess) / (1 + exp(-(sig[0] + sig[1] x))) */
  PetscReal turn;             /* where the easy curve turns up (NaN: no such point) */
  PetscReal err[SANDWICH_NERR];
} SandwichFit;

/* The record of one fit, as a flat vector (scheduler items): its length and the packing. */
PETSC_EXTERN PetscInt SandwichRecordLength(const SandwichSettings *s);
PETSC_EXTERN void     SandwichPack(const SandwichSettings *s, const SandwichFit *f, PetscReal rec[]);
PETSC_EXTERN void     SandwichUnpack(const SandwichSettings *s, const PetscReal rec[], SandwichFit *f);
/* Fits everything from the models weighted by w (NULL: all 1; a bootstrap passes resampling counts). */
PETSC_EXTERN PetscErrorCode SandwichFitData(const SandwichSettings *s, const SandwichData *d, const PetscReal w[],
                                            SandwichFit *f);
PETSC_EXTERN PetscReal      SandwichScore(const SandwichSettings *s, const SandwichFit *f, PetscReal x);
PETSC_EXTERN PetscReal      SandwichAccuracy(const SandwichSettings *s, const SandwichFit *f, PetscReal x);
PETSC_EXTERN PetscReal      SandwichSigmoid(const SandwichSettings *s, const SandwichFit *f, PetscReal x);
/* The turning point of the polynomial c[0..deg] on [lo, hi]: of the interior points where its slope
   changes from negative to positive (local minima), the one with the lowest value; NaN if none. */
PETSC_EXTERN PetscReal SandwichTurn(PetscInt deg, const PetscReal c[], PetscReal lo, PetscReal hi);

/* Synthetic curves. easy(x) = e0 + k ((x - c)^3 / 3 - width^2 (x - c)) with c = turn - width: an
   inverted U (maximum at turn - 2 width) then a U whose minimum is at turn; hard(x) = h0 + q (x - xh)^2
   (U-shaped). A question group g of 10 has score easy + lambda_g (hard - easy), lambda = 0 for
   groups 1-3, 1 for 8-10, 0.2, 0.4, 0.6, 0.8 between; the overall score is the groups' mean, (easy +
   hard) / 2, and accuracy 1 + (4/3) score (a 4-choice task: score -0.5625 is chance, 0 is perfect). */
typedef struct {
  PetscReal turn, width, k, e0, h0, q, xh;
  PetscReal noise, acc_noise; /* normal noise on each group's score and on accuracy */
} SandwichTruth;
PETSC_EXTERN void      SandwichTruthDefault(SandwichTruth *t);
PETSC_EXTERN PetscReal SandwichTruthEasy(const SandwichTruth *t, PetscReal x);
PETSC_EXTERN PetscReal SandwichTruthHard(const SandwichTruth *t, PetscReal x);
PETSC_EXTERN PetscReal SandwichTruthLambda(PetscInt group); /* group 1..10 */
PETSC_EXTERN PetscReal SandwichTruthAccuracy(PetscReal score);
/* Model i of n of a synthetic study: x = xlo + (xhi - xlo) (i + u) / n (u uniform: one model per
   stratum), the 10 groups' scores with normal noise (clipped to [-1, 0]) and accuracy (clipped to
   [0, 1]); draws keyed by (seed, i), so a model does not depend on the others. */
PETSC_EXTERN void SandwichTruthModel(const SandwichTruth *t, PetscInt n, PetscInt i, PetscReal xlo, PetscReal xhi,
                                     PetscInt seed, PetscReal *x, PetscReal group[10], PetscReal *acc);
