/* driver.c: one scalesweep run. Phases: options and input on every rank (the same work, so the
   same errors, printed once by the root); the output file opened by the root; the collective fit
   phase; then surfaces, output and summary on the root. Where only the root can fail, the ranks
   agree on the outcome before the next collective call, so a bad path never hangs a job. */
#include "driver.h"
#include "journal.h"
#include "kindimpl.h"
#include "output.h"
#include "signals.h"
#include "study.h"
#include <errno.h>
#include <netcdf.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*@C
  SweepErrorHandler - prints an error the way a command-line tool does: one line with the reason
  (which names the file, line, column or option at fault). Errors that are scalesweep's or a
  library's fault, not the user's, also name the place in the code. -sweep_traceback gives PETSc's
  full traceback instead. Not collective.
@*/
PetscErrorCode SweepErrorHandler(MPI_Comm comm, int line, const char *fun, const char *file, PetscErrorCode n,
                                 PetscErrorType p, const char *mess, void *ctx)
{
  const char *text = NULL;
  PetscBool   user =
      (PetscBool) (n == PETSC_ERR_ARG_WRONG || n == PETSC_ERR_ARG_OUTOFRANGE || n == PETSC_ERR_ARG_UNKNOWN_TYPE ||
                   n == PETSC_ERR_ARG_INCOMP || n == PETSC_ERR_FILE_OPEN || n == PETSC_ERR_FILE_READ ||
                   n == PETSC_ERR_FILE_WRITE || n == PETSC_ERR_FILE_UNEXPECTED || n == PETSC_ERR_USER_INPUT ||
                   n == PETSC_ERR_NOT_CONVERGED);

  if (p != PETSC_ERROR_INITIAL) return n;
  PetscErrorMessage(n, &text, NULL);
  if (user && mess && *mess)
    fprintf(stderr, "scalesweep: error: %s\n", mess);
  else
    fprintf(stderr, "scalesweep: error: %s: %s (%s() at %s:%d)\n", text ? text : "error", mess ? mess : "", fun, file,
            line);
  fflush(stderr);
  return n;
}

/*@C
  SweepToolMain - the main() of the project's small programs (driver.h). Not collective.
@*/
int SweepToolMain(int argc, char **argv, const char help[], PetscErrorCode (*body)(void))
{
  PetscErrorCode ierr;

  SweepSingletonDefaults();
  if (PetscInitialize(&argc, &argv, NULL, help)) return 1;
  ierr = PetscPushErrorHandler(SweepErrorHandler, NULL);
  if (!ierr) ierr = body();
  if (PetscFinalize()) return 1;
  return ierr ? 1 : 0;
}

