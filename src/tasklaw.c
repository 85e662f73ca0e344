/* tasklaw.c: sigmoid task laws (tasklaw.h). Each law is fitted in standardised coordinates
   (t = (x - mid) / halfrange of the data) so that the slopes, centres and heights that TAO's BLMVM
   sees are of order one, then converted back; the start points are derived from the data alone, so
   a fit is a pure function of its arguments (identical on any rank). */
#include "tasklaw.h"
#include "fit.h"
#include "numeric.h"
#include <math.h>
#include <petsctao.h>

/*@C
  SweepLogistic - 1 / (1 + exp(-z)), evaluated so that neither branch overflows. Not collective.
@*/
PetscReal SweepLogistic(PetscReal z)
{
  if (z >= 0) return 1 / (1 + PetscExpReal(-z));
  PetscReal e = PetscExpReal(z);
  return e / (1 + e);
}

/*@C
  SweepTaskDirectEval - the direct law's accuracy at x = log10 C (tasklaw.h). Not collective.
@*/
PetscReal SweepTaskDirectEval(const PetscReal p[], PetscReal x)
{
  return p[0] + (p[1] - p[0]) * SweepLogistic(p[2] * (x - p[3]));
}

/*@C
  SweepTaskMultiCentres - the ordered step centres of multi-plateau parameters. Not collective.
@*/
void SweepTaskMultiCentres(PetscInt K, const PetscReal p[], PetscReal c[])
{
  c[0] = p[1 + 2 * K];
  for (PetscInt j = 1; j < K; j++) c[j] = c[j - 1] + p[1 + 2 * K + j];
}

/*@C
  SweepTaskMultiPack - multi-plateau parameters from floor, heights, slopes and ordered centres.
  Not collective.
@*/
void SweepTaskMultiPack(PetscInt K, PetscReal b, const PetscReal h[], const PetscReal k[], const PetscReal c[],
                        PetscReal p[])
{
  p[0] = b;
  for (PetscInt j = 0; j < K; j++) p[1 + j] = h[j], p[1 + K + j] = k[j];
  p[1 + 2 * K] = c[0];
  for (PetscInt j = 1; j < K; j++) p[1 + 2 * K + j] = c[j] - c[j - 1];
}

/*@C
  SweepTaskMultiEval - the multi-plateau law's accuracy at x = log10 C. Not collective.
@*/
PetscReal SweepTaskMultiEval(PetscInt K, const PetscReal p[], PetscReal x)
{
  PetscReal c[SWEEP_TASK_KMAX], acc = p[0];
  SweepTaskMultiCentres(K, p, c);
  for (PetscInt j = 0; j < K; j++) acc += p[1 + j] * SweepLogistic(p[1 + K + j] * (x - c[j]));
  return acc;
}

/*@C
  SweepTaskLossEval - the two-step law's accuracy at loss L. Not collective.
@*/
PetscReal SweepTaskLossEval(const PetscReal p[], PetscReal L)
{
  return p[0] * SweepLogistic(p[1] * (L - p[2])) + p[3];
}

/*@C
  SweepTaskBIC - m ln(rss / m) + np ln m (Schwarz 1978, Gaussian errors of unknown variance).
  Not collective.
@*/
PetscReal SweepTaskBIC(PetscReal m, PetscReal rss, PetscInt np)
{
  return m * PetscLogReal(PetscMax(rss, 1e-300) / m) + np * PetscLogReal(m);
}

/* ------------------------------------------------------------ the least-squares objective */

typedef enum { MODEL_DIRECT, MODEL_MULTI, MODEL_LOSS } Model;

typedef struct {
  Model      model;
  PetscInt   K, np, n;  /* steps (multi), parameters, points with w > 0 */
  PetscReal *t, *y, *w; /* [n] standardised abscissae, values, weights */
  PetscReal  mid, half; /* t = (x - mid) / half */
  PetscReal  kmax;      /* largest slope of a step (multi-plateau) */
} Problem;

