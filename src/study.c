/* study.c: set-up of a study, its two scheduled phases, and its printed summary. Every rank holds
   the same study (runs, laws, configs, start points); after each fit phase the root's merged fits
   are broadcast, so that any rank can start a resample from replicate 0's optimum and evaluate a
   surface tile under every replicate. */
#include "study.h"
#include "journal.h"
#include "output.h"
#include "schedule.h"
#include "stats.h"
#include <math.h>
#include <string.h>
#include <petsctao.h>

#define FIT_RECLEN ((PetscInt) ((sizeof(SweepFitResult) + sizeof(PetscReal) - 1) / sizeof(PetscReal)))

/*@C
  SweepStudySetUp - reads the runs, creates the laws and their start points, the configs and the
  grids. Every rank does the same work on the same input, so every rank meets the same errors.
@*/
PetscErrorCode SweepStudySetUp(MPI_Comm comm, const SweepOptions *opt, SweepStudy *s)
{
  PetscBool fit0;

  PetscFunctionBegin;
  PetscCall(SweepLogRegister());
  PetscCall(PetscMemzero(s, sizeof(*s)));
  s->opt = *opt;
  PetscCall(SweepRunsRead(opt->input, &opt->cols, &s->runs));
  s->nlaws   = opt->nlaws;
  s->nconfig = SweepAxesCount(&opt->axes);
  s->nrep    = opt->bootstrap + 1;
  PetscCall(PetscStrcmp(opt->bstarts, "fit0", &fit0));
  for (PetscInt l = 0; l < s->nlaws; l++) {
    PetscCall(SweepLawCreate(opt->laws[l], &s->law[l]));
    s->nparam = PetscMax(s->nparam, s->law[l]->np);
    PetscCall(SweepStartsCreate(s->law[l], opt->starts, opt->seed, &s->nstart[l], &s->starts[l], &s->search[l]));
    if (fit0)
      s->nbstart[l] = 1;
    else
      PetscCall(SweepStartsCreate(s->law[l], opt->bstarts, opt->seed, &s->nbstart[l], &s->bstarts[l], &s->bsearch[l]));
  }
  PetscCall(PetscMalloc2(s->nconfig, &s->config, s->nconfig * s->runs.n, &s->mask));
  for (PetscInt c = 0; c < s->nconfig; c++) {
    SweepAxesConfig(&opt->axes, c, &s->config[c]);
    PetscCall(SweepConfigMask(&s->config[c], &s->runs, s->mask + c * s->runs.n));
  }
  PetscCall(PetscCalloc1(s->nconfig * s->nlaws * s->nrep, &s->fit));
  PetscCall(SweepGridsCreate(opt, &s->grids));
  /* Tasks are a quarter chunk tall (tile/4 rows x tile columns): finer work, whole-width chunk rows. */
  s->task_rows = PetscMax(1, opt->tile / 4);
  s->ntile_m   = (s->grids.nm + opt->tile - 1) / opt->tile;
  s->ntile_b   = (s->grids.nb + opt->tile - 1) / opt->tile;
  s->nrows_b   = (s->grids.nb + s->task_rows - 1) / s->task_rows;
  s->nrows_d   = (s->grids.nd + s->task_rows - 1) / s->task_rows;
  PetscCall(SweepStudyAnalysisSetUp(s));
  PetscFunctionReturn(0);
}

/*@C
  SweepStudyResiduals - log Lhat - log L of every run under law l with fit parameters p (the law
  sees the runs' unique tokens). Not collective.
@*/
PetscErrorCode SweepStudyResiduals(const SweepStudy *s, PetscInt l, const PetscReal p[], PetscReal res[])
{
  SweepLaw       law = s->law[l];
  PetscErrorCode ierr;

  PetscFunctionBegin;
  law->logU = s->runs.logU;
  ierr      = law->logpred(law, p, s->runs.n, s->runs.logN, s->runs.logD, res, NULL);
  law->logU = NULL;
  PetscCall(ierr);
  for (PetscInt i = 0; i < s->runs.n; i++) res[i] -= s->runs.logL[i];
  PetscFunctionReturn(0);
}

/* ---------------------------------------------------------------- fit phase */

typedef struct {
  SweepStudy *s;
  PetscInt    phase; /* SWEEP_PHASE_FIT or SWEEP_PHASE_RESAMPLE */
  PetscInt    nunit;
  PetscInt   *unit;      /* [nunit] the study unit of each unit of this phase */
  PetscInt   *off;       /* [nunit + 1] first item of each unit */
  PetscInt   *left;      /* root: [nunit] items of each unit not yet consumed */
  PetscBool  *own;       /* [nunit] this run journals the unit (false: a shard computes it for another) */
  PetscBool   replaying; /* root: consuming records from a journal (not to be appended again) */
} FitPhase;

static PetscInt FitUnitOf(const FitPhase *f, PetscInt item)
{
  PetscInt lo = 0, hi = f->nunit - 1;
  while (lo < hi) { /* the last unit whose first item is <= item */
    PetscInt mid = (lo + hi + 1) / 2;
    if (f->off[mid] <= item)
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo;
}

static PetscInt FitUnitEnd(void *ctx, PetscInt item)
{
  const FitPhase *f = (const FitPhase *) ctx;
  return f->off[FitUnitOf(f, item) + 1];
}

static PetscInt FitRecLen(void *ctx, PetscInt lo, PetscInt hi)
{
  return FIT_RECLEN;
}

/* The start point k of unit u: the law's grid for replicate 0; for a resample, its own start list,
   or replicate 0's optimum (fit0). */
static const PetscReal *FitStart(const SweepStudy *s, PetscInt u, PetscInt k)
{
  PetscInt r = u % s->nrep, l = (u / s->nrep) % s->nlaws, np = s->law[l]->np;
  if (!r) return s->starts[l] + k * np;
  if (s->bstarts[l]) return s->bstarts[l] + k * np;
  return s->fit[u - r].p;
}

/* The fit itself (UnitFit): the whole screened search, or one solve per start k0 <= k < k1. */
static PetscErrorCode UnitSolve(const SweepStudy *s, PetscInt u, PetscInt k0, PetscInt k1, SweepObjective *obj,
                                SweepFitResult *best)
{
  PetscInt           r = u % s->nrep, l = (u / s->nrep) % s->nlaws, c = u / (s->nrep * s->nlaws);
  const SweepConfig *cfg = &s->config[c];
  SweepFitResult     one;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(best, sizeof(*best)));
  if (r ? s->bsearch[l] : s->search[l]) { /* one item: the whole screened search */
    PetscCall(SweepFitSearch(obj, cfg->tao_type, r ? s->nbstart[l] : s->nstart[l], r ? s->bstarts[l] : s->starts[l],
                             s->opt.patience, best));
  } else {
    for (PetscInt k = k0; k < k1; k++) {
      PetscCall(SweepFitOne(obj, cfg->tao_type, FitStart(s, u, k), k, &one));
      PetscCall(SweepFitMerge(best, &one));
    }
  }
  PetscFunctionReturn(0);
}

