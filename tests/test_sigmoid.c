/* test_sigmoid.c: the sigmoid task laws (src/tasklaw.h, issue 7 point 4) on simulated data:
   - direct law: parameters from noiseless data (tight) and from 20 noisy curves (stated tolerance);
   - two-step law: the Chinchilla loss law (fitted by the project's fit code) and the accuracy-of-loss
     sigmoid, from noiseless and noisy ladders; the budget threshold against a direct computation;
   - multi-plateau law: K = 1, 2, 3 recovered by BIC on 20 noisy curves each, and the coverage of the
     true step centres by bootstrap bands (60 resamples of the points per curve, refitted from the
     fit to all points). */
#include "rng.h"
#include "stats.h"
#include "tasklaw.h"
#include "testing.h"

#define NX 48

static PetscReal Uniform(PetscInt stream, PetscInt k, PetscReal lo, PetscReal hi)
{
  return lo + (hi - lo) * SweepRandomUniform(7, (uint64_t) stream, (uint64_t) k);
}

static PetscReal DirectAt(void *ctx, PetscReal x)
{
  return SweepTaskDirectEval((const PetscReal *) ctx, x);
}

static PetscErrorCode DirectTests(void)
{
  const PetscReal tol[4] = {0.03, 0.03, 0.5, 0.1};
  PetscReal       x[NX], y[NX], p[4], rss, truth[4] = {0.25, 0.85, 2.0, 21.3};
  PetscReal       worst[4] = {0, 0, 0, 0};
  PetscInt        ok       = 0;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < NX; i++) x[i] = 18 + 8.0 * i / (NX - 1), y[i] = SweepTaskDirectEval(truth, x[i]);
  PetscCall(SweepTaskDirectFit(NX, x, y, NULL, NULL, p, &rss));
  SweepCheckAbs("direct, noiseless: floor b", p[0], truth[0], 1e-6);
  SweepCheckAbs("direct, noiseless: ceiling a", p[1], truth[1], 1e-6);
  SweepCheckAbs("direct, noiseless: slope k (per decade)", p[2], truth[2], 1e-5);
  SweepCheckAbs("direct, noiseless: centre x0 (log10 FLOP)", p[3], truth[3], 1e-6);
  SweepCheckAbs("direct: analytic crossing of 0.55 = centre", SweepTaskCrossing(DirectAt, truth, 0.55, 18, 26), 21.3,
                1e-9);
  /* 20 curves with Gaussian noise of sd 0.02 */
  for (PetscInt s = 0; s < 20; s++) {
    PetscBool good = PETSC_TRUE;
    for (PetscInt i = 0; i < NX; i++) y[i] = SweepTaskDirectEval(truth, x[i]) + 0.02 * SweepRandomNormal(11, s, i);
    PetscCall(SweepTaskDirectFit(NX, x, y, NULL, NULL, p, &rss));
    for (PetscInt j = 0; j < 4; j++) {
      worst[j] = PetscMax(worst[j], PetscAbsReal(p[j] - truth[j]));
      good     = (PetscBool) (good && PetscAbsReal(p[j] - truth[j]) <= tol[j]);
    }
    ok += good;
  }
  printf("# direct, 20 curves, noise sd 0.02: worst |error| b %.4f a %.4f k %.4f x0 %.4f\n", worst[0], worst[1],
         worst[2], worst[3]);
  SweepCheck("direct, noise sd 0.02: all 20 curves within (b, a, k, x0) +- (0.03, 0.03, 0.5, 0.1)", ok == 20);
  PetscFunctionReturn(0);
}

/* The Chinchilla law's published values (Hoffmann et al. 2022): A, B, E, alpha, beta. */
static const PetscReal Hoffmann[5] = {406.4, 410.7, 1.69, 0.34, 0.28};

typedef struct {
  SweepLaw         law;
  const PetscReal *pl, *pa;
} TwoStep;

static PetscReal TwoStepAt(void *ctx, PetscReal x)
{
  TwoStep *t = (TwoStep *) ctx;
  return SweepTaskTwoStepAtBudget(t->law, t->pl, t->pa, x);
}