/* The model value at t and its gradient in the standardised parameters q. The direct and loss laws
   share a form: q = (floor, ceiling, k, x0) and (height, k, x0, floor). */
static PetscReal ModelEval(const Problem *pb, const PetscReal q[], PetscReal t, PetscReal g[])
{
  switch (pb->model) {
  case MODEL_DIRECT: {
    PetscReal s = SweepLogistic(q[2] * (t - q[3])), ds = s * (1 - s);
    g[0] = 1 - s, g[1] = s, g[2] = (q[1] - q[0]) * ds * (t - q[3]), g[3] = -(q[1] - q[0]) * ds * q[2];
    return q[0] + (q[1] - q[0]) * s;
  }
  case MODEL_LOSS: {
    PetscReal s = SweepLogistic(q[1] * (t - q[2])), ds = s * (1 - s);
    g[0] = s, g[1] = q[0] * ds * (t - q[2]), g[2] = -q[0] * ds * q[1], g[3] = 1;
    return q[0] * s + q[3];
  }
  default: {
    const PetscInt K = pb->K;
    PetscReal      c[SWEEP_TASK_KMAX], gc[SWEEP_TASK_KMAX], acc = q[0], tail = 0;
    SweepTaskMultiCentres(K, q, c);
    g[0] = 1;
    for (PetscInt j = 0; j < K; j++) {
      PetscReal s = SweepLogistic(q[1 + K + j] * (t - c[j])), ds = q[1 + j] * s * (1 - s);
      acc += q[1 + j] * s;
      g[1 + j]     = s;
      g[1 + K + j] = ds * (t - c[j]);
      gc[j]        = -ds * q[1 + K + j];
    }
    /* c_j = c_1 + d_2 + ... + d_j: d acc / d d_i sums the centre derivatives of steps i..K */
    for (PetscInt j = K - 1; j >= 0; j--) {
      tail += gc[j];
      g[1 + 2 * K + j] = tail;
    }
    return acc;
  }
  }
}

static PetscErrorCode Objective(void *ctx, const PetscReal q[], PetscReal *f, PetscReal g[])
{
  const Problem *pb = (const Problem *) ctx;
  PetscReal      gi[SWEEP_TASK_NPMAX];

  PetscFunctionBegin;
  *f = 0;
  for (PetscInt j = 0; j < pb->np; j++) g[j] = 0;
  for (PetscInt i = 0; i < pb->n; i++) {
    PetscReal r = ModelEval(pb, q, pb->t[i], gi) - pb->y[i];
    *f += pb->w[i] * r * r;
    for (PetscInt j = 0; j < pb->np; j++) g[j] += 2 * pb->w[i] * r * gi[j];
  }
  PetscFunctionReturn(0);
}

/* The minimiser: TAO's BLMVM within the box, from q (updated); *f is the objective there. The
   gradient tolerance alone makes overfitted laws (a step of height zero leaves its slope and centre
   free) crawl to the iteration limit, so a solve also stops when the objective has fallen by less
   than 1e-10 of itself over the last 10 iterations, far below what a choice between laws or a band
   can see. */
static PetscErrorCode Minimize(const Problem *pb, const PetscReal lo[], const PetscReal hi[], PetscReal q[],
                               PetscReal *f)
{
  SweepMinimizeSettings st = SweepMinimizeDefaults;

  PetscFunctionBegin;
  st.stall = 1e-10;
  PetscCall(SweepMinimizeWith(&st, pb->np, Objective, (void *) pb, lo, hi, q, f, NULL));
  PetscFunctionReturn(0);
}

/* The box of the standardised parameters: levels in [0, 1], slopes up to 200 per half-range,
   centres within two half-ranges of the data's middle. */
