/* sandwich.c: Slice-and-Sandwich numerics (sandwich.h). Every fit takes per-model weights, so a
   bootstrap replicate is the same computation with resampling counts: rows of weight 0 drop out.
   The fitting split is x < threshold; the test split is the rest. */
#include "sandwich.h"
#include "numeric.h"
#include "rng.h"

PetscInt SandwichRecordLength(const SandwichSettings *s)
{
  return s->deg_easy + s->deg_hard + s->deg_turn + 3 + 6 + SANDWICH_NERR;
}

/* One order for pack and unpack: the three coefficient vectors, the map, the baseline, the turn, errors. */
static void Copy(const SandwichSettings *s, PetscReal *rec, SandwichFit *f, PetscBool pack)
{
  PetscReal *v[5 + SANDWICH_NERR];
  PetscInt   k = 0;

#define SANDWICH_MOVE(a, b) (pack ? (void) ((a) = (b)) : (void) ((b) = (a)))
  for (PetscInt i = 0; i <= s->deg_easy; i++) SANDWICH_MOVE(rec[k++], f->easy[i]);
  for (PetscInt i = 0; i <= s->deg_hard; i++) SANDWICH_MOVE(rec[k++], f->hard[i]);
  for (PetscInt i = 0; i <= s->deg_turn; i++) SANDWICH_MOVE(rec[k++], f->turnfit[i]);
  v[0] = &f->intercept, v[1] = &f->slope, v[2] = &f->shift, v[3] = &f->sig[0], v[4] = &f->sig[1];
  for (PetscInt i = 0; i < 5; i++) SANDWICH_MOVE(rec[k++], *v[i]);
  SANDWICH_MOVE(rec[k++], f->turn);
  for (PetscInt i = 0; i < SANDWICH_NERR; i++) SANDWICH_MOVE(rec[k++], f->err[i]);
#undef SANDWICH_MOVE
}

void SandwichPack(const SandwichSettings *s, const SandwichFit *f, PetscReal rec[])
{
  Copy(s, rec, (SandwichFit *) f, PETSC_TRUE);
}

void SandwichUnpack(const SandwichSettings *s, const PetscReal rec[], SandwichFit *f)
{
  Copy(s, (PetscReal *) rec, f, PETSC_FALSE);
}

static PetscReal Derivative(PetscInt deg, const PetscReal c[], PetscReal t)
{
  PetscReal d = 0;

  for (PetscInt k = deg; k >= 1; k--) d = d * t + k * c[k];
  return d;
}

/*@C
  SandwichTurn - the lowest interior local minimum of the polynomial c on [lo, hi], found from the
  sign changes of its slope on a grid of 2000 intervals, each refined by bisection; NaN if the slope
  never turns from negative to positive. Not collective.
@*/
PetscReal SandwichTurn(PetscInt deg, const PetscReal c[], PetscReal lo, PetscReal hi)
{
  const PetscInt M    = 2000;
  PetscReal      best = PETSC_MAX_REAL, turn = NAN;

  if (!(hi > lo)) return NAN;
  for (PetscInt i = 0; i < M; i++) {
    PetscReal a = lo + (hi - lo) * i / M, b = lo + (hi - lo) * (i + 1) / M, v;
    if (!(Derivative(deg, c, a) < 0 && Derivative(deg, c, b) >= 0)) continue;
    for (PetscInt it = 0; it < 60; it++) { /* the slope is negative at a, not at b */
      PetscReal m = 0.5 * (a + b);
      if (Derivative(deg, c, m) < 0)
        a = m;
      else
        b = m;
    }
    v = SweepPolyEval(deg, c, b);
    if (v < best) best = v, turn = b;
  }
  return turn;
}

PetscReal SandwichScore(const SandwichSettings *s, const SandwichFit *f, PetscReal x)
{
  return 0.5 * (SweepPolyEval(s->deg_easy, f->easy, x) + SweepPolyEval(s->deg_hard, f->hard, x));
}

/* The score -> accuracy map: score = intercept + slope acc inverted, plus the shift. */
PetscReal SandwichAccuracy(const SandwichSettings *s, const SandwichFit *f, PetscReal x)
{
  return (SandwichScore(s, f, x) - f->intercept) / f->slope + f->shift;
}

PetscReal SandwichSigmoid(const SandwichSettings *s, const SandwichFit *f, PetscReal x)
{
  return s->guess + (1 - s->guess) / (1 + PetscExpReal(-(f->sig[0] + f->sig[1] * x)));
}

typedef struct {
  const SandwichSettings *s;
  const SandwichData     *d;
  const PetscReal        *w; /* fitting-split weights */
  PetscReal               wsum;
} SigmoidCtx;

