/* stats.c: quantiles by linear interpolation between order statistics (Hyndman and Fan's type 7,
   numpy's default), found by selection (Hoare's quickselect) rather than a full sort: the same
   order statistics, so the same bits, in linear time; sample covariance with n - 1. */
#include "stats.h"
#include <math.h>

/* Moves the k-th smallest of x[lo..hi] to x[k], smaller ones before it, larger ones after. */
static void Select(PetscReal x[], PetscInt lo, PetscInt hi, PetscInt k)
{
  while (lo < hi) {
    PetscReal pivot = x[lo + (hi - lo) / 2];
    PetscInt  i = lo, j = hi;
    while (i <= j) {
      while (x[i] < pivot) i++;
      while (x[j] > pivot) j--;
      if (i <= j) {
        PetscReal t = x[i];
        x[i++]      = x[j];
        x[j--]      = t;
      }
    }
    if (k <= j)
      hi = j;
    else if (k >= i)
      lo = i;
    else
      return;
  }
}

/*@C
  SweepQuantiles - the nq quantiles q (in [0, 1], ascending) of the finite values among x[0..n-1];
  x is reordered. Not collective.
@*/
PetscErrorCode SweepQuantiles(PetscInt n, PetscReal x[], PetscInt nq, const PetscReal q[], PetscReal out[])
{
  PetscInt m = 0, done = 0; /* x[0..done) holds the smallest values, in order from a previous select */

  PetscFunctionBegin;
  for (PetscInt i = 0; i < n; i++)
    if (isfinite(x[i])) x[m++] = x[i];
  for (PetscInt k = 0; k < nq; k++) out[k] = NAN;
  if (!m) PetscFunctionReturn(0);
  for (PetscInt k = 0; k < nq; k++) {
    PetscReal h  = q[k] * (m - 1);
    PetscInt  lo = (PetscInt) floor(h), hi = PetscMin(lo + 1, m - 1);
    PetscCheck(!k || q[k] >= q[k - 1], PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "quantiles must be ascending");
    /* order statistics lo and hi; selections only move values at or after the last one selected */
    if (lo >= done) Select(x, done, m - 1, lo);
    if (hi > lo) Select(x, lo + 1, m - 1, hi);
    done   = hi + 1;
    out[k] = x[lo] + (h - lo) * (x[hi] - x[lo]);
  }
  PetscFunctionReturn(0);
}

/*@C
  SweepCovariance - the dim x dim sample covariance of n vectors x[i * stride + j], j < dim,
  leaving out vectors with a non-finite entry; NaN with fewer than 2 vectors. Not collective.
@*/
PetscErrorCode SweepCovariance(PetscInt n, PetscInt dim, PetscInt stride, const PetscReal x[], PetscReal cov[])
{
  PetscReal mean[64] = {0};
  PetscInt  m        = 0;

  PetscFunctionBegin;
  PetscCheck(dim <= 64, PETSC_COMM_SELF, PETSC_ERR_SUP, "covariance of more than 64 parameters");
  for (PetscInt k = 0; k < dim * dim; k++) cov[k] = 0;
  for (PetscInt i = 0; i < n; i++) {
    PetscBool ok = PETSC_TRUE;
    for (PetscInt j = 0; j < dim; j++) ok = (PetscBool) (ok && isfinite(x[i * stride + j]));
    if (!ok) continue;
    m++;
    for (PetscInt j = 0; j < dim; j++) mean[j] += x[i * stride + j];
  }
  for (PetscInt j = 0; j < dim; j++) mean[j] /= PetscMax(m, 1);
  for (PetscInt i = 0; i < n; i++) {
    PetscBool ok = PETSC_TRUE;
    for (PetscInt j = 0; j < dim; j++) ok = (PetscBool) (ok && isfinite(x[i * stride + j]));
    if (!ok) continue;
    for (PetscInt j = 0; j < dim; j++)
      for (PetscInt k = 0; k < dim; k++)
        cov[j * dim + k] += (x[i * stride + j] - mean[j]) * (x[i * stride + k] - mean[k]);
  }
  for (PetscInt k = 0; k < dim * dim; k++) cov[k] = m > 1 ? cov[k] / (m - 1) : NAN;
  PetscFunctionReturn(0);
}
