/* select.c: the Huber likelihood with a fitted scale, and cross-validation folds (select.h).
   Z(s) = int exp(-H_delta(r)/s) dr = sqrt(2 pi s) erf(delta / sqrt(2 s)) + (2 s / delta) exp(-delta^2 / (2 s)):
   the Gaussian core plus the two Laplace tails. The law's parameters that minimise sum H(r_i) also
   maximise this likelihood for every s, so the fit is reused and only s is estimated here. */
#include "select.h"
#include "allocate.h"
#include "rng.h"
#include <math.h>

/*@C
  SweepHuberLogNormalizer - log Z(s) of the Huber density exp(-H_delta(r)/s) / Z(s). Not collective.
@*/
PetscReal SweepHuberLogNormalizer(PetscReal delta, PetscReal s)
{
  PetscReal core = sqrt(2 * PETSC_PI * s) * erf(delta / sqrt(2 * s));
  PetscReal tail = 2 * s / delta * exp(-delta * delta / (2 * s));
  return log(core + tail);
}

typedef struct {
  PetscReal sum, delta;
  PetscInt  n;
} ScaleFit;

/* The negative log-likelihood in t = log s, and its derivative by central differences. */
static PetscReal ScaleNLL(const ScaleFit *f, PetscReal t)
{
  return f->sum * exp(-t) + f->n * SweepHuberLogNormalizer(f->delta, exp(t));
}

static PetscErrorCode ScaleObjective(void *ctx, PetscReal t, PetscReal *v, PetscReal *dv)
{
  const ScaleFit *f = (const ScaleFit *) ctx;
  const PetscReal h = 1e-6;

  PetscFunctionBegin;
  *v = ScaleNLL(f, t);
  if (dv) *dv = (ScaleNLL(f, t + h) - ScaleNLL(f, t - h)) / (2 * h);
  PetscFunctionReturn(0);
}

/*@C
  SweepHuberCriteria - the maximum-likelihood scale of the Huber density for residuals r[0..n) and
  AIC = 2 k + 2 nll, BIC = k log n + 2 nll with k = nparam + 1 (the scale counts). Non-finite
  residuals make every field NaN. Not collective.
@*/
PetscErrorCode SweepHuberCriteria(PetscInt n, const PetscReal r[], PetscReal delta, PetscInt nparam,
                                  SweepInfoCriteria *ic)
{
  ScaleFit  f = {0, delta, n};
  PetscReal t, v, rms = 0;

  PetscFunctionBegin;
  ic->n = n, ic->k = nparam + 1;
  ic->scale = ic->nll = ic->aic = ic->bic = NAN;
  for (PetscInt i = 0; i < n; i++) {
    if (!isfinite(r[i])) PetscFunctionReturn(0);
    f.sum += r[i] * r[i] <= delta * delta ? 0.5 * r[i] * r[i] : delta * (PetscAbsReal(r[i]) - 0.5 * delta);
    rms += r[i] * r[i];
  }
  if (!n || !(f.sum > 0)) PetscFunctionReturn(0);
  rms = sqrt(rms / n);
  /* s is between the Gaussian scale of the residuals squared and the Laplace one: search widely around both */
  PetscReal lo = log(PetscMin(rms * rms, delta * rms)) - 8, hi = log(PetscMax(rms * rms, delta * rms)) + 8;
  PetscCall(SweepMinimize1D(ScaleObjective, &f, lo, hi, 161, &t, &v));
  ic->scale = exp(t), ic->nll = v;
  ic->aic = 2.0 * ic->k + 2 * v;
  ic->bic = ic->k * log((PetscReal) n) + 2 * v;
  PetscFunctionReturn(0);
}

/*@C
  SweepFolds - assigns the runs with mask[i] > 0 to k folds of sizes differing by at most one, in the
  order of a random key per run drawn from (seed, run index); fold[i] = -1 for the others. k <= 0
  means leave-one-out: fold[i] is the run's rank among the masked runs. Not collective.
@*/
PetscErrorCode SweepFolds(PetscInt n, const PetscReal mask[], PetscInt k, PetscInt seed, PetscInt fold[])
{
  PetscReal *key;
  PetscInt  *idx, m = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(n, &key, n, &idx));
  for (PetscInt i = 0; i < n; i++) {
    fold[i] = -1;
    if (mask[i] > 0)
      key[m] = k > 0 ? SweepRandomUniform((uint64_t) seed, 0x6b666f6c64ULL, (uint64_t) i) : (PetscReal) i, idx[m++] = i;
  }
  PetscCall(PetscSortRealWithArrayInt(m, key, idx));
  for (PetscInt j = 0; j < m; j++) fold[idx[j]] = k > 0 ? j % k : j;
  PetscCall(PetscFree2(key, idx));
  PetscFunctionReturn(0);
}
