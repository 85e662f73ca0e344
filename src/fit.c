/* fit.c: one TAO solve per start point, and the multi-start over ranks. Each solve gets a fresh
   Tao (prefix "sweep_", so -sweep_tao_type and the other TAO options reach it) so that no
   quasi-Newton memory leaks from one start into the next: that keeps results rank-independent. */
#include "fit.h"
#include "rng.h"
#include <petsctao.h>
#include <string.h>

/* Defaults that let the fit reach the published optimum to 1e-6 relative; options override them. */
#define SWEEP_TAO_GATOL 1e-10
#define SWEEP_TAO_MAXIT 2000

/*@C
  SweepParseStarts - checks a -sweep_starts value: "hoffmann" (the law's grid, screened: *search
  true), "hoffmann_exhaustive" (a full solve from every grid start) or "random:K" (K >= 1 random
  starts, *nrandom = K). Either output may be NULL. Not collective.
@*/
PetscErrorCode SweepParseStarts(const char spec[], PetscInt *nrandom, PetscBool *search)
{
  PetscBool grid, exhaustive;
  char     *end;
  long      k;

  PetscFunctionBegin;
  PetscCall(PetscStrcmp(spec, "hoffmann", &grid));
  PetscCall(PetscStrcmp(spec, "hoffmann_exhaustive", &exhaustive));
  if (nrandom) *nrandom = 0;
  if (search) *search = grid;
  if (grid || exhaustive) PetscFunctionReturn(0);
  PetscCheck(!strncmp(spec, "random:", 7), PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "option -sweep_starts: '%s' is not 'hoffmann', 'hoffmann_exhaustive' or 'random:K'", spec);
  k = strtol(spec + 7, &end, 10);
  PetscCheck(end != spec + 7 && !*end && k >= 1 && k <= 100000000, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "option -sweep_starts: in '%s', K must be a whole number from 1 to 1e8", spec);
  if (nrandom) *nrandom = (PetscInt) k;
  PetscFunctionReturn(0);
}

/*@C
  SweepStartsCreate - the start points of a law (nstart x np, row-major; the caller frees them):
  the law's grid for "hoffmann" and "hoffmann_exhaustive", or K points drawn uniformly in the law's
  start box for "random:K", each coordinate a function of (seed, start index, coordinate) only.
  *search (may be NULL) tells whether the starts are to be screened (SweepFitSearch). Not collective.
@*/
PetscErrorCode SweepStartsCreate(SweepLaw law, const char spec[], PetscInt seed, PetscInt *nstart, PetscReal **starts,
                                 PetscBool *search)
{
  PetscInt k;

  PetscFunctionBegin;
  PetscCall(SweepParseStarts(spec, &k, search));
  if (!k) {
    PetscCall(law->start_grid(nstart, starts));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscMalloc1(k * law->np, starts));
  for (PetscInt s = 0; s < k; s++) {
    for (PetscInt j = 0; j < law->np; j++) {
      PetscReal u                = SweepRandomUniform((uint64_t) seed, (uint64_t) s, (uint64_t) j);
      (*starts)[s * law->np + j] = law->start_lo[j] + u * (law->start_hi[j] - law->start_lo[j]);
    }
  }
  *nstart = k;
  PetscFunctionReturn(0);
}

/* -log_view events: where a study's time goes (docs/performance.md). */
PetscLogEvent    SWEEP_EVENT_FIT, SWEEP_EVENT_SCREEN, SWEEP_EVENT_SURFACE, SWEEP_EVENT_WRITE;
static PetscBool SweepLogRegistered = PETSC_FALSE;

static PetscErrorCode SweepLogFinalize(void)
{
  PetscFunctionBegin;
  SweepLogRegistered = PETSC_FALSE; /* PETSc forgets the events; register again after a new PetscInitialize */
  PetscFunctionReturn(0);
}

/*@C
  SweepLogRegister - registers scalesweep's -log_view events once: SweepFit (one fit task: a
  screened search or a range of starts), SweepScreen (the screening of a search), SweepSurface
  (one surface task) and SweepWrite (the root writing a tile into the file). Not collective.
@*/
PetscErrorCode SweepLogRegister(void)
{
  PetscClassId id;

  PetscFunctionBegin;
  if (SweepLogRegistered) PetscFunctionReturn(0);
  SweepLogRegistered = PETSC_TRUE;
  PetscCall(PetscRegisterFinalize(SweepLogFinalize));
  PetscCall(PetscClassIdRegister("scalesweep", &id));
  PetscCall(PetscLogEventRegister("SweepFit", id, &SWEEP_EVENT_FIT));
  PetscCall(PetscLogEventRegister("SweepScreen", id, &SWEEP_EVENT_SCREEN));
  PetscCall(PetscLogEventRegister("SweepSurface", id, &SWEEP_EVENT_SURFACE));
  PetscCall(PetscLogEventRegister("SweepWrite", id, &SWEEP_EVENT_WRITE));
  PetscFunctionReturn(0);
}

