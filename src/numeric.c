/* numeric.c: dense least squares and eigenproblems on LAPACK, a bounded TAO minimiser for small
   objectives, and the normal distribution (numeric.h). Matrices are row-major here and transposed
   into LAPACK's column-major order at the call. */
#include "numeric.h"
#include <math.h>
#include <petscblaslapack.h>
#include <petsctao.h>

PetscErrorCode SweepLeastSquares(PetscInt m, PetscInt n, const PetscReal A[], const PetscReal b[], const PetscReal w[],
                                 PetscReal x[], PetscInt *rank)
{
  PetscBLASInt M = 0, N, nrhs = 1, lda, ldb, lwork, r = 0, info;
  PetscReal   *a, *bb, *s, *work, rcond = -1, wq;
  PetscInt     k = 0;

  PetscFunctionBegin;
  PetscCall(PetscBLASIntCast(n, &N));
  PetscCall(PetscMalloc3(m * n + 1, &a, PetscMax(m, n) + 1, &bb, n + 1, &s));
  for (PetscInt i = 0; i < m; i++) { /* kept rows are compacted; column-major with leading dim m */
    PetscBool ok = (PetscBool) (isfinite(b[i]) && (!w || (isfinite(w[i]) && w[i] > 0)));
    for (PetscInt j = 0; j < n && ok; j++) ok = (PetscBool) isfinite(A[i * n + j]);
    if (ok) k++;
  }
  PetscCall(PetscBLASIntCast(k, &M));
  lda = PetscMax(M, 1), ldb = PetscMax(PetscMax(M, N), 1);
  for (PetscInt i = 0, row = 0; i < m; i++) {
    PetscBool ok = (PetscBool) (isfinite(b[i]) && (!w || (isfinite(w[i]) && w[i] > 0)));
    for (PetscInt j = 0; j < n && ok; j++) ok = (PetscBool) isfinite(A[i * n + j]);
    if (!ok) continue;
    wq = w ? PetscSqrtReal(w[i]) : 1;
    for (PetscInt j = 0; j < n; j++) a[j * lda + row] = wq * A[i * n + j];
    bb[row++] = wq * b[i];
  }
  for (PetscInt i = 0; i < n; i++) x[i] = NAN;
  if (rank) *rank = 0;
  if (!M) PetscFunctionReturn(0);
  lwork = 3 * PetscMin(M, N) + PetscMax(PetscMax(2 * PetscMin(M, N), PetscMax(M, N)), 1) + 64 * (M + N);
  PetscCall(PetscMalloc1(lwork, &work));
  PetscCallBLAS("LAPACKgelss", LAPACKgelss_(&M, &N, &nrhs, a, &lda, bb, &ldb, s, &rcond, &r, work, &lwork, &info));
  PetscCall(PetscFree(work));
  PetscCheck(info >= 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "LAPACK gelss: argument %d is invalid", (int) -info);
  if (!info)
    for (PetscInt i = 0; i < n; i++) x[i] = bb[i];
  if (rank) *rank = info ? 0 : r;
  PetscCall(PetscFree3(a, bb, s));
  PetscFunctionReturn(0);
}

PetscReal SweepPolyEval(PetscInt deg, const PetscReal c[], PetscReal t)
{
  PetscReal v = 0;
  for (PetscInt k = deg; k >= 0; k--) v = v * t + c[k];
  return v;
}

PetscErrorCode SweepPolyFit(PetscInt m, const PetscReal t[], const PetscReal y[], const PetscReal w[], PetscInt deg,
                            PetscReal c[])
{
  PetscReal *A, z[16], lo = PETSC_INFINITY, hi = -PETSC_INFINITY, mid, half;

  PetscFunctionBegin;
  PetscCheck(deg >= 0 && deg < 15, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "polynomial degree %" PetscInt_FMT, deg);
  for (PetscInt i = 0; i < m; i++)
    if (isfinite(t[i])) lo = PetscMin(lo, t[i]), hi = PetscMax(hi, t[i]);
  mid  = isfinite(lo) ? 0.5 * (lo + hi) : 0;
  half = isfinite(lo) && hi > lo ? 0.5 * (hi - lo) : 1;
  PetscCall(PetscMalloc1(m * (deg + 1) + 1, &A));
  for (PetscInt i = 0; i < m; i++) {
    PetscReal u = (t[i] - mid) / half, p = 1;
    for (PetscInt k = 0; k <= deg; k++, p *= u) A[i * (deg + 1) + k] = p;
  }
  PetscCall(SweepLeastSquares(m, deg + 1, A, y, w, z, NULL));
  PetscCall(PetscFree(A));
  /* back from u = (t - mid) / half to t: expand sum_k z_k ((t - mid) / half)^k */
  for (PetscInt k = 0; k <= deg; k++) c[k] = 0;
  for (PetscInt k = 0; k <= deg; k++) {
    PetscReal binom = 1, scale = z[k] / PetscPowRealInt(half, k);
    for (PetscInt j = 0; j <= k; j++) { /* (t - mid)^k = sum_j C(k, j) t^j (-mid)^(k - j) */
      c[j] += scale * binom * PetscPowRealInt(-mid, k - j);
      binom = binom * (k - j) / (j + 1);
    }
  }
  PetscFunctionReturn(0);
}

