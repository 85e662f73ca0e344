/* kind.h: study kinds. -sweep_study picks what a run computes: "loss" (the default: loss-law fits,
   surfaces and plans, study.h) or one of the task and emergence studies (PassUntil, sigmoid task
   laws, the information-theoretic model, observational scaling, Slice-and-Sandwich). A kind is a
   table of functions registered by name (kind.c), like a law. The engine gives every kind the same
   machinery: options and provenance, the root-rank scheduler with checkpoint journal and resume
   (SweepStudyRunItems, one journal phase per call), bootstrap settings (-sweep_bootstrap,
   -sweep_seed, -sweep_quantiles), and an output file that appears atomically (written as
   <output>.part, renamed on success, removed on error).

   Rules for a kind:
   - setup runs on every rank and must give every rank the same data (each rank may read the input
     itself); errors name the file, line and column, or the option.
   - all randomness comes from SweepRandom*(seed, stream, counter) keyed by item index, so results
     are identical at any rank count and after a resume.
   - run is collective: every rank makes the same sequence of SweepKindRunItems calls; item
     results are only available on the root (out[] is only filled there).
   - write and view run on the root only, after run. */
#pragma once

#include "options.h"

struct _p_SweepKindRun;
typedef struct _p_SweepKindRun *SweepKindRun;

typedef struct {
  const char *name;        /* the -sweep_study value */
  const char *title;       /* one line: the NetCDF title, -help */
  const char *references;  /* the NetCDF "references" attribute: the papers behind the kind */
  PetscBool   needs_input; /* reads -sweep_input (its SHA-256 goes into provenance and the journal) */
  /* All ranks. Reads the kind's own options (-sweep_<name>_*, through PetscOptionsBegin/End so that
     -help lists them and they count as used) and the input; allocates the context. opt holds the
     common options (input, bootstrap, seed, quantiles, ...). */
  PetscErrorCode (*setup)(MPI_Comm comm, const SweepOptions *opt, void **ctx);
  /* Any rank. Appends to id (a string of idlen bytes, already holding the common options) one
     "key value\n" line per kind setting that changes results: the checkpoint journal refuses a resume
     whose identity differs. */
  PetscErrorCode (*identity)(void *ctx, char id[], size_t idlen);
  /* Collective. The computation, as SweepKindRunItems phases. */
  PetscErrorCode (*run)(MPI_Comm comm, SweepKindRun run, void *ctx);
  /* Root. Defines and writes the kind's variables (SweepNC* helpers below). */
  PetscErrorCode (*write)(int ncid, SweepKindRun run, void *ctx);
  /* Root. The printed summary. */
  PetscErrorCode (*view)(SweepKindRun run, void *ctx, FILE *fp);
  PetscErrorCode (*destroy)(void **ctx);
} SweepKind;

/* kind.c. SweepKindFind gives NULL for "loss" (the loss-law study of study.h) and an error naming
   -sweep_study and the choices for an unknown name. The driver (driver.c) runs a kind. */
PETSC_EXTERN PetscErrorCode SweepKindFind(const char name[], const SweepKind **kind);
PETSC_EXTERN PetscErrorCode SweepKindList(char list[], size_t len); /* "loss, passuntil, ..." */

/* What a kind's run, write and view may ask of the engine. */
PETSC_EXTERN const SweepOptions *SweepKindRunOptions(SweepKindRun run);
/* Runs n independent items on the scheduler: item(ctx, i, rec) computes item i into reclen values on
   any rank; the root stores them at out[i * reclen] (out may be NULL on other ranks). phase (0, 1,
   ...) numbers the kind's calls: each is journalled on its own, and a resume replays it. Collective. */
PETSC_EXTERN PetscErrorCode SweepKindRunItems(MPI_Comm comm, SweepKindRun run, PetscInt phase, const char label[],
                                              PetscInt n, PetscInt reclen,
                                              PetscErrorCode (*item)(void *ctx, PetscInt i, PetscReal rec[]), void *ctx,
                                              PetscReal out[]);
/* The outer -sweep_quantiles of x[0..n) ignoring non-finite values (NaN when none): the band that
   summaries print. Not collective. */
PETSC_EXTERN PetscErrorCode SweepKindBand(SweepKindRun run, PetscInt n, const PetscReal x[], PetscInt stride,
                                          PetscReal *lo, PetscReal *hi);
/* All -sweep_quantiles of x[i * stride], i < n, into q[0..nquantile). Not collective. */
PETSC_EXTERN PetscErrorCode SweepKindQuantiles(SweepKindRun run, PetscInt n, const PetscReal x[], PetscInt stride,
                                               PetscReal q[]);

/* NetCDF helpers for kinds (output.c). The file is NetCDF-4: variables can be defined at any time.
   Dimensions are created on first use and checked against their length afterwards. A coordinate
   variable is a 1-D variable named as its dimension. Non-finite doubles are written as _FillValue.
   "quantile" is already defined (the -sweep_quantiles coordinate). Not collective. */
PETSC_EXTERN PetscErrorCode SweepNCDim(int ncid, const char name[], size_t len);
PETSC_EXTERN PetscErrorCode SweepNCPutReal(int ncid, const char name[], int ndims, const char *const dims[],
                                           const PetscReal x[], const char units[], const char long_name[]);
PETSC_EXTERN PetscErrorCode SweepNCPutInt(int ncid, const char name[], int ndims, const char *const dims[],
                                          const PetscInt x[], const char long_name[]);
/* A 1-D string variable along dim (labels: model names, metric names, families). */
PETSC_EXTERN PetscErrorCode SweepNCPutStrings(int ncid, const char name[], const char dim[], size_t n,
                                              const char *const s[], const char long_name[]);
/* A text attribute on variable var (NULL: global). */
PETSC_EXTERN PetscErrorCode SweepNCPutAttText(int ncid, const char var[], const char att[], const char text[]);
