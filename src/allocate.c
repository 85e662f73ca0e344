/* allocate.c: the constrained split of a budget (allocate.h). The search variable is x = log N; the
   budget fixes D(x) = (C - 2 e^x D_inf) / (6 e^x), so every constraint is a bound on x:
   D <= U gives N >= C / (6 U + 2 D_inf), N <= N_max an upper bound, D > 0 gives N < C / (2 D_inf).
   The loss along that line is minimised by a scan (which finds the best basin wherever it is) and a
   TAO BLMVM refinement inside the scan's bracket; its derivative in x is the law's, by central
   differences in log N and log D, chained through dlog D/dx. */
#include "allocate.h"
#include <math.h>
#include <petsctao.h>

#define SWEEP_ALLOC_HALFWIDTH 14.0 /* log N searched within +-14 of log sqrt(C/6): tokens per parameter e^+-28 */
#define SWEEP_ALLOC_SCAN 113       /* scan points over the bounds: a step of 0.25 in log N */
#define SWEEP_FD_STEP 1e-5         /* central differences in log N and log D */

/*@C
  SweepConstraintsActive - whether any constraint is set. Not collective.
@*/
PetscBool SweepConstraintsActive(const SweepConstraints *k)
{
  return (PetscBool) (k->unique_tokens > 0 || k->max_params > 0 || k->inference_tokens > 0);
}

typedef struct {
  PetscErrorCode (*f)(void *, PetscReal, PetscReal *, PetscReal *);
  void *ctx;
} Min1D;

static PetscErrorCode Min1DObjective(Tao tao, Vec X, PetscReal *f, Vec G, void *ctx)
{
  Min1D             *m = (Min1D *) ctx;
  const PetscScalar *x;
  PetscScalar       *g;
  PetscReal          d;

  PetscFunctionBegin;
  PetscCall(VecGetArrayRead(X, &x));
  PetscCall(m->f(m->ctx, PetscRealPart(x[0]), f, &d));
  PetscCall(VecRestoreArrayRead(X, &x));
  PetscCall(VecGetArray(G, &g));
  g[0] = d;
  PetscCall(VecRestoreArray(G, &g));
  PetscFunctionReturn(0);
}

/*@C
  SweepMinimize1D - minimises f over [lo, hi]: f at nscan points spread evenly (the best basin),
  then TAO's bound-constrained BLMVM between the best point's neighbours, with f's own derivative.
  *x is NaN when f is not finite at any scan point. TAO's options are not read: the result does
  not depend on -tao_* options. Not collective.
@*/
PetscErrorCode SweepMinimize1D(PetscErrorCode (*f)(void *, PetscReal, PetscReal *, PetscReal *), void *ctx,
                               PetscReal lo, PetscReal hi, PetscInt nscan, PetscReal *x, PetscReal *fx)
{
  Min1D          m    = {f, ctx};
  PetscReal      best = PETSC_INFINITY, xb = NAN, step = nscan > 1 ? (hi - lo) / (nscan - 1) : 0, v, ft;
  Tao            tao;
  Vec            X, XL, XU;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < nscan; i++) {
    PetscReal xi = i == nscan - 1 ? hi : lo + i * step;
    PetscCall(f(ctx, xi, &v, NULL));
    if (isfinite(v) && v < best) best = v, xb = xi;
  }
  *x = xb, *fx = best;
  if (!isfinite(best) || !(hi > lo)) PetscFunctionReturn(0);
  PetscCall(VecCreateSeq(PETSC_COMM_SELF, 1, &X));
  PetscCall(VecDuplicate(X, &XL));
  PetscCall(VecDuplicate(X, &XU));
  PetscCall(VecSet(X, xb));
  PetscCall(VecSet(XL, PetscMax(lo, xb - step)));
  PetscCall(VecSet(XU, PetscMin(hi, xb + step)));
  PetscCall(TaoCreate(PETSC_COMM_SELF, &tao));
  PetscCall(TaoSetType(tao, TAOBLMVM));
  PetscCall(TaoSetSolution(tao, X));
  PetscCall(TaoSetVariableBounds(tao, XL, XU));
  PetscCall(TaoSetObjectiveAndGradient(tao, NULL, Min1DObjective, &m));
  PetscCall(TaoSetTolerances(tao, 1e-10, 0, 0)); /* central differences are good to ~1e-11 */
  PetscCall(TaoSetMaximumIterations(tao, 50));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = TaoSolve(tao);
  PetscCall(PetscPopErrorHandler());
  /* TAO stops with PETSC_ERR_USER where f or its derivative is not finite: keep the scan's point */
  PetscCheck(!ierr || ierr == PETSC_ERR_USER, PETSC_COMM_SELF, ierr, "the 1-D minimisation failed");
  {
    const PetscScalar *s;
    PetscCall(VecGetArrayRead(X, &s));
    v = PetscRealPart(s[0]);
    PetscCall(VecRestoreArrayRead(X, &s));
  }
  PetscCall(f(ctx, v, &ft, NULL));
  if (isfinite(ft) && ft <= best) *x = v, *fx = ft; /* else keep the scan's point */
  PetscCall(TaoDestroy(&tao));
  PetscCall(VecDestroy(&X));
  PetscCall(VecDestroy(&XL));
  PetscCall(VecDestroy(&XU));
  PetscFunctionReturn(0);
}

