/* test_allocate.c: the constrained allocation (allocate.h) against brute-force searches written
   independently here: a scan of 400001 points of log N over a wide interval, each evaluated
   through the law directly (no TAO, no bracketing), for the Chinchilla law with Hoffmann et al.'s
   published parameters; and the flat (compute-only) law's constraint-only answers in closed form.
   Tolerance: 0.1% in N, D and total FLOPs, as issue 6 asks; the scan's own step is 1e-4 in log N
   near the optimum, well inside it. */
#include "allocate.h"
#include "surface.h"
#include "testing.h"

#define NSCAN 400001

/* Brute force: minimise the loss over N on [N_lo, N_hi] with D = (C - 2 N D_inf) / (6 N) <= Dmax. */
static PetscErrorCode BruteForce(SweepLaw law, const PetscReal p[], PetscReal C, PetscReal Dinf, PetscReal Dmax,
                                 PetscReal Nlo, PetscReal Nhi, PetscReal *N, PetscReal *D, PetscReal *L)
{
  PetscFunctionBegin;
  *L = PETSC_INFINITY;
  for (PetscInt i = 0; i < NSCAN; i++) {
    PetscReal n = Nlo * pow(Nhi / Nlo, (PetscReal) i / (NSCAN - 1)), d = (C - 2 * n * Dinf) / (6 * n), l;
    if (!(d > 0) || (Dmax > 0 && d > Dmax)) continue;
    PetscCall(SweepLawLoss(law, p, n, d, &l));
    if (l < *L) *L = l, *N = n, *D = d;
  }
  PetscFunctionReturn(0);
}

/* Brute force of the target form: for each N the D that reaches the target loss (bisection in log D),
   and the N with the smallest total 6 N D + 2 N D_inf. */
