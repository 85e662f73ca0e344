/* law_kaplan.c: L(N, D) = [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D (Kaplan et al. 2020, eq. 1.5).
   Fit parameters p = (nc, dc, alpha_N, alpha_D) with N_c = e^nc, D_c = e^dc, so that
   log L = alpha_D LSE((alpha_N/alpha_D)(nc - log N), dc - log D) is smooth and N_c, D_c stay positive.
   The law has no irreducible loss; alpha_D must stay away from 0 (the start box does). */
#include "law.h"
#include <math.h>

static const char *const FitNames[]   = {"nc", "dc", "alpha_N", "alpha_D"};
static const char *const ParamNames[] = {"N_c", "D_c", "alpha_N", "alpha_D"};

/* With u1 = r (nc - log N), r = alpha_N/alpha_D, u2 = dc - log D, S = LSE(u1, u2) and softmax weights
   w1, w2: d/dnc = alpha_N w1, d/ddc = alpha_D w2, d/dalpha_N = w1 (nc - log N), d/dalpha_D = S - w1 u1. */
static PetscErrorCode LogPred(SweepLaw law, const PetscReal p[], PetscInt n, const PetscReal logN[],
                              const PetscReal logD[], PetscReal out[], PetscReal jac[])
{
  const PetscReal nc = p[0], dc = p[1], aN = p[2], aD = p[3], r = aN / aD;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < n; i++) {
    PetscReal u1 = r * (nc - logN[i]), u2 = dc - logD[i], m = PetscMax(u1, u2);
    PetscReal w1 = exp(u1 - m), w2 = exp(u2 - m), s = w1 + w2, S = m + log(s);
    out[i] = aD * S;
    if (jac) {
      PetscReal *J = jac + i * 4;
      w1 /= s, w2 /= s;
      J[0] = aN * w1, J[1] = aD * w2, J[2] = w1 * (nc - logN[i]), J[3] = S - w1 * u1;
    }
  }
  PetscFunctionReturn(0);
}

static void ToNatural(const PetscReal p[], PetscReal q[])
{
  q[0] = exp(p[0]), q[1] = exp(p[1]), q[2] = p[2], q[3] = p[3];
}

static void FromNatural(const PetscReal q[], PetscReal p[])
{
  p[0] = log(q[0]), p[1] = log(q[1]), p[2] = q[2], p[3] = q[3];
}

/* nc, dc in {15, 20, ..., 40} (N_c, D_c from 3.3e6 to 2.4e17; published: nc = 32.1, dc = 31.6) and
   alpha_N, alpha_D in {0.05, 0.15, ..., 0.45} (published 0.076 and 0.095): 6 x 6 x 5 x 5 = 900. */
static PetscErrorCode StartGrid(PetscInt *nstart, PetscReal **starts)
{
  const PetscInt  count[4] = {6, 6, 5, 5};
  const PetscReal lo[4] = {15, 15, 0.05, 0.05}, step[4] = {5, 5, 0.1, 0.1};

  PetscFunctionBegin;
  PetscCall(SweepLawGridProduct(4, count, lo, step, nstart, starts));
  PetscFunctionReturn(0);
}

/* L is increasing in the bracket f(N) = (N_c/N)^r + D_c/D (alpha_D > 0), and with D = C/(6N),
   f(N) = N_c^r N^-r + 6 D_c N / C is convex in N with f'(N) = 0 at
   N^(r+1) = r N_c^r C / (6 D_c):  log N_opt = (log r + r log N_c + log(C/6) - log D_c) / (r + 1). */
static PetscErrorCode Optimum(const PetscReal q[], PetscReal C, PetscReal *N, PetscReal *D, PetscBool *ok)
{
  const PetscReal Nc = q[0], Dc = q[1], aN = q[2], aD = q[3];

  PetscFunctionBegin;
  *ok = (PetscBool) (aN > 0 && aD > 0 && Nc > 0 && Dc > 0);
  if (!*ok) {
    *N = *D = NAN;
    PetscFunctionReturn(0);
  }
  PetscReal r    = aN / aD;
  PetscReal logN = (log(r) + r * log(Nc) + log(C / 6.0) - log(Dc)) / (r + 1.0);
  *N             = exp(logN);
  *D             = C / (6.0 * *N);
  PetscFunctionReturn(0);
}

PetscErrorCode SweepLawCreate_Kaplan(SweepLaw law)
{
  PetscFunctionBegin;
  law->formula      = "L = [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D";
  law->reference    = "Kaplan et al. 2020, Scaling Laws for Neural Language Models (eq. 1.5)";
  law->np           = 4;
  law->fit_names    = FitNames;
  law->param_names  = ParamNames;
  law->logpred      = LogPred;
  law->to_natural   = ToNatural;
  law->from_natural = FromNatural;
  law->start_grid   = StartGrid;
  law->optimum      = Optimum;
  law->start_lo[0] = law->start_lo[1] = 15;
  law->start_hi[0] = law->start_hi[1] = 40;
  law->start_lo[2] = law->start_lo[3] = 0.05;
  law->start_hi[2] = law->start_hi[3] = 0.45;
  PetscFunctionReturn(0);
}
