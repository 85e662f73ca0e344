/* passuntil.h: the numerics of PassUntil (Hu et al. 2023, "Predicting Emergent Abilities with
   Infinite Resolution Evaluation"): per-instance pass probabilities from sampling that stops at the
   r-th pass or at a sample budget, their exact intervals, the task's PassUntil (mean over instances),
   the task scaling law PU(N) = exp(-c N^-alpha) fitted in F = log(-log PU) = log c - alpha log N at
   task and instance level, the curvature of F in log N that classifies emergence, and a simulator of
   sampling outcomes drawn from a known law. All are pure functions of their arguments (no options,
   no files), not collective; random draws come from SweepRandom* keyed by the caller's seed. */
#pragma once

#include "sweepsys.h"
#include <stdint.h>

/* One instance's (or a task's) estimate: the pass probability p, an estimate of its variance, and
   an interval [lo, hi] at the level asked for. stopped: sampling ended at the r-th pass (else the
   sample budget ran out first). Missing cells hold p = NaN. */
typedef struct {
  PetscReal p, var, lo, hi;
  PetscReal samples, passes;
  PetscBool stopped;
} SweepPUEstimate;

/* P(X <= k) for X ~ Binomial(n, p), summed from the k + 1 terms (k small: the passes of an instance). */
PETSC_EXTERN PetscReal SweepBinomialCDF(PetscReal n, PetscReal p, PetscReal k);

/* An instance sampled until r passes or n samples (passes <= r; passes == r means it stopped at the
   r-th pass, which came at sample n). The estimate is the unbiased one of the sampling plan:
   (r - 1) / (n - 1) when it stopped at the r-th pass, passes / n when the budget ran out; the interval
   is exact for that plan (Clopper-Pearson for a budget stop, the negative-binomial one otherwise). */
PETSC_EXTERN PetscErrorCode SweepPUEstimateInstance(PetscInt r, PetscReal n, PetscReal passes, PetscReal level,
                                                    SweepPUEstimate *e);
/* Plain sampling: passes successes in n samples (the pass rate a pass@k evaluation reads, k = n). */
PETSC_EXTERN PetscErrorCode SweepPUEstimatePlain(PetscReal n, PetscReal passes, PetscReal level, SweepPUEstimate *e);
/* The task's PassUntil: the mean of e[idx[i]].p over i < m (idx NULL: e[0..m)), skipping NaN cells; its
   variance (sum of variances / count^2) and an interval (log-normal around the mean; with no pass at
   all, the exact bound 1 - ((1 - level) / 2)^(1 / samples) of the pooled samples). */
PETSC_EXTERN PetscErrorCode SweepPUMean(PetscInt m, const SweepPUEstimate e[], const PetscInt idx[], PetscReal level,
                                        SweepPUEstimate *task);

/* The law: PU = exp(-exp(F)), F = log_c - alpha log N. */
PETSC_EXTERN PetscReal SweepPULaw(PetscReal log_c, PetscReal alpha, PetscReal N);
/* F = log(-log p) and its delta-method variance var / (p log p)^2; NaN unless 0 < p < 1 and var > 0. */
PETSC_EXTERN void SweepPUTransform(PetscReal p, PetscReal var, PetscReal *F, PetscReal *varF);

/* Task-level fit of F_j = log_c - alpha log N_j over M models, weights 1 / var(F_j) (TAO). Models
   with PU 0 or 1 are left out; fewer than two usable models give NaN. */
PETSC_EXTERN PetscErrorCode SweepPUFitTask(PetscInt M, const PetscReal N[], const SweepPUEstimate pu[],
                                           PetscReal *log_c, PetscReal *alpha);
/* Curvature: the coefficient of (log N)^2 of a weighted quadratic fit of F in log N (LAPACK). < 0: F
   bends down, the improvement speeds up ("accelerated emergence"). NaN with fewer than 3 models. */
PETSC_EXTERN PetscErrorCode SweepPUCurvature(PetscInt M, const PetscReal N[], const SweepPUEstimate pu[],
                                             PetscReal *curvature);
/* Instance-level fit: F_ij = log_c_i - alpha log N_j with a slope shared by the instances and an
   intercept each (TAO). method: SWEEP_PU_INSTANCE_WLS, least squares on F of the estimates with
   weights 1 / var(F_ij) (cells with p_hat 0 or 1 left out); SWEEP_PU_INSTANCE_ML, the binomial
   likelihood of each cell's passes and samples (zero-pass cells count); NONE: NaN. e is model-major
   [M][mall]; the fit uses the m instances idx[0..m) (idx NULL: all, m = mall); log_c[0..m) is NaN
   for an instance without a usable cell. */