/* "law chinchilla, config 0, replicate 3": a fit unit, for messages. */
static void UnitName(const SweepStudy *s, PetscInt u, char buf[], size_t len)
{
  snprintf(buf, len, "law %s, config %" PetscInt_FMT ", replicate %" PetscInt_FMT,
           s->law[(u / s->nrep) % s->nlaws]->name, u / (s->nrep * s->nlaws), u % s->nrep);
}

/* Fits study unit u (config, law, replicate) from its work items k0 <= k < k1; the best into *best.
   An error of the law or the solver does not stop the study (-sweep_on_failure record): the unit
   is stored with status SWEEP_FIT_ERROR and no parameters. With abort, it stops the run, naming
   the unit and the law's message. */
static PetscErrorCode UnitFit(const SweepStudy *s, PetscInt u, PetscInt k0, PetscInt k1, SweepFitResult *best)
{
  PetscInt       r = u % s->nrep, l = (u / s->nrep) % s->nlaws, c = u / (s->nrep * s->nlaws);
  SweepObjective obj;
  PetscReal     *w;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(s->runs.n, &w));
  PetscCall(SweepBootstrapWeights(s->mask + c * s->runs.n, s->runs.n, s->opt.seed, r, w));
  PetscCall(SweepObjectiveCreate(s->law[l], &s->runs, w, s->config[c].huber_delta, &obj));
  s->law[l]->replicate = r;
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = UnitSolve(s, u, k0, k1, &obj, best);
  PetscCall(PetscPopErrorHandler());
  PetscCall(SweepObjectiveDestroy(&obj));
  PetscCall(PetscFree(w));
  if (ierr) {
    /* TAO raises PETSC_ERR_USER when the objective or its gradient is Inf or NaN: a divergence */
    PetscInt reason = ierr == PETSC_ERR_USER ? TAO_DIVERGED_NAN : SWEEP_FIT_ERROR;
    char     name[256];
    char    *msg = NULL;
    PetscErrorMessage(ierr, NULL, &msg);
    UnitName(s, u, name, sizeof(name));
    PetscCheck(!s->opt.abort_on_failure, PETSC_COMM_SELF, PETSC_ERR_NOT_CONVERGED,
               "fit of %s failed: %s: %s (-sweep_on_failure abort)", name, SweepFitReasonName(reason),
               msg && *msg ? msg : "an error");
    PetscCall(PetscMemzero(best, sizeof(*best)));
    for (PetscInt j = 0; j < SWEEP_MAX_PARAMS; j++) best->p[j] = NAN;
    best->objective = PETSC_INFINITY;
    best->reason    = reason;
    best->start     = k0;
    best->nstarts   = PetscMax(1, k1 - k0);
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode FitCompute(void *ctx, PetscInt lo, PetscInt hi, PetscReal rec[], PetscInt *len)
{
  FitPhase      *f  = (FitPhase *) ctx;
  PetscInt       pu = FitUnitOf(f, lo);
  SweepFitResult best;

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(SWEEP_EVENT_FIT, 0, 0, 0, 0));
  PetscCall(UnitFit(f->s, f->unit[pu], lo - f->off[pu], hi - f->off[pu], &best));
  PetscCall(PetscMemzero(rec, FIT_RECLEN * sizeof(PetscReal)));
  PetscCall(PetscMemcpy(rec, &best, sizeof(best)));
  *len = FIT_RECLEN;
  PetscCall(PetscLogEventEnd(SWEEP_EVENT_FIT, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

static PetscErrorCode FitConsume(void *ctx, PetscInt lo, PetscInt hi, const PetscReal rec[], PetscInt len)
{
  FitPhase      *f = (FitPhase *) ctx;
  PetscInt       j = FitUnitOf(f, lo), u = f->unit[j];
  SweepFitResult part;

  PetscFunctionBegin;
  PetscCall(PetscMemcpy(&part, rec, sizeof(part)));
  PetscCall(SweepFitMerge(&f->s->fit[u], &part));
  if (f->s->journal && f->own[j] && !f->replaying)
    PetscCall(SweepJournalAppend(f->s->journal, f->phase, lo, hi, rec, len));
  f->left[j] -= hi - lo;
  if (!f->left[j] && f->s->opt.abort_on_failure && SweepFitFailed(&f->s->fit[u])) {
    char name[256];
    UnitName(f->s, u, name, sizeof(name));
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_NOT_CONVERGED, "fit of %s failed: %s (-sweep_on_failure abort)", name,
            SweepFitReasonName(f->s->fit[u].reason));
  }
  PetscFunctionReturn(0);
}

/* Root: feeds the records of phase from every source journal to consume, marking their items done.
   A record that does not fit the study (items out of range or across units, a wrong length, items
   seen before) is an error naming the journal: such a file was not written by this study. */
static PetscErrorCode Replay(SweepStudy *s, PetscInt phase, const SweepPhase *ph, PetscBool skip[])
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < s->nsource; k++) {
    SweepJournal j = s->source[k];
    for (PetscInt i = 0; i < j->nrec; i++) {
      const SweepJournalRecord *r = &j->rec[i];
      if (r->phase != phase) continue;
      PetscCheck(r->hi <= ph->n && ph->unit_end(ph->ctx, r->lo) >= r->hi && r->len <= ph->reclen(ph->ctx, r->lo, r->hi),
                 PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
                 "checkpoint journal '%s': record %" PetscInt_FMT " (items %" PetscInt_FMT " to %" PetscInt_FMT
                 " of phase %" PetscInt_FMT ") does not fit this study",
                 j->path, i, r->lo, r->hi, phase);
      for (PetscInt t = r->lo; t < r->hi; t++) {
        PetscCheck(!skip[t], PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
                   "checkpoint journal '%s': record %" PetscInt_FMT " repeats item %" PetscInt_FMT
                   " of phase %" PetscInt_FMT " (a task journalled twice)",
                   j->path, i, t, phase);
        skip[t] = PETSC_TRUE;
      }
      PetscCall(ph->consume(ph->ctx, r->lo, r->hi, j->data + r->at, r->len));
    }
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode PhaseProgress(void *ctx, PetscInt done)
{
  SweepStudy *s = *(SweepStudy **) ctx; /* every phase context starts with its study */
  PetscFunctionBegin;
  PetscCall(SweepProgressUpdate(&s->progress, done));
  PetscFunctionReturn(0);
}

/* Work items of a fit unit: one per start, or one for a screened search. */
static PetscInt UnitItems(const SweepStudy *s, PetscInt r, PetscInt l)
{
  if (r) return s->bsearch[l] ? 1 : s->nbstart[l];
  return s->search[l] ? 1 : s->nstart[l];
}

/* Whether shard runs must fit replicate 0 of every (config, law): resamples start from it (fit0). */
static PetscBool NeedAllFit0(const SweepStudy *s, PetscInt l)
{
  return (PetscBool) (s->nrep > 1 && !s->bstarts[l]);
}

/* The fit units whose replicate is 0 (first) or >= 1 (second), their items, and the phase run.
   A shard (-sweep_shard i/n) owns the units j = i mod n of each phase; it journals only those, and
   computes the others only when its resamples start from them. A merge (-sweep_merge) takes every
   unit from the shards' journals and must find them all. */
static PetscErrorCode FitPhaseRun(MPI_Comm comm, SweepStudy *s, PetscBool resamples)
{
  FitPhase        f = {s, resamples ? SWEEP_PHASE_RESAMPLE : SWEEP_PHASE_FIT, 0, NULL, NULL, NULL, NULL, PETSC_FALSE};
  SweepPhase      ph;
  SweepPhaseStats st;
  PetscMPIInt     rank;
  PetscInt        nu = s->nconfig * s->nlaws * s->nrep, nshard = s->opt.nshard;
  PetscBool      *skip = NULL;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(PetscMalloc4(nu, &f.unit, nu + 1, &f.off, nu, &f.left, nu, &f.own));
  f.off[0] = 0;
  for (PetscInt u = 0; u < nu; u++) {
    PetscInt r = u % s->nrep, l = (u / s->nrep) % s->nlaws;
    if ((r > 0) != resamples) continue;
    f.unit[f.nunit]    = u;
    f.own[f.nunit]     = (PetscBool) (!nshard || f.nunit % nshard == s->opt.shard);
    f.left[f.nunit]    = UnitItems(s, r, l);
    f.off[f.nunit + 1] = f.off[f.nunit] + f.left[f.nunit];
    f.nunit++;
  }
  if (f.nunit) {
    ph = (SweepPhase){f.off[f.nunit],   FitUnitEnd,    FitCompute,  FitRecLen, FitConsume, &f,
                      s->opt.max_chunk, PhaseProgress, PETSC_FALSE, NULL};
    if (!rank) {
      PetscCall(PetscCalloc1(ph.n, &skip));
      f.replaying = PETSC_TRUE;
      PetscCall(Replay(s, f.phase, &ph, skip));
      f.replaying = PETSC_FALSE;
      for (PetscInt j = 0; j < f.nunit; j++) {
        PetscInt l = (f.unit[j] / s->nrep) % s->nlaws;
        if (!f.own[j] && (resamples || !NeedAllFit0(s, l)))
          for (PetscInt t = f.off[j]; t < f.off[j + 1]; t++) skip[t] = PETSC_TRUE;
        for (PetscInt t = f.off[j]; t < f.off[j + 1] && s->opt.merge; t++)
          PetscCheck(skip[t], PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
                     "option -sweep_merge: shard %" PetscInt_FMT " of %" PetscInt_FMT
                     " has not finished (its file lacks fit tasks): rerun that shard with -sweep_resume",
                     j % s->opt.merge, s->opt.merge);
      }
      ph.skip = skip;
      PetscCall(SweepProgressStart(&s->progress, s->opt.progress, resamples ? "resample" : "fit", ph.n));
    }
    PetscCall(SweepScheduleRun(comm, &ph, &st));
    if (!rank) PetscCall(SweepProgressEnd(&s->progress));
    if (!rank) PetscCall(SweepJournalSync(s->journal, PETSC_TRUE));
    s->handed += st.handed, s->root_ranges += st.root_ranges, s->seconds[resamples ? 1 : 0] = st.seconds;
  }
  PetscCallMPI(MPI_Bcast(s->fit, (PetscMPIInt) (nu * sizeof(SweepFitResult)), MPI_BYTE, 0, comm));
  PetscCall(PetscFree(skip));
  PetscCall(PetscFree4(f.unit, f.off, f.left, f.own));
  PetscFunctionReturn(0);
}

/*@C
  SweepStudyFit - fits every (config, law, replicate) from its start points: replicate 0 first,
  then the resamples. Collective on comm; afterwards every rank holds every fit.
@*/
PetscErrorCode SweepStudyFit(MPI_Comm comm, SweepStudy *s)
{
  PetscFunctionBegin;
  PetscCall(FitPhaseRun(comm, s, PETSC_FALSE));
  if (s->nrep > 1) PetscCall(FitPhaseRun(comm, s, PETSC_TRUE));
  PetscFunctionReturn(0);
}

/*@C
  SweepStudyFitTasks - start points to fit in the whole study (the fit phase's work items). Not collective.
@*/
PetscInt SweepStudyFitTasks(const SweepStudy *s)
{
  PetscInt n = 0;
  for (PetscInt l = 0; l < s->nlaws; l++) n += s->nconfig * (UnitItems(s, 0, l) + (s->nrep - 1) * UnitItems(s, 1, l));
  return n;
}

/* ------------------------------------------------------------ surface phase */

typedef struct {
  SweepStudy *s;
  PetscInt    per;       /* tiles per (config, law) */
  PetscBool   replaying; /* root: writing tiles from a journal (not to be appended again) */
} SurfPhase;

/* Tiles per (config, law): allocation tiles along the budgets, then IsoFLOP tiles (budget x model
   size), then loss-surface tiles (data size x model size), each task_rows tall. */
static PetscInt TilesPerFit(const SweepStudy *s)
{
  return s->ntile_b + (s->nrows_b + s->nrows_d) * s->ntile_m;
}

PetscInt SweepStudySurfaceTasks(const SweepStudy *s)
{
  return s->nconfig * s->nlaws * TilesPerFit(s);
}

/* Which tile an item is: (config, law), kind, rows and columns. */
static void TileOf(const SurfPhase *sp, PetscInt item, SweepTile *t)
{
  const SweepStudy *s  = sp->s;
  PetscInt          cl = item / sp->per, k = item % sp->per, T = s->opt.tile, nrows;

  t->config = cl / s->nlaws, t->law = cl % s->nlaws;
  if (k < s->ntile_b) {
    t->kind = SWEEP_TILE_ALLOCATION, t->row0 = 0, t->nrow = 1, t->col0 = k * T,
    t->ncol = PetscMin(T, s->grids.nb - t->col0);
    return;
  }
  k -= s->ntile_b;
  t->kind = k < s->nrows_b * s->ntile_m ? SWEEP_TILE_ISOFLOP : SWEEP_TILE_LOSS;
  if (t->kind == SWEEP_TILE_LOSS) k -= s->nrows_b * s->ntile_m;
  nrows   = t->kind == SWEEP_TILE_ISOFLOP ? s->grids.nb : s->grids.nd;
  t->row0 = (k / s->ntile_m) * s->task_rows, t->nrow = PetscMin(s->task_rows, nrows - t->row0);
  t->col0 = (k % s->ntile_m) * T, t->ncol = PetscMin(T, s->grids.nm - t->col0);
}

static PetscInt TileQuantities(SweepTileKind kind)
{
  return kind == SWEEP_TILE_ALLOCATION ? 4 : 1;
}

static PetscInt SurfUnitEnd(void *ctx, PetscInt item)
{
  return item + 1;
}

static PetscInt SurfRecLen(void *ctx, PetscInt lo, PetscInt hi)
{
  const SurfPhase *sp = (const SurfPhase *) ctx;
  PetscInt         T  = sp->s->opt.tile;
  return PetscMax(4 * T, sp->s->task_rows * T) * (1 + sp->s->opt.nquantile);
}

/*@C
  SweepStudyReplicateParams - the fit parameters of every replicate of (config c, law l), nrep x np;
  NaN for a failed fit (SweepFitFailed), so that it leaves the surfaces and the bands. Not collective.
@*/
PetscErrorCode SweepStudyReplicateParams(const SweepStudy *s, PetscInt c, PetscInt l, PetscReal p[])
{
  PetscInt np = s->law[l]->np;

  PetscFunctionBegin;
  for (PetscInt r = 0; r < s->nrep; r++) {
    const SweepFitResult *f = &s->fit[(c * s->nlaws + l) * s->nrep + r];
    for (PetscInt j = 0; j < np; j++) p[r * np + j] = SweepFitFailed(f) ? NAN : f->p[j];
  }
  PetscFunctionReturn(0);
}

#define SWEEP_POINT_BLOCK 16 /* points of a loss tile evaluated together: 16 x nrep values stay in cache */

/* A loss tile (IsoFLOP or surface) into its record: for blocks of points, one vectorised logpred call
   per replicate, the values stored point-major (each point's replicates contiguous), then the point
   value (replicate 0) and the quantiles across the resamples. */
static PetscErrorCode LossTile(const SweepStudy *s, const SweepTile *t, const PetscReal P[], PetscReal rec[])
{
  const SweepGrids *g   = &s->grids;
  SweepLaw          law = s->law[t->law];
  const PetscInt    npt = t->nrow * t->ncol, nrep = s->nrep, nq = s->opt.nquantile, first = nrep > 1 ? 1 : 0;
  PetscReal         logN[SWEEP_POINT_BLOCK], logD[SWEEP_POINT_BLOCK], out[SWEEP_POINT_BLOCK], *vals;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(SWEEP_POINT_BLOCK * nrep, &vals));
  for (PetscInt b0 = 0; b0 < npt; b0 += SWEEP_POINT_BLOCK) {
    PetscInt nb = PetscMin(SWEEP_POINT_BLOCK, npt - b0);
    for (PetscInt j = 0; j < nb; j++) {
      PetscInt  i = (b0 + j) / t->ncol, c = (b0 + j) % t->ncol;
      PetscReal N = g->model_size[t->col0 + c];
      logN[j]     = log(N);
      logD[j]     = log(t->kind == SWEEP_TILE_ISOFLOP ? g->budget[t->row0 + i] / (6.0 * N) : g->data_size[t->row0 + i]);
    }
    for (PetscInt r = 0; r < nrep; r++) {
      PetscCall(law->logpred(law, P + r * law->np, nb, logN, logD, out, NULL));
      for (PetscInt j = 0; j < nb; j++) vals[j * nrep + r] = exp(out[j]);
    }
    for (PetscInt j = 0; j < nb; j++) {
      rec[b0 + j] = vals[j * nrep];
      PetscCall(SweepQuantiles(nrep - first, vals + j * nrep + first, nq, s->opt.quantiles, rec + npt + (b0 + j) * nq));
    }
  }
  PetscCall(PetscFree(vals));
  PetscFunctionReturn(0);
}

/* An allocation tile under every replicate: vals[(q * nrep + r) * ncol + j] for the quantities
   q = N_opt, D_opt, loss, tokens per parameter at budget col0 + j. */
static PetscErrorCode AllocationTile(const SweepStudy *s, const SweepTile *t, const PetscReal P[], PetscReal vals[])
{
  SweepLaw law = s->law[t->law];
  PetscInt n = t->ncol, nrep = s->nrep;

  PetscFunctionBegin;
  for (PetscInt r = 0; r < nrep; r++)
    for (PetscInt j = 0; j < n; j++) {
      PetscReal *v[4] = {vals + r * n + j, vals + (nrep + r) * n + j, vals + (2 * nrep + r) * n + j,
                         vals + (3 * nrep + r) * n + j};
      PetscCall(SweepAllocation(law, P + r * law->np, s->grids.budget[t->col0 + j], v[0], v[1], v[2]));
      *v[3] = *v[1] / *v[0];
    }
  PetscFunctionReturn(0);
}

/* Record layout, per quantity k: the tile's npt = nrow x ncol point values (replicate 0, row-major),
   then npt x nq quantiles across the resamples (across replicate 0 alone when there are none). */
static PetscErrorCode SurfCompute(void *ctx, PetscInt lo, PetscInt hi, PetscReal rec[], PetscInt *len)
{
  SurfPhase        *sp   = (SurfPhase *) ctx;
  const SweepStudy *s    = sp->s;
  const PetscInt    nrep = s->nrep, nq = s->opt.nquantile, first = nrep > 1 ? 1 : 0;
  SweepTile         t;
  PetscReal        *P, *vals, *col;
  PetscInt          nk, npt;

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(SWEEP_EVENT_SURFACE, 0, 0, 0, 0));
  TileOf(sp, lo, &t);
  nk = TileQuantities(t.kind), npt = t.nrow * t.ncol;
  PetscCall(PetscMalloc1(nrep * s->law[t.law]->np, &P));
  PetscCall(SweepStudyReplicateParams(s, t.config, t.law, P));
  if (t.kind == SWEEP_TILE_ALLOCATION) {
    PetscCall(PetscMalloc2(nk * nrep * npt, &vals, nrep, &col));
    PetscCall(AllocationTile(s, &t, P, vals));
    for (PetscInt k = 0; k < nk; k++) {
      const PetscReal *v     = vals + k * nrep * npt;
      PetscReal       *block = rec + k * npt * (1 + nq);
      for (PetscInt at = 0; at < npt; at++) {
        block[at] = v[at];
        for (PetscInt r = first; r < nrep; r++) col[r - first] = v[r * npt + at];
        PetscCall(SweepQuantiles(nrep - first, col, nq, s->opt.quantiles, block + npt + at * nq));
      }
    }
    PetscCall(PetscFree2(vals, col));
  } else
    PetscCall(LossTile(s, &t, P, rec));
  *len = nk * npt * (1 + nq);
  PetscCall(PetscFree(P));
  PetscCall(PetscLogEventEnd(SWEEP_EVENT_SURFACE, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

static PetscErrorCode SurfConsume(void *ctx, PetscInt lo, PetscInt hi, const PetscReal rec[], PetscInt len)
{
  SurfPhase *sp = (SurfPhase *) ctx;
  SweepTile  t;

  PetscFunctionBegin;
  TileOf(sp, lo, &t);
  PetscCall(PetscLogEventBegin(SWEEP_EVENT_WRITE, 0, 0, 0, 0));
  PetscCall(SweepOutputPutTile(sp->s->out, &t, sp->s->opt.nquantile, rec));
  PetscCall(PetscLogEventEnd(SWEEP_EVENT_WRITE, 0, 0, 0, 0));
  if (sp->s->journal && !sp->replaying)
    PetscCall(SweepJournalAppend(sp->s->journal, SWEEP_PHASE_SURFACE, lo, hi, rec, len));
  PetscFunctionReturn(0);
}

/*@C
  SweepStudySurfaces - the allocation, IsoFLOP and loss surfaces with their bands, tile by tile;
  the root streams each tile into the output as it arrives (tiles from a journal first). Collective on comm.
@*/
PetscErrorCode SweepStudySurfaces(MPI_Comm comm, SweepStudy *s)
{
  SurfPhase       sp = {s, TilesPerFit(s), PETSC_FALSE};
  SweepPhase      ph = {SweepStudySurfaceTasks(s),
                        SurfUnitEnd,
                        SurfCompute,
                        SurfRecLen,
                        SurfConsume,
                        &sp,
                        1,
                        PhaseProgress,
                        PETSC_FALSE,
                        NULL};
  SweepPhaseStats st;
  PetscMPIInt     rank;
  PetscBool      *skip = NULL;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (!rank) {
    PetscCall(PetscCalloc1(ph.n, &skip));
    sp.replaying = PETSC_TRUE;
    PetscCall(Replay(s, SWEEP_PHASE_SURFACE, &ph, skip));
    sp.replaying = PETSC_FALSE;
    ph.skip      = skip;
    PetscCall(SweepProgressStart(&s->progress, s->opt.progress, "surfaces", ph.n));
  }
  PetscCall(SweepScheduleRun(comm, &ph, &st));
  if (!rank) PetscCall(SweepProgressEnd(&s->progress));
  if (!rank) PetscCall(SweepJournalSync(s->journal, PETSC_TRUE));
  PetscCall(PetscFree(skip));
  s->handed += st.handed, s->root_ranges += st.root_ranges, s->seconds[2] = st.seconds;
  PetscFunctionReturn(0);
}

/* ------------------------------------------------------- item phases (analysis) */

typedef struct {
  SweepStudy *s; /* first: PhaseProgress reads it */
  PetscInt    phase, n, reclen;
  PetscErrorCode (*item)(const SweepStudy *, void *, PetscInt, PetscReal[]);
  void      *ctx;
  PetscReal *out; /* root: [n * reclen] */
  PetscBool  replaying;
} ItemPhase;

static PetscInt ItemUnitEnd(void *ctx, PetscInt item)
{
  return ((ItemPhase *) ctx)->n; /* no units: any range */
}

static PetscInt ItemRecLen(void *ctx, PetscInt lo, PetscInt hi)
{
  return (hi - lo) * ((ItemPhase *) ctx)->reclen;
}

static PetscErrorCode ItemCompute(void *ctx, PetscInt lo, PetscInt hi, PetscReal rec[], PetscInt *len)
{
  ItemPhase *ip = (ItemPhase *) ctx;

  PetscFunctionBegin;
  for (PetscInt i = lo; i < hi; i++) PetscCall(ip->item(ip->s, ip->ctx, i, rec + (i - lo) * ip->reclen));
  *len = (hi - lo) * ip->reclen;
  PetscFunctionReturn(0);
}

static PetscErrorCode ItemConsume(void *ctx, PetscInt lo, PetscInt hi, const PetscReal rec[], PetscInt len)
{
  ItemPhase *ip = (ItemPhase *) ctx;

  PetscFunctionBegin;
  PetscCheck(len == (hi - lo) * ip->reclen, PETSC_COMM_SELF, PETSC_ERR_PLIB, "record of %" PetscInt_FMT " values", len);
  PetscCall(PetscArraycpy(ip->out + lo * ip->reclen, rec, len));
  if (ip->s->journal && !ip->replaying) PetscCall(SweepJournalAppend(ip->s->journal, ip->phase, lo, hi, rec, len));
  PetscFunctionReturn(0);
}

/*@C
  SweepStudyRunItems - runs n independent work items on the scheduler: item(s, ctx, i, rec) computes
  item i into reclen values on any rank, and the root stores them in out[i * reclen] (out is only
  read on the root). Items in the checkpoint journals are replayed, new ones journalled under
  phase. Collective on comm.
@*/
PetscErrorCode SweepStudyRunItems(MPI_Comm comm, SweepStudy *s, PetscInt phase, const char label[], PetscInt n,
                                  PetscInt reclen,
                                  PetscErrorCode (*item)(const SweepStudy *, void *, PetscInt, PetscReal[]), void *ctx,
                                  PetscReal out[])
{
  ItemPhase       ip = {s, phase, n, reclen, item, ctx, out, PETSC_FALSE};
  SweepPhase      ph = {n,   ItemUnitEnd,      ItemCompute,   ItemRecLen,  ItemConsume,
                        &ip, s->opt.max_chunk, PhaseProgress, PETSC_FALSE, NULL};
  SweepPhaseStats st;
  PetscMPIInt     rank;
  PetscBool      *skip = NULL;

  PetscFunctionBegin;
  if (!n) PetscFunctionReturn(0);
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (!rank) {
    PetscCall(PetscCalloc1(n, &skip));
    ip.replaying = PETSC_TRUE;
    PetscCall(Replay(s, phase, &ph, skip));
    ip.replaying = PETSC_FALSE;
    ph.skip      = skip;
    PetscCall(SweepProgressStart(&s->progress, s->opt.progress, label, n));
  }
  PetscCall(SweepScheduleRun(comm, &ph, &st));
  if (!rank) PetscCall(SweepProgressEnd(&s->progress));
  if (!rank) PetscCall(SweepJournalSync(s->journal, PETSC_TRUE));
  PetscCall(PetscFree(skip));
  s->handed += st.handed, s->root_ranges += st.root_ranges, s->seconds[3] += st.seconds;
  PetscFunctionReturn(0);
}

/* ------------------------------------------------------------------ summary */

/* 70.0B, 1.40T, 950M: counts in engineering notation with a suffix. */
/* A budget as people write it: 5.76e23, 1e21 (no '+', no leading zeros in the exponent). */
void SweepFormatFlop(PetscReal C, char buf[], size_t len)
{
  char tmp[32], *e, *o = buf;
  snprintf(tmp, sizeof(tmp), "%.3g", (double) C);
  e = strchr(tmp, 'e');
  if (!e) {
    snprintf(buf, len, "%s", tmp);
    return;
  }
  for (const char *c = tmp; c <= e && (size_t) (o - buf) < len - 1; c++) *o++ = *c;
  const char *x = e + 1;
  if (*x == '+')
    x++;
  else if (*x == '-' && (size_t) (o - buf) < len - 1)
    *o++ = *x++;
  while (*x == '0' && x[1]) x++;
  while (*x && (size_t) (o - buf) < len - 1) *o++ = *x++;
  *o = 0;
}

void SweepFormatCount(PetscReal x, char buf[], size_t len)
{
  const char *suffix[] = {"", "K", "M", "B", "T", "P", "E"};
  int         k        = 0;

  if (!isfinite(x)) {
    snprintf(buf, len, "-");
    return;
  }
  while (fabs(x) >= 999.5 && k < 6) x /= 1000.0, k++;
  snprintf(buf, len, x >= 99.95 ? "%.0f%s" : x >= 9.995 ? "%.1f%s" : "%.2f%s", (double) x, suffix[k]);
}

/*@C
  SweepStudyBand - the outer -sweep_quantiles (the printed band) of v[r * stride] over the resamples
  r = 1..B (replicate 0 alone when there are none). Not collective.
@*/
PetscErrorCode SweepStudyBand(const SweepStudy *s, const PetscReal v[], PetscInt stride, PetscReal *lo, PetscReal *hi)
{
  PetscInt        first = s->nrep > 1 ? 1 : 0, m = s->nrep - first;
  const PetscReal qs[2] = {s->opt.quantiles[0], s->opt.quantiles[s->opt.nquantile - 1]};
  PetscReal      *tmp, out[2];

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(m, &tmp));
  for (PetscInt r = 0; r < m; r++) tmp[r] = v[(first + r) * stride];
  PetscCall(SweepQuantiles(m, tmp, 2, qs, out));
  *lo = out[0], *hi = out[1];
  PetscCall(PetscFree(tmp));
  PetscFunctionReturn(0);
}

static PetscErrorCode ViewParams(const SweepStudy *s, PetscInt c, PetscInt l, const PetscReal *P, FILE *fp)
{
  const SweepLaw law = s->law[l];
  const PetscInt np = law->np, nrep = s->nrep;
  PetscReal     *Q, lo, hi;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(nrep * np, &Q));
  for (PetscInt r = 0; r < nrep; r++) law->to_natural(P + r * np, Q + r * np);
  for (PetscInt j = 0; j < np; j++) {
    PetscCall(SweepStudyBand(s, Q + j, np, &lo, &hi));
    if (nrep > 1)
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "  %-6s %-12.6g [%.6g, %.6g]\n", law->param_names[j], (double) Q[j],
                             (double) lo, (double) hi));
    else
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "  %-6s %.6g\n", law->param_names[j], (double) Q[j]));
  }
  PetscCall(PetscFree(Q));
  PetscFunctionReturn(0);
}

