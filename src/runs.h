/* runs.h: training runs read from a CSV file. Every stored run has finite N, D, loss > 0; the
   logarithms are computed once here so that the fitting kernels never call log on the data. */
#pragma once

#include "sweepsys.h"

/* Which columns hold what. Names are matched exactly against the header. col_c, when not
   empty, names a compute column and D is derived as C / (6 N); col_d is then not read. */
typedef struct {
  char n[SWEEP_NAME_LEN];
  char d[SWEEP_NAME_LEN];
  char c[SWEEP_NAME_LEN];
  char loss[SWEEP_NAME_LEN];
  char unique[SWEEP_NAME_LEN]; /* optional: unique tokens available to the run (empty: none) */
} SweepColumns;

typedef struct {
  char       path[SWEEP_PATH_LEN];
  PetscInt   n;                  /* number of runs */
  PetscReal *N, *D, *loss;       /* [n] natural units: parameters, tokens, loss (nats) */
  PetscReal *C;                  /* [n] compute (FLOP): as read with -sweep_col_c, else 6 N D */
  PetscReal *logN, *logD, *logL; /* [n] natural logarithms of the above */
  PetscReal *logU;               /* [n] log of the unique tokens (-sweep_col_unique); +inf: no repetition */
  PetscInt  *line;               /* [n] 1-based line of each run in the file, for messages */
} SweepRuns;

PETSC_EXTERN PetscErrorCode SweepRunsRead(const char path[], const SweepColumns *cols, SweepRuns *runs);
PETSC_EXTERN PetscErrorCode SweepRunsParse(const char name[], const char text[], const SweepColumns *cols,
                                           SweepRuns *runs);
PETSC_EXTERN PetscErrorCode SweepRunsCreateFromArrays(PetscInt n, const PetscReal N[], const PetscReal D[],
                                                      const PetscReal C[], const PetscReal loss[], SweepRuns *runs);
PETSC_EXTERN PetscErrorCode SweepRunsDestroy(SweepRuns *runs);
PETSC_EXTERN PetscErrorCode SweepColumnsDefault(SweepColumns *cols);