static void Bounds(const Problem *pb, PetscReal lo[], PetscReal hi[])
{
  const PetscInt K = pb->K;
  switch (pb->model) {
  case MODEL_DIRECT:
    lo[0] = lo[1] = 0, hi[0] = hi[1] = 1, lo[2] = 0.05, hi[2] = 200, lo[3] = -3, hi[3] = 3;
    break;
  case MODEL_LOSS:
    lo[0] = lo[3] = 0, hi[0] = hi[3] = 1, lo[1] = -200, hi[1] = 200, lo[2] = -3, hi[2] = 3;
    break;
  default:
    lo[0] = 0, hi[0] = 1;
    for (PetscInt j = 0; j < K; j++) lo[1 + j] = 0, hi[1 + j] = 1, lo[1 + K + j] = 0.05, hi[1 + K + j] = pb->kmax;
    lo[1 + 2 * K] = -2, hi[1 + 2 * K] = 2;
    for (PetscInt j = 1; j < K; j++) lo[1 + 2 * K + j] = 0, hi[1 + 2 * K + j] = 4;
  }
}

/* Standardised parameters from natural ones (to = 1) and back (to = 0): slopes scale with half,
   centres shift by mid; centre gaps scale. */
static void Convert(const Problem *pb, const PetscReal in[], PetscReal out[], PetscBool to)
{
  const PetscInt K = pb->K;
  PetscReal      s = to ? pb->half : 1 / pb->half;
  for (PetscInt j = 0; j < pb->np; j++) out[j] = in[j];
  switch (pb->model) {
  case MODEL_DIRECT:
    out[2] = in[2] * s, out[3] = to ? (in[3] - pb->mid) / pb->half : pb->mid + pb->half * in[3];
    break;
  case MODEL_LOSS:
    out[1] = in[1] * s, out[2] = to ? (in[2] - pb->mid) / pb->half : pb->mid + pb->half * in[2];
    break;
  default:
    for (PetscInt j = 0; j < K; j++) out[1 + K + j] = in[1 + K + j] * s;
    out[1 + 2 * K] = to ? (in[1 + 2 * K] - pb->mid) / pb->half : pb->mid + pb->half * in[1 + 2 * K];
    for (PetscInt j = 1; j < K; j++) out[1 + 2 * K + j] = in[1 + 2 * K + j] / s;
  }
}

