/* table.h: a CSV file as a table of text cells with its header, for the study kinds' inputs
   (sampling outcomes, benchmark matrices, difficulty groups). RFC 4180 (quoted fields, "" escapes,
   CRLF, a UTF-8 byte-order mark); every row must have the header's field count. Cells are read as
   numbers on demand, and every rejection names the file, the line, the column and the reason.
   The splitting primitives are shared with the training-run reader (runs.c). */
#pragma once

#include "sweepsys.h"

typedef struct {
  char      path[SWEEP_PATH_LEN];
  PetscInt  nrow, ncol;
  char    **header; /* [ncol] */
  char    **cell;   /* [nrow * ncol] row-major; text as in the file, quotes removed */
  PetscInt *line;   /* [nrow] 1-based line of each row, for messages */
  char     *text;   /* private: the storage the cells point into */
} SweepTable;

PETSC_EXTERN PetscErrorCode SweepTableRead(const char path[], SweepTable *t);
PETSC_EXTERN PetscErrorCode SweepTableParse(const char name[], const char text[], SweepTable *t);
PETSC_EXTERN PetscErrorCode SweepTableDestroy(SweepTable *t);
/* The column named want ('_' in want also matches ' ': option values cannot hold spaces); an error
   naming option when there is none or two. */
PETSC_EXTERN PetscErrorCode SweepTableColumn(const SweepTable *t, const char want[], const char option[], PetscInt *j);
/* The same without an error: *j = -1 when absent. */
PETSC_EXTERN PetscErrorCode SweepTableFindColumn(const SweepTable *t, const char want[], PetscInt *j);
/* Cell (row, col) as a finite real. An empty cell gives NaN when allow_empty, else an error; text
   that is not a number, NaN or Inf is an error naming file, line and column. */
PETSC_EXTERN PetscErrorCode SweepTableReal(const SweepTable *t, PetscInt row, PetscInt col, PetscBool allow_empty,
                                           PetscReal *x);
/* The same, and the value must lie in [lo, hi] (use PETSC_INFINITY for no bound); the message says so. */
PETSC_EXTERN PetscErrorCode SweepTableRealIn(const SweepTable *t, PetscInt row, PetscInt col, PetscBool allow_empty,
                                             PetscReal lo, PetscReal hi, PetscReal *x);
PETSC_EXTERN const char    *SweepTableText(const SweepTable *t, PetscInt row, PetscInt col);

/* Primitives shared with runs.c. A record: pointers into a modified copy of the text. */
typedef struct {
  PetscInt nfield, cap;
  char   **field;
} SweepCSVRecord;
PETSC_EXTERN PetscErrorCode SweepCSVSplit(const char name[], char **pos, PetscInt *line, SweepCSVRecord *rec);
PETSC_EXTERN PetscBool      SweepCSVBlankLine(const char *p);
PETSC_EXTERN void           SweepCSVSkipLine(char **pos, PetscInt *line);
PETSC_EXTERN PetscInt       SweepCSVCountLines(const char *text);
PETSC_EXTERN PetscBool      SweepCSVColumnMatches(const char field[], const char want[], int pass);
/* The whole file as text (NUL-terminated; a NUL byte inside is an error), freed with PetscFree. */
PETSC_EXTERN PetscErrorCode SweepCSVReadFile(const char path[], char **text);