/* Weighted mean squared accuracy error of the sigmoid baseline and its gradient in (sig0, sig1). */
static PetscErrorCode SigmoidObjective(void *ctx, const PetscReal p[], PetscReal *fx, PetscReal g[])
{
  SigmoidCtx *c  = (SigmoidCtx *) ctx;
  PetscReal   gu = c->s->guess;

  PetscFunctionBegin;
  *fx = g[0] = g[1] = 0;
  for (PetscInt i = 0; i < c->d->n; i++) {
    PetscReal q, r, dz;
    if (!(c->w[i] > 0)) continue;
    q  = 1 / (1 + PetscExpReal(-(p[0] + p[1] * c->d->x[i])));
    r  = gu + (1 - gu) * q - c->d->acc[i];
    dz = 2 * c->w[i] * r * (1 - gu) * q * (1 - q) / c->wsum;
    *fx += c->w[i] * r * r / c->wsum;
    g[0] += dz, g[1] += dz * c->d->x[i];
  }
  PetscFunctionReturn(0);
}

/* The sigmoid baseline: least squares in accuracy by TAO, started from the logit-linear fit (the
   ExpEmergence repository's baseline: OLS of logit((acc - guess) / (1 - guess)) on x). */
static PetscErrorCode FitSigmoid(const SandwichSettings *s, const SandwichData *d, const PetscReal wf[], PetscReal wsum,
                                 SandwichFit *f)
{
  PetscReal *A, *z, lo[2] = {-200, -50}, hi[2] = {200, 50}, fx;
  SigmoidCtx ctx = {s, d, wf, wsum};

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(2 * d->n, &A, d->n, &z));
  for (PetscInt i = 0; i < d->n; i++) {
    PetscReal u = PetscMin(PetscMax((d->acc[i] - s->guess) / (1 - s->guess), 1e-3), 1 - 1e-3);
    A[2 * i] = 1, A[2 * i + 1] = d->x[i], z[i] = PetscLogReal(u / (1 - u));
  }
  PetscCall(SweepLeastSquares(d->n, 2, A, z, wf, f->sig, NULL));
  for (PetscInt k = 0; k < 2; k++) f->sig[k] = PetscMin(PetscMax(f->sig[k], lo[k]), hi[k]);
  PetscCall(SweepMinimize(2, SigmoidObjective, &ctx, lo, hi, f->sig, &fx, NULL));
  PetscCall(PetscFree2(A, z));
  PetscFunctionReturn(0);
}

/* Mean squared and absolute errors of both predictions over the test models of weight w (and of
   those within the horizon). */
static void Errors(const SandwichSettings *s, const SandwichData *d, const PetscReal w[], SandwichFit *f)
{
  PetscReal sum[SANDWICH_NERR] = {0}, wt[2] = {0, 0};

  for (PetscInt i = 0; i < d->n; i++) {
    PetscReal wi = w ? w[i] : 1, ra, rs;
    if (d->x[i] < s->threshold || !(wi > 0)) continue;
    ra = SandwichAccuracy(s, f, d->x[i]) - d->acc[i], rs = SandwichSigmoid(s, f, d->x[i]) - d->acc[i];
    for (PetscInt h = 0; h < 2; h++) {
      PetscReal *e = sum + h * SANDWICH_NERR_METHOD;
      if (h && !(d->x[i] < s->threshold + s->horizon)) continue;
      e[SANDWICH_MSE] += wi * ra * ra, e[SANDWICH_MAE] += wi * PetscAbsReal(ra);
      e[SIGMOID_MSE] += wi * rs * rs, e[SIGMOID_MAE] += wi * PetscAbsReal(rs);
      wt[h] += wi;
    }
  }
  for (PetscInt k = 0; k < SANDWICH_NERR; k++)
    f->err[k] = wt[k / SANDWICH_NERR_METHOD] > 0 ? sum[k] / wt[k / SANDWICH_NERR_METHOD] : NAN;
}

/* The score -> accuracy map over the fitting split: score = intercept + slope acc (ordinary least
   squares, as the repository's statsmodels OLS of brier on acc), and the shift that makes the mean
   predicted accuracy of the fitting split equal its observed mean. */
static PetscErrorCode FitMap(const SandwichSettings *s, const SandwichData *d, const PetscReal wf[], SandwichFit *f)
{
  PetscReal *A, c[2], sw = 0, sp = 0, sa = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(2 * d->n, &A));
  for (PetscInt i = 0; i < d->n; i++) A[2 * i] = 1, A[2 * i + 1] = d->acc[i];
  PetscCall(SweepLeastSquares(d->n, 2, A, d->score, wf, c, NULL));
  PetscCall(PetscFree(A));
  f->intercept = c[0], f->slope = c[1], f->shift = 0;
  if (!s->shift) PetscFunctionReturn(0);
  for (PetscInt i = 0; i < d->n; i++) {
    if (!(wf[i] > 0)) continue;
    sw += wf[i], sa += wf[i] * d->acc[i], sp += wf[i] * SandwichAccuracy(s, f, d->x[i]);
  }
  f->shift = (sa - sp) / sw;
  PetscFunctionReturn(0);
}

