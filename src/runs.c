/* runs.c: the CSV reader for training runs. The whole file is read into memory and split into
   records by a small state machine that follows RFC 4180 (quoted fields, "" escapes, CRLF).
   Every rejection names the file, the line, the column and the reason. */
#include "runs.h"
#include "table.h"
#include <errno.h>
#include <math.h>
#include <string.h>

PetscErrorCode SweepColumnsDefault(SweepColumns *cols)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(cols, sizeof(*cols)));
  PetscCall(PetscStrncpy(cols->n, "N", sizeof(cols->n)));
  PetscCall(PetscStrncpy(cols->d, "D", sizeof(cols->d)));
  PetscCall(PetscStrncpy(cols->loss, "loss", sizeof(cols->loss)));
  PetscFunctionReturn(0);
}

/* Parses a field as a finite, positive real, naming the place on failure. */
static PetscErrorCode ParsePositive(const char name[], PetscInt line, PetscInt col, const char colname[],
                                    const char *text, PetscReal *value)
{
  char  *end;
  double v;

  PetscFunctionBegin;
  while (*text == ' ' || *text == '\t') text++;
  PetscCheck(*text, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s:%" PetscInt_FMT ": column '%s' (field %" PetscInt_FMT "): empty value", name, line, colname, col);
  errno = 0;
  v     = strtod(text, &end);
  while (*end == ' ' || *end == '\t') end++;
  PetscCheck(end != text && !*end, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s:%" PetscInt_FMT ": column '%s' (field %" PetscInt_FMT "): '%s' is not a number", name, line, colname,
             col, text);
  PetscCheck(isfinite(v) && errno != ERANGE, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s:%" PetscInt_FMT ": column '%s' (field %" PetscInt_FMT "): '%s' is not a finite number", name, line,
             colname, col, text);
  PetscCheck(v > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s:%" PetscInt_FMT ": column '%s' (field %" PetscInt_FMT "): %s must be > 0", name, line, colname, col,
             text);
  *value = v;
  PetscFunctionReturn(0);
}

/* Finds the header field named want; 0-based index in *idx. */
static PetscErrorCode FindColumn(const char name[], const SweepCSVRecord *hdr, const char want[], const char option[],
                                 PetscInt *idx)
{
  PetscFunctionBegin;
  *idx = -1;
  for (int pass = 0; pass < 2 && *idx < 0; pass++) {
    for (PetscInt i = 0; i < hdr->nfield; i++) {
      if (!SweepCSVColumnMatches(hdr->field[i], want, pass)) continue;
      PetscCheck(*idx < 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
                 "%s:1: column '%s' (%s) matches two header fields, %" PetscInt_FMT " and %" PetscInt_FMT, name, want,
                 option, *idx + 1, i + 1);
      *idx = i;
    }
  }
  PetscCheck(*idx >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s:1: no column named '%s' in the header (choose one with %s)", name, want, option);
  PetscFunctionReturn(0);
}

static PetscErrorCode RunsAllocate(PetscInt cap, SweepRuns *runs)
{
  PetscFunctionBegin;
  PetscCall(PetscMalloc4(cap, &runs->N, cap, &runs->D, cap, &runs->C, cap, &runs->loss));
  PetscCall(PetscMalloc4(cap, &runs->logN, cap, &runs->logD, cap, &runs->logL, cap, &runs->logU));
  PetscCall(PetscMalloc1(cap, &runs->line));
  PetscFunctionReturn(0);
}

static void RunsFinishLogs(SweepRuns *runs)
{
  for (PetscInt i = 0; i < runs->n; i++) {
    runs->logN[i] = log(runs->N[i]);
    runs->logD[i] = log(runs->D[i]);
    runs->logL[i] = log(runs->loss[i]);
  }
}

/* SweepRunsParse() proper, on pos, a modifiable copy of the text; the caller frees that copy and
   rec->field, also after an error. */
static PetscErrorCode RunsParse(const char name[], char *pos, const SweepColumns *cols, SweepCSVRecord *rec,
                                SweepRuns *runs)
{
  PetscInt line = 1, in, id = -1, ic = -1, il, iu = -1, need;

  PetscFunctionBegin;
  while (*pos && SweepCSVBlankLine(pos)) SweepCSVSkipLine(&pos, &line);
  PetscCheck(*pos, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: the file is empty (expected a header row)", name);
  PetscCheck(line == 1, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s:%" PetscInt_FMT ": the header must be on line 1, not after blank lines", name, line);
  if (!strncmp(pos, "\xEF\xBB\xBF", 3)) pos += 3; /* a UTF-8 byte-order mark from spreadsheet exports */
  PetscCall(SweepCSVSplit(name, &pos, &line, rec));
  PetscCall(FindColumn(name, rec, cols->n, "-sweep_col_n", &in));
  if (cols->c[0])
    PetscCall(FindColumn(name, rec, cols->c, "-sweep_col_c", &ic));
  else
    PetscCall(FindColumn(name, rec, cols->d, "-sweep_col_d", &id));
  PetscCall(FindColumn(name, rec, cols->loss, "-sweep_col_loss", &il));
  if (cols->unique[0]) PetscCall(FindColumn(name, rec, cols->unique, "-sweep_col_unique", &iu));
  need = PetscMax(PetscMax(PetscMax(in, il), PetscMax(id, ic)), iu) + 1;

  PetscCall(RunsAllocate(SweepCSVCountLines(pos), runs));
  while (*pos) {
    PetscInt  at = line, k = runs->n;
    PetscReal c;
    if (SweepCSVBlankLine(pos)) {
      SweepCSVSkipLine(&pos, &line);
      continue;
    }
    PetscCall(SweepCSVSplit(name, &pos, &line, rec));
    PetscCheck(rec->nfield >= need, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "%s:%" PetscInt_FMT ": expected at least %" PetscInt_FMT " fields, found %" PetscInt_FMT, name, at, need,
               rec->nfield);
    PetscCall(ParsePositive(name, at, in + 1, cols->n, rec->field[in], &runs->N[k]));
    PetscCall(ParsePositive(name, at, il + 1, cols->loss, rec->field[il], &runs->loss[k]));
    if (ic >= 0) {
      PetscCall(ParsePositive(name, at, ic + 1, cols->c, rec->field[ic], &c));
      runs->C[k] = c;
      runs->D[k] = c / (6.0 * runs->N[k]);
      PetscCheck(isfinite(runs->D[k]) && runs->D[k] > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
                 "%s:%" PetscInt_FMT ": D = C / (6 N) = %s / (6 x %s) is out of the range of a double", name, at,
                 rec->field[ic], rec->field[in]);
    } else {
      PetscCall(ParsePositive(name, at, id + 1, cols->d, rec->field[id], &runs->D[k]));
      runs->C[k] = 6.0 * runs->N[k] * runs->D[k];
      PetscCheck(isfinite(runs->C[k]), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
                 "%s:%" PetscInt_FMT ": C = 6 N D = 6 x %s x %s is out of the range of a double", name, at,
                 rec->field[in], rec->field[id]);
    }
    runs->logU[k] = INFINITY; /* no pool: never repeated (PETSC_INFINITY would be finite) */
    if (iu >= 0) {
      PetscCall(ParsePositive(name, at, iu + 1, cols->unique, rec->field[iu], &c));
      runs->logU[k] = log(c);
    }
    runs->line[k] = at;
    runs->n++;
  }
  PetscCheck(runs->n > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: a header row but no data rows", name);
  RunsFinishLogs(runs);
  PetscFunctionReturn(0);
}

/*@C
  SweepRunsParse - parses CSV text (a header row, then one run per row) into runs. Not collective.

  Input: name (the file name used in messages), text, cols (which columns to read).
  With cols->unique set, that column holds each run's unique tokens (logU); else logU = +inf.
  Errors name the file, line, column and reason: a missing or duplicated column, a short row,
  a non-number, NaN or Inf, a value <= 0, an empty file, a header without rows.
@*/
PetscErrorCode SweepRunsParse(const char name[], const char text[], const SweepColumns *cols, SweepRuns *runs)
{
  char          *buf;
  SweepCSVRecord rec = {0, 0, NULL};
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(runs, sizeof(*runs)));
  PetscCall(PetscStrncpy(runs->path, name, sizeof(runs->path)));
  PetscCall(PetscStrallocpy(text, &buf));
  ierr = RunsParse(name, buf, cols, &rec, runs);
  PetscCall(PetscFree(rec.field));
  PetscCall(PetscFree(buf));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

/*@C
  SweepRunsRead - reads training runs from a CSV file (see SweepRunsParse()). Not collective.
@*/
PetscErrorCode SweepRunsRead(const char path[], const SweepColumns *cols, SweepRuns *runs)
{
  char          *text;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(SweepCSVReadFile(path, &text));
  ierr = SweepRunsParse(path, text, cols, runs);
  PetscCall(PetscFree(text));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

/*@C
  SweepRunsCreateFromArrays - runs from arrays (tests, generated data); C may be NULL for 6 N D.
  The unique-token pools are unlimited (logU = +inf); a caller may set runs->logU. Not collective.
@*/
PetscErrorCode SweepRunsCreateFromArrays(PetscInt n, const PetscReal N[], const PetscReal D[], const PetscReal C[],
                                         const PetscReal loss[], SweepRuns *runs)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(runs, sizeof(*runs)));
  PetscCall(PetscStrncpy(runs->path, "(memory)", sizeof(runs->path)));
  PetscCall(RunsAllocate(n, runs));
  for (PetscInt i = 0; i < n; i++) {
    PetscCheck(N[i] > 0 && D[i] > 0 && loss[i] > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
               "run %" PetscInt_FMT ": N, D and loss must be > 0", i);
    runs->N[i]    = N[i];
    runs->D[i]    = D[i];
    runs->C[i]    = C ? C[i] : 6.0 * N[i] * D[i];
    runs->loss[i] = loss[i];
    runs->line[i] = i + 2;
    runs->logU[i] = INFINITY;
  }
  runs->n = n;
  RunsFinishLogs(runs);
  PetscFunctionReturn(0);
}

/*@C
  SweepRunsDestroy - frees the arrays of runs. Not collective.
@*/
PetscErrorCode SweepRunsDestroy(SweepRuns *runs)
{
  PetscFunctionBegin;
  PetscCall(PetscFree4(runs->N, runs->D, runs->C, runs->loss));
  PetscCall(PetscFree4(runs->logN, runs->logD, runs->logL, runs->logU));
  PetscCall(PetscFree(runs->line));
  runs->n = 0;
  PetscFunctionReturn(0);
}
