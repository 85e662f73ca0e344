/* law_data_constrained.c: the Chinchilla form on effective data and parameters (Muennighoff et al.
   2023, "Scaling Data-Constrained Language Models"): L = E + A / N'^alpha + B / D'^beta with
     D' = U_D + U_D R*_D (1 - exp(-R_D / R*_D)),  U_D = min(U, D),      R_D = D / U_D - 1 >= 0,
     N' = U_N + U_N R*_N (1 - exp(-R_N / R*_N)),  U_N = min(U / 20, N), R_N = N / U_N - 1 >= 0,
   where U is the run's pool of unique tokens (law->logU, or law->logU_plan when that is NULL).
   Approximation: U / 20 stands for the compute-optimal parameter count for the unique data, by
   Chinchilla's 20 tokens per parameter (the paper takes it from its own fitted Chinchilla law, and
   from min(U, D); the pool U is used here so that U = +inf gives exactly the Chinchilla law).
   Fit parameters p = (a, b, e, alpha, beta, rd, rn): A = e^a, B = e^b, E = e^e, R*_D = e^rd, R*_N = e^rn. */
#include "law.h"
#include <math.h>

static const char *const FitNames[]   = {"a", "b", "e", "alpha", "beta", "rd", "rn"};
static const char *const ParamNames[] = {"A", "B", "E", "alpha", "beta", "RD_star", "RN_star"};

#define LOG_RD_PUBLISHED 2.7343675094195836 /* log 15.4 (Muennighoff et al.'s fitted R*_D) */
#define LOG_RN_PUBLISHED 1.6677068205580761 /* log 5.3 (R*_N) */

/* log X' = log U_X + log(1 + s (1 - e^(-R/s))) for R = X/U_X - 1 >= 0, s = e^r, and its derivative in r:
   s ((1 - e^-x) - x e^-x) / (1 + s (1 - e^-x)), x = R/s. Both are continuous at R = 0, where
   X' = X and the derivative is 0 (R = 0 for X <= U_X: the one-sided form). */
static PetscReal Effective(PetscReal logX, PetscReal logUX, PetscReal r, PetscReal *dr)
{
  PetscReal s = exp(r), R = expm1(logX - logUX), x = R / s, g = -expm1(-x), f = 1.0 + s * g;
  *dr = s * (g - x * exp(-x)) / f;
  return logUX + log(f);
}

static PetscErrorCode LogPred(SweepLaw law, const PetscReal p[], PetscInt n, const PetscReal logN[],
                              const PetscReal logD[], PetscReal out[], PetscReal jac[])
{
  const PetscReal a = p[0], b = p[1], e = p[2], alpha = p[3], beta = p[4], log20 = log(20.0);

  PetscFunctionBegin;
  for (PetscInt i = 0; i < n; i++) {
    PetscReal logU = law->logU ? law->logU[i] : law->logU_plan, dN, dD;
    PetscReal lD   = Effective(logD[i], PetscMin(logU, logD[i]), p[5], &dD);
    PetscReal lN   = Effective(logN[i], PetscMin(logU - log20, logN[i]), p[6], &dN);
    PetscReal u1 = a - alpha * lN, u2 = b - beta * lD, m = PetscMax(PetscMax(u1, u2), e);
    PetscReal w1 = exp(u1 - m), w2 = exp(u2 - m), w3 = exp(e - m), s = w1 + w2 + w3;
    out[i] = m + log(s);
    if (jac) {
      PetscReal *J = jac + i * 7;
      w1 /= s, w2 /= s, w3 /= s;
      J[0] = w1, J[1] = w2, J[2] = w3, J[3] = -w1 * lN, J[4] = -w2 * lD;
      J[5] = -w2 * beta * dD, J[6] = -w1 * alpha * dN;
    }
  }
  PetscFunctionReturn(0);
}

static void ToNatural(const PetscReal p[], PetscReal q[])
{
  q[0] = exp(p[0]), q[1] = exp(p[1]), q[2] = exp(p[2]), q[3] = p[3], q[4] = p[4], q[5] = exp(p[5]), q[6] = exp(p[6]);
}

static void FromNatural(const PetscReal q[], PetscReal p[])
{
  p[0] = log(q[0]), p[1] = log(q[1]), p[2] = log(q[2]), p[3] = q[3], p[4] = q[4], p[5] = log(q[5]), p[6] = log(q[6]);
}

/* A subset of Hoffmann's grid for the Chinchilla part, a, b in {0, 5, ..., 25}, e in {-1, -0.5, ..., 1},
   alpha, beta in {0, 0.5, 1} (6 x 6 x 5 x 3 x 3 = 1620 starts), each with rd = log 15.4 and
   rn = log 5.3, the published values. When no run repeats data (no -sweep_col_unique, or every
   D <= U and N <= U/20), rd and rn do not enter the objective: their gradient is zero and a fit
   from this grid leaves them at the published values. That is how the law "fixes" them. */
static PetscErrorCode StartGrid(PetscInt *nstart, PetscReal **starts)
{
  const PetscInt  count[7] = {6, 6, 5, 3, 3, 1, 1};
  const PetscReal lo[7]    = {0, 0, -1, 0, 0, LOG_RD_PUBLISHED, LOG_RN_PUBLISHED};
  const PetscReal step[7]  = {5, 5, 0.5, 0.5, 0.5, 0, 0};

  PetscFunctionBegin;
  PetscCall(SweepLawGridProduct(7, count, lo, step, nstart, starts));
  PetscFunctionReturn(0);
}

PetscErrorCode SweepLawCreate_DataConstrained(SweepLaw law)
{
  PetscFunctionBegin;
  law->formula      = "L = E + A N'^-alpha + B D'^-beta, D' = U_D (1 + RD_star (1 - exp(-R_D / RD_star))), N' likewise";
  law->reference    = "Muennighoff et al. 2023, Scaling Data-Constrained Language Models";
  law->np           = 7;
  law->repeats      = PETSC_TRUE; /* reads logU / logU_plan: the plan repeats data beyond a unique-token cap */
  law->fit_names    = FitNames;
  law->param_names  = ParamNames;
  law->logpred      = LogPred;
  law->to_natural   = ToNatural;
  law->from_natural = FromNatural;
  law->start_grid   = StartGrid;
  /* Chinchilla's closed form, N' = N and D' = D: the optimum for an unlimited unique-token pool. Under
     a unique-token cap the planner (allocate.c) does not use it: it searches with logU_plan = log U. */
  law->optimum = SweepChinchillaOptimum;
  for (PetscInt j = 0; j < 5; j++) law->start_lo[j] = 0;
  law->start_lo[2] = -1;
  law->start_hi[0] = law->start_hi[1] = 25;
  law->start_hi[2]                    = 1;
  law->start_hi[3] = law->start_hi[4] = 2;
  law->start_lo[5] = law->start_lo[6] = 0;          /* R* from 1 */
  law->start_hi[5] = law->start_hi[6] = log(100.0); /* to 100 */
  PetscFunctionReturn(0);
}
