/* obsscale.c: imputation, principal components, per-family lines and the sigmoid link of
   observational scaling laws (obsscale.h). Eigenproblems and least squares go through numeric.h
   (LAPACK), the link through TAO; nothing here reads options or talks MPI. */
#include "obsscale.h"
#include "numeric.h"
#include "rng.h"
#include <math.h>

/* Column means and (n - 1) standard deviations over the finite cells. */
static PetscErrorCode ColumnStats(PetscInt n, PetscInt p, const PetscReal X[], PetscReal mean[], PetscReal sd[],
                                  PetscInt count[])
{
  PetscFunctionBegin;
  for (PetscInt j = 0; j < p; j++) {
    PetscReal s = 0, s2 = 0;
    PetscInt  m = 0;
    for (PetscInt i = 0; i < n; i++)
      if (isfinite(X[i * p + j])) s += X[i * p + j], m++;
    mean[j] = m ? s / m : NAN;
    for (PetscInt i = 0; i < n; i++)
      if (isfinite(X[i * p + j])) s2 += PetscSqr(X[i * p + j] - mean[j]);
    sd[j] = m > 1 ? PetscSqrtReal(s2 / (m - 1)) : NAN;
    if (count) count[j] = m;
  }
  PetscFunctionReturn(0);
}

/* The covariance (n - 1 denominator) of the complete n x p matrix Z, centred by mean. */
static PetscErrorCode Covariance(PetscInt n, PetscInt p, const PetscReal Z[], const PetscReal mean[], PetscReal C[])
{
  PetscFunctionBegin;
  for (PetscInt a = 0; a < p; a++)
    for (PetscInt b = a; b < p; b++) {
      PetscReal s = 0;
      for (PetscInt i = 0; i < n; i++) s += (Z[i * p + a] - mean[a]) * (Z[i * p + b] - mean[b]);
      C[a * p + b] = C[b * p + a] = s / (n - 1);
    }
  PetscFunctionReturn(0);
}

/* One round of the imputation on the standardised Z: the rank-r reconstruction of the missing
   cells (miss[i * p + j]); *change is the largest move. */
static PetscErrorCode ImputeRound(PetscInt n, PetscInt p, PetscReal Z[], const PetscBool miss[], PetscInt rank,
                                  PetscReal work[], PetscReal *change)
{
  PetscReal *mean = work, *sd = work + p, *C = work + 2 * p, *lam = C + p * p, *V = lam + p;

  PetscFunctionBegin;
  PetscCall(ColumnStats(n, p, Z, mean, sd, NULL));
  PetscCall(Covariance(n, p, Z, mean, C));
  PetscCall(SweepSymEig(p, C, lam, V));
  *change = 0;
  for (PetscInt i = 0; i < n; i++)
    for (PetscInt j = 0; j < p; j++) {
      PetscReal r = mean[j];
      if (!miss[i * p + j]) continue;
      for (PetscInt k = 0; k < rank; k++) {
        PetscReal score = 0;
        for (PetscInt l = 0; l < p; l++) score += (Z[i * p + l] - mean[l]) * V[l * p + k];
        r += score * V[j * p + k];
      }
      *change      = PetscMax(*change, PetscAbsReal(r - Z[i * p + j]));
      Z[i * p + j] = r;
    }
  PetscFunctionReturn(0);
}

/*@C
  SweepObsImpute - iterative rank-r PCA imputation of the NaN cells of X (obsscale.h). Not collective.
@*/
PetscErrorCode SweepObsImpute(PetscInt n, PetscInt p, PetscReal X[], PetscBool standardize, PetscInt rank,
                              PetscReal tol, PetscInt maxit, PetscInt *iters, PetscReal *change)
{
  PetscReal *mean, *sd, *work, d = 0;
  PetscInt  *count, it = 0, nmiss = 0;
  PetscBool *miss;

  PetscFunctionBegin;
  PetscCheck(rank >= 1 && rank < p, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "imputation rank %" PetscInt_FMT " must lie in [1, %" PetscInt_FMT "] (metrics - 1)", rank, p - 1);
  PetscCall(PetscMalloc5(p, &mean, p, &sd, p, &count, n * p, &miss, 2 * p + 2 * p * p + p, &work));
  PetscCall(ColumnStats(n, p, X, mean, sd, count));
  for (PetscInt j = 0; j < p; j++) {
    PetscCheck(count[j] >= 2 && sd[j] > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
               "metric %" PetscInt_FMT " has %" PetscInt_FMT " observed cells or no spread: cannot impute", j,
               count[j]);
    if (!standardize) sd[j] = 1;
  }
  for (PetscInt i = 0; i < n; i++) {
    PetscInt seen = 0;
    for (PetscInt j = 0; j < p; j++) {
      miss[i * p + j] = (PetscBool) !isfinite(X[i * p + j]);
      nmiss += miss[i * p + j], seen += !miss[i * p + j];
      X[i * p + j] = miss[i * p + j] ? 0 : (X[i * p + j] - mean[j]) / sd[j]; /* the mean fill, centred (and scaled) */
    }
    PetscCheck(seen, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "model %" PetscInt_FMT " has no observed metric", i);
  }
  if (nmiss)
    for (it = 1; it <= maxit; it++) {
      PetscCall(ImputeRound(n, p, X, miss, rank, work, &d));
      if (d < tol) break;
    }
  for (PetscInt i = 0; i < n; i++)
    for (PetscInt j = 0; j < p; j++) X[i * p + j] = mean[j] + sd[j] * X[i * p + j];
  if (iters) *iters = PetscMin(it, maxit);
  if (change) *change = d;
  PetscCall(PetscFree5(mean, sd, count, miss, work));
  PetscFunctionReturn(0);
}

