/* infotheory.c: the numerics of the information-theoretic scaling model (infotheory.h). The BP
   threshold is a bisection on the existence of a density-evolution fixed point, the fixed point
   search a scan of f on one fixed grid of (0, 1] refined by golden-section search: deterministic,
   no allocation, so the kind's items give the same bits on every rank. */
#include "infotheory.h"
#include "numeric.h"
#include <math.h>
#include <petsctao.h>

/* The scan grid of (xmin, 1]. For xmin = 0 (the textbook definition), log-spaced points from 1e-5 to
   XSPLIT (fixed points next to 0 are narrow there) and uniform ones above; for xmin > 0, uniform. */
#define NLOG 40
#define NLIN 200
#define NGRID (NLOG + NLIN)
#define XTINY 1e-5
#define XSPLIT 0.02
#define GOLDEN_ITS 24

static PetscReal GridX(const SweepITEnsemble *e, PetscInt i)
{
  if (e->xmin > 0) return e->xmin + (1 - e->xmin) * (PetscReal) i / (NGRID - 1);
  if (i < NLOG) return XTINY * pow(XSPLIT / XTINY, (PetscReal) i / NLOG);
  return XSPLIT + (1 - XSPLIT) * (PetscReal) (i - NLOG) / (NLIN - 1);
}

PetscReal SweepITEdgePoly(const SweepITDegree *d, PetscReal x, PetscReal *deriv)
{
  PetscReal v = 0, dv = 0;

  switch (d->type) {
  case SWEEP_IT_BINOMIAL: {
    PetscReal p = PetscMin(d->mean / d->n, 1);
    if (p >= 1) { /* every trial succeeds: a regular degree n */
      v = pow(x, d->n - 1), dv = (d->n - 1) * pow(x, d->n - 2);
    } else { /* (1 - p + p x)^(n - 1) for n ~ 1e6 trials: through log1p, which keeps p (x - 1) exact */
      PetscReal lb = log1p(p * (x - 1));
      v = exp((d->n - 1) * lb), dv = deriv ? (d->n - 1) * p * exp((d->n - 2) * lb) : 0;
    }
  } break;
  case SWEEP_IT_POISSON:
    v = exp(d->mean * (x - 1)), dv = d->mean * v;
    break;
  default: /* SWEEP_IT_REGULAR */
    v = pow(x, d->mean - 1), dv = (d->mean - 1) * pow(x, d->mean - 2);
    break;
  }
  if (deriv) *deriv = dv;
  return v;
}

PetscReal SweepITMeanDegree(const SweepITDegree *d)
{
  if (d->type == SWEEP_IT_BINOMIAL) return d->n * PetscMin(d->mean / d->n, 1);
  return d->mean;
}

/* g(x) = lambda(1 - rho(1 - x)): one round of density evolution at eps = 1. */
static PetscReal Round(const SweepITEnsemble *e, PetscReal x)
{
  return SweepITEdgePoly(&e->var, 1 - SweepITEdgePoly(&e->chk, 1 - x, NULL), NULL);
}

PetscReal SweepITResidual(const SweepITEnsemble *e, PetscReal eps, PetscReal x)
{
  return x - eps * Round(e, x);
}

/* The slope eps lambda'(0) rho'(1) of eps g at 0: above 1, f < 0 right of 0 (a fixed point next to 0). */
static PetscReal StabilityProduct(const SweepITEnsemble *e)
{
  PetscReal dl, dr;

  (void) SweepITEdgePoly(&e->var, 0, &dl);
  (void) SweepITEdgePoly(&e->chk, 1, &dr);
  return dl * dr;
}

typedef PetscReal (*ScalarFn)(const SweepITEnsemble *, PetscReal, PetscReal);

static PetscReal RatioFn(const SweepITEnsemble *e, PetscReal unused, PetscReal x)
{
  return x / Round(e, x);
}

/* f(x) / x: the same sign as f on (0, 1], but not squeezed to 0 next to 0, where f itself is tiny and
   positive and would hide a touching root elsewhere from a search for its smallest value. */
static PetscReal ScaledResidual(const SweepITEnsemble *e, PetscReal eps, PetscReal x)
{
  return 1 - eps * Round(e, x) / x;
}

/* Golden-section search for the smallest value of fn(e, eps, .) on [a, b]; returns the point. */
static PetscReal Golden(ScalarFn fn, const SweepITEnsemble *e, PetscReal eps, PetscReal a, PetscReal b, PetscReal *fmin)
{
  const PetscReal r = 0.5 * (sqrt(5.0) - 1);
  PetscReal       c = b - r * (b - a), d = a + r * (b - a), fc = fn(e, eps, c), fd = fn(e, eps, d);

  for (PetscInt it = 0; it < GOLDEN_ITS; it++) {
    if (fc < fd)
      b = d, d = c, fd = fc, c = b - r * (b - a), fc = fn(e, eps, c);
    else
      a = c, c = d, fc = fd, d = a + r * (b - a), fd = fn(e, eps, d);
  }
  *fmin = PetscMin(fc, fd);
  return fc < fd ? c : d;
}