static PetscErrorCode FormFunctionGradient(Tao tao, Vec X, PetscReal *f, Vec G, void *ctx)
{
  SweepObjective    *obj = (SweepObjective *) ctx;
  const PetscScalar *x;
  PetscScalar       *g;

  PetscFunctionBegin;
  PetscCall(VecGetArrayRead(X, &x));
  PetscCall(VecGetArray(G, &g));
  PetscCall(SweepObjectiveEval(obj, x, f, g));
  PetscCall(VecRestoreArray(G, &g));
  PetscCall(VecRestoreArrayRead(X, &x));
  PetscFunctionReturn(0);
}

static PetscErrorCode TaoCreateSweep(const char type[], Tao *tao)
{
  PetscFunctionBegin;
  PetscCall(TaoCreate(PETSC_COMM_SELF, tao));
  PetscCall(TaoSetType(*tao, type && type[0] ? type : TAOLMVM));
  PetscCall(TaoSetOptionsPrefix(*tao, "sweep_"));
  PetscCall(TaoSetTolerances(*tao, SWEEP_TAO_GATOL, 0.0, 0.0));
  PetscCall(TaoSetMaximumIterations(*tao, SWEEP_TAO_MAXIT));
  PetscCall(TaoSetMaximumFunctionEvaluations(*tao, 10 * SWEEP_TAO_MAXIT));
  PetscCall(TaoSetFromOptions(*tao));
  PetscFunctionReturn(0);
}

/* The TAO types that minimise from an objective and its gradient alone, as scalesweep's laws give
   them (checked on this project's fits). Newton and trust-region types need a Hessian, pounders and
   brgn residuals, and pounders crashes without them; owlqn and bmrm solve regularised problems. */
static const char *const GradientTypes[] = {TAOLMVM, TAOBLMVM, TAOBQNLS, TAOCG, TAOBNCG, TAONM, NULL};

/* Keeps the first message of an error, so that TAO's words can be given with the option's name. */
static char TaoMessage[1024];

static PetscErrorCode KeepMessage(MPI_Comm comm, int line, const char *fun, const char *file, PetscErrorCode n,
                                  PetscErrorType p, const char *mess, void *ctx)
{
  if (p == PETSC_ERROR_INITIAL) PetscStrncpy(TaoMessage, mess ? mess : "", sizeof(TaoMessage));
  return n;
}

/*@C
  SweepFitCheckTaoOptions - checks each configured TAO type (it must be one of the gradient-based
  types scalesweep supports) and sets up a Tao of each type from the options, so that a wrong
  -sweep_tao_* value fails before any work is done (and -help lists TAO's options). Not collective.
@*/
PetscErrorCode SweepFitCheckTaoOptions(PetscInt ntype, const char types[][SWEEP_NAME_LEN])
{
  PetscFunctionBegin;
  for (PetscInt t = 0; t < ntype; t++) {
    Tao            tao    = NULL;
    PetscBool      listed = PETSC_FALSE;
    PetscErrorCode ierr;
    for (const char *const *g = GradientTypes; *g && !listed; g++) listed = (PetscBool) !strcmp(*g, types[t]);
    PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
    ierr = TaoCreate(PETSC_COMM_SELF, &tao);
    ierr = ierr ? ierr : TaoSetType(tao, types[t]);
    PetscCall(PetscPopErrorHandler());
    PetscCall(TaoDestroy(&tao));
    PetscCheck(!ierr, PETSC_COMM_SELF, PETSC_ERR_ARG_UNKNOWN_TYPE,
               "option -sweep_tao_type: unknown TAO type '%s' (use lmvm, blmvm, bqnls, cg, bncg or nm)", types[t]);
    PetscCheck(listed, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
               "option -sweep_tao_type: TAO type '%s' needs more than an objective and its gradient; use lmvm, "
               "blmvm, bqnls, cg, bncg or nm",
               types[t]);
    TaoMessage[0] = 0;
    PetscCall(PetscPushErrorHandler(KeepMessage, NULL));
    ierr = TaoCreateSweep(types[t], &tao);
    PetscCall(PetscPopErrorHandler());
    PetscCall(TaoDestroy(&tao));
    PetscCheck(!ierr, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "a TAO option (-sweep_tao_*) is wrong: %s", TaoMessage);
  }
  PetscFunctionReturn(0);
}