typedef struct {
  SweepLaw         law;
  const PetscReal *p;
  PetscReal        C, Dinf;
} Line;

static PetscErrorCode LogLoss(const Line *l, PetscReal logN, PetscReal logD, PetscReal *out)
{
  PetscFunctionBegin;
  PetscCall(l->law->logpred(l->law, l->p, 1, &logN, &logD, out, NULL));
  PetscFunctionReturn(0);
}

/* log D on the budget line at x = log N; -inf where the budget leaves nothing for training. */
static PetscReal LineLogD(const Line *l, PetscReal x, PetscReal *dlogD)
{
  PetscReal inf = 2 * exp(x) * l->Dinf, rest = l->C - inf;
  if (dlogD) *dlogD = -inf / rest - 1;
  return rest > 0 ? log(rest / 6.0) - x : -PETSC_INFINITY;
}

static PetscErrorCode LineLoss(void *ctx, PetscReal x, PetscReal *f, PetscReal *df)
{
  const Line *l = (const Line *) ctx;
  PetscReal   dlogD, logD = LineLogD(l, x, &dlogD), h = SWEEP_FD_STEP, a, b, c, d;

  PetscFunctionBegin;
  if (!isfinite(logD)) {
    *f = PETSC_INFINITY;
    if (df) *df = 0;
    PetscFunctionReturn(0);
  }
  PetscCall(LogLoss(l, x, logD, f));
  if (df) {
    PetscCall(LogLoss(l, x + h, logD, &a));
    PetscCall(LogLoss(l, x - h, logD, &b));
    PetscCall(LogLoss(l, x, logD + h, &c));
    PetscCall(LogLoss(l, x, logD - h, &d));
    *df = (a - b) / (2 * h) + (c - d) / (2 * h) * dlogD;
  }
  PetscFunctionReturn(0);
}

/* A law whose loss depends on 6 N D alone: the most training compute wins, so the smallest N the
   constraints allow; with nothing bounding N from below every small enough N is optimal (NaN). */
static PetscErrorCode AllocateFlat(const Line *l, const SweepConstraints *k, PetscReal *N, PetscReal *D, PetscReal *L)
{
  PetscReal U = k->unique_tokens, Nmin = U > 0 ? l->C / (6 * U + 2 * l->Dinf) : 0, out;

  PetscFunctionBegin;
  *N = *D = *L = NAN;
  if (k->max_params > 0 && Nmin > k->max_params) PetscFunctionReturn(0); /* infeasible */
  if (l->Dinf > 0 && U > 0) {
    *N = Nmin, *D = U;
    PetscCall(LogLoss(l, log(*N), log(*D), &out));
  } else /* any split of the training compute (all of C in the limit N -> 0 when D_inf > 0) */
    PetscCall(LogLoss(l, 0.0, log(l->C / 6.0), &out));
  *L = exp(out);
  PetscFunctionReturn(0);
}