/*@C
  SweepObsPCA - principal components of a complete matrix (obsscale.h). Not collective.
@*/
PetscErrorCode SweepObsPCA(PetscInt n, PetscInt p, const PetscReal X[], PetscBool standardize, PetscReal lambda[],
                           PetscReal V[], PetscReal S[], PetscReal mean[], PetscReal scale[])
{
  PetscReal *mu, *sd, *zero, *Z, *C;

  PetscFunctionBegin;
  PetscCheck(n >= 2, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "principal components need at least 2 models");
  PetscCall(PetscMalloc5(p, &mu, p, &sd, p, &zero, n * p, &Z, p * p, &C));
  PetscCall(ColumnStats(n, p, X, mu, sd, NULL));
  for (PetscInt j = 0; j < p; j++) {
    if (!standardize) sd[j] = 1;
    PetscCheck(sd[j] > 0 && isfinite(mu[j]), PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
               "metric %" PetscInt_FMT " is constant or not finite: cannot standardise", j);
    zero[j] = 0;
  }
  for (PetscInt i = 0; i < n; i++)
    for (PetscInt j = 0; j < p; j++) Z[i * p + j] = (X[i * p + j] - mu[j]) / sd[j];
  PetscCall(Covariance(n, p, Z, zero, C));
  PetscCall(SweepSymEig(p, C, lambda, V));
  for (PetscInt k = 0; k < p; k++) { /* LAPACK's signs are arbitrary: make "more capable" positive */
    PetscReal sum = 0;
    for (PetscInt j = 0; j < p; j++) sum += V[j * p + k];
    if (sum < 0)
      for (PetscInt j = 0; j < p; j++) V[j * p + k] = -V[j * p + k];
  }
  if (S)
    for (PetscInt i = 0; i < n; i++)
      for (PetscInt k = 0; k < p; k++) {
        PetscReal s = 0;
        for (PetscInt j = 0; j < p; j++) s += Z[i * p + j] * V[j * p + k];
        S[i * p + k] = s;
      }
  if (mean) PetscCall(PetscArraycpy(mean, mu, p));
  if (scale) PetscCall(PetscArraycpy(scale, sd, p));
  PetscCall(PetscFree5(mu, sd, zero, Z, C));
  PetscFunctionReturn(0);
}

PetscErrorCode SweepObsCompleteRows(PetscInt n, PetscInt p, const PetscReal X[], PetscReal Y[], PetscInt *m)
{
  PetscFunctionBegin;
  *m = 0;
  for (PetscInt i = 0; i < n; i++) {
    PetscBool ok = PETSC_TRUE;
    for (PetscInt j = 0; j < p; j++) ok = (PetscBool) (ok && isfinite(X[i * p + j]));
    if (!ok) continue;
    PetscCall(PetscArraycpy(Y + *m * p, X + i * p, p));
    (*m)++;
  }
  PetscFunctionReturn(0);
}