static PetscErrorCode ProblemCreate(Model model, PetscInt K, PetscInt n, const PetscReal x[], const PetscReal y[],
                                    const PetscReal w[], Problem *pb)
{
  PetscReal lo = PETSC_INFINITY, hi = PETSC_NINFINITY;

  PetscFunctionBegin;
  PetscCheck(model != MODEL_MULTI || (K >= 1 && K <= SWEEP_TASK_KMAX), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "a multi-plateau law has 1 to %d steps, not %" PetscInt_FMT, SWEEP_TASK_KMAX, K);
  pb->model = model, pb->K = K, pb->np = model == MODEL_MULTI ? SWEEP_TASK_MULTI_NP(K) : 4, pb->n = 0;
  PetscCall(PetscMalloc3(n, &pb->t, n, &pb->y, n, &pb->w));
  for (PetscInt i = 0; i < n; i++) {
    PetscReal wi = w ? w[i] : 1;
    if (!(wi > 0) || PetscIsInfOrNanReal(x[i]) || PetscIsInfOrNanReal(y[i])) continue;
    pb->t[pb->n] = x[i], pb->y[pb->n] = y[i], pb->w[pb->n] = wi, pb->n++;
    lo = PetscMin(lo, x[i]), hi = PetscMax(hi, x[i]);
  }
  PetscCheck(pb->n >= 2 && hi > lo, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "a sigmoid fit needs points at two different abscissae at least (%" PetscInt_FMT " points)", pb->n);
  pb->mid = (lo + hi) / 2, pb->half = (hi - lo) / 2;
  for (PetscInt i = 0; i < pb->n; i++) pb->t[i] = (pb->t[i] - pb->mid) / pb->half;
  {
    PetscReal *ts;
    PetscInt   m = 0;
    PetscCall(PetscMalloc1(pb->n, &ts));
    PetscCall(PetscArraycpy(ts, pb->t, pb->n));
    PetscCall(PetscSortReal(pb->n, ts));
    for (PetscInt i = 1; i < pb->n; i++)
      if (ts[i] > ts[m]) ts[++m] = ts[i];
    /* A step rising (10% to 90%, 4.39 / k) over fewer than 3 median gaps of the distinct abscissae
       cannot be told from a jump between two neighbouring points: it would fit noise as a step (BIC
       then prefers too many steps; 2 of 20 curves of 3 steps in tests/test_sigmoid.c chose 4) */
    for (PetscInt i = 0; i < m; i++) ts[i] = ts[i + 1] - ts[i];
    PetscCall(PetscSortReal(m, ts));
    pb->kmax = PetscMin(200, 4.39 / (3 * ts[m / 2]));
    PetscCall(PetscFree(ts));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode ProblemDestroy(Problem *pb)
{
  PetscFunctionBegin;
  PetscCall(PetscFree3(pb->t, pb->y, pb->w));
  PetscFunctionReturn(0);
}

/* The data's smoothed profile: points sorted by t, values averaged over a window of 3; the lowest
   and highest smoothed values. Noise in a single point then does not set the starts' levels. */
static PetscErrorCode Profile(const Problem *pb, PetscReal ts[], PetscReal ys[], PetscReal *ymin, PetscReal *ymax)
{
  PetscInt *idx;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(pb->n, &idx));
  for (PetscInt i = 0; i < pb->n; i++) idx[i] = i;
  for (PetscInt i = 1; i < pb->n; i++) /* insertion sort: stable, so ties keep the input order */
    for (PetscInt j = i; j > 0 && pb->t[idx[j - 1]] > pb->t[idx[j]]; j--) {
      PetscInt tmp = idx[j];
      idx[j] = idx[j - 1], idx[j - 1] = tmp;
    }
  *ymin = PETSC_INFINITY, *ymax = PETSC_NINFINITY;
  for (PetscInt i = 0; i < pb->n; i++) {
    PetscReal s = 0, sw = 0;
    for (PetscInt j = PetscMax(0, i - 1); j <= PetscMin(pb->n - 1, i + 1); j++)
      s += pb->w[idx[j]] * pb->y[idx[j]], sw += pb->w[idx[j]];
    ts[i] = pb->t[idx[i]], ys[i] = s / sw;
    *ymin = PetscMin(*ymin, ys[i]), *ymax = PetscMax(*ymax, ys[i]);
  }
  *ymin = PetscClipInterval(*ymin, 0, 1), *ymax = PetscClipInterval(*ymax, 0, 1);
  PetscCall(PetscFree(idx));
  PetscFunctionReturn(0);
}

/* Where the smoothed profile first reaches level (the middle of the range when never). */
static PetscReal ProfileCrossing(PetscInt n, const PetscReal ts[], const PetscReal ys[], PetscReal level)
{
  for (PetscInt i = 1; i < n; i++)
    if ((ys[i - 1] - level) * (ys[i] - level) <= 0 && ys[i] != ys[i - 1])
      return ts[i - 1] + (level - ys[i - 1]) / (ys[i] - ys[i - 1]) * (ts[i] - ts[i - 1]);
  return 0;
}

/* Multi-plateau starts: K centres, equal heights, one slope. */
static void MultiStart(PetscInt K, PetscReal b, PetscReal height, PetscReal k, const PetscReal c[], PetscReal q[])
{
  PetscReal h[SWEEP_TASK_KMAX], kk[SWEEP_TASK_KMAX];
  for (PetscInt j = 0; j < K; j++) h[j] = height, kk[j] = k;
  SweepTaskMultiPack(K, b, h, kk, c, q);
}

/* The K largest rises of the smoothed profile, at least 0.25 half-ranges apart, in increasing t. */
static void LargestRises(PetscInt n, const PetscReal ts[], const PetscReal ys[], PetscInt K, PetscReal c[])
{
  PetscInt m = 0;
  while (m < K) {
    PetscInt  best = -1;
    PetscReal rise = PETSC_NINFINITY;
    for (PetscInt i = 1; i < n; i++) {
      PetscReal mid = (ts[i] + ts[i - 1]) / 2;
      PetscBool far = PETSC_TRUE;
      for (PetscInt j = 0; j < m; j++) far = (PetscBool) (far && PetscAbsReal(mid - c[j]) >= 0.25);
      if (far && ys[i] - ys[i - 1] > rise) rise = ys[i] - ys[i - 1], best = i;
    }
    c[m] = best < 1 ? -1 + (2.0 * m + 1) / K : (ts[best] + ts[best - 1]) / 2; /* none left: even spacing */
    m++;
  }
  for (PetscInt i = 1; i < K; i++) /* sort */
    for (PetscInt j = i; j > 0 && c[j - 1] > c[j]; j--) {
      PetscReal tmp = c[j];
      c[j] = c[j - 1], c[j - 1] = tmp;
    }
}

#define MAX_STARTS 16

/* The fixed start points of a law, in standardised coordinates: evenly laid-out steps at three
   shifts, steps at the profile's level crossings and at its largest rises, each at a gentle and a
   steep slope (the multi-plateau law); levels from the profile, centres at three places, slopes of
   both signs for the loss law (accuracy may fall or rise with loss). */
static PetscErrorCode Starts(const Problem *pb, PetscInt *ns, PetscReal q[])
{
  const PetscReal slopes[2] = {4, 12};
  PetscReal      *ts, *ys, ymin = 0, ymax = 1;
  PetscInt        m = 0, np = pb->np, K = pb->K;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(pb->n, &ts, pb->n, &ys));
  PetscCall(Profile(pb, ts, ys, &ymin, &ymax));
  for (PetscInt s = 0; s < 2; s++) {
    PetscReal k = slopes[s], *o;
    switch (pb->model) {
    case MODEL_DIRECT:
      for (PetscInt c = -1; c <= 1; c++) {
        o    = q + np * m++;
        o[0] = ymin, o[1] = ymax, o[2] = k, o[3] = 0.5 * c;
      }
      o    = q + np * m++;
      o[0] = ymax, o[1] = ymin, o[2] = k, o[3] = 0;
      o    = q + np * m++;
      o[0] = ymin, o[1] = ymax, o[2] = k, o[3] = ProfileCrossing(pb->n, ts, ys, (ymin + ymax) / 2);
      break;
    case MODEL_LOSS:
      for (PetscInt c = -1; c <= 1; c++)
        for (PetscInt sign = -1; sign <= 1; sign += 2) {
          o    = q + np * m++;
          o[0] = ymax - ymin, o[1] = sign * k, o[2] = 0.5 * c, o[3] = ymin;
        }
      break;
    default: {
      PetscReal c[SWEEP_TASK_KMAX], height = (ymax - ymin) / K;
      for (PetscInt shift = -1; shift <= 1; shift++) {
        for (PetscInt j = 0; j < K; j++) c[j] = -1 + 2 * (j + 0.5 + 0.25 * shift) / K;
        MultiStart(K, ymin, height, k, c, q + np * m++);
      }
      for (PetscInt j = 0; j < K; j++) c[j] = ProfileCrossing(pb->n, ts, ys, ymin + (j + 0.5) * height);
      for (PetscInt j = 1; j < K; j++) c[j] = PetscMax(c[j], c[j - 1]);
      MultiStart(K, ymin, height, k, c, q + np * m++);
      LargestRises(pb->n, ts, ys, K, c);
      MultiStart(K, ymin, height, k, c, q + np * m++);
    }
    }
  }
  *ns = m;
  PetscCall(PetscFree2(ts, ys));
  PetscFunctionReturn(0);
}