/*@C
  SweepToolOpen - opens a generator's output (driver.h). Not collective.
@*/
PetscErrorCode SweepToolOpen(const char path[], FILE **fp)
{
  char part[SWEEP_PATH_LEN + 8];

  PetscFunctionBegin;
  *fp = stdout;
  if (!path[0]) PetscFunctionReturn(0);
  PetscCall(PetscSNPrintf(part, sizeof(part), "%s.part", path));
  *fp = fopen(part, "w");
  PetscCheck(*fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot write '%s': %s", part, strerror(errno));
  PetscFunctionReturn(0);
}

/*@C
  SweepToolCommit - closes a generator's output and renames <path>.part to path (driver.h). Not
  collective.
@*/
PetscErrorCode SweepToolCommit(const char path[], FILE **fp)
{
  char part[SWEEP_PATH_LEN + 8];

  PetscFunctionBegin;
  if (!path[0]) PetscFunctionReturn(0);
  PetscCall(PetscSNPrintf(part, sizeof(part), "%s.part", path));
  PetscCheck(!fclose(*fp), PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "cannot write '%s': %s", part, strerror(errno));
  *fp = NULL;
  PetscCheck(!rename(part, path), PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "cannot write '%s': %s", path,
             strerror(errno));
  PetscFunctionReturn(0);
}

/*@C
  SweepSingletonDefaults - call before PetscInitialize(). A process started without a launcher
  (no mpiexec, no srun) is an Open MPI "singleton", which by default forks a daemon and probes every
  network transport, and hwloc reads every PCI device's configuration: 0.4 s on a laptop before any
  work, most of a one-rank fit's time. A singleton is alone, so it needs none of that; this sets
  ess_singleton_isolated, btl self, pml ob1 and hwloc's HWLOC_COMPONENTS=-pci,-linuxio (no I/O
  devices in the topology) for it. It does nothing under a launcher (its variables are present)
  and never overrides a setting the user made. Not collective.
@*/
void SweepSingletonDefaults(void)
{
#if defined(OPEN_MPI) && OPEN_MPI
  const char *const launcher[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_FD", NULL};
  for (const char *const *v = launcher; *v; v++)
    if (getenv(*v)) return;
  setenv("OMPI_MCA_ess_singleton_isolated", "1", 0);
  setenv("OMPI_MCA_btl", "self", 0);
  setenv("OMPI_MCA_pml", "ob1", 0);
  setenv("HWLOC_COMPONENTS", "-pci,-linuxio", 0);
#endif
}

/* Every rank learns the worst error code; returns it without printing (the failing rank has). */
static PetscErrorCode Agree(MPI_Comm comm, PetscErrorCode ierr)
{
  int mine = (int) ierr, worst = 0;

  if (MPI_Allreduce(&mine, &worst, 1, MPI_INT, MPI_MAX, comm) != MPI_SUCCESS) return PETSC_ERR_MPI;
  return (PetscErrorCode) worst;
}

/* Options, TAO options and input; on non-root ranks errors are returned without printing. */
static PetscErrorCode SetUp(MPI_Comm comm, SweepOptions *opt, SweepStudy *study)
{
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(SweepOptionsSetFromOptions(comm, opt));
  /* with -help, TAO prints its options on every rank that sets one up: let the root alone do it */
  if (!opt->help || !rank)
    PetscCall(SweepFitCheckTaoOptions(opt->axes.ntao, (const char(*)[SWEEP_NAME_LEN]) opt->axes.tao));
  if (opt->help || strcmp(opt->study, "loss")) PetscFunctionReturn(0); /* a kind reads its own (KindMain) */
  PetscCall(SweepOptionsCheckUnused());
  PetscCall(SweepStudySetUp(comm, opt, study));
  PetscFunctionReturn(0);
}

/* Root: the journals. A fresh run creates its checkpoint journal (refusing to empty one left by an
   interrupted run unless -sweep_overwrite); a resume reopens it for appending and replays it; a
   merge reads the n shard files. Every journal's identity must match this run's. */
static PetscErrorCode OpenJournals(SweepStudy *s, const SweepKind *kind, void *ctx)
{
  const SweepOptions *opt     = &s->opt;
  char                sha[65] = "none", *text;
  PetscBool           exists  = (PetscBool) (opt->checkpoint[0] && !access(opt->checkpoint, F_OK));

  PetscFunctionBegin;
  if (!kind || kind->needs_input) PetscCall(SweepSHA256File(opt->input, sha));
  PetscCall(PetscCalloc1(opt->merge + 1, &s->source));
  for (PetscInt i = 0; i < opt->merge; i++) { /* the shards' files, each with its own shard line */
    SweepOptions shard = *opt;
    char         path[SWEEP_PATH_LEN];
    shard.shard = i, shard.nshard = opt->merge;
    PetscCall(SweepShardPath(opt, i, opt->merge, path, sizeof(path)));
    PetscCall(SweepOptionsIdentity(&shard, sha, &text));
    PetscCall(SweepJournalOpen(path, text, PETSC_FALSE, &s->source[s->nsource++]));
    PetscCall(PetscFree(text));
  }
  if (!opt->checkpoint[0]) PetscFunctionReturn(0);
  PetscCall(SweepOptionsIdentity(opt, sha, &text));
  if (kind && kind->identity) { /* the kind's own settings */
    size_t len = strlen(text) + 8192;
    PetscCall(PetscRealloc(len, &text));
    PetscCall(kind->identity(ctx, text, len));
  }
  PetscCheck(exists || opt->resume != SWEEP_RESUME_YES, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN,
             "option -sweep_resume: no checkpoint journal '%s' to resume from (-sweep_resume auto starts afresh "
             "when there is none)",
             opt->checkpoint);
  if (exists && opt->resume != SWEEP_RESUME_NO) {
    PetscCall(SweepJournalOpen(opt->checkpoint, text, PETSC_TRUE, &s->journal));
    s->source[s->nsource++] = s->journal;
    if (!opt->quiet)
      PetscCall(PetscPrintf(PETSC_COMM_SELF, "resuming from %s: %" PetscInt_FMT " finished tasks%s\n", opt->checkpoint,
                            s->journal->nrec, s->journal->torn ? " (a torn last record ignored: it runs again)" : ""));
  } else {
    PetscCheck(!exists || opt->overwrite, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN,
               "checkpoint journal '%s' exists (an interrupted run?): resume it with -sweep_resume, or start afresh "
               "with -sweep_overwrite",
               opt->checkpoint);
    PetscCall(SweepJournalCreate(opt->checkpoint, text, &s->journal));
  }
  PetscCall(PetscFree(text));
  PetscFunctionReturn(0);
}

static PetscErrorCode CloseJournals(SweepStudy *s)
{
  PetscFunctionBegin;
  for (PetscInt i = 0; i < s->nsource; i++)
    if (s->source[i] != s->journal) PetscCall(SweepJournalDestroy(&s->source[i]));
  PetscCall(PetscFree(s->source));
  s->nsource = 0;
  PetscCall(SweepJournalDestroy(&s->journal));
  PetscFunctionReturn(0);
}

/* Root: the output file (unless this is a shard), created and laid out before any work (an
   existing output is kept unless -sweep_overwrite), then the journals. */
static PetscErrorCode OpenOutput(int argc, char **argv, PetscMPIInt size, const char options[], SweepStudy *study,
                                 SweepOutput *out)
{
  SweepProvenance prov;

  PetscFunctionBegin;
  if (!study->opt.nshard) {
    PetscCall(SweepOutputOpen(study->opt.output, study->opt.overwrite, out));
    PetscCall(SweepProvenanceCreate(argc, argv, size, study->opt.input, options, &prov));
    PetscCall(SweepOutputDefine(out, study, &prov));
    PetscCall(SweepProvenanceDestroy(&prov));
    study->out = out;
  }
  PetscCall(OpenJournals(study, NULL, NULL));
  PetscFunctionReturn(0);
}

/* The output into place, and the journal gone unless kept. */
static PetscErrorCode Commit(SweepStudy *study, SweepOutput *out)
{
  PetscFunctionBegin;
  PetscCall(SweepOutputCommit(out));
  if (study->journal && !study->opt.checkpoint_keep) { /* the output holds it all now */
    PetscCall(SweepJournalDestroy(&study->journal));
    study->nsource = 0;
    PetscCheck(!unlink(study->opt.checkpoint) || errno == ENOENT, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE,
               "cannot remove checkpoint journal '%s': %s", study->opt.checkpoint, strerror(errno));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Finish(SweepStudy *study, SweepOutput *out)
{
  PetscFunctionBegin;
  PetscCall(Commit(study, out));
  if (!study->opt.quiet) {
    PetscCall(SweepStudyView(study, PETSC_STDOUT));
    PetscCall(
        PetscPrintf(PETSC_COMM_SELF, "\nwrote %s (plots: scalesweep-plot %s)\n", study->opt.output, study->opt.output));
  }
  PetscFunctionReturn(0);
}

/* A shard's end: its journal is its result. */
static PetscErrorCode FinishShard(const SweepStudy *s)
{
  const SweepOptions *o = &s->opt;

  PetscFunctionBegin;
  if (o->quiet) PetscFunctionReturn(0);
  PetscCall(PetscPrintf(PETSC_COMM_SELF,
                        "shard %" PetscInt_FMT " of %" PetscInt_FMT ": its fits are in %s (%" PetscInt_FMT
                        " tasks journalled); when all %" PetscInt_FMT
                        " shards are done, merge them with -sweep_merge %" PetscInt_FMT "\n",
                        o->shard, o->nshard, o->checkpoint, s->journal ? s->journal->nrec : 0, o->nshard, o->nshard));
  PetscFunctionReturn(0);
}

/* Root, after a stop signal: what was saved and how to go on. */
static void ReportInterrupt(const SweepStudy *s)
{
  int         sig  = SweepSignalReceived();
  const char *name = sig == SIGUSR1 ? "SIGUSR1" : sig == SIGTERM ? "SIGTERM" : sig == SIGINT ? "SIGINT" : "a signal";
  if (s->opt.checkpoint[0])
    fprintf(stderr,
            "scalesweep: stopped by %s; the finished tasks are in checkpoint journal '%s': rerun with -sweep_resume to "
            "finish (exit status %d)\n",
            name, s->opt.checkpoint, SWEEP_EXIT_INTERRUPTED);
  else
    fprintf(stderr, "scalesweep: stopped by %s; no checkpoint journal (-sweep_checkpoint none): nothing kept\n", name);
  fflush(stderr);
}

/* -version: scalesweep's version and git revision and those of the libraries it runs on. */
static PetscErrorCode ViewVersion(FILE *fp)
{
  char mpi[MPI_MAX_LIBRARY_VERSION_STRING];
  int  len;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Get_library_version(mpi, &len));
  mpi[strcspn(mpi, ",\n")] = 0; /* "Open MPI v4.1.4" */
  char nc[64];
  PetscCall(PetscStrncpy(nc, nc_inq_libvers(), sizeof(nc)));
  nc[strcspn(nc, " ")] = 0; /* "4.9.0" */
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "scalesweep %s (git %s); PETSc %d.%d.%d; %s; NetCDF %s\n", SweepVersion,
                         SweepGitRevision, PETSC_VERSION_MAJOR, PETSC_VERSION_MINOR, PETSC_VERSION_SUBMINOR, mpi, nc));
  PetscFunctionReturn(0);
}

/* One line that says what is about to run: catches a silent singleton launch. */
static PetscErrorCode LaunchLine(MPI_Comm comm, const SweepStudy *s)
{
  PetscMPIInt size;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscPrintf(comm,
                        "scalesweep %s: %d MPI rank%s; %" PetscInt_FMT " law%s x %" PetscInt_FMT
                        " config%s x %" PetscInt_FMT " replicate%s; %" PetscInt_FMT
                        " fit tasks (a screened search or a start point each), %" PetscInt_FMT
                        " surface tiles; %" PetscInt_FMT " runs; output %s\n",
                        SweepVersion, size, size == 1 ? "" : "s", s->nlaws, s->nlaws == 1 ? "" : "s", s->nconfig,
                        s->nconfig == 1 ? "" : "s", s->nrep, s->nrep == 1 ? "" : "s", SweepStudyFitTasks(s),
                        SweepStudySurfaceTasks(s), s->runs.n, s->opt.output));
  PetscFunctionReturn(0);
}

