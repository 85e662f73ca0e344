/* law_chinchilla.c: L(N, D) = E + A N^-alpha + B D^-beta (Hoffmann et al. 2022, "Approach 3").
   Fit parameters p = (a, b, e, alpha, beta) with A = e^a, B = e^b, E = e^e, so that
   log L = LSE(a - alpha log N, b - beta log D, e) is smooth and never takes the log of a negative. */
#include "law.h"
#include "kernel.h"
#include <math.h>

static const char *const FitNames[]   = {"a", "b", "e", "alpha", "beta"};
static const char *const ParamNames[] = {"A", "B", "E", "alpha", "beta"};

static PetscErrorCode LogPred(SweepLaw law, const PetscReal p[], PetscInt n, const PetscReal logN[],
                              const PetscReal logD[], PetscReal out[], PetscReal jac[])
{
  const PetscReal a = p[0], b = p[1], e = p[2], alpha = p[3], beta = p[4];

  PetscFunctionBegin;
  for (PetscInt i = 0; i < n; i++) {
    PetscReal u1 = a - alpha * logN[i], u2 = b - beta * logD[i];
    PetscReal m  = PetscMax(PetscMax(u1, u2), e);
    PetscReal w1 = exp(u1 - m), w2 = exp(u2 - m), w3 = exp(e - m), s = w1 + w2 + w3;
    out[i] = m + log(s);
    if (jac) {
      PetscReal *J = jac + i * 5;
      w1 /= s, w2 /= s, w3 /= s;
      J[0] = w1, J[1] = w2, J[2] = w3, J[3] = -w1 * logN[i], J[4] = -w2 * logD[i];
    }
  }
  PetscFunctionReturn(0);
}

static void ToNatural(const PetscReal p[], PetscReal q[])
{
  q[0] = exp(p[0]), q[1] = exp(p[1]), q[2] = exp(p[2]), q[3] = p[3], q[4] = p[4];
}

static void FromNatural(const PetscReal q[], PetscReal p[])
{
  p[0] = log(q[0]), p[1] = log(q[1]), p[2] = log(q[2]), p[3] = q[3], p[4] = q[4];
}

/* Hoffmann's grid: a, b in {0, 5, ..., 25}; e in {-1, -0.5, ..., 1}; alpha, beta in {0, 0.5, ..., 2}. */
static PetscErrorCode StartGrid(PetscInt *nstart, PetscReal **starts)
{
  const PetscInt  count[5] = {6, 6, 5, 5, 5};
  const PetscReal lo[5] = {0, 0, -1, 0, 0}, step[5] = {5, 5, 0.5, 0.5, 0.5};

  PetscFunctionBegin;
  PetscCall(SweepLawGridProduct(5, count, lo, step, nstart, starts));
  PetscFunctionReturn(0);
}

/*@C
  SweepChinchillaOptimum - the compute-optimal split of C for natural parameters q = (A, B, E, alpha, beta):
  N_opt = G (C/6)^(beta/(alpha+beta)), G = (alpha A / (beta B))^(1/(alpha+beta)), in logs. Shared by the
  laws built on Chinchilla's form. Not collective.
@*/
PetscErrorCode SweepChinchillaOptimum(const PetscReal q[], PetscReal C, PetscReal *N, PetscReal *D, PetscBool *ok)
{
  const PetscReal A = q[0], B = q[1], alpha = q[3], beta = q[4];

  PetscFunctionBegin;
  *ok = (PetscBool) (alpha > 0 && beta > 0 && A > 0 && B > 0);
  if (!*ok) {
    *N = *D = NAN;
    PetscFunctionReturn(0);
  }
  PetscReal logG = (log(alpha * A) - log(beta * B)) / (alpha + beta);
  PetscReal logN = logG + beta / (alpha + beta) * log(C / 6.0);
  *N             = exp(logN);
  *D             = C / (6.0 * *N);
  PetscFunctionReturn(0);
}

/* Variable projection (REFERENCE 1.1): for alpha, beta on a grid of step 0.05 in (0, 2], E, A and B
   by weighted non-negative least squares of L = E + A N^-alpha + B D^-beta in linear space; the
   pair with the least squares wins. Columns are scaled to a largest value of 1 for conditioning. */
#define VP_STEPS 40
#define VP_STEP 0.05