/* The fit of a law: one solve from start (natural parameters), or the best of Starts() (the first
   of equal objectives, so the choice is deterministic). */
static PetscErrorCode Fit(Model model, PetscInt K, PetscInt n, const PetscReal x[], const PetscReal y[],
                          const PetscReal w[], const PetscReal start[], PetscReal p[], PetscReal *rss)
{
  Problem   pb;
  PetscReal lo[SWEEP_TASK_NPMAX], hi[SWEEP_TASK_NPMAX], q[SWEEP_TASK_NPMAX], best[SWEEP_TASK_NPMAX], f;
  PetscReal starts[MAX_STARTS * SWEEP_TASK_NPMAX], fbest = PETSC_INFINITY;
  PetscInt  ns = 1;

  PetscFunctionBegin;
  PetscCall(ProblemCreate(model, K, n, x, y, w, &pb));
  Bounds(&pb, lo, hi);
  if (start)
    Convert(&pb, start, starts, PETSC_TRUE);
  else
    PetscCall(Starts(&pb, &ns, starts));
  for (PetscInt s = 0; s < ns; s++) {
    PetscCall(PetscArraycpy(q, starts + s * pb.np, pb.np));
    PetscCall(Minimize(&pb, lo, hi, q, &f));
    if (f < fbest || (s == 0 && !(fbest < PETSC_INFINITY))) {
      fbest = f;
      PetscCall(PetscArraycpy(best, q, pb.np));
    }
  }
  Convert(&pb, best, p, PETSC_FALSE);
  *rss = fbest;
  PetscCall(ProblemDestroy(&pb));
  PetscFunctionReturn(0);
}