static PetscErrorCode ViewAllocation(const SweepStudy *s, PetscInt l, const PetscReal *P, FILE *fp)
{
  const SweepLaw law = s->law[l];
  const PetscInt np = law->np, nrep = s->nrep;
  PetscReal     *v;

  PetscFunctionBegin;
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "  %-14s %15s %15s %13s %12s%s\n", "budget [FLOP]", "N_opt [params]",
                         "D_opt [tokens]", "tokens/param", "loss [nats]",
                         nrep > 1 ? "   (bands: tokens/param and loss)" : ""));
  PetscCall(PetscMalloc1(4 * nrep, &v));
  for (PetscInt b = 0; b < s->opt.nsummary; b++) {
    PetscReal C = s->opt.summary_budgets[b], tlo, thi, llo, lhi;
    char      ns[32], ds[32], cs[32], band[96] = "";
    for (PetscInt r = 0; r < nrep; r++) {
      PetscCall(SweepAllocation(law, P + r * np, C, &v[r], &v[nrep + r], &v[2 * nrep + r]));
      v[3 * nrep + r] = v[nrep + r] / v[r];
    }
    SweepFormatCount(v[0], ns, sizeof(ns));
    SweepFormatCount(v[nrep], ds, sizeof(ds));
    SweepFormatFlop(C, cs, sizeof(cs));
    if (nrep > 1) {
      PetscCall(SweepStudyBand(s, v + 3 * nrep, 1, &tlo, &thi));
      PetscCall(SweepStudyBand(s, v + 2 * nrep, 1, &llo, &lhi));
      if (isfinite(tlo))
        PetscCall(PetscSNPrintf(band, sizeof(band), "   [%.1f, %.1f]  [%.4f, %.4f]", (double) tlo, (double) thi,
                                (double) llo, (double) lhi));
      else
        PetscCall(PetscSNPrintf(band, sizeof(band), "   loss [%.4f, %.4f]", (double) llo, (double) lhi));
    }
    if (isfinite(v[0]))
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "  %-14s %15s %15s %13.1f %12.4f%s\n", cs, ns, ds,
                             (double) v[3 * nrep], (double) v[2 * nrep], band));
    else
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "  %-14s %15s %15s %13s %12.4f%s\n", cs, "any", "any", "-",
                             (double) v[2 * nrep], band));
  }
  if (law->flat)
    PetscCall(
        PetscFPrintf(PETSC_COMM_SELF, fp, "  (the loss depends on C alone: every split of a budget is optimal)\n"));
  else if (!isfinite(v[0]))
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "  (no compute-optimal split for these parameters)\n"));
  PetscCall(PetscFree(v));
  PetscFunctionReturn(0);
}

