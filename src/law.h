/* law.h: a scaling law is a table of functions registered by name. A law predicts log loss from
   (log N, log D) with its analytic Jacobian in the fit parameters p; the fit parameters are the
   well-conditioned log-space ones (a = log A, ...), the natural ones (A, ...) are what users read.
   Adding a law: one source file that fills a SweepLaw (law_<name>.c, listed in src/CMakeLists.txt),
   its constructor declared at the end of this header, and one line in SweepLawRegisterAll(). */
#pragma once

#include "sweepsys.h"

typedef struct _p_SweepLaw *SweepLaw;

struct _p_SweepLaw {
  char               name[SWEEP_NAME_LEN];
  const char        *formula;     /* one line, for summaries and the output's attributes */
  const char        *reference;   /* where the law comes from */
  PetscInt           np;          /* number of parameters */
  const char *const *fit_names;   /* [np] names of the fit parameters p (log space) */
  const char *const *param_names; /* [np] names of the natural parameters q */

  /* log Lhat_i for i < n, and when jac != NULL its gradient in p, row-major jac[i*np + j]. */
  PetscErrorCode (*logpred)(SweepLaw, const PetscReal p[], PetscInt n, const PetscReal logN[], const PetscReal logD[],
                            PetscReal out[], PetscReal jac[]);
  /* Optional: the objective's value and gradient in one vectorised pass (kernel.h); the objective
     uses it when set and checks its result, falling back on logpred. */
  double (*kernel)(const double p[], long n, const double *restrict logN, const double *restrict logD,
                   const double *restrict logL, const double *restrict w, double delta, double g[]);
  void (*to_natural)(const PetscReal p[], PetscReal q[]);
  void (*from_natural)(const PetscReal q[], PetscReal p[]);
  /* The default multi-start grid, nstart x np row-major, and the box random starts are drawn from. */
  PetscErrorCode (*start_grid)(PetscInt *nstart, PetscReal **starts);
  PetscReal start_lo[SWEEP_MAX_PARAMS], start_hi[SWEEP_MAX_PARAMS];
  /* The compute-optimal (N, D) for a budget C in FLOPs from natural parameters q; NULL when the law
     has no closed form. *ok is false where the law leaves the split undetermined. */
  PetscErrorCode (*optimum)(const PetscReal q[], PetscReal C, PetscReal *N, PetscReal *D, PetscBool *ok);
  /* Optional: a start point by variable projection (fit parameters p), from the runs with weights:
     the exponents on a grid, the linear coefficients by non-negative least squares for each. */
  PetscErrorCode (*varpro)(PetscInt n, const PetscReal logN[], const PetscReal logD[], const PetscReal logL[],
                           const PetscReal w[], PetscReal p[]);
  PetscBool        flat; /* the loss depends on C = 6 N D alone: the split of a budget is decided by constraints only */
  PetscBool        repeats;   /* the law models repeated data: it reads logU / logU_plan (data_constrained) */
  const PetscReal *logU;      /* [n] log unique tokens of the points of the current logpred call, or NULL */
  PetscReal        logU_plan; /* log of the unique-token pool used when logU is NULL (planning); +inf: unlimited */
  PetscInt         replicate; /* the bootstrap replicate being fitted, set by the study (the test law reads it) */
  void            *data;      /* the law's own data, freed with PetscFree() by SweepLawDestroy() */
};

PETSC_EXTERN PetscErrorCode SweepLawRegister(const char name[], PetscErrorCode (*create)(SweepLaw));
PETSC_EXTERN PetscErrorCode SweepLawRegisterAll(void);
PETSC_EXTERN PetscErrorCode SweepLawCreate(const char name[], SweepLaw *law);
PETSC_EXTERN PetscErrorCode SweepLawDestroy(SweepLaw *law);
PETSC_EXTERN PetscErrorCode SweepLawList(char buf[], size_t len);
PETSC_EXTERN PetscErrorCode SweepLawLoss(SweepLaw law, const PetscReal p[], PetscReal N, PetscReal D, PetscReal *L);
PETSC_EXTERN void SweepLawNNLS(PetscInt k, const PetscReal G[], const PetscReal c[], PetscReal x[], PetscReal *q);
PETSC_EXTERN PetscErrorCode SweepLawGridProduct(PetscInt np, const PetscInt count[], const PetscReal lo[],
                                                const PetscReal step[], PetscInt *nstart, PetscReal **starts);

/* The laws shipped with scalesweep. */
PETSC_EXTERN PetscErrorCode SweepLawCreate_Chinchilla(SweepLaw);
PETSC_EXTERN PetscErrorCode SweepChinchillaOptimum(const PetscReal q[], PetscReal C, PetscReal *N, PetscReal *D,
                                                   PetscBool *ok);
PETSC_EXTERN PetscErrorCode SweepLawCreate_ComputeOnly(SweepLaw);
PETSC_EXTERN PetscErrorCode SweepLawCreate_Kaplan(SweepLaw);
PETSC_EXTERN PetscErrorCode SweepLawCreate_ComputeLogLinear(SweepLaw);
PETSC_EXTERN PetscErrorCode SweepLawCreate_DataConstrained(SweepLaw);
PETSC_EXTERN PetscErrorCode SweepLawCreate_TestFaults(SweepLaw);
PETSC_EXTERN PetscErrorCode SweepTestFaultsCheck(void);