/*@C
  SweepTaskDirectFit - the direct sigmoid law fitted to (x = log10 C, y = accuracy). Not collective.
@*/
PetscErrorCode SweepTaskDirectFit(PetscInt n, const PetscReal x[], const PetscReal y[], const PetscReal w[],
                                  const PetscReal start[], PetscReal p[], PetscReal *rss)
{
  PetscFunctionBegin;
  PetscCall(Fit(MODEL_DIRECT, 1, n, x, y, w, start, p, rss));
  PetscFunctionReturn(0);
}

/*@C
  SweepTaskMultiFit - the multi-plateau law of K steps fitted to (x = log10 C, y). Not collective.
@*/
PetscErrorCode SweepTaskMultiFit(PetscInt n, const PetscReal x[], const PetscReal y[], const PetscReal w[], PetscInt K,
                                 const PetscReal start[], PetscReal p[], PetscReal *rss)
{
  PetscFunctionBegin;
  PetscCall(Fit(MODEL_MULTI, K, n, x, y, w, start, p, rss));
  PetscFunctionReturn(0);
}

/*@C
  SweepTaskLossFit - the accuracy-of-loss sigmoid (second step of the two-step law) fitted to
  (L, y). Not collective.
@*/
PetscErrorCode SweepTaskLossFit(PetscInt n, const PetscReal L[], const PetscReal y[], const PetscReal w[],
                                const PetscReal start[], PetscReal p[], PetscReal *rss)
{
  PetscFunctionBegin;
  PetscCall(Fit(MODEL_LOSS, 1, n, L, y, w, start, p, rss));
  PetscFunctionReturn(0);
}

/*@C
  SweepTaskMultiSelect - multi-plateau fits for K = 1..Kmax and the K of the lowest BIC. Not collective.
@*/
PetscErrorCode SweepTaskMultiSelect(PetscInt n, const PetscReal x[], const PetscReal y[], const PetscReal w[],
                                    PetscInt Kmax, PetscReal p[], PetscReal bic[], PetscInt *Kbest)
{
  PetscReal m = 0, rss;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < n; i++) m += w ? (w[i] > 0 ? w[i] : 0) : 1;
  *Kbest = 1;
  for (PetscInt K = 1; K <= Kmax; K++) {
    PetscCall(SweepTaskMultiFit(n, x, y, w, K, NULL, p + (K - 1) * SWEEP_TASK_NPMAX, &rss));
    bic[K - 1] = SweepTaskBIC(m, rss, SWEEP_TASK_MULTI_NP(K));
    if (bic[K - 1] < bic[*Kbest - 1]) *Kbest = K;
  }
  PetscFunctionReturn(0);
}