static PetscErrorCode ViewLaw(const SweepStudy *s, PetscInt c, PetscInt l, FILE *fp)
{
  const SweepLaw        law     = s->law[l];
  const SweepFitResult *f       = &s->fit[(c * s->nlaws + l) * s->nrep];
  PetscInt              stalled = 0, failed = 0;
  PetscReal            *P;

  PetscFunctionBegin;
  for (PetscInt r = 1; r < s->nrep; r++) {
    failed += SweepFitFailed(&f[r]);
    stalled += !SweepFitFailed(&f[r]) && f[r].reason <= 0;
  }
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "\nlaw %s: %s\n", law->name, law->formula));
  if (!s->search[l])
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                           "  objective %.10g from start %" PetscInt_FMT " of %" PetscInt_FMT " (%" PetscInt_FMT
                           " converged); TAO %s after %" PetscInt_FMT " iterations\n",
                           (double) f->objective, f->start, f->nstarts, f->nconverged, SweepFitReasonName(f->reason),
                           f->iterations));
  else if (f->start == s->nstart[l])
    PetscCall(PetscFPrintf(
        PETSC_COMM_SELF, fp,
        "  objective %.10g from the variable-projection start (%" PetscInt_FMT " solves after screening %" PetscInt_FMT
        " starts, %" PetscInt_FMT " converged); TAO %s after %" PetscInt_FMT " iterations\n",
        (double) f->objective, f->nstarts, s->nstart[l], f->nconverged, SweepFitReasonName(f->reason), f->iterations));
  else
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                           "  objective %.10g from start %" PetscInt_FMT " (%" PetscInt_FMT
                           " solves after screening %" PetscInt_FMT " starts, %" PetscInt_FMT
                           " converged); TAO %s after %" PetscInt_FMT " iterations\n",
                           (double) f->objective, f->start, f->nstarts, s->nstart[l], f->nconverged,
                           SweepFitReasonName(f->reason), f->iterations));
  if (s->nrep > 1)
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                           "  %" PetscInt_FMT " bootstrap replicates (%" PetscInt_FMT
                           " without a converged start%s); bands are the %g and %g quantiles\n",
                           s->nrep - 1, stalled, failed ? ", some failed: see below" : "", (double) s->opt.quantiles[0],
                           (double) s->opt.quantiles[s->opt.nquantile - 1]));
  PetscCall(PetscMalloc1(s->nrep * law->np, &P));
  PetscCall(SweepStudyReplicateParams(s, c, l, P));
  PetscCall(ViewParams(s, c, l, P, fp));
  PetscCall(ViewAllocation(s, l, P, fp));
  PetscCall(PetscFree(P));
  PetscFunctionReturn(0);
}

