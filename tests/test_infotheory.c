/* test_infotheory.c: the numerics of the infotheory study (infotheory.h), one block per formula:
   the giant component, the BP threshold (known LDPC values and its definition), alpha, the block
   error, the skill-text model, the compute-optimal allocation and its exponents, level degrees and
   accuracy. Fast, no MPI. */
#include "infotheory.h"
#include "numeric.h"
#include "testing.h"

/* The root of G - 1 + exp(-k G) in (0, 1] by plain bisection: an independent solution. */
static double GiantBisect(double k)
{
  double lo = 0.25 * (k - 1) / (k * k), hi = 1;

  if (lo - 1 + exp(-k * lo) >= 0) return NAN; /* lo must be left of the root */
  for (int it = 0; it < 2000 && hi - lo > 0; it++) {
    double mid = 0.5 * (lo + hi);
    if (mid == lo || mid == hi) break;
    if (mid - 1 + exp(-k * mid) < 0)
      lo = mid;
    else
      hi = mid;
  }
  return 0.5 * (lo + hi);
}

static PetscErrorCode GiantTests(void)
{
  const double ks[]      = {1.0001, 1.001, 1.01, 1.1, 1.5, 2, 3, 5, 10, 50};
  double       worst_res = 0, worst_diff = 0;
  PetscReal    G;
  PetscInt     its;

  PetscFunctionBegin;
  for (size_t i = 0; i < sizeof(ks) / sizeof(ks[0]); i++) {
    PetscCall(SweepITGiant(ks[i], &G, &its));
    worst_res  = PetscMax(worst_res, fabs(G - 1 + exp(-ks[i] * G)));
    worst_diff = PetscMax(worst_diff, fabs(G - GiantBisect(ks[i])));
  }
  SweepCheckAbs("G: largest residual |G - 1 + exp(-k G)| over k in [1.0001, 50]", worst_res, 0, 1e-12);
  SweepCheckAbs("G: largest |G - G_bisection| over k in [1.0001, 50]", worst_diff, 0, 1e-12);
  PetscCall(SweepITGiant(2, &G, NULL));
  SweepCheckAbs("G(2) = 1 + W(-2 e^-2) / 2 = 0.7968121300200199", G, 0.7968121300200199, 1e-13);
  PetscCall(SweepITGiant(1, &G, &its));
  SweepCheck("G(1) = 0 (threshold at mean degree 1)", G == 0);
  PetscCall(SweepITGiant(0.5, &G, NULL));
  SweepCheck("G(0.5) = 0", G == 0);
  PetscCall(SweepITGiant(1 + 1e-9, &G, NULL));
  SweepCheck("G(1 + 1e-9) > 0", G > 0);
  PetscCall(SweepITGiant(1 + 1e-4, &G, NULL));
  SweepCheckAbs("slope at the threshold: G(1 + d) / d, d = 1e-4 (-> 2)", G / 1e-4, 2, 1e-3);
  PetscCall(SweepITGiant(1 + 1e-6, &G, NULL));
  SweepCheckAbs("slope at the threshold: G(1 + d) / d, d = 1e-6 (-> 2)", G / 1e-6, 2, 1e-5);
  PetscFunctionReturn(0);
}

/* eps_BP of a regular ensemble by brute force from its definition: min over x of x / lambda(1 - rho(1 - x)). */
static double BruteThreshold(const SweepITEnsemble *e)
{
  double best = 1;
  for (int i = 1; i <= 1000000; i++) {
    double x = i / 1e6, r = x / SweepITEdgePoly(&e->var, 1 - SweepITEdgePoly(&e->chk, 1 - x, NULL), NULL);
    best = PetscMin(best, r);
  }
  return best;
}

