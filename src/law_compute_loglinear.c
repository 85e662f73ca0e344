/* law_compute_loglinear.c: L(C) = c - k log10 C with C = 6 N D: performance linear in log compute
   (Guo 2024, "More Compute Is What You Need", Figure 1). Fit and natural parameters coincide,
   p = q = (c, k). The line crosses zero at log10 C = c / k; below a floor of the loss, the
   prediction continues linearly (see LogLoss) so that every point has a finite, smooth objective. */
#include "law.h"
#include <math.h>

static const char *const Names[] = {"c", "k"};

/* The smallest loss (nats) taken at face value. log v is undefined for v <= 0; TAO's More-Thuente
   line search needs finite values and gradients along the whole step, and a constant penalty would
   have a zero gradient that gives the solver no way back. So below V_FLOOR, log v is continued by its
   tangent at V_FLOOR, log V_FLOOR + (v - V_FLOOR) / V_FLOOR: C1, increasing in v, and falling with a
   slope of 1/V_FLOOR, so a step into v <= 0 meets a steep, finite Huber penalty whose gradient points
   back. No real loss is below 1e-3 nats, so a fit that ends in the valid region is unaffected. */
#define V_FLOOR 1e-3

/* The predicted log loss for v = c - k log10 C and its derivative in v. */
static PetscReal LogLoss(PetscReal v, PetscReal *dv)
{
  if (v >= V_FLOOR) {
    *dv = 1.0 / v;
    return log(v);
  }
  *dv = 1.0 / V_FLOOR;
  return log(V_FLOOR) + (v - V_FLOOR) / V_FLOOR;
}

static PetscErrorCode LogPred(SweepLaw law, const PetscReal p[], PetscInt n, const PetscReal logN[],
                              const PetscReal logD[], PetscReal out[], PetscReal jac[])
{
  const PetscReal c = p[0], k = p[1], log6 = log(6.0), ln10 = log(10.0);

  PetscFunctionBegin;
  for (PetscInt i = 0; i < n; i++) {
    PetscReal x = (log6 + logN[i] + logD[i]) / ln10, dv; /* log10 C */
    out[i]      = LogLoss(c - k * x, &dv);
    if (jac) jac[i * 2] = dv, jac[i * 2 + 1] = -x * dv;
  }
  PetscFunctionReturn(0);
}

static void Identity(const PetscReal p[], PetscReal q[])
{
  q[0] = p[0], q[1] = p[1];
}

/* c in {2, 4, ..., 20} and k in {0, 0.1, ..., 1}: 10 x 11 = 110 starts, k varying fastest. Losses of
   2 to 4 nats at 1e18 to 1e26 FLOP need c of a few nats plus k times 18 to 26. */
static PetscErrorCode StartGrid(PetscInt *nstart, PetscReal **starts)
{
  const PetscInt  count[2] = {10, 11};
  const PetscReal lo[2] = {2, 0}, step[2] = {2, 0.1};

  PetscFunctionBegin;
  PetscCall(SweepLawGridProduct(2, count, lo, step, nstart, starts));
  PetscFunctionReturn(0);
}

/* The loss does not depend on the split of C between N and D: no optimum to report. */
static PetscErrorCode Optimum(const PetscReal q[], PetscReal C, PetscReal *N, PetscReal *D, PetscBool *ok)
{
  PetscFunctionBegin;
  *N = *D = NAN;
  *ok     = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/* The law is linear in (c, k) in linear space: the start is the weighted least-squares line of L on
   x = log10 C (centred for conditioning); with a single budget, the flat line at the mean loss. */
static PetscErrorCode VarPro(PetscInt n, const PetscReal logN[], const PetscReal logD[], const PetscReal logL[],
                             const PetscReal w[], PetscReal p[])
{
  PetscReal sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, xm, ym;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < n; i++) {
    PetscReal x = (log(6.0) + logN[i] + logD[i]) / log(10.0);
    sw += w[i], sx += w[i] * x, sy += w[i] * exp(logL[i]);
  }
  xm = sx / sw, ym = sy / sw;
  for (PetscInt i = 0; i < n; i++) {
    PetscReal x = (log(6.0) + logN[i] + logD[i]) / log(10.0) - xm, y = exp(logL[i]) - ym;
    sxx += w[i] * x * x, sxy += w[i] * x * y;
  }
  p[1] = sxx > 1e-12 * sw ? -sxy / sxx : 0.0;
  p[0] = ym + p[1] * xm;
  PetscFunctionReturn(0);
}

PetscErrorCode SweepLawCreate_ComputeLogLinear(SweepLaw law)
{
  PetscFunctionBegin;
  law->formula      = "L = c - k log10 C, C = 6 N D";
  law->reference    = "Guo 2024, More Compute Is What You Need (performance linear in log compute)";
  law->np           = 2;
  law->fit_names    = Names;
  law->param_names  = Names;
  law->logpred      = LogPred;
  law->to_natural   = Identity;
  law->from_natural = Identity;
  law->start_grid   = StartGrid;
  law->optimum      = Optimum;
  law->varpro       = VarPro;
  law->flat         = PETSC_TRUE;
  law->start_lo[0] = 2, law->start_lo[1] = 0;
  law->start_hi[0] = 20, law->start_hi[1] = 1;
  PetscFunctionReturn(0);
}