PetscErrorCode SweepSymEig(PetscInt n, const PetscReal S[], PetscReal lambda[], PetscReal V[])
{
  PetscBLASInt N, lwork, info;
  PetscReal   *a, *w, *work;

  PetscFunctionBegin;
  PetscCall(PetscBLASIntCast(n, &N));
  lwork = PetscMax(1, 66 * N);
  PetscCall(PetscMalloc3(n * n, &a, n, &w, lwork, &work));
  PetscCall(PetscArraycpy(a, S, n * n)); /* symmetric: row- and column-major agree */
  PetscCallBLAS("LAPACKsyev", LAPACKsyev_("V", "U", &N, a, &N, w, work, &lwork, &info));
  PetscCheck(!info, PETSC_COMM_SELF, PETSC_ERR_LIB, "LAPACK syev failed (info %d)", (int) info);
  for (PetscInt k = 0; k < n; k++) { /* ascending from LAPACK: reverse; column k of a is vector k */
    PetscInt from = n - 1 - k;
    lambda[k]     = w[from];
    for (PetscInt i = 0; i < n; i++) V[i * n + k] = a[from * n + i];
  }
  PetscCall(PetscFree3(a, w, work));
  PetscFunctionReturn(0);
}

typedef struct {
  PetscErrorCode (*f)(void *, const PetscReal[], PetscReal *, PetscReal[]);
  void                        *ctx;
  PetscInt                     n;
  PetscReal                    best, *xbest;
  const SweepMinimizeSettings *s;
  PetscReal                    hist[10]; /* the objective at the last 10 iterations, by iteration modulo 10 */
} MinCtx;

const SweepMinimizeSettings SweepMinimizeDefaults = {1e-12, 0, 0, 0, 2000, 10000};

/* TAO's own test, then the stall rule of the settings (numeric.h). */
static PetscErrorCode MinConverged(Tao tao, void *ctx)
{
  MinCtx            *m = (MinCtx *) ctx;
  PetscInt           its;
  PetscReal          f, gnorm, cnorm, xdiff;
  TaoConvergedReason reason;

  PetscFunctionBegin;
  PetscCall(TaoDefaultConvergenceTest(tao, NULL));
  if (m->s->stall <= 0) PetscFunctionReturn(0);
  PetscCall(TaoGetSolutionStatus(tao, &its, &f, &gnorm, &cnorm, &xdiff, &reason));
  if (reason == TAO_CONTINUE_ITERATING && its >= 10 && m->hist[its % 10] - f <= m->s->stall * PetscAbsReal(f))
    PetscCall(TaoSetConvergedReason(tao, TAO_CONVERGED_USER));
  m->hist[its % 10] = f;
  PetscFunctionReturn(0);
}

static PetscErrorCode MinObjective(Tao tao, Vec X, PetscReal *f, Vec G, void *ctx)
{
  MinCtx            *m = (MinCtx *) ctx;
  const PetscScalar *x;
  PetscScalar       *g;

  PetscFunctionBegin;
  PetscCall(VecGetArrayRead(X, &x));
  PetscCall(VecGetArray(G, &g));
  PetscCall(m->f(m->ctx, x, f, g));
  if (isfinite(*f) && *f < m->best) {
    m->best = *f;
    PetscCall(PetscArraycpy(m->xbest, x, m->n));
  }
  PetscCall(VecRestoreArray(G, &g));
  PetscCall(VecRestoreArrayRead(X, &x));
  PetscFunctionReturn(0);
}

PetscErrorCode SweepMinimize(PetscInt n, PetscErrorCode (*f)(void *, const PetscReal[], PetscReal *, PetscReal[]),
                             void *ctx, const PetscReal lo[], const PetscReal hi[], PetscReal x[], PetscReal *fx,
                             PetscInt *reason)
{
  PetscFunctionBegin;
  PetscCall(SweepMinimizeWith(&SweepMinimizeDefaults, n, f, ctx, lo, hi, x, fx, reason));
  PetscFunctionReturn(0);
}