/*@C
  SweepAllocate - the split of budget C (FLOPs: training 6 N D plus inference 2 N D_inf) that
  minimises the law's loss under the constraints k; N, D and L are NaN where no split is feasible,
  and N and D are NaN where the law leaves the split undetermined (a flat law with nothing that
  bounds N from below) or the loss keeps falling to the edge of the search (no interior optimum).
  For a law that models repetition the unique-token cap sets its data pool instead of bounding D.
  Not collective.
@*/
PetscErrorCode SweepAllocate(SweepLaw law, const PetscReal p[], PetscReal C, const SweepConstraints *k, PetscReal *N,
                             PetscReal *D, PetscReal *L)
{
  Line      l     = {law, p, C, PetscMax(0.0, k->inference_tokens)};
  PetscReal saved = law->logU_plan, x0 = 0.5 * log(C / 6.0), lo = x0 - SWEEP_ALLOC_HALFWIDTH,
            hi = x0 + SWEEP_ALLOC_HALFWIDTH, x, f, q[SWEEP_MAX_PARAMS];
  PetscBool ok = PETSC_FALSE, lo_hard = PETSC_FALSE, hi_hard = PETSC_FALSE;

  PetscFunctionBegin;
  *N = *D = *L = NAN;
  if (!(C > 0)) PetscFunctionReturn(0);
  for (PetscInt j = 0; j < law->np; j++)
    if (!isfinite(p[j])) PetscFunctionReturn(0); /* a failed fit */
  if (law->flat) {
    PetscCall(AllocateFlat(&l, k, N, D, L));
    PetscFunctionReturn(0);
  }
  if (!SweepConstraintsActive(k) && law->optimum) {
    law->to_natural(p, q);
    PetscCall(law->optimum(q, C, N, D, &ok));
    if (ok) PetscCall(SweepLawLoss(law, p, *N, *D, L));
    if (ok) PetscFunctionReturn(0);
    *N = *D = *L = NAN;
  }
  if (law->repeats)
    law->logU_plan = k->unique_tokens > 0 ? log(k->unique_tokens) : PETSC_INFINITY;
  else if (k->unique_tokens > 0 && log(C / (6 * k->unique_tokens + 2 * l.Dinf)) > lo)
    lo = log(C / (6 * k->unique_tokens + 2 * l.Dinf)), lo_hard = PETSC_TRUE;
  if (k->max_params > 0 && log(k->max_params) < hi) hi = log(k->max_params), hi_hard = PETSC_TRUE;
  if (l.Dinf > 0 && log(C / (2 * l.Dinf)) - 1e-9 < hi) hi = log(C / (2 * l.Dinf)) - 1e-9, hi_hard = PETSC_TRUE;
  if (lo <= hi) PetscCall(SweepMinimize1D(LineLoss, &l, lo, hi, SWEEP_ALLOC_SCAN, &x, &f));
  law->logU_plan = saved;
  if (lo > hi || !isfinite(f)) PetscFunctionReturn(0);
  *L = exp(f);
  /* at an edge of the search that no constraint put there, the loss was still falling */
  if ((!lo_hard && x - lo < 1e-6) || (!hi_hard && hi - x < 1e-6)) PetscFunctionReturn(0);
  *N = exp(x), *D = exp(LineLogD(&l, x, NULL));
  PetscFunctionReturn(0);
}

/*@C
  SweepAllocateTarget - the smallest budget C (training plus inference FLOPs) whose constrained
  optimum (SweepAllocate) reaches loss target, and its split: Sardana et al.'s question "what is
  the cheapest model of this quality to train and serve". C0 is a budget whose optimum does not
  reach below target (the search starts there and doubles). NaN when no budget below 1e60 reaches
  it. Not collective.
@*/
PetscErrorCode SweepAllocateTarget(SweepLaw law, const PetscReal p[], PetscReal target, PetscReal C0,
                                   const SweepConstraints *k, PetscReal *N, PetscReal *D, PetscReal *C)
{
  PetscReal a = log(C0), b = a, fa, fb = 0, L, n, d;
  PetscInt  side = 0;

  PetscFunctionBegin;
  *N = *D = *C = NAN;
  PetscCall(SweepAllocate(law, p, C0, k, &n, &d, &L));
  if (!isfinite(L)) PetscFunctionReturn(0);
  fa = log(L / target);
  if (fa < 0) PetscFunctionReturn(0); /* C0 already does better than the target */
  for (b = a + 1; b < log(1e60); b += 1) {
    PetscCall(SweepAllocate(law, p, exp(b), k, &n, &d, &L));
    if (isfinite(L) && (fb = log(L / target)) <= 0) break;
    if (isfinite(L)) a = b, fa = fb;
  }
  if (!(b < log(1e60))) PetscFunctionReturn(0);
  /* Illinois regula falsi on log L(C) - log target in log C: the optimal loss falls with C */
  for (PetscInt it = 0; it < 100 && b - a > 1e-13 * PetscAbsReal(b); it++) {
    PetscReal c = fa != fb ? b - fb * (b - a) / (fb - fa) : 0.5 * (a + b), fc;
    if (!(c > a && c < b)) c = 0.5 * (a + b);
    PetscCall(SweepAllocate(law, p, exp(c), k, &n, &d, &L));
    fc = log(L / target);
    if (!isfinite(fc)) break;
    if (fc > 0) {
      a = c, fa = fc;
      if (side == -1) fb *= 0.5;
      side = -1;
    } else {
      b = c, fb = fc;
      if (side == 1) fa *= 0.5;
      side = 1;
    }
    if (PetscAbsReal(fc) < 1e-13) break; /* the loss to 13 digits */
  }
  *C = exp(b);
  PetscCall(SweepAllocate(law, p, *C, k, N, D, &L));
  PetscFunctionReturn(0);
}
