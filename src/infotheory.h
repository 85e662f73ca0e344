/* infotheory.h: the information-theoretic model of size scaling, emergence and plateaus (Nayak &
   Varshney 2024): skills and texts form a bipartite graph, learning skills from texts is iterative
   (BP) erasure decoding of an LDPC-like code, and skills that co-occur in texts form a random graph
   whose giant component sets what composite tasks succeed. Pure functions of their arguments: no
   options, no MPI, not collective. Formulas and sources: docs/infotheory.md. */
#pragma once

#include "sweepsys.h"

/* A node-perspective degree distribution of one side of the graph. */
typedef enum {
  SWEEP_IT_BINOMIAL, /* Bin(n, mean / n) (p capped at 1) */
  SWEEP_IT_POISSON,  /* Poisson(mean): the large-n limit of the binomial */
  SWEEP_IT_REGULAR   /* every node has degree mean (an integer >= 2); n unused */
} SweepITDegreeType;

typedef struct {
  SweepITDegreeType type;
  PetscReal         n, mean;
} SweepITDegree;

/* var: variable nodes (skills), chk: check nodes (texts). lambda and rho are their edge-perspective
   generating functions. Fixed points are sought in (xmin, 1]: xmin = 0 is the textbook BP threshold;
   with degree-1 variable nodes (lambda(0) > 0: every binomial or Poisson ensemble) there is always a
   small fixed point near eps lambda(0) (an error floor), so the threshold of the waterfall needs
   xmin > 0 (Nayak and Varshney's code uses 0.1). */
typedef struct {
  SweepITDegree var, chk;
  PetscReal     xmin;
} SweepITEnsemble;

/* lambda(x) of d, the edge-perspective degree generating function (x in [0, 1]); *deriv (may be
   NULL) gets lambda'(x). */
PETSC_EXTERN PetscReal SweepITEdgePoly(const SweepITDegree *d, PetscReal x, PetscReal *deriv);
/* The mean node degree (L'(1)). */
PETSC_EXTERN PetscReal SweepITMeanDegree(const SweepITDegree *d);
/* The density-evolution fixed-point residual f(x) = x - eps lambda(1 - rho(1 - x)). */
PETSC_EXTERN PetscReal SweepITResidual(const SweepITEnsemble *e, PetscReal eps, PetscReal x);
/* Whether f(x) = 0 has a root in (xmin, 1] at erasure probability eps (a scan of f / x on a fixed
   grid, refined by golden-section search around its smallest value; for xmin = 0 also the stability
   condition eps lambda'(0) rho'(1) > 1 for roots next to 0). */
PETSC_EXTERN PetscErrorCode SweepITHasFixedPoint(const SweepITEnsemble *e, PetscReal eps, PetscBool *has);
/* The BP threshold eps_BP: bisection on eps in [0, 1] (to 1e-15) on whether f has a root in
   (xmin, 1]; 1 when there is none even at eps = 1. *x_bp (may be NULL) gets the critical point, the
   minimiser of x / lambda(1 - rho(1 - x)) (where f touches 0 at eps_BP); 0 when there is no tangency
   inside (the threshold is set at xmin, or by the stability condition at x -> 0). */
PETSC_EXTERN PetscErrorCode SweepITThreshold(const SweepITEnsemble *e, PetscReal *eps_bp, PetscReal *x_bp);
/* The finite-length scaling constant alpha of Amraoui, Montanari, Richardson and Urbanke (2009) for
   the BEC at the critical point (eps_BP, x_BP); NaN when x_bp <= 0 or the expression under the root
   is negative. */
PETSC_EXTERN PetscReal SweepITScalingAlpha(const SweepITEnsemble *e, PetscReal eps_bp, PetscReal x_bp);
/* The block-error estimate P_B = Q(sqrt(n) (eps_bp - eps) / alpha), Q the normal tail; a step at
   eps_bp when alpha is not a positive number. */
PETSC_EXTERN PetscReal SweepITBlockError(PetscReal n, PetscReal eps_bp, PetscReal eps, PetscReal alpha);

/* The skill-text model: N = s * param_per_skill, D = t * tokens_per_text; each text holds
   text_degree skills still to learn, a skill appears in text_degree * t / s texts on average;
   erasure is the fraction of the n = s / erasure concepts that are still unknown (the code's
   erasure probability). alpha > 0 fixes the scaling constant; 0 computes it per point. xmin: the
   ensemble's. */
typedef struct {
  SweepITDegreeType type; /* binomial or poisson */
  PetscReal         param_per_skill, tokens_per_text, text_degree, erasure, alpha, xmin;
} SweepITModel;

typedef struct {
  PetscReal N, D, s, t, skill_degree, eps_bp, x_bp, alpha, pb, learned;
} SweepITPoint;

/* The ensemble of the model at s skills and t texts. */
PETSC_EXTERN PetscErrorCode SweepITModelEnsemble(const SweepITModel *m, PetscReal s, PetscReal t, SweepITEnsemble *e);
/* Everything at (N, D): threshold, alpha, P_B and skills learned s (1 - P_B). */
PETSC_EXTERN PetscErrorCode SweepITEvaluate(const SweepITModel *m, PetscReal N, PetscReal D, SweepITPoint *pt);
/* The compute-optimal point at budget C = 6 N D: maximises skills learned over the skill degree
   d_s (which fixes s = sqrt(text_degree K / d_s), t = K / s for K = s t): a scan of nscan log-spaced
   degrees in [dlo, dhi], then TAO (BLMVM) between the best scan point's neighbours. *reason
   gets TAO's converged reason (0 when the scan point was kept). */
PETSC_EXTERN PetscErrorCode SweepITOptimum(const SweepITModel *m, PetscReal C, PetscReal dlo, PetscReal dhi,
                                           PetscInt nscan, SweepITPoint *pt, PetscInt *reason);

/* The giant-component fraction G of an Erdos-Renyi graph of mean degree k: the largest root of
   G = 1 - exp(-k G) (0 for k <= 1), by Newton from a point right of the root; *its (may be NULL)
   gets the iterations. */
PETSC_EXTERN PetscErrorCode SweepITGiant(PetscReal k, PetscReal *G, PetscInt *its);
/* The mean degree at compute C of a skill level l in [0, 1]: the level's skill pool is sized so that
   its co-occurrence graph reaches mean degree 1 at C_l = C_lo^(1-l) C_hi^l, so k_l(C) = t(C) / t(C_l),
   t(C) the optimal text count, interpolated log-linearly on nb budgets logC[] (ascending), logt[]. */
PETSC_EXTERN PetscReal SweepITLevelDegree(PetscInt nb, const PetscReal logC[], const PetscReal logt[], PetscReal l,
                                          PetscReal logc);
/* Accuracy sum_l q_l G(k_l)^nskill of a task needing nskill skills, levels with weights q[] and
   mean degrees k[]. */
PETSC_EXTERN PetscErrorCode SweepITAccuracy(PetscInt nlevel, const PetscReal q[], const PetscReal k[], PetscReal nskill,
                                            PetscReal *acc);