/* Seconds of one fit work item of law l, replicate 0 or (resample) 1 of config 0: a whole screened
   search, or the mean over the first few starts; timed here, on the calling rank. Replicate 0's
   result is kept in the study, so that a fit0 resample is timed from where it would start. */
static PetscErrorCode TimeFitItem(SweepStudy *s, PetscInt l, PetscBool resample, PetscReal *seconds)
{
  PetscInt       u = l * s->nrep + (resample ? 1 : 0), k = PetscMin(UnitItems(s, resample ? 1 : 0, l), 8);
  SweepFitResult best;
  PetscLogDouble t0, t1;

  PetscFunctionBegin;
  PetscCall(PetscTime(&t0));
  PetscCall(UnitFit(s, u, 0, k, &best));
  PetscCall(PetscTime(&t1));
  if (!resample) s->fit[u] = best;
  *seconds = (t1 - t0) / k;
  PetscFunctionReturn(0);
}

/*@C
  SweepStudyViewPlan - prints what a study would do (-sweep_view): its axes, its tasks per phase, the
  grids, the output's size, and an estimate of the fit phases' cost from one work item per law timed
  here. Writes no file. Not collective (the root calls it).
@*/
PetscErrorCode SweepStudyViewPlan(SweepStudy *s, PetscMPIInt size, FILE *fp)
{
  const SweepAxes  *ax   = &s->opt.axes;
  const SweepGrids *g    = &s->grids;
  PetscReal         cost = 0, bytes;
  PetscInt          nq = s->opt.nquantile, nb = g->nb, nm = g->nm, nd = g->nd;

  PetscFunctionBegin;
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "plan of job %s (-sweep_view: nothing is run or written)\n", s->opt.job));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "  input    %s: %" PetscInt_FMT " runs\n", s->opt.input, s->runs.n));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "  configs  %" PetscInt_FMT " = huber_delta %" PetscInt_FMT " x drop_highest %" PetscInt_FMT
                         " x min_budget %" PetscInt_FMT " x max_budget %" PetscInt_FMT " x tao_type %" PetscInt_FMT
                         "\n",
                         s->nconfig, ax->nhuber, ax->ndrop, ax->nmin, ax->nmax, ax->ntao));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "  replicates %" PetscInt_FMT " (1 + %" PetscInt_FMT
                         " bootstrap resamples, their starts %s)\n",
                         s->nrep, s->nrep - 1, s->opt.bstarts));
  for (PetscInt l = 0; l < s->nlaws; l++) {
    PetscReal t0 = 0, tb = 0;
    PetscInt  items0 = UnitItems(s, 0, l), itemsb = UnitItems(s, 1, l);
    PetscCall(TimeFitItem(s, l, PETSC_FALSE, &t0));
    if (s->nrep > 1) PetscCall(TimeFitItem(s, l, PETSC_TRUE, &tb));
    PetscReal law_cost = s->nconfig * (items0 * t0 + (s->nrep - 1) * itemsb * tb);
    cost += law_cost;
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                           "  law %-14s %" PetscInt_FMT " starts (%s%s); %" PetscInt_FMT
                           " fit tasks; about %.3g s of compute\n",
                           s->law[l]->name, s->nstart[l], s->opt.starts, s->search[l] ? ", screened" : "",
                           s->nconfig * (items0 + (s->nrep - 1) * itemsb), (double) law_cost));
  }
  bytes = 8.0 * s->nconfig * s->nlaws * ((4.0 * nb + (PetscReal) nb * nm + (PetscReal) nd * nm) * (1 + nq));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "  surfaces budget %" PetscInt_FMT " x model_size %" PetscInt_FMT " x data_size %" PetscInt_FMT
                         ", %" PetscInt_FMT " quantiles: %" PetscInt_FMT " surface tasks of %" PetscInt_FMT
                         " replicates each (not estimated)\n",
                         nb, nm, nd, nq, SweepStudySurfaceTasks(s), s->nrep));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "  output   %s: about %.3g MiB before compression\n", s->opt.output,
                         (double) (bytes / 1048576.0)));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "  estimate fits about %.3g s on %d rank%s (one work item per law timed here, on this rank)\n",
                         (double) (cost / size), size, size == 1 ? "" : "s"));
  PetscFunctionReturn(0);
}