static PetscErrorCode TwoStepTests(void)
{
  const PetscReal mult[4] = {1, 2, 5, 10}, pa_true[4] = {0.6, -6, 2.6, 0.25};
  PetscReal       N[40], D[40], L[40], Lobs[40], y[40], pl_true[5], pl[5], q[5], pa[4], rss;
  SweepLaw        law;
  PetscInt        n = 0, reason;

  PetscFunctionBegin;
  PetscCall(SweepLawCreate("chinchilla", &law));
  law->from_natural(Hoffmann, pl_true);
  for (PetscInt s = 0; s < 10; s++)
    for (PetscInt m = 0; m < 4; m++, n++) {
      N[n] = 2e7 * PetscPowReal(1500.0, s / 9.0), D[n] = 20 * mult[m] * N[n];
      PetscCall(SweepLawLoss(law, pl_true, N[n], D[n], &L[n]));
      y[n] = SweepTaskLossEval(pa_true, L[n]);
    }
  PetscCall(SweepTaskLossLawFit(law, n, N, D, L, NULL, 1e-3, NULL, pl, &reason));
  law->to_natural(pl, q);
  for (PetscInt j = 0; j < 5; j++) {
    char what[128];
    snprintf(what, sizeof(what), "two-step, noiseless: loss law %s", law->param_names[j]);
    SweepCheckRel(what, q[j], Hoffmann[j], 1e-4);
  }
  PetscCall(SweepTaskLossFit(n, L, y, NULL, NULL, pa, &rss));
  SweepCheckAbs("two-step, noiseless: a", pa[0], pa_true[0], 1e-6);
  SweepCheckAbs("two-step, noiseless: k (per nat)", pa[1], pa_true[1], 1e-5);
  SweepCheckAbs("two-step, noiseless: L0 (nats)", pa[2], pa_true[2], 1e-6);
  SweepCheckAbs("two-step, noiseless: b", pa[3], pa_true[3], 1e-6);
  {
    /* the budget where the compute-optimal model reaches accuracy 0.55 = b + a / 2: loss L0 */
    TwoStep   t = {law, pl_true, pa_true};
    PetscReal x = SweepTaskCrossing(TwoStepAt, &t, 0.55, 16, 28), Nopt, Dopt, Lx;
    PetscBool ok;
    PetscCall(SweepChinchillaOptimum(Hoffmann, PetscPowReal(10, x), &Nopt, &Dopt, &ok));
    PetscCall(SweepLawLoss(law, pl_true, Nopt, Dopt, &Lx));
    SweepCheckAbs("two-step: at the threshold budget the optimal loss is L0", Lx, pa_true[2], 1e-8);
  }
  /* noisy ladders: loss x exp(0.005 z), accuracy + 0.01 z', 5 seeds */
  {
    PetscReal worst[9] = {0};
    PetscInt  good     = 0;
    for (PetscInt s = 0; s < 5; s++) {
      PetscBool ok = PETSC_TRUE;
      for (PetscInt i = 0; i < n; i++) {
        Lobs[i] = L[i] * PetscExpReal(0.005 * SweepRandomNormal(21, s, i));
        y[i]    = SweepTaskLossEval(pa_true, Lobs[i]) + 0.01 * SweepRandomNormal(22, s, i);
      }
      PetscCall(SweepTaskLossLawFit(law, n, N, D, Lobs, NULL, 1e-3, NULL, pl, &reason));
      law->to_natural(pl, q);
      PetscCall(SweepTaskLossFit(n, Lobs, y, NULL, NULL, pa, &rss));
      /* tolerances: E 3% relative, alpha and beta 0.05, a and b 0.04, k 1.5, L0 0.05 */
      const PetscReal err[7] = {PetscAbsReal(q[2] / Hoffmann[2] - 1), PetscAbsReal(q[3] - Hoffmann[3]),
                                PetscAbsReal(q[4] - Hoffmann[4]),     PetscAbsReal(pa[0] - pa_true[0]),
                                PetscAbsReal(pa[1] - pa_true[1]),     PetscAbsReal(pa[2] - pa_true[2]),
                                PetscAbsReal(pa[3] - pa_true[3])};
      const PetscReal tol[7] = {0.03, 0.05, 0.05, 0.04, 1.5, 0.05, 0.04};
      for (PetscInt j = 0; j < 7; j++) worst[j] = PetscMax(worst[j], err[j]), ok = (PetscBool) (ok && err[j] <= tol[j]);
      good += ok;
    }
    printf("# two-step, 5 noisy ladders: worst |error| E %.4f (rel) alpha %.4f beta %.4f a %.4f k %.4f L0 %.4f b "
           "%.4f\n",
           worst[0], worst[1], worst[2], worst[3], worst[4], worst[5], worst[6]);
    SweepCheck("two-step, noisy (loss 0.5%, accuracy sd 0.01): 5 of 5 ladders within (E 3%, alpha, beta 0.05, a, b "
               "0.04, k 1.5, L0 0.05)",
               good == 5);
  }
  PetscCall(SweepLawDestroy(&law));
  PetscFunctionReturn(0);
}

