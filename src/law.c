/* law.c: the registry of scaling laws (a PetscFunctionList from name to constructor) and the
   helpers every law shares. */
#include "law.h"
#include <math.h>

static PetscFunctionList SweepLaws           = NULL;
static PetscBool         SweepLawsRegistered = PETSC_FALSE;

/*@C
  SweepLawRegister - makes a law available by name to SweepLawCreate() and -sweep_laws. Not collective.
@*/
PetscErrorCode SweepLawRegister(const char name[], PetscErrorCode (*create)(SweepLaw))
{
  PetscFunctionBegin;
  PetscCall(PetscFunctionListAdd(&SweepLaws, name, create));
  PetscFunctionReturn(0);
}

static PetscErrorCode SweepLawFinalize(void)
{
  PetscFunctionBegin;
  PetscCall(PetscFunctionListDestroy(&SweepLaws));
  SweepLawsRegistered = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/*@C
  SweepLawRegisterAll - registers the laws shipped with scalesweep; idempotent. Not collective.
@*/
PetscErrorCode SweepLawRegisterAll(void)
{
  PetscFunctionBegin;
  if (SweepLawsRegistered) PetscFunctionReturn(0);
  SweepLawsRegistered = PETSC_TRUE;
  PetscCall(SweepLawRegister("chinchilla", SweepLawCreate_Chinchilla));
  PetscCall(SweepLawRegister("compute_only", SweepLawCreate_ComputeOnly));
  PetscCall(SweepLawRegister("kaplan", SweepLawCreate_Kaplan));
  PetscCall(SweepLawRegister("compute_loglinear", SweepLawCreate_ComputeLogLinear));
  PetscCall(SweepLawRegister("data_constrained", SweepLawCreate_DataConstrained));
  PetscCall(SweepLawRegister("test_faults", SweepLawCreate_TestFaults));
  PetscCall(PetscRegisterFinalize(SweepLawFinalize));
  PetscFunctionReturn(0);
}

/*@C
  SweepLawList - the registered law names, comma separated, for messages and -help. Not collective.
@*/
PetscErrorCode SweepLawList(char buf[], size_t len)
{
  const char **names;
  int          count;

  PetscFunctionBegin;
  PetscCall(SweepLawRegisterAll());
  PetscCall(PetscFunctionListGet(SweepLaws, &names, &count));
  buf[0] = 0;
  for (int i = 0; i < count; i++) {
    if (!names[i] || !names[i][0]) continue;
    if (buf[0]) PetscCall(PetscStrlcat(buf, ", ", len));
    PetscCall(PetscStrlcat(buf, names[i], len));
  }
  PetscCall(PetscFree(names));
  PetscFunctionReturn(0);
}

/*@C
  SweepLawCreate - creates the law registered under name; an unknown name is an error that lists
  the known ones. Not collective.
@*/
PetscErrorCode SweepLawCreate(const char name[], SweepLaw *law)
{
  PetscErrorCode (*create)(SweepLaw) = NULL;
  char known[256];

  PetscFunctionBegin;
  PetscCall(SweepLawRegisterAll());
  PetscCall(PetscFunctionListFind(SweepLaws, name, &create));
  PetscCall(SweepLawList(known, sizeof(known)));
  PetscCheck(create, PETSC_COMM_SELF, PETSC_ERR_ARG_UNKNOWN_TYPE, "unknown law '%s' (known laws: %s)", name, known);
  PetscCall(PetscNew(law));
  PetscCall(PetscStrncpy((*law)->name, name, sizeof((*law)->name)));
  (*law)->logU      = NULL;
  (*law)->logU_plan = PETSC_INFINITY;
  PetscCall((*create)(*law));
  PetscCheck((*law)->np > 0 && (*law)->np <= SWEEP_MAX_PARAMS, PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "law '%s' has %" PetscInt_FMT " parameters", name, (*law)->np);
  PetscFunctionReturn(0);
}

/*@C
  SweepLawDestroy - frees a law and sets the handle to NULL. Not collective.
@*/
PetscErrorCode SweepLawDestroy(SweepLaw *law)
{
  PetscFunctionBegin;
  if (*law) PetscCall(PetscFree((*law)->data));
  PetscCall(PetscFree(*law));
  PetscFunctionReturn(0);
}

/*@C
  SweepLawLoss - the predicted loss L(N, D) for fit parameters p. Not collective.
@*/
PetscErrorCode SweepLawLoss(SweepLaw law, const PetscReal p[], PetscReal N, PetscReal D, PetscReal *L)
{
  PetscReal logN = log(N), logD = log(D), out;

  PetscFunctionBegin;
  PetscCall(law->logpred(law, p, 1, &logN, &logD, &out, NULL));
  *L = exp(out);
  PetscFunctionReturn(0);
}

/*@C
  SweepLawGridProduct - the Cartesian product grid p_j = lo[j] + k_j step[j], k_j < count[j], with
  the last parameter varying fastest; the caller frees *starts. Not collective.
@*/
PetscErrorCode SweepLawGridProduct(PetscInt np, const PetscInt count[], const PetscReal lo[], const PetscReal step[],
                                   PetscInt *nstart, PetscReal **starts)
{
  PetscInt total = 1;

  PetscFunctionBegin;
  for (PetscInt j = 0; j < np; j++) total *= count[j];
  PetscCall(PetscMalloc1(total * np, starts));
  for (PetscInt s = 0; s < total; s++) {
    PetscInt rest = s;
    for (PetscInt j = np - 1; j >= 0; j--) {
      (*starts)[s * np + j] = lo[j] + (rest % count[j]) * step[j];
      rest /= count[j];
    }
  }
  *nstart = total;
  PetscFunctionReturn(0);
}

/* Solves the k x k system A x = b (k <= 3) by Gaussian elimination with partial pivoting; false
   when A is singular to working precision. */
static PetscBool SolveSmall(PetscInt k, PetscReal A[3][3], PetscReal b[3], PetscReal x[3])
{
  for (PetscInt c = 0; c < k; c++) {
    PetscInt piv = c;
    for (PetscInt r = c + 1; r < k; r++)
      if (PetscAbsReal(A[r][c]) > PetscAbsReal(A[piv][c])) piv = r;
    if (!(PetscAbsReal(A[piv][c]) > 1e-14 * PetscMax(1.0, PetscAbsReal(A[0][0])))) return PETSC_FALSE;
    for (PetscInt j = 0; j < k; j++) {
      PetscReal t = A[c][j];
      A[c][j] = A[piv][j], A[piv][j] = t;
    }
    PetscReal t = b[c];
    b[c] = b[piv], b[piv] = t;
    for (PetscInt r = c + 1; r < k; r++) {
      PetscReal m = A[r][c] / A[c][c];
      for (PetscInt j = c; j < k; j++) A[r][j] -= m * A[c][j];
      b[r] -= m * b[c];
    }
  }
  for (PetscInt r = k - 1; r >= 0; r--) {
    PetscReal s = b[r];
    for (PetscInt j = r + 1; j < k; j++) s -= A[r][j] * x[j];
    x[r] = s / A[r][r];
  }
  return PETSC_TRUE;
}

/*@C
  SweepLawNNLS - minimises x' G x - 2 c' x over x >= 0 for k <= 3 unknowns (G = X'WX, c = X'Wy of a
  weighted least-squares problem), by solving the normal equations on every subset of free unknowns
  and keeping the best feasible one: the NNLS optimum is the unconstrained optimum on its own free
  set, so it is among them. x is zero outside the chosen set; *q is the minimum (+inf if none).
  Not collective.
@*/
void SweepLawNNLS(PetscInt k, const PetscReal G[], const PetscReal c[], PetscReal x[], PetscReal *q)
{
  *q = PETSC_INFINITY;
  for (PetscInt j = 0; j < k; j++) x[j] = 0;
  for (PetscInt set = 1; set < (1 << k); set++) {
    PetscInt  idx[3], m = 0;
    PetscReal A[3][3], b[3], y[3], val = 0;
    PetscBool feasible = PETSC_TRUE;
    for (PetscInt j = 0; j < k; j++)
      if (set & (1 << j)) idx[m++] = j;
    for (PetscInt r = 0; r < m; r++) {
      b[r] = c[idx[r]];
      for (PetscInt s = 0; s < m; s++) A[r][s] = G[idx[r] * k + idx[s]];
    }
    if (!SolveSmall(m, A, b, y)) continue;
    for (PetscInt r = 0; r < m; r++) feasible = (PetscBool) (feasible && y[r] >= 0);
    if (!feasible) continue;
    for (PetscInt r = 0; r < m; r++) { /* x'Gx - 2c'x at the subset's solution */
      val -= 2 * c[idx[r]] * y[r];
      for (PetscInt s = 0; s < m; s++) val += y[r] * G[idx[r] * k + idx[s]] * y[s];
    }
    if (val < *q) {
      *q = val;
      for (PetscInt j = 0; j < k; j++) x[j] = 0;
      for (PetscInt r = 0; r < m; r++) x[idx[r]] = y[r];
    }
  }
}