/*@C
  SweepFitOne - minimises the objective from x0 with a fresh Tao of the given type (NULL: lmvm);
  start is recorded in res.
  Not collective. Options: the TAO options with prefix -sweep_ (-sweep_tao_type, -sweep_tao_gatol, ...).
@*/
PetscErrorCode SweepFitOne(SweepObjective *obj, const char type[], const PetscReal x0[], PetscInt start,
                           SweepFitResult *res)
{
  const PetscInt     np = obj->law->np;
  Tao                tao;
  Vec                x;
  PetscScalar       *xa;
  const PetscScalar *xr;
  TaoConvergedReason reason;
  PetscInt           its;
  PetscReal          f, gnorm, cnorm, xdiff;

  PetscFunctionBegin;
  PetscCall(VecCreateSeq(PETSC_COMM_SELF, np, &x));
  PetscCall(VecGetArray(x, &xa));
  PetscCall(PetscArraycpy(xa, x0, np));
  PetscCall(VecRestoreArray(x, &xa));
  PetscCall(TaoCreateSweep(type, &tao));
  PetscCall(TaoSetSolution(tao, x));
  PetscCall(TaoSetObjectiveAndGradient(tao, NULL, FormFunctionGradient, obj));
  PetscCall(TaoSolve(tao));
  PetscCall(TaoGetSolutionStatus(tao, &its, &f, &gnorm, &cnorm, &xdiff, &reason));
  PetscCall(VecGetArrayRead(x, &xr));
  PetscCall(PetscMemzero(res, sizeof(*res)));
  PetscCall(PetscArraycpy(res->p, xr, np));
  PetscCall(VecRestoreArrayRead(x, &xr));
  /* TAO reports the last accepted objective; recompute it at the returned point to be exact. */
  PetscCall(SweepObjectiveEval(obj, res->p, &res->objective, NULL));
  if (PetscIsInfOrNanReal(res->objective)) res->objective = PETSC_INFINITY;
  res->start      = start;
  res->reason     = (PetscInt) reason;
  res->iterations = its;
  res->nconverged = reason > 0;
  res->nstarts    = 1;
  PetscCall(TaoDestroy(&tao));
  PetscCall(VecDestroy(&x));
  PetscFunctionReturn(0);
}

/*@C
  SweepFitFailed - whether a fit failed: its law or solver raised an error, TAO found a NaN or
  infinity (DIVERGED_NAN), or its objective or parameters are not finite. A solve that stopped
  short of TAO's convergence test at a finite point (DIVERGED_LS_FAILURE, DIVERGED_MAXITS: most
  often a resample started at the full data's optimum, where the line search cannot improve) has
  not failed: it is counted as "without a converged start" and kept. Not collective.
@*/
PetscBool SweepFitFailed(const SweepFitResult *f)
{
  if (f->reason == SWEEP_FIT_ERROR || f->reason == TAO_DIVERGED_NAN || PetscIsInfOrNanReal(f->objective))
    return PETSC_TRUE;
  for (PetscInt j = 0; j < SWEEP_MAX_PARAMS; j++)
    if (PetscIsInfOrNanReal(f->p[j])) return PETSC_TRUE;
  return PETSC_FALSE;
}

/*@C
  SweepFitReasonName - TAO's name of a converged reason ("CONVERGED_GATOL"), or "ERROR" for
  SWEEP_FIT_ERROR. Not collective.
@*/
const char *SweepFitReasonName(PetscInt reason)
{
  if (reason == SWEEP_FIT_ERROR) return "ERROR";
  if (reason < TAO_DIVERGED_USER || reason > TAO_CONVERGED_USER) return "UNKNOWN";
  return TaoConvergedReasons[reason];
}

/*@C
  SweepFitBetter - whether a beats b: a converged start beats one that did not converge, then the
  lower objective, then the lower start index. A total order, so the winner never depends on the
  order in which results are compared. Not collective.
@*/
PetscBool SweepFitBetter(const SweepFitResult *a, const SweepFitResult *b)
{
  PetscBool ca = (PetscBool) (a->reason > 0), cb = (PetscBool) (b->reason > 0);
  if (ca != cb) return ca;
  if (a->objective != b->objective) return (PetscBool) (a->objective < b->objective);
  return (PetscBool) (a->start < b->start);
}