static PetscErrorCode BruteForceTarget(SweepLaw law, const PetscReal p[], PetscReal target, PetscReal Dinf,
                                       PetscReal Nlo, PetscReal Nhi, PetscReal *N, PetscReal *D, PetscReal *C)
{
  PetscFunctionBegin;
  *C = PETSC_INFINITY;
  for (PetscInt i = 0; i < 20001; i++) {
    PetscReal n = Nlo * pow(Nhi / Nlo, i / 20000.0), a = log(1e6), b = log(1e20), l;
    PetscCall(SweepLawLoss(law, p, n, exp(b), &l));
    if (l > target) continue; /* this N cannot reach the target with any data */
    for (PetscInt it = 0; it < 80; it++) {
      PetscReal m = 0.5 * (a + b);
      PetscCall(SweepLawLoss(law, p, n, exp(m), &l));
      if (l > target)
        a = m;
      else
        b = m;
    }
    PetscReal d = exp(b), c = 6 * n * d + 2 * n * Dinf;
    if (c < *C) *C = c, *N = n, *D = d;
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckChinchilla(void)
{
  const PetscReal  q[5] = {406.4, 410.7, 1.69, 0.34, 0.28}, budgets[3] = {1e20, 1e22, 1e24};
  SweepLaw         law;
  PetscReal        p[SWEEP_MAX_PARAMS];
  char             what[160];
  SweepConstraints none = {0, 0, 0};

  PetscFunctionBegin;
  PetscCall(SweepLawCreate("chinchilla", &law));
  law->from_natural(q, p);
  for (PetscInt b = 0; b < 3; b++) {
    PetscReal C = budgets[b], N0, D0, L0, N, D, L, Nb, Db, Lb, Cb;
    PetscCall(SweepAllocate(law, p, C, &none, &N0, &D0, &L0)); /* closed form */

    /* the TAO path without the closed form reaches it */
    law->optimum = NULL;
    PetscCall(SweepAllocate(law, p, C, &none, &N, &D, &L));
    PetscCall(SweepLawCreate_Chinchilla(law));
    PetscCall(PetscSNPrintf(what, sizeof(what), "C=%g: TAO's unconstrained N equals the closed form", (double) C));
    SweepCheckRel(what, N, N0, 1e-4);

    /* unique tokens capped at half of D_opt: D is capped, N grows; brute force agrees */
    SweepConstraints ku = {0.5 * D0, 0, 0};
    PetscCall(SweepAllocate(law, p, C, &ku, &N, &D, &L));
    PetscCall(BruteForce(law, p, C, 0, ku.unique_tokens, N0 / 100, N0 * 100, &Nb, &Db, &Lb));
    PetscCall(PetscSNPrintf(what, sizeof(what), "C=%g, U = D_opt/2: D = U", (double) C));
    SweepCheckRel(what, D, ku.unique_tokens, 1e-3);
    PetscCall(PetscSNPrintf(what, sizeof(what), "C=%g, U = D_opt/2: N grows (N/N_opt = %.3f)", (double) C,
                            (double) (N / N0)));
    SweepCheck(what, N > 1.5 * N0);
    PetscCall(PetscSNPrintf(what, sizeof(what), "C=%g, U = D_opt/2: N against brute force", (double) C));
    SweepCheckRel(what, N, Nb, 1e-3);

    /* a model-size cap at N_opt/3: N = cap */
    SweepConstraints kn = {0, N0 / 3, 0};
    PetscCall(SweepAllocate(law, p, C, &kn, &N, &D, &L));
    PetscCall(BruteForce(law, p, C, 0, 0, N0 / 100, N0 / 3, &Nb, &Db, &Lb));
    PetscCall(PetscSNPrintf(what, sizeof(what), "C=%g, N_max = N_opt/3: N against brute force", (double) C));
    SweepCheckRel(what, N, Nb, 1e-3);

    /* inference: D_inf = 10 D_opt tokens served, paid from the same budget: N shrinks */
    SweepConstraints ki = {0, 0, 10 * D0};
    PetscCall(SweepAllocate(law, p, C, &ki, &N, &D, &L));
    PetscCall(BruteForce(law, p, C, ki.inference_tokens, 0, N0 / 1000, C / (2 * ki.inference_tokens), &Nb, &Db, &Lb));
    PetscCall(PetscSNPrintf(what, sizeof(what), "C=%g, D_inf = 10 D_opt: N shrinks (N/N_opt = %.3f)", (double) C,
                            (double) (N / N0)));
    SweepCheck(what, N < N0);
    PetscCall(PetscSNPrintf(what, sizeof(what), "C=%g, D_inf = 10 D_opt: N against brute force", (double) C));
    SweepCheckRel(what, N, Nb, 1e-3);
    PetscCall(PetscSNPrintf(what, sizeof(what), "C=%g, D_inf = 10 D_opt: D against brute force", (double) C));
    SweepCheckRel(what, D, Db, 1e-3);

    /* inference, target form: the cheapest model with the loss of the unconstrained optimum at C */
    PetscCall(SweepAllocateTarget(law, p, L0, C, &ki, &N, &D, &Cb));
    PetscCall(SweepLawLoss(law, p, N, D, &L));
    PetscCall(
        PetscSNPrintf(what, sizeof(what), "C=%g, target L_opt, D_inf = 10 D_opt: reaches the target", (double) C));
    SweepCheckRel(what, L, L0, 1e-9);
    PetscCall(PetscSNPrintf(what, sizeof(what), "C=%g, target: N below N_opt (N/N_opt = %.3f)", (double) C,
                            (double) (N / N0)));
    SweepCheck(what, N < N0);
    {
      PetscReal Nt, Dt, Ct;
      PetscCall(BruteForceTarget(law, p, L0, ki.inference_tokens, N0 / 100, N0, &Nt, &Dt, &Ct));
      PetscCall(PetscSNPrintf(what, sizeof(what), "C=%g, target: total FLOPs against brute force", (double) C));
      SweepCheckRel(what, Cb, Ct, 1e-3);
      PetscCall(PetscSNPrintf(what, sizeof(what), "C=%g, target: N against brute force", (double) C));
      SweepCheckRel(what, N, Nt, 1e-3);
    }
  }
  PetscCall(SweepLawDestroy(&law));
  PetscFunctionReturn(0);
}

/* The compute-only law: only the constraints decide the split. */
static PetscErrorCode CheckFlat(void)
{
  const PetscReal q[3] = {2e3, 1.7, 0.15}, C = 1e22, U = 1e11, Dinf = 1e12;
  SweepLaw        law;
  PetscReal       p[SWEEP_MAX_PARAMS], N, D, L, Lc;

  PetscFunctionBegin;
  PetscCall(SweepLawCreate("compute_only", &law));
  law->from_natural(q, p);
  PetscCall(SweepLawLoss(law, p, 1.0, C / 6, &Lc));
  SweepConstraints none = {0, 0, 0}, ku = {U, 0, 0}, kui = {U, 0, Dinf}, kun = {U, 1e9, 0};
  PetscCall(SweepAllocate(law, p, C, &none, &N, &D, &L));
  SweepCheck("flat law, no constraint: the split is undetermined (NaN)", isnan(N) && isnan(D));
  SweepCheckRel("flat law, no constraint: the loss of C", L, Lc, 1e-12);
  PetscCall(SweepAllocate(law, p, C, &ku, &N, &D, &L));
  SweepCheck("flat law, unique-token cap alone: still undetermined", isnan(N) && isnan(D) && isfinite(L));
  PetscCall(SweepAllocate(law, p, C, &kui, &N, &D, &L));
  SweepCheckRel("flat law, U and D_inf: N = C / (6 U + 2 D_inf)", N, C / (6 * U + 2 * Dinf), 1e-12);
  SweepCheckRel("flat law, U and D_inf: D = U", D, U, 1e-12);
  PetscCall(SweepAllocate(law, p, C, &kun, &N, &D, &L));
  SweepCheck("flat law, U and N_max that cannot both hold: infeasible (NaN)", isnan(N) && isnan(L));
  PetscCall(SweepLawDestroy(&law));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(CheckChinchilla());
  PetscCall(CheckFlat());
  int status = SweepTestsDone();
  PetscCall(PetscFinalize());
  return status;
}
