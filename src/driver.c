/* driver.c: one scalesweep run. Phases: options and input on every rank (the same work, so the
   same errors, printed once by the root); the output file opened by the root; the collective fit
   phase; then surfaces, output and summary on the root. Where only the root can fail, the ranks
   agree on the outcome before the next collective call, so a bad path never hangs a job. */
#include "driver.h"
#include "output.h"
#include "study.h"
#include <netcdf.h>
#include <stdlib.h>
#include <string.h>

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
                   n == PETSC_ERR_FILE_WRITE || n == PETSC_ERR_FILE_UNEXPECTED || n == PETSC_ERR_USER_INPUT);

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
  if (opt->help) PetscFunctionReturn(0);
  PetscCall(SweepOptionsCheckUnused());
  PetscCall(SweepStudySetUp(comm, opt, study));
  PetscFunctionReturn(0);
}

/* Root: the output file, created and laid out before any work. */
static PetscErrorCode OpenOutput(int argc, char **argv, PetscMPIInt size, const char options[], SweepStudy *study,
                                 SweepOutput *out)
{
  SweepProvenance prov;

  PetscFunctionBegin;
  PetscCall(SweepOutputOpen(study->opt.output, out));
  PetscCall(SweepProvenanceCreate(argc, argv, size, study->opt.input, options, &prov));
  PetscCall(SweepOutputDefine(out, study, &prov));
  PetscCall(SweepProvenanceDestroy(&prov));
  study->out = out;
  PetscFunctionReturn(0);
}

static PetscErrorCode Finish(SweepStudy *study, SweepOutput *out)
{
  PetscFunctionBegin;
  PetscCall(SweepOutputCommit(out));
  if (!study->opt.quiet) {
    PetscCall(SweepStudyView(study, PETSC_STDOUT));
    PetscCall(
        PetscPrintf(PETSC_COMM_SELF, "\nwrote %s (plots: scalesweep-plot %s)\n", study->opt.output, study->opt.output));
  }
  PetscFunctionReturn(0);
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

/* The collective phases; the root writes the fits between them. */
static PetscErrorCode Run(MPI_Comm comm, PetscMPIInt rank, SweepStudy *study, SweepOutput *out)
{
  PetscFunctionBegin;
  PetscCall(SweepStudyFit(comm, study));
  if (!rank) PetscCall(SweepOutputPutFits(out, study));
  PetscCall(SweepStudySurfaces(comm, study));
  if (!rank) PetscCall(Finish(study, out));
  PetscFunctionReturn(0);
}

/*@C
  SweepMain - runs scalesweep with the options in PETSc's database. Collective on comm.
  Returns non-zero after printing the reason (once) when the run failed; then nothing has been
  written at the output path.
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
  if (rank) PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = SetUp(comm, &opt, &study);
  if (rank) PetscCall(PetscPopErrorHandler());
  if (!(ierr = Agree(comm, ierr)) && !opt.help && opt.view) {
    if (!rank) PetscCall(SweepStudyViewPlan(&study, size, stdout));
  } else if (!ierr && !opt.help) {
    ierr = rank ? 0 : OpenOutput(argc, argv, size, options, &study, &out);
    if (!(ierr = Agree(comm, ierr))) {
      if (!opt.quiet) PetscCall(LaunchLine(comm, &study));
      ierr = Run(comm, rank, &study, &out);
    }
  }
  if (ierr && !rank) SweepOutputAbort(&out);
  PetscCall(PetscFree(options));
  PetscCall(SweepStudyDestroy(&study));
  PetscFunctionReturn(ierr);
}