/*@C
  SweepFitMultiStart - fits from every start and returns the best on every rank. Collective on comm:
  rank r takes starts r, r + size, ...; the results are then exchanged and reduced in a fixed order.
  (A library entry for one fit; the program's studies go through the scheduler, study.c.)
@*/
PetscErrorCode SweepFitMultiStart(MPI_Comm comm, SweepObjective *obj, const char type[], PetscInt nstart,
                                  const PetscReal starts[], SweepFitResult *best)
{
  const PetscInt np = obj->law->np;
  PetscMPIInt    rank, size;
  PetscInt       nconverged = 0, ntried = 0;
  SweepFitResult local, one, *all;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscMemzero(&local, sizeof(local)));
  local.objective = PETSC_INFINITY;
  local.start     = PETSC_MAX_INT;
  local.reason    = TAO_CONTINUE_ITERATING; /* "not converged": loses to any converged start */
  for (PetscInt s = rank; s < nstart; s += size) {
    PetscCall(SweepFitOne(obj, type, starts + s * np, s, &one));
    nconverged += one.reason > 0;
    ntried++;
    if (SweepFitBetter(&one, &local)) local = one;
  }
  local.nconverged = nconverged, local.nstarts = ntried;
  PetscCall(PetscMalloc1(size, &all));
  PetscCallMPI(MPI_Allgather(&local, sizeof(local), MPI_BYTE, all, sizeof(local), MPI_BYTE, comm));
  *best      = all[0];
  nconverged = ntried = 0;
  for (PetscMPIInt r = 0; r < size; r++) {
    if (SweepFitBetter(&all[r], best)) *best = all[r];
    nconverged += all[r].nconverged;
    ntried += all[r].nstarts;
  }
  best->nconverged = nconverged, best->nstarts = ntried;
  PetscCall(PetscFree(all));
  PetscFunctionReturn(0);
}

/*@C
  SweepFitMerge - folds a partial result (the best of some starts of a fit) into another: the better
  one by SweepFitBetter(), with the start counts added. Order-independent. Not collective.
@*/
PetscErrorCode SweepFitMerge(SweepFitResult *into, const SweepFitResult *from)
{
  PetscInt nconverged = into->nconverged + from->nconverged, nstarts = into->nstarts + from->nstarts;

  PetscFunctionBegin;
  if (!into->nstarts || SweepFitBetter(from, into)) *into = *from;
  into->nconverged = nconverged, into->nstarts = nstarts;
  PetscFunctionReturn(0);
}

/*@C
  SweepFitSearch - the screened multi-start ("hoffmann"). The objective is evaluated at every start
  (one vectorised pass each, far cheaper than a solve); then full solves run from the law's
  variable-projection start (when it has one; recorded as start index nstart) and from the starts
  in order of rising screened objective, until patience solves in a row have not improved the best
  (converged first, then lower objective by more than 1e-12 relative). The result counts the
  solves in nstarts. Not collective.
@*/
PetscErrorCode SweepFitSearch(SweepObjective *obj, const char type[], PetscInt nstart, const PetscReal starts[],
                              PetscInt patience, SweepFitResult *best)
{
  const SweepLaw law = obj->law;
  const PetscInt np  = law->np;
  PetscReal     *fs, g[SWEEP_MAX_PARAMS];
  PetscInt      *order, stale = 0;
  SweepFitResult one;

  PetscFunctionBegin;
  PetscCall(SweepLogRegister());
  PetscCall(PetscMalloc2(nstart, &fs, nstart, &order));
  PetscCall(PetscLogEventBegin(SWEEP_EVENT_SCREEN, 0, 0, 0, 0));
  for (PetscInt s = 0; s < nstart; s++) {
    PetscCall(SweepObjectiveEval(obj, starts + s * np, &fs[s], g));
    if (PetscIsInfOrNanReal(fs[s])) fs[s] = PETSC_MAX_REAL;
    order[s] = s;
  }
  PetscCall(PetscSortRealWithArrayInt(nstart, fs, order));
  PetscCall(PetscLogEventEnd(SWEEP_EVENT_SCREEN, 0, 0, 0, 0));
  PetscCall(PetscMemzero(best, sizeof(*best)));
  if (law->varpro) {
    PetscReal x0[SWEEP_MAX_PARAMS];
    PetscCall(law->varpro(obj->n, obj->logN, obj->logD, obj->logL, obj->w, x0));
    PetscCall(SweepFitOne(obj, type, x0, nstart, &one));
    PetscCall(SweepFitMerge(best, &one));
  }
  for (PetscInt k = 0; k < nstart && stale < patience; k++) {
    PetscBool improved;
    PetscCall(SweepFitOne(obj, type, starts + order[k] * np, order[k], &one));
    improved =
        (PetscBool) (best->nstarts == 0 || (one.reason > 0 && best->reason <= 0) ||
                     (one.reason > 0 && one.objective < best->objective - 1e-12 * PetscAbsReal(best->objective)));
    PetscCall(SweepFitMerge(best, &one));
    stale = improved ? 0 : stale + 1;
  }
  PetscCall(PetscFree2(fs, order));
  PetscFunctionReturn(0);
}
