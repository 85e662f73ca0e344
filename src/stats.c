/* stats.c: quantiles by linear interpolation between order statistics (Hyndman and Fan's type 7,
   numpy's default), found with PETSc's sort; sample covariance with n - 1. */
#include "stats.h"
#include <math.h>

/*@C
  SweepQuantiles - the nq quantiles q (in [0, 1]) of the finite values among x[0..n-1]; x is
  reordered. Not collective.
@*/
PetscErrorCode SweepQuantiles(PetscInt n, PetscReal x[], PetscInt nq, const PetscReal q[], PetscReal out[])
{
  PetscInt m = 0;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < n; i++)
    if (isfinite(x[i])) x[m++] = x[i];
  for (PetscInt k = 0; k < nq; k++) out[k] = NAN;
  if (!m) PetscFunctionReturn(0);
  PetscCall(PetscSortReal(m, x));
  for (PetscInt k = 0; k < nq; k++) {
    PetscReal h  = q[k] * (m - 1);
    PetscInt  lo = (PetscInt) floor(h), hi = PetscMin(lo + 1, m - 1);
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
