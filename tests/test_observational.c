/* test_observational.c: the numerics of observational scaling laws (obsscale.h): imputation of
   held-out cells of a synthetic low-rank matrix, principal components of a matrix with a known
   spectrum, the sigmoid link's parameter recovery (least squares and Huber), and the family
   efficiencies of a synthetic table against the efficiencies it was drawn with. */
#include "numeric.h"
#include "obsscale.h"
#include "rng.h"
#include "testing.h"

/* An n x p matrix mu_j + sum_k a_ik b_jk (rank r) plus noise sd sigma; cells held out with
   probability h become NaN in X (truth keeps them). */
static void LowRank(PetscInt n, PetscInt p, PetscInt r, PetscReal sigma, PetscReal h, PetscReal X[], PetscReal truth[])
{
  for (PetscInt i = 0; i < n; i++)
    for (PetscInt j = 0; j < p; j++) {
      PetscReal v = 0.5 + 0.05 * j;
      for (PetscInt k = 0; k < r; k++)
        v += 0.2 * SweepRandomNormal(1, 0, i * r + k) * SweepRandomNormal(1, 1, j * r + k);
      truth[i * p + j] = v;
      X[i * p + j]     = v + sigma * SweepRandomNormal(1, 2, i * p + j);
      if (j && SweepRandomUniform(1, 3, i * p + j) < h) X[i * p + j] = NAN; /* column 0 stays: no empty row */
    }
}

/* The best one can do for the held-out cells of LowRank's M: each row's factors by least squares
   on its observed cells, with the true loadings and means. Gives the RMSE against truth. */
static PetscErrorCode Oracle(PetscInt n, PetscInt p, PetscInt r, const PetscReal M[], const PetscReal T[],
                             PetscReal *rmse)
{
  PetscReal A[64], b[16], a[4], e = 0;
  PetscInt  m = 0;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < n; i++) {
    PetscInt q = 0;
    for (PetscInt j = 0; j < p; j++)
      if (isfinite(M[i * p + j])) {
        for (PetscInt k = 0; k < r; k++) A[q * r + k] = 0.2 * SweepRandomNormal(1, 1, j * r + k);
        b[q++] = M[i * p + j] - (0.5 + 0.05 * j);
      }
    if (q == p) continue;
    PetscCall(SweepLeastSquares(q, r, A, b, NULL, a, NULL));
    for (PetscInt j = 0; j < p; j++)
      if (!isfinite(M[i * p + j])) {
        PetscReal y = 0.5 + 0.05 * j;
        for (PetscInt k = 0; k < r; k++) y += a[k] * 0.2 * SweepRandomNormal(1, 1, j * r + k);
        e += PetscSqr(y - T[i * p + j]), m++;
      }
  }
  *rmse = PetscSqrtReal(e / m);
  PetscFunctionReturn(0);
}

