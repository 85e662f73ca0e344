/* passuntil.c: PassUntil estimation, the task law, emergence curvature and the sampling simulator
   (passuntil.h). Invariants: estimates never divide by a zero count (a cell is NaN instead); F is
   only formed for 0 < p < 1; random draws are keyed by (seed, stream, counter) only. */
#include "passuntil.h"
#include "numeric.h"
#include "rng.h"
#include <math.h>

/* Stream bases: the bootstrap's instance draws, the simulator's difficulty factors and cells. */
#define STREAM_BOOT (UINT64_C(1) << 62)
#define STREAM_WEIGHT (UINT64_C(1) << 61)
#define COUNTER_PLAIN (UINT64_C(1) << 40)

PetscReal SweepBinomialCDF(PetscReal n, PetscReal p, PetscReal k)
{
  PetscReal lt, lodds, s = 0;

  if (k < 0) return 0;
  if (k >= n || p <= 0) return 1;
  if (p >= 1) return 0;
  lt    = n * log1p(-p); /* log P(X = 0); each next term by the ratio (n - j) / (j + 1) * p / (1 - p) */
  lodds = log(p) - log1p(-p);
  for (PetscReal j = 0; j <= k; j++) {
    s += exp(lt);
    lt += log((n - j) / (j + 1)) + lodds;
  }
  return PetscMin(s, 1.0);
}

/* The p in (0, 1) where SweepBinomialCDF(n, p, k) = target. The CDF falls as p rises; in u = log p it
   is a smooth step, so bisection first narrows [log 1e-300, 0] to a bracket one unit wide, then the
   Illinois variant of regula falsi converges superlinearly (to |du| < 1e-13, a relative error in p). */
static PetscReal BinomialSolve(PetscReal n, PetscReal k, PetscReal target)
{
  PetscReal a = log(1e-300), b = 0, ga = 1 - target, gb = -target;
  int       side = 0;

  while (b - a > 1) {
    PetscReal mid = 0.5 * (a + b), g = SweepBinomialCDF(n, exp(mid), k) - target;
    if (g > 0)
      a = mid, ga = g;
    else
      b = mid, gb = g;
  }
  for (int it = 0; it < 100 && b - a > 1e-13; it++) {
    PetscReal u = (a * gb - b * ga) / (gb - ga), g = SweepBinomialCDF(n, exp(u), k) - target;
    if (g == 0) return exp(u);
    if (g > 0) {
      a = u, ga = g;
      if (side == 1) gb *= 0.5;
      side = 1;
    } else {
      b = u, gb = g;
      if (side == -1) ga *= 0.5;
      side = -1;
    }
  }
  return exp(0.5 * (a + b));
}

/*@C
  SweepPUEstimateInstance - the unbiased estimate and the exact interval of one instance's pass
  probability under "sample until r passes or n samples". Not collective.

  Why these: for this closed sequential plan the Girshick-Mosteller-Savage (1946) path-counting
  estimator is unbiased; it is (r - 1)/(n - 1) at a stop on the r-th pass (Haldane's estimator,
  C(n-2, r-2)/C(n-1, r-1)) and passes/n at a budget stop (C(n-1, k-1)/C(n, k)). Its variance estimate
  is p(1-p)/(n-2) resp. p(1-p)/(n-1) (unbiased in the untruncated cases, Finney 1949). Ordering the
  outcomes by "fewer samples to r passes, then more passes in the budget" gives the exact interval:
  P(Bin(n, lo) >= r) = a/2 and P(Bin(n-1, hi) <= r-1) = a/2 for a stop on the r-th pass, and the
  Clopper-Pearson bounds for a budget stop (0 passes: hi = 1 - (a/2)^(1/n)).
@*/
PetscErrorCode SweepPUEstimateInstance(PetscInt r, PetscReal n, PetscReal passes, PetscReal level, SweepPUEstimate *e)
{
  PetscReal a2 = 0.5 * (1 - level);

  PetscFunctionBegin;
  PetscCheck(r >= 2, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "PassUntil needs r >= 2 passes, not %" PetscInt_FMT, r);
  PetscCheck(passes >= 0 && passes <= r && n >= passes && n >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "%g passes in %g samples with r = %" PetscInt_FMT, (double) passes, (double) n, r);
  if (passes < r) {
    PetscCall(SweepPUEstimatePlain(n, passes, level, e));
    PetscFunctionReturn(0);
  }
  e->stopped = PETSC_TRUE, e->samples = n, e->passes = passes;
  e->p   = (r - 1) / (n - 1);
  e->var = n > 2 ? e->p * (1 - e->p) / (n - 2) : 0;
  e->lo  = BinomialSolve(n, r - 1, 1 - a2);
  e->hi  = n > r ? BinomialSolve(n - 1, r - 1, a2) : 1;
  PetscFunctionReturn(0);
}