/*@C
  SweepObsLine - a least-squares line through the finite points (obsscale.h). Not collective.
@*/
PetscErrorCode SweepObsLine(PetscInt m, const PetscReal x[], const PetscReal y[], PetscReal *slope,
                            PetscReal *intercept)
{
  PetscReal *A, *b, c[2];
  PetscInt   k = 0, rank = 0;

  PetscFunctionBegin;
  *slope = *intercept = NAN;
  PetscCall(PetscMalloc2(2 * m, &A, m, &b));
  for (PetscInt i = 0; i < m; i++)
    if (isfinite(x[i]) && isfinite(y[i])) A[2 * k] = 1, A[2 * k + 1] = x[i], b[k++] = y[i];
  if (k >= 2) PetscCall(SweepLeastSquares(k, 2, A, b, NULL, c, &rank));
  if (rank == 2) *intercept = c[0], *slope = c[1];
  PetscCall(PetscFree2(A, b));
  PetscFunctionReturn(0);
}

static PetscReal Sigmoid(PetscReal z)
{
  return z >= 0 ? 1 / (1 + PetscExpReal(-z)) : PetscExpReal(z) / (1 + PetscExpReal(z));
}

PetscReal SweepObsLinkEval(PetscInt K, const PetscReal theta[], const PetscReal s[])
{
  PetscReal z = theta[0];

  for (PetscInt k = 0; k < K; k++) z += theta[1 + k] * s[k];
  return (1 - theta[K + 1]) * Sigmoid(z) + theta[K + 1];
}

typedef struct {
  PetscInt         m, K, lds;
  const PetscReal *S, *y, *w;
  PetscReal        huber, wsum;
} LinkCtx;

/* The mean loss and its gradient; rho'(r) is r, or r clipped to [-huber, huber]. */
static PetscErrorCode LinkObjective(void *ctx, const PetscReal th[], PetscReal *f, PetscReal g[])
{
  LinkCtx  *c = (LinkCtx *) ctx;
  PetscInt  K = c->K;
  PetscReal b = th[K + 1];

  PetscFunctionBegin;
  *f = 0;
  for (PetscInt k = 0; k < K + 2; k++) g[k] = 0;
  for (PetscInt i = 0; i < c->m; i++) {
    const PetscReal *s = c->S + i * c->lds;
    PetscReal        z = th[0], sg, r, wi = c->w ? c->w[i] : 1, rho, dr, dz;
    if (wi == 0) continue;
    for (PetscInt k = 0; k < K; k++) z += th[1 + k] * s[k];
    sg = Sigmoid(z);
    r  = (1 - b) * sg + b - c->y[i];
    if (c->huber > 0 && PetscAbsReal(r) > c->huber) {
      rho = c->huber * (PetscAbsReal(r) - c->huber / 2), dr = r > 0 ? c->huber : -c->huber;
    } else
      rho = r * r / 2, dr = r;
    *f += wi * rho;
    dz = wi * dr * (1 - b) * sg * (1 - sg);
    g[0] += dz;
    for (PetscInt k = 0; k < K; k++) g[1 + k] += dz * s[k];
    g[K + 1] += wi * dr * (1 - sg);
  }
  *f /= c->wsum;
  for (PetscInt k = 0; k < K + 2; k++) g[k] /= c->wsum;
  PetscFunctionReturn(0);
}

/* Start 1: b just under the smallest y, and w from a least-squares line of logit((y - b) / (1 - b)). */
static PetscErrorCode LinkStart(const LinkCtx *c, PetscReal bmax, PetscReal th[])
{
  PetscInt   K = c->K, m = 0;
  PetscReal *A, *z, *w, ymin = PETSC_INFINITY, b;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < c->m; i++) ymin = PetscMin(ymin, c->y[i]);
  b = PetscMin(PetscMax(ymin - 0.01, 0), bmax);
  PetscCall(PetscMalloc3(c->m * (K + 1), &A, c->m, &z, c->m, &w));
  for (PetscInt i = 0; i < c->m; i++) {
    PetscReal u    = PetscMin(PetscMax((c->y[i] - b) / (1 - b), 0.02), 0.98);
    A[m * (K + 1)] = 1;
    for (PetscInt k = 0; k < K; k++) A[m * (K + 1) + 1 + k] = c->S[i * c->lds + k];
    z[m] = PetscLogReal(u / (1 - u)), w[m++] = c->w ? c->w[i] : 1;
  }
  PetscCall(SweepLeastSquares(m, K + 1, A, z, w, th, NULL));
  th[K + 1] = b;
  PetscCall(PetscFree3(A, z, w));
  PetscFunctionReturn(0);
}

