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