/*@C
  SweepTaskLossLawFit - the two-step method's loss law, fitted with the project's objective and
  TAO (fit.h). Not collective.
@*/
PetscErrorCode SweepTaskLossLawFit(SweepLaw law, PetscInt n, const PetscReal N[], const PetscReal D[],
                                   const PetscReal loss[], const PetscReal w[], PetscReal delta,
                                   const PetscReal start[], PetscReal p[], PetscInt *reason)
{
  SweepRuns      runs;
  SweepObjective obj;
  SweepFitResult res;
  PetscReal      x0[SWEEP_MAX_PARAMS];

  PetscFunctionBegin;
  PetscCall(SweepRunsCreateFromArrays(n, N, D, NULL, loss, &runs));
  PetscCall(SweepObjectiveCreate(law, &runs, w, delta, &obj));
  if (start) {
    PetscCall(PetscArraycpy(x0, start, law->np));
    PetscCall(SweepFitOne(&obj, NULL, x0, 0, &res));
  } else if (law->varpro) {
    PetscCall(law->varpro(obj.n, obj.logN, obj.logD, obj.logL, obj.w, x0));
    PetscCall(SweepFitOne(&obj, NULL, x0, 0, &res));
  } else {
    PetscInt   ns;
    PetscReal *starts;
    PetscCall(SweepStartsCreate(law, "hoffmann", 0, &ns, &starts, NULL));
    PetscCall(SweepFitSearch(&obj, NULL, ns, starts, 20, &res));
    PetscCall(PetscFree(starts));
  }
  PetscCall(PetscArraycpy(p, res.p, law->np));
  if (reason) *reason = res.reason;
  PetscCall(SweepObjectiveDestroy(&obj));
  PetscCall(SweepRunsDestroy(&runs));
  PetscFunctionReturn(0);
}

/*@C
  SweepTaskTwoStepAtBudget - the two-step law's accuracy at the law's compute-optimal (N, D) for
  10^x FLOP; NaN without an optimum. Not collective.
@*/
PetscReal SweepTaskTwoStepAtBudget(SweepLaw law, const PetscReal pl[], const PetscReal pa[], PetscReal x)
{
  PetscReal q[SWEEP_MAX_PARAMS], N, D, L;
  PetscBool ok = PETSC_FALSE;

  if (!law->optimum) return NAN;
  law->to_natural(pl, q);
  if (law->optimum(q, PetscPowReal(10, x), &N, &D, &ok) || !ok) return NAN;
  if (SweepLawLoss(law, pl, N, D, &L)) return NAN;
  return SweepTaskLossEval(pa, L);
}

/*@C
  SweepTaskCrossing - where a monotone f crosses level in [lo, hi], by bisection; NaN when it does
  not. Not collective.
@*/
PetscReal SweepTaskCrossing(PetscReal (*f)(void *, PetscReal), void *ctx, PetscReal level, PetscReal lo, PetscReal hi)
{
  PetscReal flo = f(ctx, lo) - level, fhi = f(ctx, hi) - level;

  if (PetscIsInfOrNanReal(flo) || PetscIsInfOrNanReal(fhi) || flo * fhi > 0) return NAN;
  if (flo == 0) return lo;
  for (PetscInt it = 0; it < 200 && hi - lo > 1e-10; it++) {
    PetscReal mid = (lo + hi) / 2, fm = f(ctx, mid) - level;
    if (PetscIsInfOrNanReal(fm)) return NAN;
    if ((fm < 0) == (flo < 0))
      lo = mid, flo = fm;
    else
      hi = mid;
  }
  return (lo + hi) / 2;
}