/*@C
  SweepPUEstimatePlain - passes/n with its Clopper-Pearson interval. Not collective.
@*/
PetscErrorCode SweepPUEstimatePlain(PetscReal n, PetscReal passes, PetscReal level, SweepPUEstimate *e)
{
  PetscReal a2 = 0.5 * (1 - level);

  PetscFunctionBegin;
  PetscCheck(n >= 1 && passes >= 0 && passes <= n, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "%g passes in %g samples",
             (double) passes, (double) n);
  e->stopped = PETSC_FALSE, e->samples = n, e->passes = passes;
  e->p   = passes / n;
  e->var = n > 1 ? e->p * (1 - e->p) / (n - 1) : 0.25;
  e->lo  = passes > 0 ? BinomialSolve(n, passes - 1, 1 - a2) : 0;
  e->hi  = passes < n ? (passes > 0 ? BinomialSolve(n, passes, a2) : -expm1(log(a2) / n)) : 1;
  PetscFunctionReturn(0);
}

PetscErrorCode SweepPUMean(PetscInt m, const SweepPUEstimate e[], const PetscInt idx[], PetscReal level,
                           SweepPUEstimate *t)
{
  PetscReal sp = 0, sv = 0, sn = 0, sk = 0, z = SweepNormalQuantile(0.5 + 0.5 * level), rel;
  PetscInt  cnt = 0;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < m; i++) {
    const SweepPUEstimate *x = &e[idx ? idx[i] : i];
    if (!isfinite(x->p)) continue;
    sp += x->p, sv += x->var, sn += x->samples, sk += x->passes, cnt++;
  }
  t->stopped = PETSC_FALSE, t->samples = sn, t->passes = sk;
  t->p = t->var = t->lo = t->hi = NAN;
  if (!cnt) PetscFunctionReturn(0);
  t->p   = sp / cnt;
  t->var = sv / ((PetscReal) cnt * cnt);
  if (sk == 0) { /* no pass anywhere: the exact bound of the pooled samples */
    t->lo = 0, t->hi = -expm1(log(0.5 * (1 - level)) / sn);
  } else { /* log-normal: the mean is positive and skewed when passes are few */
    rel   = PetscSqrtReal(t->var) / t->p;
    t->lo = t->p * exp(-z * rel), t->hi = PetscMin(1.0, t->p * exp(z * rel));
  }
  PetscFunctionReturn(0);
}

PetscReal SweepPULaw(PetscReal log_c, PetscReal alpha, PetscReal N)
{
  return exp(-exp(log_c - alpha * log(N)));
}

void SweepPUTransform(PetscReal p, PetscReal var, PetscReal *F, PetscReal *varF)
{
  *F = *varF = NAN;
  if (!(p > 0 && p < 1 && var > 0)) return;
  *F    = log(-log(p));
  *varF = var / PetscSqr(p * log(p));
}

/* Weighted least squares of F on (intercept per group, shared slope) as a TAO objective: x[g] is
   group g's intercept at the centred scale, x[ng] the slope alpha (F falls with log N). */