/* The collective phases; the root writes the fits between them. A shard stops after its fits. */
static PetscErrorCode Run(MPI_Comm comm, PetscMPIInt rank, SweepStudy *study, SweepOutput *out)
{
  PetscFunctionBegin;
  PetscCall(SweepStudyFit(comm, study));
  if (study->opt.nshard) {
    if (!rank) PetscCall(FinishShard(study));
    PetscFunctionReturn(0);
  }
  if (!rank) PetscCall(SweepOutputPutFits(out, study));
  PetscCall(SweepStudySurfaces(comm, study));
  PetscCall(SweepStudyAnalyse(comm, study));
  if (!rank) PetscCall(SweepOutputPutAnalysis(out, study));
  if (!rank) PetscCall(Finish(study, out));
  PetscFunctionReturn(0);
}

/* ------------------------------------------------------------------ study kinds (kind.h) */

/* All ranks: the kind's options and input; then no -sweep_ option may be left unread. */
static PetscErrorCode KindSetUp(MPI_Comm comm, SweepKindRun run, void **ctx)
{
  PetscFunctionBegin;
  PetscCall(run->kind->setup(comm, &run->study.opt, ctx));
  PetscCall(SweepOptionsCheckUnused());
  PetscFunctionReturn(0);
}

/* Root: the output file, laid out with the provenance, then the journals. */
static PetscErrorCode KindOpen(int argc, char **argv, PetscMPIInt size, const char options[], SweepKindRun run,
                               void *ctx, SweepOutput *out)
{
  const SweepOptions *o = &run->study.opt;
  SweepProvenance     prov;

  PetscFunctionBegin;
  PetscCall(SweepOutputOpen(o->output, o->overwrite, out));
  PetscCall(SweepProvenanceCreate(argc, argv, size, run->kind->needs_input ? o->input : NULL, options, &prov));
  PetscCall(SweepOutputDefineKind(out, run->kind, o, &prov));
  PetscCall(SweepProvenanceDestroy(&prov));
  PetscCall(OpenJournals(&run->study, run->kind, ctx));
  PetscFunctionReturn(0);
}