static PetscErrorCode VarPro(PetscInt n, const PetscReal logN[], const PetscReal logD[], const PetscReal logL[],
                             const PetscReal w[], PetscReal p[])
{
  PetscReal *X1, *X2, *y, s1[VP_STEPS], s2[VP_STEPS], sw = 0, swy = 0, best = PETSC_INFINITY, lo1, lo2;
  PetscReal  m1[VP_STEPS], m2[VP_STEPS], q1[VP_STEPS], q2[VP_STEPS], y1[VP_STEPS], y2[VP_STEPS];
  PetscReal  bestq[5] = {1, 1, 1, 0.3, 0.3};

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(VP_STEPS * n, &X1, VP_STEPS * n, &X2, n, &y));
  lo1 = logN[0], lo2 = logD[0];
  for (PetscInt i = 0; i < n; i++) {
    y[i] = exp(logL[i]), sw += w[i], swy += w[i] * y[i];
    lo1 = PetscMin(lo1, logN[i]), lo2 = PetscMin(lo2, logD[i]);
  }
  for (PetscInt k = 0; k < VP_STEPS; k++) {
    PetscReal ex = VP_STEP * (k + 1);
    s1[k] = exp(-ex * lo1), s2[k] = exp(-ex * lo2); /* the largest value of each column */
    m1[k] = m2[k] = q1[k] = q2[k] = y1[k] = y2[k] = 0;
    for (PetscInt i = 0; i < n; i++) {
      PetscReal x1 = exp(-ex * (logN[i] - lo1)), x2 = exp(-ex * (logD[i] - lo2));
      X1[k * n + i] = x1, X2[k * n + i] = x2;
      m1[k] += w[i] * x1, q1[k] += w[i] * x1 * x1, y1[k] += w[i] * x1 * y[i];
      m2[k] += w[i] * x2, q2[k] += w[i] * x2 * x2, y2[k] += w[i] * x2 * y[i];
    }
  }
  for (PetscInt ka = 0; ka < VP_STEPS; ka++) {
    for (PetscInt kb = 0; kb < VP_STEPS; kb++) {
      const PetscReal *x1 = X1 + ka * n, *x2 = X2 + kb * n;
      PetscReal        c12 = 0, x[3], q;
      for (PetscInt i = 0; i < n; i++) c12 += w[i] * x1[i] * x2[i];
      const PetscReal G[9] = {sw, m1[ka], m2[kb], m1[ka], q1[ka], c12, m2[kb], c12, q2[kb]};
      const PetscReal c[3] = {swy, y1[ka], y2[kb]};
      SweepLawNNLS(3, G, c, x, &q);
      if (q < best) {
        best     = q;
        bestq[0] = x[1] / s1[ka], bestq[1] = x[2] / s2[kb], bestq[2] = x[0];
        bestq[3] = VP_STEP * (ka + 1), bestq[4] = VP_STEP * (kb + 1);
      }
    }
  }
  for (PetscInt j = 0; j < 3; j++) p[j] = log(PetscMax(bestq[j], 1e-8)); /* a zero coefficient: a tiny one */
  p[3] = bestq[3], p[4] = bestq[4];
  PetscCall(PetscFree3(X1, X2, y));
  PetscFunctionReturn(0);
}

PetscErrorCode SweepLawCreate_Chinchilla(SweepLaw law)
{
  PetscFunctionBegin;
  law->formula      = "L = E + A N^-alpha + B D^-beta";
  law->reference    = "Hoffmann et al. 2022, Training Compute-Optimal Large Language Models (Approach 3)";
  law->np           = 5;
  law->fit_names    = FitNames;
  law->param_names  = ParamNames;
  law->logpred      = LogPred;
  law->kernel       = SweepKernelChinchilla;
  law->to_natural   = ToNatural;
  law->from_natural = FromNatural;
  law->start_grid   = StartGrid;
  law->optimum      = SweepChinchillaOptimum;
  law->varpro       = VarPro;
  for (PetscInt j = 0; j < 5; j++) law->start_lo[j] = 0;
  law->start_lo[2] = -1;
  law->start_hi[0] = law->start_hi[1] = 25;
  law->start_hi[2]                    = 1;
  law->start_hi[3] = law->start_hi[4] = 2;
  PetscFunctionReturn(0);
}