typedef struct {
  PetscInt         n, ng;
  const PetscReal *t, *F; /* [n]: centred log N, F */
  PetscReal       *w;     /* [n] weights, normalised to sum 1 by LineSolve */
  const PetscInt  *g;     /* [n] group of each point */
} LineFit;

static PetscErrorCode LineObjective(void *ctx, const PetscReal x[], PetscReal *f, PetscReal grad[])
{
  LineFit *L = (LineFit *) ctx;

  PetscFunctionBegin;
  *f = 0;
  for (PetscInt k = 0; k <= L->ng; k++) grad[k] = 0;
  for (PetscInt i = 0; i < L->n; i++) {
    PetscReal res = x[L->g[i]] - x[L->ng] * L->t[i] - L->F[i];
    *f += L->w[i] * res * res;
    grad[L->g[i]] += 2 * L->w[i] * res;
    grad[L->ng] -= 2 * L->w[i] * res * L->t[i];
  }
  PetscFunctionReturn(0);
}

/* Fits L (points already filled) from x = (group means, 0); returns intercepts at the centre tc. */
static PetscErrorCode LineSolve(LineFit *L, PetscReal x[])
{
  PetscReal fx, sw = 0;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < L->n; i++) sw += L->w[i];
  for (PetscInt i = 0; i < L->n; i++) L->w[i] /= sw; /* scale-free: TAO's gatol is absolute */
  PetscCall(SweepMinimize(L->ng + 1, LineObjective, L, NULL, NULL, x, &fx, NULL));
  PetscFunctionReturn(0);
}

PetscErrorCode SweepPUFitTask(PetscInt M, const PetscReal N[], const SweepPUEstimate pu[], PetscReal *log_c,
                              PetscReal *alpha)
{
  PetscReal *t, *F, *w, x[2] = {0, 0}, tc = 0;
  PetscInt  *g, n = 0;
  LineFit    L;

  PetscFunctionBegin;
  *log_c = *alpha = NAN;
  PetscCall(PetscMalloc4(M, &t, M, &F, M, &w, M, &g));
  for (PetscInt j = 0; j < M; j++) {
    PetscReal f, vf;
    SweepPUTransform(pu[j].p, pu[j].var, &f, &vf);
    if (!isfinite(f) || !(vf > 0)) continue;
    t[n] = log(N[j]), F[n] = f, w[n] = 1 / vf, g[n] = 0, tc += t[n], x[0] += f, n++;
  }
  if (n >= 2) {
    tc /= n, x[0] /= n;
    for (PetscInt i = 0; i < n; i++) t[i] -= tc;
    L = (LineFit){n, 1, t, F, w, g};
    PetscCall(LineSolve(&L, x));
    *alpha = x[1], *log_c = x[0] + x[1] * tc;
  }
  PetscCall(PetscFree4(t, F, w, g));
  PetscFunctionReturn(0);
}

PetscErrorCode SweepPUCurvature(PetscInt M, const PetscReal N[], const SweepPUEstimate pu[], PetscReal *curvature)
{
  PetscReal *t, *F, *w, c[3];
  PetscInt   n = 0;

  PetscFunctionBegin;
  *curvature = NAN;
  PetscCall(PetscMalloc3(M, &t, M, &F, M, &w));
  for (PetscInt j = 0; j < M; j++) {
    PetscReal f, vf;
    SweepPUTransform(pu[j].p, pu[j].var, &f, &vf);
    if (!isfinite(f) || !(vf > 0)) continue;
    t[n] = log(N[j]), F[n] = f, w[n++] = 1 / vf;
  }
  if (n >= 3) {
    PetscCall(SweepPolyFit(n, t, F, w, 2, c));
    *curvature = c[2];
  }
  PetscCall(PetscFree3(t, F, w));
  PetscFunctionReturn(0);
}

/* The binomial likelihood of the sampling outcomes of the cells of LineFit L (F holds passes k, w
   samples n; the stopping rule does not change the likelihood), p = exp(-exp(eta)),
   eta = x[g] - alpha t, as a TAO objective: minus the log-likelihood over the total passes. */