static PetscErrorCode ThresholdTests(void)
{
  SweepITEnsemble e36 = {{SWEEP_IT_REGULAR, 0, 3}, {SWEEP_IT_REGULAR, 0, 6}, 0};
  SweepITEnsemble e48 = {{SWEEP_IT_REGULAR, 0, 4}, {SWEEP_IT_REGULAR, 0, 8}, 0};
  SweepITEnsemble e24 = {{SWEEP_IT_REGULAR, 0, 2}, {SWEEP_IT_REGULAR, 0, 4}, 0};
  PetscReal       eps, x, eps2, h = 1e-6;
  PetscBool       below, above;

  PetscFunctionBegin;
  PetscCall(SweepITThreshold(&e36, &eps, &x));
  SweepCheckAbs("(3,6)-regular BEC threshold (published 0.4294398)", eps, 0.4294398144, 2e-10);
  SweepCheckAbs("(3,6): brute-force min of x / lambda(1 - rho(1 - x)) over 1e6 points", eps, BruteThreshold(&e36),
                1e-9);
  SweepCheckAbs("(3,6): f(x_BP) = 0 at eps_BP (tangency)", SweepITResidual(&e36, eps, x), 0, 1e-12);
  SweepCheckAbs("(3,6): f'(x_BP) = 0 at eps_BP (central difference)",
                (SweepITResidual(&e36, eps, x + h) - SweepITResidual(&e36, eps, x - h)) / (2 * h), 0, 1e-6);
  PetscCall(SweepITHasFixedPoint(&e36, eps - 1e-9, &below));
  PetscCall(SweepITHasFixedPoint(&e36, eps + 1e-9, &above));
  SweepCheck("(3,6): no fixed point in (0, 1] at eps_BP - 1e-9, one at eps_BP + 1e-9", !below && above);
  SweepCheckAbs("(3,6): alpha (Amraoui et al. 2009: 0.56036)", SweepITScalingAlpha(&e36, eps, x), 0.56036, 2e-5);
  PetscCall(SweepITThreshold(&e48, &eps2, NULL));
  SweepCheckAbs("(4,8)-regular BEC threshold (published 0.3834)", eps2, 0.3834, 1e-4);
  PetscCall(SweepITThreshold(&e24, &eps2, &x));
  SweepCheckAbs("(2,4)-regular: set by stability, 1 / (lambda'(0) rho'(1)) = 1/3", eps2, 1.0 / 3, 1e-10);
  SweepCheck("(2,4)-regular: no tangency point (x_BP = 0)", x == 0);
  {
    SweepITEnsemble b = {{SWEEP_IT_BINOMIAL, 1e7, 30}, {SWEEP_IT_BINOMIAL, 2e7, 12}, 0.1};
    SweepITEnsemble p = {{SWEEP_IT_POISSON, 1e7, 30}, {SWEEP_IT_POISSON, 2e7, 12}, 0.1};
    PetscReal       eb, ep;
    PetscCall(SweepITThreshold(&b, &eb, NULL));
    PetscCall(SweepITThreshold(&p, &ep, NULL));
    SweepCheckAbs("binomial with n = 1e7 trials ~ its Poisson limit (eps_BP)", eb, ep, 1e-5);
    SweepCheckAbs("Poisson(30)/Poisson(12): brute-force definition on [0.1, 1]", ep, BruteThreshold(&p), 1e-9);
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode BlockErrorTests(void)
{
  PetscFunctionBegin;
  SweepCheckAbs("P_B at eps = eps_BP is 1/2", SweepITBlockError(1e4, 0.45, 0.45, 0.5), 0.5, 1e-15);
  SweepCheckAbs("P_B = Q(1.96) at sqrt(n) (eps_BP - eps) / alpha = 1.959964",
                SweepITBlockError(1e4, 0.45 + 0.5 * 1.959963984540054 / 100, 0.45, 0.5), 0.025, 1e-14);
  SweepCheck("P_B: a step without alpha",
             SweepITBlockError(1e4, 0.5, 0.4, NAN) == 0 && SweepITBlockError(1e4, 0.5, 0.6, NAN) == 1);
  PetscFunctionReturn(0);
}

static PetscErrorCode ModelTests(void)
{
  SweepITModel m = {SWEEP_IT_BINOMIAL, 2e5, 8e5, 6, 0.5, 0, 0.1};
  SweepITPoint pt, p;
  PetscInt     reason, nb = 9;
  PetscReal    C[9], N[9], D[9], A[18], b[9], x[2], best = 0, worst = 0;

  PetscFunctionBegin;
  PetscCall(SweepITEvaluate(&m, 1e10, 2e11, &pt));
  SweepCheckAbs("skills s = N / 2e5", pt.s, 5e4, 1e-9);
  SweepCheckAbs("skill degree d_s = 6 t / s", pt.skill_degree, 6 * 2.5e5 / 5e4, 1e-9);
  SweepCheckAbs("skills learned = s (1 - P_B)", pt.learned, pt.s * (1 - pt.pb), 1e-9);
  /* the optimum against a brute-force scan of 2001 degrees at 1e22 FLOP */
  PetscCall(SweepITOptimum(&m, 1e22, 1, 1000, 61, &pt, &reason));
  for (int i = 0; i <= 2000; i++) {
    PetscReal ds = pow(1000, i / 2000.0), K = 1e22 / (6 * 2e5 * 8e5), s = sqrt(6 * K / ds);
    PetscCall(SweepITEvaluate(&m, s * 2e5, K / s * 8e5, &p));
    best = PetscMax(best, p.learned);
  }
  SweepCheckRel("C = 1e22: 6 N_opt D_opt = C", 6 * pt.N * pt.D, 1e22, 1e-12);
  SweepCheck("C = 1e22: the optimum learns at least as much as a 2001-point scan (to 1e-7)",
             pt.learned >= best * (1 - 1e-7));
  printf("# C = 1e22: N_opt %.6g D_opt %.6g d_s %.6g eps_BP %.9f P_B %.3e learned %.9g (scan best %.9g), TAO %d\n",
         pt.N, pt.D, pt.skill_degree, pt.eps_bp, pt.pb, pt.learned, best, (int) reason);
  /* exponents of N_opt and D_opt in C over 1e18 .. 1e26 */
  for (PetscInt i = 0; i < nb; i++) {
    C[i] = pow(10, 18 + i);
    PetscCall(SweepITOptimum(&m, C[i], 1, 1000, 61, &pt, &reason));
    N[i] = pt.N, D[i] = pt.D;
    A[2 * i] = 1, A[2 * i + 1] = 18 + i, b[i] = log10(N[i]);
  }
  PetscCall(SweepLeastSquares(nb, 2, A, b, NULL, x, NULL));
  for (PetscInt i = 0; i < nb; i++) worst = PetscMax(worst, fabs(x[0] + x[1] * (18 + i) - b[i]));
  SweepCheckAbs("exponent a of N_opt ~ C^a (Chinchilla-like 0.5, band +-0.05)", x[1], 0.5, 0.05);
  SweepCheckAbs("power law: largest residual of log10 N_opt (decades)", worst, 0, 0.05);
  for (PetscInt i = 0; i < nb; i++) b[i] = log10(D[i]);
  {
    PetscReal a = x[1];
    PetscCall(SweepLeastSquares(nb, 2, A, b, NULL, x, NULL));
    SweepCheckAbs("exponent b of D_opt ~ C^b (band 0.5 +- 0.05)", x[1], 0.5, 0.05);
    SweepCheckAbs("a + b = 1 (N D = C / 6)", a + x[1], 1, 1e-9);
    printf("# exponents over 1e18..1e26: a = %.6f, b = %.6f; D/N from %.2f to %.2f tokens per parameter\n", a, x[1],
           D[0] / N[0], D[nb - 1] / N[nb - 1]);
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode EmergenceTests(void)
{
  PetscReal logC[3] = {0, 1, 2}, logt[3] = {0, 0.5, 1}, q[3] = {0.4, 0.4, 0.2}, k[3], acc, G;

  PetscFunctionBegin;
  /* t ~ C^0.5: k_l(C) = (C / C_l)^0.5, C_l = C_lo^(1 - l) C_hi^l */
  SweepCheckAbs("level degree is 1 at the level's budget", SweepITLevelDegree(3, logC, logt, 0.6, 1.2), 1, 1e-14);
  SweepCheckAbs("level degree k_l(C) = t(C) / t(C_l)", SweepITLevelDegree(3, logC, logt, 0.2, 2.0),
                exp(0.5 * (2.0 - 0.4)), 1e-14);
  k[0] = SweepITLevelDegree(3, logC, logt, 0.2, 1.2), k[1] = 1, k[2] = SweepITLevelDegree(3, logC, logt, 0.95, 1.2);
  PetscCall(SweepITAccuracy(3, q, k, 4, &acc));
  PetscCall(SweepITGiant(k[0], &G, NULL));
  SweepCheckAbs("multimodal accuracy at C_0.6: only level 0.2 contributes, 0.4 G^4", acc, 0.4 * pow(G, 4), 1e-15);
  k[0] = k[1] = k[2] = 3;
  PetscCall(SweepITAccuracy(3, q, k, 4, &acc));
  PetscCall(SweepITGiant(3, &G, NULL));
  SweepCheckAbs("accuracy with equal degrees is G^n", acc, pow(G, 4), 1e-15);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(GiantTests());
  PetscCall(ThresholdTests());
  PetscCall(BlockErrorTests());
  PetscCall(ModelTests());
  PetscCall(EmergenceTests());
  {
    int status = SweepTestsDone();
    PetscCall(PetscFinalize());
    return status;
  }
}