/*@C
  SandwichFitData - Slice-and-Sandwich and its baseline from models weighted by w (NULL: all 1):
  the easy group's degree-deg_easy and the hard group's degree-deg_hard polynomials of x over the
  fitting split (x < threshold), the score -> accuracy map, the sigmoid baseline (TAO), the errors
  on the test split, and the easy curve's turning point from a degree-deg_turn polynomial over all
  models. Not collective.
@*/
PetscErrorCode SandwichFitData(const SandwichSettings *s, const SandwichData *d, const PetscReal w[], SandwichFit *f)
{
  PetscReal *wf, *wa, lo = PETSC_MAX_REAL, hi = PETSC_MIN_REAL, wsum = 0;

  PetscFunctionBegin;
  PetscCheck(s->deg_easy <= SANDWICH_MAX_DEG && s->deg_hard <= SANDWICH_MAX_DEG && s->deg_turn <= SANDWICH_MAX_DEG,
             PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "polynomial degree above %d", SANDWICH_MAX_DEG);
  PetscCall(PetscMemzero(f, sizeof(*f)));
  PetscCall(PetscMalloc2(d->n, &wf, d->n, &wa));
  for (PetscInt i = 0; i < d->n; i++) {
    wa[i] = w ? w[i] : 1;
    wf[i] = d->x[i] < s->threshold ? wa[i] : 0;
    wsum += wf[i];
    if (wa[i] > 0) lo = PetscMin(lo, d->x[i]), hi = PetscMax(hi, d->x[i]);
  }
  PetscCheck(wsum > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "no model below the threshold");
  PetscCall(SweepPolyFit(d->n, d->x, d->easy, wf, s->deg_easy, f->easy));
  PetscCall(SweepPolyFit(d->n, d->x, d->hard, wf, s->deg_hard, f->hard));
  PetscCall(SweepPolyFit(d->n, d->x, d->easy, wa, s->deg_turn, f->turnfit));
  f->turn = SandwichTurn(s->deg_turn, f->turnfit, lo, hi);
  PetscCall(FitMap(s, d, wf, f));
  PetscCall(FitSigmoid(s, d, wf, wsum, f));
  Errors(s, d, wa, f);
  PetscCall(PetscFree2(wf, wa));
  PetscFunctionReturn(0);
}

void SandwichTruthDefault(SandwichTruth *t)
{
  t->turn = 1.5, t->width = 0.6, t->k = 0.12, t->e0 = -0.40;
  t->h0 = -0.62, t->q = 0.04, t->xh = 0.5, t->noise = 0.015, t->acc_noise = 0.01;
}

PetscReal SandwichTruthEasy(const SandwichTruth *t, PetscReal x)
{
  PetscReal u = x - (t->turn - t->width);

  return t->e0 + t->k * (u * u * u / 3 - t->width * t->width * u);
}

PetscReal SandwichTruthHard(const SandwichTruth *t, PetscReal x)
{
  return t->h0 + t->q * (x - t->xh) * (x - t->xh);
}

PetscReal SandwichTruthLambda(PetscInt group)
{
  return group <= 3 ? 0 : group >= 8 ? 1 : 0.2 * (group - 3);
}

PetscReal SandwichTruthAccuracy(PetscReal score)
{
  return 1 + score * 4 / 3;
}

void SandwichTruthModel(const SandwichTruth *t, PetscInt n, PetscInt i, PetscReal xlo, PetscReal xhi, PetscInt seed,
                        PetscReal *x, PetscReal group[10], PetscReal *acc)
{
  PetscReal mean = 0;

  *x = xlo + (xhi - xlo) * (i + SweepRandomUniform((uint64_t) seed, (uint64_t) i, 0)) / n;
  for (PetscInt g = 0; g < 10; g++) {
    PetscReal e = SandwichTruthEasy(t, *x), h = SandwichTruthHard(t, *x);
    PetscReal v =
        e + SandwichTruthLambda(g + 1) * (h - e) + t->noise * SweepRandomNormal((uint64_t) seed, (uint64_t) i, 1 + g);
    group[g] = PetscMin(PetscMax(v, -1), 0);
    mean += group[g] / 10;
  }
  *acc = SandwichTruthAccuracy(mean) + t->acc_noise * SweepRandomNormal((uint64_t) seed, (uint64_t) i, 11);
  *acc = PetscMin(PetscMax(*acc, 0), 1);
}