/* A simulated multi-plateau curve of K steps (simulation s): floor U[0.1, 0.25], heights U[0.15,
   0.22], slopes U[2.5, 6] per decade, centres at least 1.8 decades apart inside [19, 25]. */
static void MultiTruth(PetscInt K, PetscInt s, PetscReal p[])
{
  PetscReal h[3], k[3], c[3], stream = 1000 * K + s;
  for (PetscInt j = 0; j < K; j++) h[j] = Uniform(stream, j, 0.15, 0.22), k[j] = Uniform(stream, 10 + j, 2.5, 6);
  if (K == 1) c[0] = Uniform(stream, 20, 20, 24);
  if (K == 2) c[0] = Uniform(stream, 20, 19.5, 21), c[1] = c[0] + Uniform(stream, 21, 1.8, 3);
  if (K == 3) {
    c[0] = Uniform(stream, 20, 19, 20);
    for (PetscInt j = 1; j < 3; j++) c[j] = c[j - 1] + Uniform(stream, 20 + j, 1.8, 2.4);
  }
  SweepTaskMultiPack(K, Uniform(stream, 30, 0.1, 0.25), h, k, c, p);
}

typedef struct {
  PetscInt         K;
  const PetscReal *p;
} Multi;

static PetscReal MultiAt(void *ctx, PetscReal x)
{
  const Multi *m = (const Multi *) ctx;
  return SweepTaskMultiEval(m->K, m->p, x);
}

/* The emergence thresholds of a multi-plateau curve at absolute levels (as the kind's
   -sweep_sigmoid_level_type absolute): where it crosses level[j] in [17, 27]. */
static void MultiThresholds(PetscInt K, const PetscReal p[], PetscInt nl, const PetscReal level[], PetscReal thr[])
{
  Multi m = {K, p};
  for (PetscInt j = 0; j < nl; j++) thr[j] = SweepTaskCrossing(MultiAt, &m, level[j], 17, 27);
}