static PetscErrorCode LikelihoodObjective(void *ctx, const PetscReal x[], PetscReal *f, PetscReal grad[])
{
  LineFit  *L     = (LineFit *) ctx;
  PetscReal scale = 1;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < L->n; i++) scale += L->F[i];
  *f = 0;
  for (PetscInt k = 0; k <= L->ng; k++) grad[k] = 0;
  for (PetscInt i = 0; i < L->n; i++) {
    PetscReal eta = x[L->g[i]] - x[L->ng] * L->t[i], e = exp(eta), q = -expm1(-e), k = L->F[i], n = L->w[i];
    PetscReal dl = -k * e + (n - k) * e * exp(-e) / q; /* d loglik / d eta */
    *f -= (-k * e + (n - k) * log(q)) / scale;
    grad[L->g[i]] -= dl / scale;
    grad[L->ng] += dl * L->t[i] / scale;
  }
  PetscFunctionReturn(0);
}

/* The maximum-likelihood instance fit from x (a start: intercepts at the centre, then alpha). */
static PetscErrorCode InstanceML(LineFit *L, PetscReal x[])
{
  PetscReal *lo, *hi, fx;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(L->ng + 1, &lo, L->ng + 1, &hi));
  for (PetscInt i = 0; i < L->ng; i++) lo[i] = -30, hi[i] = 30, x[i] = PetscMin(PetscMax(x[i], -29), 29);
  lo[L->ng] = -20, hi[L->ng] = 20;
  PetscCall(SweepMinimize(L->ng + 1, LikelihoodObjective, L, lo, hi, x, &fx, NULL));
  PetscCall(PetscFree2(lo, hi));
  PetscFunctionReturn(0);
}

/*@C
  SweepPUFitInstances - the instance-level law, F_ij = log_c_i - alpha log N_j (a shared slope, an
  intercept per instance). method SWEEP_PU_INSTANCE_WLS: least squares on the F of the estimates
  with weights 1 / var(F), cells with p_hat 0 or 1 left out. SWEEP_PU_INSTANCE_ML: maximum likelihood
  of every cell's samples and passes (zero-pass cells count), started from the WLS fit. Not collective.
@*/
PetscErrorCode SweepPUFitInstances(PetscInt M, PetscInt mall, const PetscReal N[], const SweepPUEstimate e[],
                                   PetscInt m, const PetscInt idx[], PetscInt method, PetscReal log_c[],
                                   PetscReal *alpha)
{
  PetscReal *t, *F, *w, *x, *cnt, *sk, *sn, tc = 0;
  PetscInt  *g, n = 0;
  PetscBool  done = PETSC_FALSE;
  LineFit    L;

  PetscFunctionBegin;
  *alpha = NAN;
  for (PetscInt i = 0; i < m; i++) log_c[i] = NAN;
  if (method == SWEEP_PU_INSTANCE_NONE) PetscFunctionReturn(0);
  PetscCall(PetscMalloc4(M * m + 1, &t, M * m + 1, &F, M * m + 1, &w, M * m + 1, &g));
  PetscCall(PetscCalloc4(m + 1, &x, m, &cnt, m, &sk, m, &sn));
  for (PetscInt j = 0; j < M; j++) tc += log(N[j]) / M;
  for (PetscInt i = 0; i < m; i++)
    for (PetscInt j = 0; j < M; j++) {
      const SweepPUEstimate *c = &e[j * mall + (idx ? idx[i] : i)];
      PetscReal              f, vf;
      if (isfinite(c->p)) sk[i] += c->passes, sn[i] += c->samples;
      SweepPUTransform(c->p, c->var, &f, &vf);
      if (!isfinite(f) || !(vf > 0)) continue;
      t[n] = log(N[j]) - tc, F[n] = f, w[n] = 1 / vf, g[n++] = i;
      x[i] += f, cnt[i]++;
    }
  for (PetscInt i = 0; i < m; i++) x[i] = cnt[i] > 0 ? x[i] / cnt[i] : 0;
  if (n >= 2) {
    L = (LineFit){n, m, t, F, w, g};
    PetscCall(LineSolve(&L, x));
    done = PETSC_TRUE;
  }
  if (method == SWEEP_PU_INSTANCE_ML) {
    n = 0; /* every cell with samples; instances without a WLS intercept start from their pooled rate */
    for (PetscInt i = 0; i < m; i++) {
      if (!cnt[i] && sn[i] > 0) x[i] = log(-log((sk[i] + 0.5) / (sn[i] + 1)));
      for (PetscInt j = 0; j < M; j++) {
        const SweepPUEstimate *c = &e[j * mall + (idx ? idx[i] : i)];
        if (!isfinite(c->p)) continue;
        t[n] = log(N[j]) - tc, F[n] = c->passes, w[n] = c->samples, g[n++] = i;
      }
      cnt[i] = sn[i] > 0;
    }
    L    = (LineFit){n, m, t, F, w, g};
    done = (PetscBool) (n >= 2);
    if (done) PetscCall(InstanceML(&L, x));
  }
  if (done) {
    *alpha = x[m];
    for (PetscInt i = 0; i < m; i++) log_c[i] = cnt[i] > 0 ? x[i] + x[m] * tc : NAN;
  }
  PetscCall(PetscFree4(t, F, w, g));
  PetscCall(PetscFree4(x, cnt, sk, sn));
  PetscFunctionReturn(0);
}