static PetscErrorCode ImputeTests(void)
{
  enum { n = 100, p = 8 };
  PetscReal X[n * p], T[n * p], M[n * p], e, emean, change;
  PetscInt  m, iters;

  PetscFunctionBegin;
  for (int pass = 0; pass < 3; pass++) { /* noise-free; noise 0.01 centred; noise 0.01 standardised */
    PetscReal sigma = pass ? 0.01 : 0, oracle;
    PetscBool std   = (PetscBool) (pass == 2);
    LowRank(n, p, 2, sigma, 0.1, X, T);
    PetscCall(PetscArraycpy(M, X, n * p));
    PetscCall(Oracle(n, p, 2, M, T, &oracle));
    PetscCall(SweepObsImpute(n, p, X, std, 2, 1e-9, 5000, &iters, &change));
    e = emean = 0, m = 0;
    for (PetscInt j = 0; j < p; j++) {
      PetscReal mu = 0;
      PetscInt  c  = 0;
      for (PetscInt i = 0; i < n; i++)
        if (isfinite(M[i * p + j])) mu += M[i * p + j], c++;
      mu /= c;
      for (PetscInt i = 0; i < n; i++)
        if (!isfinite(M[i * p + j]))
          e += PetscSqr(X[i * p + j] - T[i * p + j]), emean += PetscSqr(mu - T[i * p + j]), m++;
    }
    e = PetscSqrtReal(e / m), emean = PetscSqrtReal(emean / m);
    printf("# rank-2 matrix, noise %g, %s: %" PetscInt_FMT " held-out cells, %" PetscInt_FMT
           " rounds; RMSE %.2e (column means: %.2e; oracle with the true loadings: %.2e)\n",
           (double) sigma, std ? "standardised" : "centred", m, iters, (double) e, (double) emean, (double) oracle);
    SweepCheck("imputation converged below the tolerance", change < 1e-9);
    if (!pass)
      SweepCheckAbs("noise-free rank-2 matrix: held-out cells recovered (RMSE)", e, 0, 1e-6);
    else if (!std) {
      SweepCheckAbs("noise 0.01, centred: held-out RMSE below 2 x the noise", e, 0, 0.02);
      SweepCheck("noise 0.01, centred: held-out RMSE within 1.25 x the oracle's", e <= 1.25 * oracle);
    } else { /* standardising weights the weak (noisier in relative terms) columns up: a little worse here */
      SweepCheckAbs("noise 0.01, standardised: held-out RMSE below 3 x the noise", e, 0, 0.03);
      SweepCheck("noise 0.01, standardised: held-out RMSE within 2 x the oracle's", e <= 2 * oracle);
    }
    SweepCheck("imputation beats the column means 7-fold", e < emean / 7);
  }
  for (PetscInt i = 0; i < n * p; i++) X[i] = M[i];
  SweepCheckFails("rank must be below the metric count", SweepObsImpute(n, p, X, PETSC_FALSE, p, 1e-6, 10, NULL, NULL),
                  "rank 8");
  PetscFunctionReturn(0);
}

/* Points on 3 orthogonal directions with variances 9, 4, 1 (exactly, by construction). */
static PetscErrorCode PCATests(void)
{
  enum { n = 8, p = 3 };
  PetscReal       X[n * p], lam[p], V[p * p], S[n * p];
  const PetscReal u[3][3] = {{2 / 3., 2 / 3., 1 / 3.}, {-2 / 3., 1 / 3., 2 / 3.}, {1 / 3., -2 / 3., 2 / 3.}};
  const PetscReal sd[3]   = {3, 2, 1};

  PetscFunctionBegin;
  for (PetscInt i = 0; i < n; i++) /* the 8 sign patterns: centred, covariance diag(sd^2) * 8/7 in the u basis */
    for (PetscInt j = 0; j < p; j++) {
      X[i * p + j] = 1;
      for (PetscInt k = 0; k < 3; k++) X[i * p + j] += ((i >> k) & 1 ? 1 : -1) * sd[k] * u[k][j];
    }
  PetscCall(SweepObsPCA(n, p, X, PETSC_FALSE, lam, V, S, NULL, NULL));
  SweepCheckAbs("PCA: variance explained by PC1 = 9/14", lam[0] / (lam[0] + lam[1] + lam[2]), 9. / 14, 1e-12);
  SweepCheckAbs("PCA: PC2 = 4/14", lam[1] / (lam[0] + lam[1] + lam[2]), 4. / 14, 1e-12);
  SweepCheckAbs("PCA: eigenvalue 1 is 9 * 8/7", lam[0], 9 * 8. / 7, 1e-12);
  SweepCheckAbs("PCA: PC1 loading on metric 1 is +2/3 (signed to sum >= 0)", V[0 * p + 0], 2 / 3., 1e-12);
  SweepCheckAbs("PCA: score of model 7 on PC1 is +3", S[7 * p + 0], 3, 1e-12);
  PetscCall(SweepObsPCA(n, p, X, PETSC_TRUE, lam, V, NULL, NULL, NULL));
  SweepCheckAbs("PCA standardised: eigenvalues sum to the metric count", lam[0] + lam[1] + lam[2], 3, 1e-12);
  /* the trace is p for any correlation matrix: the eigenvalues themselves, from numpy.linalg.eigh(np.corrcoef) */
  SweepCheckAbs("PCA standardised: eigenvalue 1 of the correlation matrix", lam[0], 1.87025973, 1e-8);
  SweepCheckAbs("PCA standardised: eigenvalue 3 of the correlation matrix", lam[2], 0.23082497, 1e-8);
  PetscFunctionReturn(0);
}