/* The grid point with the smallest v[i] and the bracket of its neighbours. */
static PetscInt ArgMin(const SweepITEnsemble *e, const PetscReal v[], PetscReal *a, PetscReal *b)
{
  PetscInt k = 0;

  for (PetscInt i = 1; i < NGRID; i++)
    if (v[i] < v[k]) k = i;
  *a = k ? GridX(e, k - 1) : (e->xmin > 0 ? e->xmin : 0.5 * GridX(e, 0));
  *b = GridX(e, PetscMin(k + 1, NGRID - 1));
  return k;
}

/* Root of f in (0, 1] at eps, from q[] = g(x_i) / x_i on the grid. The golden-section search ends
   with a bracket 0.618^24 ~ 1e-5 of a grid step wide: near a touching root f / x is quadratic, so the
   smallest value is found to ~1e-14. */
static PetscBool HasRoot(const SweepITEnsemble *e, PetscReal eps, PetscReal stab, const PetscReal q[])
{
  PetscReal f[NGRID], a, b, fmin;

  if (e->xmin <= 0 && eps * stab > 1) return PETSC_TRUE;
  for (PetscInt i = 0; i < NGRID; i++) f[i] = 1 - eps * q[i];
  if (f[ArgMin(e, f, &a, &b)] <= 0) return PETSC_TRUE;
  (void) Golden(ScaledResidual, e, eps, a, b, &fmin);
  return (PetscBool) (fmin <= 0);
}

PetscErrorCode SweepITHasFixedPoint(const SweepITEnsemble *e, PetscReal eps, PetscBool *has)
{
  PetscReal g[NGRID];

  PetscFunctionBegin;
  for (PetscInt i = 0; i < NGRID; i++) g[i] = Round(e, GridX(e, i)) / GridX(e, i);
  *has = HasRoot(e, eps, StabilityProduct(e), g);
  PetscFunctionReturn(0);
}

/*@C
  SweepITThreshold - the BP threshold by bisection, and the critical point. Not collective.
@*/
PetscErrorCode SweepITThreshold(const SweepITEnsemble *e, PetscReal *eps_bp, PetscReal *x_bp)
{
  PetscReal g[NGRID], h[NGRID], stab = StabilityProduct(e), lo = 0, hi = 1, a, b, hmin, x;
  PetscInt  k;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < NGRID; i++) g[i] = Round(e, GridX(e, i)) / GridX(e, i), h[i] = 1 / g[i];
  if (!HasRoot(e, 1, stab, g)) lo = 1;
  for (PetscInt it = 0; it < 60 && hi - lo > 1e-15; it++) {
    PetscReal mid = 0.5 * (lo + hi);
    if (HasRoot(e, mid, stab, g))
      hi = mid;
    else
      lo = mid;
  }
  *eps_bp = lo == 1 ? 1 : 0.5 * (lo + hi);
  if (!x_bp) PetscFunctionReturn(0);
  /* the tangency point minimises x / g(x); none when the minimum is the limit at 0 (stability) */
  k     = ArgMin(e, h, &a, &b);
  x     = Golden(RatioFn, e, 0, a, b, &hmin);
  *x_bp = (k == 0 || *eps_bp >= 1 || (e->xmin <= 0 && stab > 0 && hmin * stab >= 1 - 1e-9)) ? 0 : x;
  PetscFunctionReturn(0);
}

/*@C
  SweepITScalingAlpha - alpha of the finite-length scaling law on the BEC (Amraoui et al. 2009). Not collective.
@*/
PetscReal SweepITScalingAlpha(const SweepITEnsemble *e, PetscReal eps, PetscReal x)
{
  PetscReal xb = 1 - x, dr, dr2, r, r2, y, lam, lam2, dlam2, Lp, t1, t2;

  if (!(x > 0)) return NAN;
  r    = SweepITEdgePoly(&e->chk, xb, &dr);
  r2   = SweepITEdgePoly(&e->chk, xb * xb, &dr2);
  y    = 1 - r;
  lam  = SweepITEdgePoly(&e->var, y, NULL);
  lam2 = SweepITEdgePoly(&e->var, y * y, &dlam2);
  Lp   = SweepITMeanDegree(&e->var);
  t1   = (r * r - r2 + dr * (1 - 2 * x * r) - xb * xb * dr2) / (Lp * lam * lam * dr * dr);
  t2   = eps * eps * (lam * lam - lam2 - y * y * dlam2) / (Lp * lam * lam);
  return t1 + t2 >= 0 ? sqrt(t1 + t2) : NAN;
}