static PetscErrorCode KindLaunchLine(MPI_Comm comm, PetscMPIInt size, SweepKindRun run)
{
  const SweepOptions *o = &run->study.opt;

  PetscFunctionBegin;
  PetscCall(PetscPrintf(comm,
                        "scalesweep %s: %d MPI rank%s; study %s (%s); %" PetscInt_FMT
                        " bootstrap replicates; input %s; output %s\n",
                        SweepVersion, size, size == 1 ? "" : "s", run->kind->name, run->kind->title, o->bootstrap,
                        run->kind->needs_input ? o->input : "none", o->output));
  PetscFunctionReturn(0);
}

/* Collective: the kind's phases; the root writes, commits and prints. */
static PetscErrorCode KindRun(MPI_Comm comm, PetscMPIInt rank, SweepKindRun run, void *ctx, SweepOutput *out)
{
  PetscFunctionBegin;
  PetscCall(run->kind->run(comm, run, ctx));
  if (rank) PetscFunctionReturn(0);
  PetscCall(run->kind->write(out->ncid, run, ctx));
  PetscCall(Commit(&run->study, out));
  if (!run->study.opt.quiet) {
    PetscCall(run->kind->view(run, ctx, PETSC_STDOUT));
    PetscCall(PetscPrintf(PETSC_COMM_SELF, "\nwrote %s\n", run->study.opt.output));
  }
  PetscFunctionReturn(0);
}