static PetscErrorCode LinkTests(void)
{
  enum { n = 300, K = 2 };
  PetscReal S[n * K], y[n], th[K + 2], truth[K + 2] = {-0.5, 3, -1, 0.1}, loss;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < n; i++) {
    S[i * K]     = -1.5 + 3.0 * SweepRandomUniform(2, 0, i);
    S[i * K + 1] = 0.5 * SweepRandomNormal(2, 1, i);
    y[i]         = SweepObsLinkEval(K, truth, S + i * K) + 0.01 * SweepRandomNormal(2, 2, i);
  }
  PetscCall(SweepObsLinkFit(n, K, S, K, y, NULL, 0, 0.2, th, &loss));
  SweepCheckAbs("link (least squares): w0", th[0], -0.5, 0.05);
  SweepCheckAbs("link: w1", th[1], 3, 0.1);
  SweepCheckAbs("link: w2", th[2], -1, 0.05);
  SweepCheckAbs("link: floor b", th[3], 0.1, 0.01);
  SweepCheckAbs("link: mean loss = noise^2 / 2", loss, 0.5e-4, 0.15e-4);
  for (PetscInt i = 0; i < n; i += 20) y[i] = 1; /* 15 outliers at the ceiling */
  PetscCall(SweepObsLinkFit(n, K, S, K, y, NULL, 0, 0.2, th, NULL));
  {
    PetscReal ls = PetscAbsReal(th[1] - 3);
    PetscCall(SweepObsLinkFit(n, K, S, K, y, NULL, 0.02, 0.2, th, NULL));
    printf("# 15 outliers at y = 1: |w1 - 3| least squares %.3f, Huber(0.02) %.3f\n", (double) ls,
           (double) PetscAbsReal(th[1] - 3));
    SweepCheck("Huber resists the outliers better than least squares (w1)", PetscAbsReal(th[1] - 3) < ls);
    SweepCheckAbs("Huber: w1 (least squares errs by 0.126 here)", th[1], 3, 0.05);
  }
  truth[3] = 0.3; /* a floor above the bound: b stops at 0.2 */
  for (PetscInt i = 0; i < n; i++) y[i] = SweepObsLinkEval(K, truth, S + i * K);
  PetscCall(SweepObsLinkFit(n, K, S, K, y, NULL, 0, 0.2, th, NULL));
  SweepCheckAbs("link: b held at its bound 0.2", th[3], 0.2, 1e-8);
  PetscFunctionReturn(0);
}

/* The synthetic table's families differ by known efficiencies (decades of compute): PC1's lines
   against log compute recover them as in the kind (reference family 0). */
static PetscErrorCode EfficiencyTests(void)
{
  enum { n = 240, p = 8, F = 6 };
  PetscInt  fam[n];
  PetscReal logC[n], X[n * p], eff[F], lam[p], V[p * p], S[n * p], x[n], s[n], slope, icept, a0, c0, worst = 0;

  PetscFunctionBegin;
  PetscCall(SweepObsSynthetic(n, p, F, 3, 0.005, 3, fam, logC, X, NULL, eff));
  PetscCall(SweepObsPCA(n, p, X, PETSC_FALSE, lam, V, S, NULL, NULL));
  for (PetscInt f = 0; f < F; f++) {
    PetscInt  m = 0;
    PetscReal e = 0;
    for (PetscInt i = 0; i < n; i++)
      if (fam[i] == f) x[m] = logC[i] - 21, s[m++] = S[i * p];
    PetscCall(SweepObsLine(m, x, s, &slope, &icept));
    if (!f) a0 = slope, c0 = icept;
    for (PetscInt i = 0; i < n; i++)
      if (fam[i] == f) e += ((S[i * p] - c0) / a0 - (logC[i] - 21)) / m;
    printf("# family %" PetscInt_FMT ": efficiency %+.3f (drawn %+.3f)\n", f, (double) e, (double) eff[f]);
    worst = PetscMax(worst, PetscAbsReal(e - eff[f]));
  }
  SweepCheckAbs("synthetic families: efficiencies recovered (worst error, decades)", worst, 0, 0.1);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(ImputeTests());
  PetscCall(PCATests());
  PetscCall(LinkTests());
  PetscCall(EfficiencyTests());
  PetscCall(PetscFinalize());
  return SweepTestsDone();
}