/* The failed fits, counted by reason (-sweep_on_failure record stores them and goes on). */
static PetscErrorCode ViewFailures(const SweepStudy *s, FILE *fp)
{
  PetscInt nu = s->nconfig * s->nlaws * s->nrep, nfail = 0, count[32] = {0};
  PetscInt reason[32], nreason = 0;

  PetscFunctionBegin;
  for (PetscInt u = 0; u < nu; u++) {
    PetscInt k;
    if (!SweepFitFailed(&s->fit[u])) continue;
    nfail++;
    for (k = 0; k < nreason && reason[k] != s->fit[u].reason; k++) {
    }
    if (k == nreason && nreason < 32) reason[nreason++] = s->fit[u].reason;
    if (k < 32) count[k]++;
  }
  if (!nfail) {
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "\nfits: all %" PetscInt_FMT " succeeded\n", nu));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "\nfits: %" PetscInt_FMT " of %" PetscInt_FMT " failed (", nfail, nu));
  for (PetscInt k = 0; k < nreason; k++)
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "%s%s %" PetscInt_FMT, k ? ", " : "", SweepFitReasonName(reason[k]),
                           count[k]));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "); stored with their status, left out of the surfaces and bands\n"));
  PetscFunctionReturn(0);
}

/*@C
  SweepStudyView - prints the summary of a fitted study: per config and law, the parameters with
  their bootstrap intervals and the allocation at the summary budgets with bands. Not collective.
@*/
PetscErrorCode SweepStudyView(const SweepStudy *s, FILE *fp)
{
  PetscFunctionBegin;
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "job %s: %" PetscInt_FMT " runs from %s\n", s->opt.job, s->runs.n,
                         s->runs.path));
  for (PetscInt c = 0; c < s->nconfig; c++) {
    const SweepConfig *g      = &s->config[c];
    PetscInt           used   = 0;
    char               lo[32] = "-", hi[32] = "-";
    for (PetscInt i = 0; i < s->runs.n; i++) used += s->mask[c * s->runs.n + i] > 0;
    if (g->min_budget > 0) PetscCall(PetscSNPrintf(lo, sizeof(lo), "%g", (double) g->min_budget));
    if (g->max_budget > 0) PetscCall(PetscSNPrintf(hi, sizeof(hi), "%g", (double) g->max_budget));
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                           "\n== config %" PetscInt_FMT ": huber_delta %g, drop_highest %" PetscInt_FMT
                           ", budget range [%s, %s] FLOP, tao %s: %" PetscInt_FMT " of %" PetscInt_FMT " runs fitted\n",
                           c, (double) g->huber_delta, g->drop_highest, lo, hi, g->tao_type, used, s->runs.n));
    for (PetscInt l = 0; l < s->nlaws; l++) PetscCall(ViewLaw(s, c, l, fp));
    PetscCall(SweepStudyAnalysisView(s, c, fp));
  }
  PetscCall(ViewFailures(s, fp));
  PetscCall(
      PetscFPrintf(PETSC_COMM_SELF, fp,
                   "\ntime: fit %.2f s, resamples %.2f s, surfaces %.2f s, plan and selection %.2f s; %" PetscInt_FMT
                   " task ranges handed to other ranks, %" PetscInt_FMT " computed on the root\n",
                   (double) s->seconds[0], (double) s->seconds[1], (double) s->seconds[2], (double) s->seconds[3],
                   s->handed, s->root_ranges));
  PetscFunctionReturn(0);
}

/*@C
  SweepStudyDestroy - frees a study. Not collective.
@*/
PetscErrorCode SweepStudyDestroy(SweepStudy *s)
{
  PetscFunctionBegin;
  for (PetscInt l = 0; l < s->nlaws; l++) {
    PetscCall(PetscFree(s->starts[l]));
    PetscCall(PetscFree(s->bstarts[l]));
    PetscCall(SweepLawDestroy(&s->law[l]));
  }
  if (s->plan || s->fold) PetscCall(SweepStudyAnalysisDestroy(s));
  PetscCall(PetscFree2(s->config, s->mask));
  PetscCall(PetscFree(s->fit));
  if (s->grids.budget) PetscCall(SweepGridsDestroy(&s->grids));
  PetscCall(SweepRunsDestroy(&s->runs));
  PetscFunctionReturn(0);
}
