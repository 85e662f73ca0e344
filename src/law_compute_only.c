/* law_compute_only.c: L(C) = E + A C^-gamma with C = 6 N D: performance set by the compute spent,
   not by how it is split ("More Compute Is What You Need", Guo 2024; the saturating form fitted
   by Porian et al. 2024). Fit parameters p = (a, e, gamma), A = e^a, E = e^e. */
#include "law.h"
#include "kernel.h"
#include <math.h>

static const char *const FitNames[]   = {"a", "e", "gamma"};
static const char *const ParamNames[] = {"A", "E", "gamma"};

static PetscErrorCode LogPred(SweepLaw law, const PetscReal p[], PetscInt n, const PetscReal logN[],
                              const PetscReal logD[], PetscReal out[], PetscReal jac[])
{
  const PetscReal a = p[0], e = p[1], gamma = p[2], log6 = log(6.0);

  PetscFunctionBegin;
  for (PetscInt i = 0; i < n; i++) {
    PetscReal logC = log6 + logN[i] + logD[i];
    PetscReal u1 = a - gamma * logC, m = PetscMax(u1, e);
    PetscReal w1 = exp(u1 - m), w2 = exp(e - m), s = w1 + w2;
    out[i] = m + log(s);
    if (jac) {
      PetscReal *J = jac + i * 3;
      w1 /= s, w2 /= s;
      J[0] = w1, J[1] = w2, J[2] = -w1 * logC;
    }
  }
  PetscFunctionReturn(0);
}

static void ToNatural(const PetscReal p[], PetscReal q[])
{
  q[0] = exp(p[0]), q[1] = exp(p[1]), q[2] = p[2];
}

static void FromNatural(const PetscReal q[], PetscReal p[])
{
  p[0] = log(q[0]), p[1] = log(q[1]), p[2] = q[2];
}

/* The analogue of Hoffmann's grid: a in {0, 5, ..., 25}, e in {-1, -0.5, ..., 1}, and a finer
   gamma in {0, 0.1, ..., 1}, since compute exponents are about alpha beta / (alpha + beta). */
static PetscErrorCode StartGrid(PetscInt *nstart, PetscReal **starts)
{
  const PetscInt  count[3] = {6, 5, 11};
  const PetscReal lo[3] = {0, -1, 0}, step[3] = {5, 0.5, 0.1};

  PetscFunctionBegin;
  PetscCall(SweepLawGridProduct(3, count, lo, step, nstart, starts));
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

/* Variable projection: for gamma on a grid of step 0.01 in (0, 1], E and A by weighted
   non-negative least squares of L = E + A C^-gamma in linear space; the best gamma wins. */
static PetscErrorCode VarPro(PetscInt n, const PetscReal logN[], const PetscReal logD[], const PetscReal logL[],
                             const PetscReal w[], PetscReal p[])
{
  PetscReal sw = 0, swy = 0, lo = PETSC_MAX_REAL, best = PETSC_INFINITY, bq[3] = {1, 1, 0.1};

  PetscFunctionBegin;
  for (PetscInt i = 0; i < n; i++) {
    sw += w[i], swy += w[i] * exp(logL[i]);
    lo = PetscMin(lo, logN[i] + logD[i]);
  }
  for (PetscInt k = 1; k <= 100; k++) {
    PetscReal gamma = 0.01 * k, m = 0, q2 = 0, cy = 0, x[2], q;
    for (PetscInt i = 0; i < n; i++) {
      PetscReal x1 = exp(-gamma * (logN[i] + logD[i] - lo)); /* at most 1 */
      m += w[i] * x1, q2 += w[i] * x1 * x1, cy += w[i] * x1 * exp(logL[i]);
    }
    const PetscReal G[4] = {sw, m, m, q2}, c[2] = {swy, cy};
    SweepLawNNLS(2, G, c, x, &q);
    if (q < best) best = q, bq[0] = x[1] * exp(gamma * (lo + log(6.0))), bq[1] = x[0], bq[2] = gamma;
  }
  p[0] = log(PetscMax(bq[0], 1e-8)), p[1] = log(PetscMax(bq[1], 1e-8)), p[2] = bq[2];
  PetscFunctionReturn(0);
}

PetscErrorCode SweepLawCreate_ComputeOnly(SweepLaw law)
{
  PetscFunctionBegin;
  law->formula      = "L = E + A C^-gamma, C = 6 N D";
  law->reference    = "Guo 2024, More Compute Is What You Need; Porian et al. 2024";
  law->np           = 3;
  law->fit_names    = FitNames;
  law->param_names  = ParamNames;
  law->logpred      = LogPred;
  law->kernel       = SweepKernelComputeOnly;
  law->to_natural   = ToNatural;
  law->from_natural = FromNatural;
  law->start_grid   = StartGrid;
  law->optimum      = Optimum;
  law->varpro       = VarPro;
  law->flat         = PETSC_TRUE;
  law->start_lo[0] = 0, law->start_lo[1] = -1, law->start_lo[2] = 0;
  law->start_hi[0] = 25, law->start_hi[1] = 1, law->start_hi[2] = 1;
  PetscFunctionReturn(0);
}
