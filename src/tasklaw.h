/* tasklaw.h: sigmoid task laws (REFERENCE.md 2.5): downstream accuracy as a function of compute or
   of loss, fitted by weighted least squares with TAO (SweepMinimize, analytic gradients). Pure
   functions of their arguments: no options, not collective. x is log10 of training compute (FLOP).

   - Direct law, p = (b, a, k, x0): acc = b + (a - b) / (1 + exp(-k (x - x0))); floor b and ceiling a
     in [0, 1], k > 0.
   - Multi-plateau law with K steps, p = (b, h_1..h_K, k_1..k_K, c_1, d_2..d_K):
     acc = b + sum_j h_j / (1 + exp(-k_j (x - c_j))), c_j = c_1 + d_2 + ... + d_j (d >= 0: the
     centres are ordered), h_j >= 0. K = 1 is the direct law with a = b + h_1.
   - Two-step law (OLMo ladder): a loss law L(N, D) from the law registry (law.h), fitted by the
     project's own fitting code (fit.h), then acc = a / (1 + exp(-k (L - L0))) + b with
     p = (a, k, L0, b), a and b in [0, 1] (k < 0 when accuracy falls with loss). */
#pragma once

#include "law.h"

#define SWEEP_TASK_KMAX 6                          /* the most steps a multi-plateau fit may have */
#define SWEEP_TASK_NPMAX (1 + 3 * SWEEP_TASK_KMAX) /* parameters of the largest multi-plateau law */
#define SWEEP_TASK_MULTI_NP(K) (1 + 3 * (K))

/* The logistic function, without overflow for large |z|. */
PETSC_EXTERN PetscReal SweepLogistic(PetscReal z);

PETSC_EXTERN PetscReal SweepTaskDirectEval(const PetscReal p[], PetscReal x);
PETSC_EXTERN PetscReal SweepTaskMultiEval(PetscInt K, const PetscReal p[], PetscReal x);
PETSC_EXTERN PetscReal SweepTaskLossEval(const PetscReal p[], PetscReal L);
/* The step centres c_1 <= ... <= c_K of multi-plateau parameters p. */
PETSC_EXTERN void SweepTaskMultiCentres(PetscInt K, const PetscReal p[], PetscReal c[]);
/* The multi-plateau parameters of K steps from floor b, heights h, slopes k and centres c (ordered). */
PETSC_EXTERN void SweepTaskMultiPack(PetscInt K, PetscReal b, const PetscReal h[], const PetscReal k[],
                                     const PetscReal c[], PetscReal p[]);

/* Fits over the points with w_i > 0 (w NULL: all 1); *rss is sum_i w_i (acc_i - y_i)^2. start NULL:
   the best of a fixed, data-derived set of start points (deterministic); otherwise one solve from
   start. The result does not depend on anything but the arguments. */
PETSC_EXTERN PetscErrorCode SweepTaskDirectFit(PetscInt n, const PetscReal x[], const PetscReal y[],
                                               const PetscReal w[], const PetscReal start[], PetscReal p[],
                                               PetscReal *rss);
PETSC_EXTERN PetscErrorCode SweepTaskMultiFit(PetscInt n, const PetscReal x[], const PetscReal y[], const PetscReal w[],
                                              PetscInt K, const PetscReal start[], PetscReal p[], PetscReal *rss);
PETSC_EXTERN PetscErrorCode SweepTaskLossFit(PetscInt n, const PetscReal L[], const PetscReal y[], const PetscReal w[],
                                             const PetscReal start[], PetscReal p[], PetscReal *rss);
/* BIC of a Gaussian least-squares fit: m ln(rss / m) + np ln m, m = sum of weights. */
PETSC_EXTERN PetscReal SweepTaskBIC(PetscReal m, PetscReal rss, PetscInt np);
/* Multi-plateau fits for K = 1..Kmax (p[(K - 1) * SWEEP_TASK_NPMAX ...], bic[K - 1]); *Kbest has the
   lowest BIC. */
PETSC_EXTERN PetscErrorCode SweepTaskMultiSelect(PetscInt n, const PetscReal x[], const PetscReal y[],
                                                 const PetscReal w[], PetscInt Kmax, PetscReal p[], PetscReal bic[],
                                                 PetscInt *Kbest);

/* The loss law of the two-step method fitted to (N, D, loss) with weights w (the project's Huber
   objective, delta, and SweepFitOne from start, or, start NULL, from the law's variable-projection
   start, or its screened start grid when it has none). p: the law's fit parameters. */
PETSC_EXTERN PetscErrorCode SweepTaskLossLawFit(SweepLaw law, PetscInt n, const PetscReal N[], const PetscReal D[],
                                                const PetscReal loss[], const PetscReal w[], PetscReal delta,
                                                const PetscReal start[], PetscReal p[], PetscInt *reason);
/* The two-step accuracy at a budget of 10^x FLOP: the law's compute-optimal (N, D) (its optimum(),
   from natural parameters q), its loss there (fit parameters pl), the sigmoid of that loss. NaN
   when the law has no optimum there. */
PETSC_EXTERN PetscReal SweepTaskTwoStepAtBudget(SweepLaw law, const PetscReal pl[], const PetscReal pa[], PetscReal x);

/* The x in [lo, hi] where f(ctx, x) crosses level (bisection to 1e-10; f is assumed monotone there);
   NaN when f - level does not change sign between lo and hi. */
PETSC_EXTERN PetscReal SweepTaskCrossing(PetscReal (*f)(void *, PetscReal), void *ctx, PetscReal level, PetscReal lo,
                                         PetscReal hi);