/* A study kind's whole run, after the common options: SweepMain's steps with the kind's table. */
static PetscErrorCode KindMain(MPI_Comm comm, int argc, char **argv, const char options[], const SweepOptions *opt)
{
  PetscMPIInt            rank, size;
  PetscErrorCode         ierr;
  struct _p_SweepKindRun run;
  SweepOutput            out = {-1, "", ""};
  void                  *ctx = NULL;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscMemzero(&run, sizeof(run)));
  run.study.opt  = *opt;
  run.study.nrep = opt->bootstrap + 1;
  PetscCall(SweepKindFind(opt->study, &run.kind));
  if (opt->help) { /* the kind's options are listed as its setup reads them; its input does not matter */
    PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
    (void) run.kind->setup(comm, &run.study.opt, &ctx);
    PetscCall(PetscPopErrorHandler());
    if (ctx) PetscCall(run.kind->destroy(&ctx));
    PetscFunctionReturn(0);
  }
  if (rank) PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = KindSetUp(comm, &run, &ctx);
  if (rank) PetscCall(PetscPopErrorHandler());
  if (!(ierr = Agree(comm, ierr)) && opt->view) {
    if (!rank)
      PetscCall(PetscPrintf(PETSC_COMM_SELF,
                            "study %s (%s): input %s, %" PetscInt_FMT " bootstrap replicates, seed %" PetscInt_FMT
                            "; -sweep_view: nothing is run or written\n",
                            run.kind->name, run.kind->title, run.kind->needs_input ? opt->input : "none",
                            opt->bootstrap, opt->seed));
  } else if (!ierr) {
    ierr = rank ? 0 : KindOpen(argc, argv, size, options, &run, ctx, &out);
    if (!(ierr = Agree(comm, ierr))) {
      if (!opt->quiet) PetscCall(KindLaunchLine(comm, size, &run));
      ierr = KindRun(comm, rank, &run, ctx, &out);
    }
  }
  if (ierr && !rank) SweepOutputAbort(&out);
  if (!rank) {
    PetscErrorCode cerr = CloseJournals(&run.study);
    if (!ierr) ierr = cerr;
  }
  if (ierr == SWEEP_ERR_INTERRUPTED && !rank) ReportInterrupt(&run.study);
  if (ctx) PetscCall(run.kind->destroy(&ctx));
  PetscFunctionReturn(ierr);
}