PetscReal SweepPUInstancePredict(PetscInt m, const PetscReal log_c[], PetscReal alpha, PetscReal N)
{
  PetscReal s   = 0;
  PetscInt  cnt = 0;

  for (PetscInt i = 0; i < m; i++)
    if (isfinite(log_c[i])) s += SweepPULaw(log_c[i], alpha, N), cnt++;
  return cnt && isfinite(alpha) ? s / cnt : NAN;
}

PetscInt SweepPURecordLength(const SweepPUStudy *s)
{
  return SWEEP_PU_NFIXED + 2 * s->npred + s->M;
}

PetscErrorCode SweepPUResample(PetscInt m, uint64_t seed, PetscInt b, PetscInt idx[])
{
  PetscFunctionBegin;
  for (PetscInt i = 0; i < m; i++)
    idx[i] =
        b ? PetscMin(m - 1, (PetscInt) (SweepRandomUniform(seed, STREAM_BOOT + (uint64_t) b, (uint64_t) i) * m)) : i;
  PetscFunctionReturn(0);
}

/*@C
  SweepPUReplicate - one bootstrap replicate (b >= 1: instances resampled with replacement, the
  same draw for every model) or the fit to all instances (b = 0). Not collective.
@*/
PetscErrorCode SweepPUReplicate(const SweepPUStudy *s, uint64_t seed, PetscInt b, PetscReal rec[])
{
  PetscInt        *idx;
  SweepPUEstimate *pu;
  PetscReal       *lc, ia = NAN, *pt = rec + SWEEP_PU_NFIXED, *pi = pt + s->npred, *pm = pi + s->npred;

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(s->m, &idx, s->M, &pu, s->m, &lc));
  PetscCall(SweepPUResample(s->m, seed, b, idx));
  for (PetscInt j = 0; j < s->M; j++) {
    PetscCall(SweepPUMean(s->m, s->e + j * s->m, idx, s->level, &pu[j]));
    pm[j] = pu[j].p;
  }
  PetscCall(SweepPUFitTask(s->M, s->N, pu, &rec[SWEEP_PU_LOGC], &rec[SWEEP_PU_ALPHA]));
  PetscCall(SweepPUCurvature(s->M, s->N, pu, &rec[SWEEP_PU_CURVATURE]));
  PetscCall(SweepPUFitInstances(s->M, s->m, s->N, s->e, s->m, idx, s->instance, lc, &ia));
  rec[SWEEP_PU_INST_ALPHA] = ia;
  for (PetscInt k = 0; k < s->npred; k++) {
    pt[k] = SweepPULaw(rec[SWEEP_PU_LOGC], rec[SWEEP_PU_ALPHA], s->Npred[k]);
    pi[k] = SweepPUInstancePredict(s->m, lc, ia, s->Npred[k]);
  }
  PetscCall(PetscFree3(idx, pu, lc));
  PetscFunctionReturn(0);
}

