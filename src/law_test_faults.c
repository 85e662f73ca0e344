/* law_test_faults.c: a law for testing the failure policy (-sweep_on_failure), not for fitting.
   It is the Chinchilla law, except on the bootstrap replicates listed by
   -sweep_test_faults r:kind,... where kind is
     nan      every prediction is NaN (the objective turns NaN),
     error    the law raises an error (as a law with a bug would),
     diverge  the predictions stay finite but their gradient is NaN: TAO stops the solve as
              diverged (DIVERGED_NAN) at a finite objective. */
#include "law.h"
#include "options.h"
#include <math.h>
#include <string.h>

#define MAX_FAULTS 16

typedef enum { FAULT_NONE, FAULT_NAN, FAULT_ERROR, FAULT_DIVERGE } Fault;

typedef struct {
  PetscErrorCode (*logpred)(SweepLaw, const PetscReal[], PetscInt, const PetscReal[], const PetscReal[], PetscReal[],
                            PetscReal[]);
  PetscInt nfault, replicate[MAX_FAULTS];
  Fault    kind[MAX_FAULTS];
} Faults;

static Fault FaultOf(const SweepLaw law)
{
  const Faults *f = (const Faults *) law->data;
  for (PetscInt k = 0; k < f->nfault; k++)
    if (f->replicate[k] == law->replicate) return f->kind[k];
  return FAULT_NONE;
}

static PetscErrorCode LogPred(SweepLaw law, const PetscReal p[], PetscInt n, const PetscReal logN[],
                              const PetscReal logD[], PetscReal out[], PetscReal jac[])
{
  const Faults *f     = (const Faults *) law->data;
  Fault         fault = FaultOf(law);

  PetscFunctionBegin;
  PetscCheck(fault != FAULT_ERROR, PETSC_COMM_SELF, PETSC_ERR_LIB,
             "law test_faults: injected error on replicate %" PetscInt_FMT, law->replicate);
  PetscCall(f->logpred(law, p, n, logN, logD, out, jac));
  if (fault == FAULT_NAN)
    for (PetscInt i = 0; i < n; i++) out[i] = NAN;
  if (fault == FAULT_DIVERGE && jac)
    for (PetscInt i = 0; i < n * law->np; i++) jac[i] = NAN;
  PetscFunctionReturn(0);
}

/* -sweep_test_faults r:kind,... (read again here: options.c checks it and shows it in -help). */
static PetscErrorCode ReadFaults(Faults *f)
{
  char        text[1024] = "", items[MAX_FAULTS][64];
  const char *kinds[]    = {"none", "nan", "error", "diverge"};
  PetscBool   set;

  PetscFunctionBegin;
  PetscCall(PetscOptionsGetString(NULL, NULL, "-sweep_test_faults", text, sizeof(text), &set));
  if (!set || !text[0]) PetscFunctionReturn(0);
  PetscCall(SweepSplitList("-sweep_test_faults", text, MAX_FAULTS, 64, &items[0][0], &f->nfault));
  for (PetscInt k = 0; k < f->nfault; k++) {
    char *colon = strchr(items[k], ':'), *end;
    PetscCheck(colon, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "option -sweep_test_faults: '%s' is not replicate:kind",
               items[k]);
    *colon++        = 0;
    f->replicate[k] = (PetscInt) strtol(items[k], &end, 10);
    PetscCheck(end != items[k] && !*end && f->replicate[k] >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
               "option -sweep_test_faults: '%s' is not a replicate number", items[k]);
    f->kind[k] = FAULT_NONE;
    for (int j = 1; j < 4; j++)
      if (!strcmp(colon, kinds[j])) f->kind[k] = (Fault) j;
    PetscCheck(f->kind[k] != FAULT_NONE, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
               "option -sweep_test_faults: '%s' is not nan, error or diverge", colon);
  }
  PetscFunctionReturn(0);
}

PetscErrorCode SweepLawCreate_TestFaults(SweepLaw law)
{
  Faults *f;

  PetscFunctionBegin;
  PetscCall(SweepLawCreate_Chinchilla(law));
  PetscCall(PetscNew(&f));
  f->logpred     = law->logpred;
  law->data      = f;
  law->formula   = "L = E + A N^-alpha + B D^-beta, failing on purpose (a test law)";
  law->reference = "scalesweep's tests of -sweep_on_failure";
  law->logpred   = LogPred;
  law->kernel    = NULL; /* every evaluation through LogPred */
  PetscCall(ReadFaults(f));
  PetscFunctionReturn(0);
}

/* Checks a -sweep_test_faults value without creating the law (options.c). */
PetscErrorCode SweepTestFaultsCheck(void)
{
  Faults f;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(&f, sizeof(f)));
  PetscCall(ReadFaults(&f));
  PetscFunctionReturn(0);
}
