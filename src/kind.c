/* kind.c: the registry of study kinds and what the engine offers them (kind.h): scheduled,
   journalled item phases and bootstrap bands. A kind run borrows a SweepStudy for its options,
   journals and progress display, so that kinds and the loss study share one scheduler path
   (SweepStudyRunItems); the kind's phases are journalled after the loss study's phase numbers. */
#include "kind.h"
#include "kindimpl.h"
#include "stats.h"
#include <math.h>

/* The registry. A kind adds its declaration and one line to the array (before the NULL), one kind
   a line. */
// clang-format off
extern const SweepKind SweepKindInfotheory;   /* kind_infotheory.c */
extern const SweepKind SweepKindObservational; /* kind_observational.c */
extern const SweepKind SweepKindPassUntil;    /* kind_passuntil.c */
extern const SweepKind SweepKindSandwich;     /* kind_sandwich.c */
extern const SweepKind SweepKindSigmoid;      /* kind_sigmoid.c */
static const SweepKind *const SweepKindRegistry[] = {
    &SweepKindInfotheory,
    &SweepKindObservational,
    &SweepKindPassUntil,
    &SweepKindSandwich,
    &SweepKindSigmoid,
    NULL /* end */
};
// clang-format on

PetscErrorCode SweepKindList(char list[], size_t len)
{
  PetscFunctionBegin;
  PetscCall(PetscStrncpy(list, "loss", len));
  for (PetscInt k = 0; SweepKindRegistry[k]; k++) {
    PetscCall(PetscStrlcat(list, ", ", len));
    PetscCall(PetscStrlcat(list, SweepKindRegistry[k]->name, len));
  }
  PetscFunctionReturn(0);
}

/*@C
  SweepKindFind - the kind registered as name; NULL for "loss". Not collective.
@*/
PetscErrorCode SweepKindFind(const char name[], const SweepKind **kind)
{
  char list[1024];

  PetscFunctionBegin;
  *kind = NULL;
  if (!strcmp(name, "loss")) PetscFunctionReturn(0);
  for (PetscInt k = 0; SweepKindRegistry[k]; k++)
    if (!strcmp(name, SweepKindRegistry[k]->name)) *kind = SweepKindRegistry[k];
  PetscCall(SweepKindList(list, sizeof(list)));
  PetscCheck(*kind, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "option -sweep_study: '%s' is not one of %s", name, list);
  PetscFunctionReturn(0);
}

const SweepOptions *SweepKindRunOptions(SweepKindRun run)
{
  return &run->study.opt;
}

typedef struct {
  PetscErrorCode (*item)(void *, PetscInt, PetscReal[]);
  void *ctx;
} ItemAdapter;

static PetscErrorCode AdaptItem(const SweepStudy *s, void *ctx, PetscInt i, PetscReal rec[])
{
  ItemAdapter *a = (ItemAdapter *) ctx;

  PetscFunctionBegin;
  PetscCall(a->item(a->ctx, i, rec));
  PetscFunctionReturn(0);
}

/*@C
  SweepKindRunItems - runs a kind's n independent items on the root-rank scheduler, journalled as
  the kind's phase (kind.h). Collective.
@*/
PetscErrorCode SweepKindRunItems(MPI_Comm comm, SweepKindRun run, PetscInt phase, const char label[], PetscInt n,
                                 PetscInt reclen, PetscErrorCode (*item)(void *, PetscInt, PetscReal[]), void *ctx,
                                 PetscReal out[])
{
  ItemAdapter a = {item, ctx};

  PetscFunctionBegin;
  PetscCheck(phase >= 0 && phase < 1000, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "kind phase %" PetscInt_FMT, phase);
  PetscCall(SweepStudyRunItems(comm, &run->study, SWEEP_NPHASE + phase, label, n, reclen, AdaptItem, &a, out));
  run->phases++;
  PetscFunctionReturn(0);
}

PetscErrorCode SweepKindQuantiles(SweepKindRun run, PetscInt n, const PetscReal x[], PetscInt stride, PetscReal q[])
{
  const SweepOptions *o = &run->study.opt;
  PetscReal          *tmp;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(n + 1, &tmp));
  for (PetscInt i = 0; i < n; i++) tmp[i] = x[i * stride];
  PetscCall(SweepQuantiles(n, tmp, o->nquantile, o->quantiles, q));
  PetscCall(PetscFree(tmp));
  PetscFunctionReturn(0);
}

PetscErrorCode SweepKindBand(SweepKindRun run, PetscInt n, const PetscReal x[], PetscInt stride, PetscReal *lo,
                             PetscReal *hi)
{
  PetscReal q[SWEEP_MAX_SUMMARY];

  PetscFunctionBegin;
  PetscCall(SweepKindQuantiles(run, n, x, stride, q));
  *lo = q[0], *hi = q[run->study.opt.nquantile - 1];
  PetscFunctionReturn(0);
}