/*@C
  SweepObsLinkFit - the bounded sigmoid link fitted with TAO from two starts (obsscale.h). Not collective.
@*/
PetscErrorCode SweepObsLinkFit(PetscInt m, PetscInt K, const PetscReal S[], PetscInt lds, const PetscReal y[],
                               const PetscReal w[], PetscReal huber, PetscReal bmax, PetscReal theta[], PetscReal *loss)
{
  LinkCtx    c = {0, K, K, NULL, NULL, NULL, huber, 0};
  PetscReal *Sk, *yk, *wk, lo[SWEEP_MAX_PARAMS], hi[SWEEP_MAX_PARAMS], th[2][SWEEP_MAX_PARAMS], f[2];

  PetscFunctionBegin;
  PetscCheck(K + 2 <= SWEEP_MAX_PARAMS, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "the link takes at most %d components", SWEEP_MAX_PARAMS - 2);
  PetscCall(PetscMalloc3(m * K + 1, &Sk, m + 1, &yk, m + 1, &wk));
  for (PetscInt i = 0; i < m; i++) { /* the usable points, packed */
    PetscBool ok = (PetscBool) (isfinite(y[i]) && (!w || w[i] > 0));
    for (PetscInt k = 0; k < K; k++) ok = (PetscBool) (ok && isfinite(S[i * lds + k]));
    if (!ok) continue;
    for (PetscInt k = 0; k < K; k++) Sk[c.m * K + k] = S[i * lds + k];
    yk[c.m] = y[i], wk[c.m] = w ? w[i] : 1, c.wsum += wk[c.m], c.m++;
  }
  PetscCheck(c.m >= K + 2, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "the sigmoid link needs at least %" PetscInt_FMT " models, got %" PetscInt_FMT, K + 2, c.m);
  c.S = Sk, c.y = yk, c.w = wk;
  for (PetscInt k = 0; k < K + 2; k++) lo[k] = PETSC_NINFINITY, hi[k] = PETSC_INFINITY;
  lo[K + 1] = 0, hi[K + 1] = bmax;
  PetscCall(LinkStart(&c, bmax, th[0]));
  th[1][0] = 0, th[1][K + 1] = 0;
  for (PetscInt k = 0; k < K; k++) th[1][1 + k] = 0.01;
  for (PetscInt s = 0; s < 2; s++) PetscCall(SweepMinimize(K + 2, LinkObjective, &c, lo, hi, th[s], &f[s], NULL));
  PetscCall(PetscArraycpy(theta, th[f[1] < f[0] ? 1 : 0], K + 2));
  if (loss) *loss = PetscMin(f[0], f[1]);
  PetscCall(PetscFree3(Sk, yk, wk));
  PetscFunctionReturn(0);
}

/*@C
  SweepObsSynthetic - a synthetic model-by-benchmark table with families and a low-rank latent
  structure (obsscale.h). Not collective.
@*/
PetscErrorCode SweepObsSynthetic(PetscInt n, PetscInt p, PetscInt nfam, PetscInt rank, PetscReal sigma, PetscInt seed,
                                 PetscInt family[], PetscReal logC[], PetscReal X[], PetscReal truth[], PetscReal eff[])
{
  PetscReal *g;

  PetscFunctionBegin;
  PetscCheck(n >= 2 && p >= 2 && nfam >= 1 && rank >= 1 && rank <= p, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "synthetic table: need n, p >= 2, nfam >= 1 and 1 <= rank <= p");
  PetscCall(PetscMalloc1(rank, &g));
  for (PetscInt f = 0; f < nfam; f++) eff[f] = f ? 0.6 * (SweepRandomUniform(seed, 0, f) - 0.5) : 0;
  for (PetscInt i = 0; i < n; i++) {
    PetscInt f = i % nfam;
    family[i]  = f;
    logC[i]    = 20 + 5 * SweepRandomUniform(seed, 1, i);
    g[0]       = (logC[i] + eff[f] - 22.5) / 1.25; /* the general capability: compute, times efficiency */
    for (PetscInt k = 1; k < rank; k++) g[k] = 0.7 * SweepRandomNormal(seed, 2, i * rank + k); /* specialisms */
    for (PetscInt j = 0; j < p; j++) {
      PetscReal z = -0.5 + SweepRandomUniform(seed, 3, p * rank + j), floor = j % 2 ? 0 : 0.25, t;
      z += (1 + 0.5 * SweepRandomUniform(seed, 3, j * rank)) * g[0];
      for (PetscInt k = 1; k < rank; k++) z += 0.6 * SweepRandomNormal(seed, 3, j * rank + k) * g[k];
      t = floor + (1 - floor) * Sigmoid(z);
      if (truth) truth[i * p + j] = t;
      X[i * p + j] = PetscMin(PetscMax(t + sigma * SweepRandomNormal(seed, 4, i * p + j), 0), 1);
    }
  }
  PetscCall(PetscFree(g));
  PetscFunctionReturn(0);
}