PetscReal SweepITBlockError(PetscReal n, PetscReal eps_bp, PetscReal eps, PetscReal alpha)
{
  if (!(alpha > 0)) return eps < eps_bp ? 0 : (eps > eps_bp ? 1 : 0.5);
  return SweepNormalCDF(-sqrt(n) * (eps_bp - eps) / alpha);
}

PetscErrorCode SweepITModelEnsemble(const SweepITModel *m, PetscReal s, PetscReal t, SweepITEnsemble *e)
{
  PetscFunctionBegin;
  PetscCheck(s >= 1 && t >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "infotheory: %g skills and %g texts (need at least 1 of each)", (double) s, (double) t);
  e->var.type = e->chk.type = m->type;
  e->xmin                   = m->xmin;
  e->var.n = t, e->var.mean = m->text_degree * t / s;                   /* a skill's texts: Bin(t, d_s / t) */
  e->chk.n = s / m->erasure, e->chk.mean = m->text_degree / m->erasure; /* a text's concepts */
  PetscFunctionReturn(0);
}

/*@C
  SweepITEvaluate - threshold, block error and skills learned at (N, D). Not collective.
@*/
PetscErrorCode SweepITEvaluate(const SweepITModel *m, PetscReal N, PetscReal D, SweepITPoint *pt)
{
  SweepITEnsemble e = {{SWEEP_IT_BINOMIAL, 0, 0}, {SWEEP_IT_BINOMIAL, 0, 0}, 0};

  PetscFunctionBegin;
  pt->N = N, pt->D = D, pt->s = N / m->param_per_skill, pt->t = D / m->tokens_per_text;
  PetscCall(SweepITModelEnsemble(m, pt->s, pt->t, &e));
  pt->skill_degree = SweepITMeanDegree(&e.var);
  PetscCall(SweepITThreshold(&e, &pt->eps_bp, &pt->x_bp));
  pt->alpha   = m->alpha > 0 ? m->alpha : SweepITScalingAlpha(&e, pt->eps_bp, pt->x_bp);
  pt->pb      = SweepITBlockError(pt->s / m->erasure, pt->eps_bp, m->erasure, pt->alpha);
  pt->learned = pt->s * (1 - pt->pb);
  PetscFunctionReturn(0);
}

typedef struct {
  const SweepITModel *m;
  PetscReal           K, scale; /* s t; skills learned at the best scan point */
} OptCtx;

/* The point at log skill degree u on the budget's curve s t = K. */
static PetscErrorCode AtDegree(const OptCtx *o, PetscReal u, SweepITPoint *pt)
{
  PetscReal s = sqrt(o->m->text_degree * o->K / exp(u));

  PetscFunctionBegin;
  PetscCall(SweepITEvaluate(o->m, s * o->m->param_per_skill, o->K / s * o->m->tokens_per_text, pt));
  PetscFunctionReturn(0);
}

static PetscErrorCode NegLearned(void *ctx, const PetscReal u[], PetscReal *f)
{
  OptCtx      *o = (OptCtx *) ctx;
  SweepITPoint pt;

  PetscFunctionBegin;
  PetscCall(AtDegree(o, u[0], &pt));
  *f = -pt.learned / o->scale;
  PetscFunctionReturn(0);
}

/* -skills learned and its central-difference derivative in u (the objective is one smooth
   variable, an analytic derivative is not worth its code). */
static PetscErrorCode NegLearnedGrad(void *ctx, const PetscReal u[], PetscReal *f, PetscReal g[])
{
  PetscFunctionBegin;
  PetscCall(NegLearned(ctx, u, f));
  PetscCall(SweepGradientFD(1, NegLearned, ctx, u, 1e-5, g));
  PetscFunctionReturn(0);
}

/* TAO (BLMVM) on log d_s in [lo, hi] from *u. The objective carries the bisection's noise (~1e-8
   relative in a central difference), so an absolute gradient tolerance is out of reach and the
   solve would run to its evaluation limit; here the gradient only has to fall 1e-6 times, within
   50 iterations. */
static PetscErrorCode Refine(OptCtx *o, PetscReal lo, PetscReal hi, PetscReal *u, PetscInt *reason)
{
  SweepMinimizeSettings st = {0, 0, 1e-6, 0, 50, 200};
  PetscReal             f;

  PetscFunctionBegin;
  PetscCall(SweepMinimizeWith(&st, 1, NegLearnedGrad, o, &lo, &hi, u, &f, reason));
  PetscFunctionReturn(0);
}