/*@C
  SweepMain - runs scalesweep with the options in PETSc's database. Collective on comm.
  Returns non-zero after printing the reason (once) when the run failed; then nothing has been
  written at the output path. SWEEP_ERR_INTERRUPTED means a stop signal came: the finished tasks
  are in the checkpoint journal.
@*/
PetscErrorCode SweepMain(MPI_Comm comm, int argc, char **argv)
{
  PetscMPIInt    rank, size;
  PetscErrorCode ierr;
  SweepOptions   opt;
  SweepStudy     study;
  SweepOutput    out = {-1, "", ""};
  char          *options;
  PetscBool      version;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscOptionsGetAll(NULL, &options)); /* as given, before reading changes the database */
  PetscCall(PetscMemzero(&study, sizeof(study)));
  PetscCall(PetscOptionsHasName(NULL, NULL, "-version", &version));
  if (version) { /* PETSc has printed its own banner; say what scalesweep is and stop */
    if (!rank) PetscCall(ViewVersion(stdout));
    PetscCall(PetscFree(options));
    PetscFunctionReturn(0);
  }
  PetscCall(SweepSignalsInstall());
  if (rank) PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = SetUp(comm, &opt, &study);
  if (rank) PetscCall(PetscPopErrorHandler());
  if (!(ierr = Agree(comm, ierr)) && strcmp(opt.study, "loss")) {
    ierr = KindMain(comm, argc, argv, options, &opt);
  } else if (!ierr && !opt.help && opt.view) {
    if (!rank) PetscCall(SweepStudyViewPlan(&study, size, stdout));
  } else if (!ierr && !opt.help) {
    ierr = rank ? 0 : OpenOutput(argc, argv, size, options, &study, &out);
    if (!(ierr = Agree(comm, ierr))) {
      if (!opt.quiet) PetscCall(LaunchLine(comm, &study));
      ierr = Run(comm, rank, &study, &out);
    }
  }
  if (ierr && !rank) SweepOutputAbort(&out);
  if (!rank) {
    PetscErrorCode cerr = CloseJournals(&study); /* synced: every finished task is on disk */
    if (!ierr) ierr = cerr;
  }
  /* a kind's run has reported its own interruption (KindMain) */
  if (ierr == SWEEP_ERR_INTERRUPTED && !rank && !strcmp(opt.study, "loss")) ReportInterrupt(&study);
  PetscCall(PetscFree(options));
  PetscCall(SweepStudyDestroy(&study));
  PetscFunctionReturn(ierr);
}