static PetscErrorCode MultiTests(void)
{
  const PetscInt  nsim = 20, Kmax = 4;
  PetscInt        B     = 60; /* -boot B: more resamples, for a slower look at the coverage */
  const PetscReal noise = 0.015;
  PetscReal       x[NX], y[NX], w[NX], truth[SWEEP_TASK_NPMAX], p[4 * SWEEP_TASK_NPMAX], bic[4], pb[SWEEP_TASK_NPMAX];
  PetscReal       rss, c[3], ct[3], cb[3][400], lev[2], tt[2], tb[2][400];
  PetscInt        covered = 0, centres = 0, tcovered = 0, thresholds = 0;

  PetscFunctionBegin;
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-boot", &B, NULL));
  PetscCheck(B >= 20 && B <= 400, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "-boot: 20 to 400");
  for (PetscInt i = 0; i < NX; i++) x[i] = 18 + 8.0 * i / (NX - 1);
  for (PetscInt K = 1; K <= 3; K++) {
    PetscInt right = 0, chosen[5] = {0};
    for (PetscInt s = 0; s < nsim; s++) {
      PetscInt Kbest;
      MultiTruth(K, s, truth);
      for (PetscInt i = 0; i < NX; i++)
        y[i] = SweepTaskMultiEval(K, truth, x[i]) + noise * SweepRandomNormal(31, 100 * K + s, i);
      PetscCall(SweepTaskMultiSelect(NX, x, y, NULL, Kmax, p, bic, &Kbest));
      chosen[Kbest]++;
      if (Kbest != K) continue;
      right++;
      /* bootstrap bands of the centres: resampled points, refitted at K from the fit to all points */
      SweepTaskMultiCentres(K, truth, ct);
      /* thresholds: half-way up the first and up the last step of the true curve (one level at K = 1) */
      lev[0] = truth[0] + 0.5 * truth[1], lev[1] = truth[0];
      for (PetscInt j = 0; j < K; j++) lev[1] += truth[1 + j];
      lev[1] -= 0.5 * truth[K];
      MultiThresholds(K, truth, K > 1 ? 2 : 1, lev, tt);
      for (PetscInt r = 0; r < B; r++) {
        for (PetscInt i = 0; i < NX; i++) w[i] = 0;
        for (PetscInt i = 0; i < NX; i++)
          w[PetscMin(NX - 1, (PetscInt) (NX * SweepRandomUniform(41, 1000 * (100 * K + s) + r, i)))] += 1;
        PetscCall(SweepTaskMultiFit(NX, x, y, w, K, p + (K - 1) * SWEEP_TASK_NPMAX, pb, &rss));
        SweepTaskMultiCentres(K, pb, c);
        for (PetscInt j = 0; j < K; j++) cb[j][r] = c[j];
        MultiThresholds(K, pb, K > 1 ? 2 : 1, lev, c);
        for (PetscInt j = 0; j < (K > 1 ? 2 : 1); j++) tb[j][r] = c[j];
      }
      for (PetscInt j = 0; j < (K > 1 ? 2 : 1); j++) { /* a replicate that never crosses counts as a miss */
        PetscReal qs[2] = {0.05, 0.95}, band[2];
        PetscInt  nf    = 0;
        for (PetscInt r = 0; r < B; r++)
          if (PetscIsNormalReal(tb[j][r])) tb[j][nf++] = tb[j][r];
        if (nf == B && PetscIsNormalReal(tt[j])) {
          PetscCall(SweepQuantiles(B, tb[j], 2, qs, band));
          tcovered += tt[j] >= band[0] && tt[j] <= band[1];
        }
        thresholds++;
      }
      for (PetscInt j = 0; j < K; j++) { /* the 5% and 95% quantiles, as the kind's default bands */
        PetscReal qs[2] = {0.05, 0.95}, band[2];
        PetscCall(SweepQuantiles(B, cb[j], 2, qs, band));
        covered += ct[j] >= band[0] && ct[j] <= band[1];
        centres++;
      }
    }
    printf("# K = %" PetscInt_FMT ": BIC chose K = 1, 2, 3, 4 in %" PetscInt_FMT ", %" PetscInt_FMT ", %" PetscInt_FMT
           ", %" PetscInt_FMT " of %" PetscInt_FMT " curves (noise sd %.3f, %d points)\n",
           K, chosen[1], chosen[2], chosen[3], chosen[4], nsim, noise, NX);
    char what[128];
    snprintf(what, sizeof(what),
             "multi-plateau: K = %" PetscInt_FMT " recovered in >= 90%% of %" PetscInt_FMT " curves", K, nsim);
    SweepCheck(what, right >= 0.9 * nsim);
  }
  printf("# true step centres inside their 5%%-95%% bootstrap band (%" PetscInt_FMT " resamples): %" PetscInt_FMT
         " of %" PetscInt_FMT " (%.1f%%)\n",
         B, covered, centres, 100.0 * covered / centres);
  SweepCheck("multi-plateau: >= 80% of true centres inside their bootstrap bands", covered >= 0.8 * centres);
  printf(
      "# true thresholds (half-way up the first and the last step) inside their 5%%-95%% bootstrap band: %" PetscInt_FMT
      " of %" PetscInt_FMT " (%.1f%%)\n",
      tcovered, thresholds, 100.0 * tcovered / thresholds);
  SweepCheck("multi-plateau: >= 80% of true thresholds inside their bootstrap bands", tcovered >= 0.8 * thresholds);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(SweepLawRegisterAll());
  PetscCall(DirectTests());
  PetscCall(TwoStepTests());
  PetscCall(MultiTests());
  int status = SweepTestsDone();
  PetscCall(PetscFinalize());
  return status;
}