/*@C
  SweepITOptimum - the compute-optimal (N, D) at budget C: scan, then TAO. Not collective.
@*/
PetscErrorCode SweepITOptimum(const SweepITModel *m, PetscReal C, PetscReal dlo, PetscReal dhi, PetscInt nscan,
                              SweepITPoint *pt, PetscInt *reason)
{
  OptCtx       o = {m, C / (6 * m->param_per_skill * m->tokens_per_text), 1};
  SweepITPoint cur;
  PetscInt     best  = -1;
  PetscReal    ubest = 0, lo, hi, u;

  PetscFunctionBegin;
  PetscCheck(nscan >= 3 && dlo > 0 && dhi > dlo, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "infotheory: scan of %" PetscInt_FMT " skill degrees in [%g, %g]", nscan, (double) dlo, (double) dhi);
  *reason = 0;
  for (PetscInt i = 0; i < nscan; i++) {
    PetscReal ui = log(dlo) + (log(dhi) - log(dlo)) * i / (nscan - 1), s = sqrt(m->text_degree * o.K / exp(ui));
    if (s < 2 || o.K / s < 2) continue; /* the graph needs at least two nodes on each side */
    PetscCall(AtDegree(&o, ui, &cur));
    if (best < 0 || cur.learned > pt->learned) best = i, ubest = ui, *pt = cur;
  }
  PetscCheck(best >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "infotheory: budget %g FLOP leaves fewer than 2 skills or texts at every scanned degree", (double) C);
  if (!(pt->learned > 0)) PetscFunctionReturn(0); /* nothing learned anywhere: keep the scan point */
  /* TAO between the neighbours: the optimum sits where P_B turns up, smooth in log d_s */
  o.scale = pt->learned;
  lo      = ubest - (log(dhi) - log(dlo)) / (nscan - 1);
  hi      = ubest + (log(dhi) - log(dlo)) / (nscan - 1);
  u       = ubest;
  PetscCall(Refine(&o, lo, hi, &u, reason));
  PetscCall(AtDegree(&o, u, &cur));
  if (cur.learned > pt->learned)
    *pt = cur;
  else
    *reason = 0;
  PetscFunctionReturn(0);
}

/*@C
  SweepITGiant - the giant-component fraction at mean degree k, by Newton's method. Not collective.
@*/
PetscErrorCode SweepITGiant(PetscReal k, PetscReal *G, PetscInt *its)
{
  PetscReal g = PetscMin(1, 2 * (k - 1));
  PetscInt  it;

  PetscFunctionBegin;
  PetscCheck(k >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "infotheory: mean degree %g < 0", (double) k);
  *G = 0;
  if (its) *its = 0;
  if (k <= 1) PetscFunctionReturn(0);
  /* F(G) = G - 1 + exp(-k G) is convex with F(0) = 0 and F < 0 between 0 and the root: any G > 0 with
     F(G) >= 0 lies right of it, and Newton from there decreases monotonically to it. expm1 keeps F
     exact for G ~ 1e-8 (k just above 1). */
  if (g + expm1(-k * g) < 0) g = 1;
  for (it = 0; it < 500; it++) {
    PetscReal F = g + expm1(-k * g), dF = 1 - k * exp(-k * g), step = F / dF;
    if (!(F > 0) || !(dF > 0)) break;
    g -= step;
    if (step <= 1e-16 * g) break;
  }
  *G = g;
  if (its) *its = it + 1;
  PetscFunctionReturn(0);
}

static PetscReal Interp(PetscInt nb, const PetscReal x[], const PetscReal y[], PetscReal v)
{
  PetscInt i = 0;

  if (nb == 1) return y[0];
  while (i < nb - 2 && v > x[i + 1]) i++;
  return y[i] + (y[i + 1] - y[i]) * (v - x[i]) / (x[i + 1] - x[i]);
}

PetscReal SweepITLevelDegree(PetscInt nb, const PetscReal logC[], const PetscReal logt[], PetscReal l, PetscReal logc)
{
  PetscReal logcl = logC[0] + l * (logC[nb - 1] - logC[0]);

  return exp(Interp(nb, logC, logt, logc) - Interp(nb, logC, logt, logcl));
}

PetscErrorCode SweepITAccuracy(PetscInt nlevel, const PetscReal q[], const PetscReal k[], PetscReal nskill,
                               PetscReal *acc)
{
  PetscFunctionBegin;
  *acc = 0;
  for (PetscInt l = 0; l < nlevel; l++) {
    PetscReal G;
    PetscCall(SweepITGiant(k[l], &G, NULL));
    *acc += q[l] * pow(G, nskill);
  }
  PetscFunctionReturn(0);
}