PetscInt SweepPUClassify(PetscReal lo, PetscReal hi)
{
  if (!isfinite(lo) || !isfinite(hi)) return -2;
  return hi < 0 ? -1 : lo > 0 ? 1 : 0;
}

const char *SweepPUClassName(PetscInt cls)
{
  return cls == 0 ? "standard" : cls == -1 ? "accelerated" : cls == 1 ? "decelerated" : "undetermined";
}

/* ------------------------------------------------------------------ the simulator */

/* F = log(-log PU) of the design's law at N. */
static PetscReal DesignF(const SweepPUDesign *d, PetscReal N)
{
  PetscReal t = log(N);
  return d->log_c - d->alpha * t + d->curvature * PetscSqr(t - d->tmid);
}

PetscReal SweepPUDesignLaw(const SweepPUDesign *d, PetscReal N)
{
  return exp(-exp(DesignF(d, N)));
}

/* Samples up to and including the next pass: a geometric draw by inversion. */
static PetscReal Geometric(PetscReal p, uint64_t seed, uint64_t stream, uint64_t counter)
{
  PetscReal u = 1 - SweepRandomUniform(seed, stream, counter); /* (0, 1] */
  if (p >= 1) return 1;
  return floor(log(u) / log1p(-p)) + 1;
}

void SweepPUSample(PetscReal p, PetscInt r, PetscReal budget, uint64_t seed, uint64_t stream, PetscReal *samples,
                   PetscReal *passes)
{
  PetscReal used = 0;

  *passes = 0;
  for (PetscInt k = 0; k < r; k++) {
    PetscReal g = p > 0 ? Geometric(p, seed, stream, (uint64_t) k) : PETSC_INFINITY;
    if (used + g > budget) {
      *samples = budget;
      return;
    }
    used += g, (*passes)++;
  }
  *samples = used;
}

PetscReal SweepPUSamplePlain(PetscReal p, PetscInt k, uint64_t seed, uint64_t stream)
{
  PetscReal used = 0, s = 0;

  if (p <= 0) return 0;
  for (uint64_t c = COUNTER_PLAIN;; c++) {
    used += Geometric(p, seed, stream, c);
    if (used > k) return s;
    s++;
  }
}

PetscErrorCode SweepPUSimulate(const SweepPUDesign *d, uint64_t seed, PetscInt study, PetscReal p[],
                               PetscReal samples[], PetscReal passes[], PetscReal plain[])
{
  PetscReal *z, mean = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(d->ninst, &z));
  for (PetscInt i = 0; i < d->ninst; i++) {
    z[i] = SweepRandomNormal(seed, STREAM_WEIGHT + (uint64_t) study, (uint64_t) i);
    mean += exp(d->spread * z[i]) / d->ninst;
  }
  for (PetscInt j = 0; j < d->nmodel; j++) {
    PetscReal F = DesignF(d, d->N[j]), pu = exp(-exp(F));
    for (PetscInt i = 0; i < d->ninst; i++) {
      PetscInt c      = j * d->ninst + i;
      uint64_t stream = ((uint64_t) study << 40) | ((uint64_t) j << 24) | (uint64_t) i;
      p[c] = d->instance_law ? exp(-exp(F + d->spread * z[i])) : PetscMin(1.0, pu * exp(d->spread * z[i]) / mean);
      SweepPUSample(p[c], d->r, d->budget, seed, stream, &samples[c], &passes[c]);
      if (plain) plain[c] = d->k > 0 ? SweepPUSamplePlain(p[c], d->k, seed, stream) : NAN;
    }
  }
  PetscCall(PetscFree(z));
  PetscFunctionReturn(0);
}