/*@C
  SweepMinimizeWith - SweepMinimize with a stopping rule of the caller's (numeric.h). Not collective.
@*/
PetscErrorCode SweepMinimizeWith(const SweepMinimizeSettings *s, PetscInt                                        n,
                                 PetscErrorCode (*f)(void *, const PetscReal[], PetscReal *, PetscReal[]), void *ctx,
                                 const PetscReal lo[], const PetscReal hi[], PetscReal x[], PetscReal *fx,
                                 PetscInt *reason)
{
  MinCtx             m = {f, ctx, n, PETSC_INFINITY, NULL, s, {0}};
  Tao                tao;
  Vec                X, XL, XU;
  PetscScalar       *a;
  TaoConvergedReason why = TAO_CONTINUE_ITERATING;
  PetscErrorCode     ierr;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(n, &m.xbest));
  PetscCall(PetscArraycpy(m.xbest, x, n));
  PetscCall(VecCreateSeq(PETSC_COMM_SELF, n, &X));
  PetscCall(VecDuplicate(X, &XL));
  PetscCall(VecDuplicate(X, &XU));
  PetscCall(VecGetArray(X, &a));
  for (PetscInt i = 0; i < n; i++)
    a[i] = PetscMin(PetscMax(x[i], lo ? lo[i] : PETSC_NINFINITY), hi ? hi[i] : PETSC_INFINITY);
  PetscCall(VecRestoreArray(X, &a));
  PetscCall(VecGetArray(XL, &a));
  for (PetscInt i = 0; i < n; i++) a[i] = lo ? lo[i] : PETSC_NINFINITY;
  PetscCall(VecRestoreArray(XL, &a));
  PetscCall(VecGetArray(XU, &a));
  for (PetscInt i = 0; i < n; i++) a[i] = hi ? hi[i] : PETSC_INFINITY;
  PetscCall(VecRestoreArray(XU, &a));
  PetscCall(TaoCreate(PETSC_COMM_SELF, &tao));
  PetscCall(TaoSetType(tao, TAOBLMVM));
  PetscCall(TaoSetSolution(tao, X));
  PetscCall(TaoSetVariableBounds(tao, XL, XU));
  PetscCall(TaoSetObjectiveAndGradient(tao, NULL, MinObjective, &m));
  PetscCall(TaoSetConvergenceTest(tao, MinConverged, &m));
  PetscCall(TaoSetTolerances(tao, s->gatol, s->grtol, s->gttol));
  PetscCall(TaoSetMaximumIterations(tao, s->maxit));
  PetscCall(TaoSetMaximumFunctionEvaluations(tao, s->maxfev));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = TaoSolve(tao);
  PetscCall(PetscPopErrorHandler());
  /* TAO stops with PETSC_ERR_USER where f or its gradient is not finite: keep the best point seen */
  PetscCheck(!ierr || ierr == PETSC_ERR_USER, PETSC_COMM_SELF, ierr, "the minimisation failed");
  if (!ierr) PetscCall(TaoGetConvergedReason(tao, &why));
  PetscCall(PetscArraycpy(x, m.xbest, n));
  *fx = m.best;
  if (reason) *reason = ierr ? (PetscInt) TAO_DIVERGED_NAN : (PetscInt) why;
  PetscCall(TaoDestroy(&tao));
  PetscCall(VecDestroy(&X));
  PetscCall(VecDestroy(&XL));
  PetscCall(VecDestroy(&XU));
  PetscCall(PetscFree(m.xbest));
  PetscFunctionReturn(0);
}

PetscErrorCode SweepGradientFD(PetscInt n, PetscErrorCode (*fval)(void *, const PetscReal[], PetscReal *), void *ctx,
                               const PetscReal x[], PetscReal h, PetscReal g[])
{
  PetscReal xs[64], fp, fm;

  PetscFunctionBegin;
  PetscCheck(n <= 64, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "at most 64 variables");
  PetscCall(PetscArraycpy(xs, x, n));
  for (PetscInt i = 0; i < n; i++) {
    PetscReal d = h * PetscMax(1.0, PetscAbsReal(x[i]));
    xs[i]       = x[i] + d;
    PetscCall(fval(ctx, xs, &fp));
    xs[i] = x[i] - d;
    PetscCall(fval(ctx, xs, &fm));
    xs[i] = x[i];
    g[i]  = (fp - fm) / (2 * d);
  }
  PetscFunctionReturn(0);
}

PetscReal SweepNormalCDF(PetscReal z)
{
  return 0.5 * erfc(-z / PETSC_SQRT2);
}

/* Acklam's rational approximation (|rel. error| < 1.2e-9), then one Halley step on erfc. */
PetscReal SweepNormalQuantile(PetscReal p)
{
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  double              q, r, x;

  if (!(p > 0 && p < 1)) return p == 0 ? -INFINITY : p == 1 ? INFINITY : NAN;
  if (p < 0.02425) {
    q = sqrt(-2 * log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p > 1 - 0.02425) {
    q = sqrt(-2 * log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else {
    q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  { /* Halley refinement */
    double e = 0.5 * erfc(-x / sqrt(2)) - p, u = e * sqrt(2 * PETSC_PI) * exp(x * x / 2);
    x = x - u / (1 + x * u / 2);
  }
  return x;
}