enum { SWEEP_PU_INSTANCE_NONE, SWEEP_PU_INSTANCE_WLS, SWEEP_PU_INSTANCE_ML };
PETSC_EXTERN PetscErrorCode SweepPUFitInstances(PetscInt M, PetscInt mall, const PetscReal N[],
                                                const SweepPUEstimate e[], PetscInt m, const PetscInt idx[],
                                                PetscInt method, PetscReal log_c[], PetscReal *alpha);
/* The task PassUntil the instance-level fit predicts at N: the mean of exp(-exp(log_c_i - alpha log N))
   over the instances with a finite intercept. */
PETSC_EXTERN PetscReal SweepPUInstancePredict(PetscInt m, const PetscReal log_c[], PetscReal alpha, PetscReal N);

/* One replicate of the study: b = 0 uses all instances, b >= 1 resamples the instances with
   replacement (draws keyed by seed and b). rec holds SweepPURecordLength values: */
enum {
  SWEEP_PU_LOGC,       /* task-level law */
  SWEEP_PU_ALPHA,      /* task-level law */
  SWEEP_PU_CURVATURE,  /* quadratic coefficient of F in log N */
  SWEEP_PU_INST_ALPHA, /* instance-level shared slope (NaN without an instance fit) */
  SWEEP_PU_NFIXED      /* then pred_task[npred], pred_inst[npred], pu[M] */
};
typedef struct {
  PetscInt               M, m;     /* models, instances */
  const PetscReal       *N;        /* [M] model sizes (or D, or C: the scale the law is fitted in) */
  const SweepPUEstimate *e;        /* [M * m], model-major */
  PetscInt               npred;    /* scales to predict at */
  const PetscReal       *Npred;    /* [npred] */
  PetscReal              level;    /* of the per-model interval */
  PetscInt               instance; /* SWEEP_PU_INSTANCE_*: the instance-level fit */
} SweepPUStudy;
/* The instances of replicate b: idx[i] = i for b = 0, else m draws with replacement keyed by (seed, b). */
PETSC_EXTERN PetscErrorCode SweepPUResample(PetscInt m, uint64_t seed, PetscInt b, PetscInt idx[]);
PETSC_EXTERN PetscInt       SweepPURecordLength(const SweepPUStudy *s);
PETSC_EXTERN PetscErrorCode SweepPUReplicate(const SweepPUStudy *s, uint64_t seed, PetscInt b, PetscReal rec[]);

/* Emergence class from the curvature's interval [lo, hi]: 0 standard (contains 0), -1 accelerated
   (hi < 0), +1 decelerated (lo > 0); -2 when the interval is not finite. */
PETSC_EXTERN PetscInt    SweepPUClassify(PetscReal lo, PetscReal hi);
PETSC_EXTERN const char *SweepPUClassName(PetscInt cls);

/* The simulator: a task of ninst instances evaluated by nmodel models. Instance i has pass rate
   p_i(N) = min(1, w_i PU(N)), with difficulty factors w_i = exp(spread z_i) scaled to mean exactly 1
   over the instances (so the task's mean pass rate is PU(N)); PU(N) = exp(-exp(F)),
   F = log_c - alpha t + curvature (t - tmid)^2, t = log N. With instance_law, each instance follows
   the law itself with its own intercept, p_i(N) = exp(-exp(F + spread z_i)) (the instance-level
   model; the task mean is then only close to the law). Each (model, instance) is sampled until r
   passes or budget samples; with k > 0, k plain samples are drawn as well (a pass@k evaluation). */
typedef struct {
  PetscReal log_c, alpha, curvature, tmid;
  PetscInt  nmodel;
  PetscReal N[32];
  PetscInt  ninst;
  PetscReal spread;       /* standard deviation of log w_i (or of the intercepts) */
  PetscBool instance_law; /* instead, p_i(N) = exp(-exp(F(N) + spread z_i)): every instance follows the law */
  PetscInt  r;
  PetscReal budget;
  PetscInt  k;
} SweepPUDesign;
PETSC_EXTERN PetscReal SweepPUDesignLaw(const SweepPUDesign *d, PetscReal N);
/* One instance's PassUntil sampling: samples drawn and passes seen (stream: the cell's stream). */
PETSC_EXTERN void SweepPUSample(PetscReal p, PetscInt r, PetscReal budget, uint64_t seed, uint64_t stream,
                                PetscReal *samples, PetscReal *passes);
/* Successes in k plain samples. */
PETSC_EXTERN PetscReal SweepPUSamplePlain(PetscReal p, PetscInt k, uint64_t seed, uint64_t stream);
/* Study number study of design d: the true rates p[nmodel * ninst] and the outcomes (model-major);
   plain may be NULL. */
PETSC_EXTERN PetscErrorCode SweepPUSimulate(const SweepPUDesign *d, uint64_t seed, PetscInt study, PetscReal p[],
                                            PetscReal samples[], PetscReal passes[], PetscReal plain[]);
