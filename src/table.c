/* table.c: CSV files as tables of text cells (table.h), and the RFC 4180 splitting they share with
   the training-run reader. The whole file is read into memory and split by a small state machine
   (quoted fields, "" escapes, CRLF); cells point into that one buffer. */
#include "table.h"
#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

static PetscErrorCode RecordPush(SweepCSVRecord *rec, char *field)
{
  PetscFunctionBegin;
  if (rec->nfield == rec->cap) {
    char   **grown;
    PetscInt cap = rec->cap ? 2 * rec->cap : 16;
    PetscCall(PetscMalloc1(cap, &grown));
    if (rec->nfield) PetscCall(PetscArraycpy(grown, rec->field, rec->nfield));
    PetscCall(PetscFree(rec->field));
    rec->field = grown;
    rec->cap   = cap;
  }
  rec->field[rec->nfield++] = field;
  PetscFunctionReturn(0);
}

/* Splits the record that starts at *pos (modified in place: separators become NUL, quotes are
   removed), advancing *pos past its line end and *line by the newlines it spans. */
PetscErrorCode SweepCSVSplit(const char name[], char **pos, PetscInt *line, SweepCSVRecord *rec)
{
  char    *p = *pos, *out = *pos;
  PetscInt startline = *line;

  PetscFunctionBegin;
  rec->nfield = 0;
  PetscCall(RecordPush(rec, out));
  for (;;) {
    if (*p == '"') { /* a quoted field: copy up to the closing quote, "" is a literal quote */
      p++;
      for (;;) {
        PetscCheck(*p, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
                   "%s:%" PetscInt_FMT ": field %" PetscInt_FMT ": quoted field is never closed", name, startline,
                   rec->nfield);
        if (*p == '"' && p[1] == '"') {
          *out++ = '"';
          p += 2;
        } else if (*p == '"') {
          p++;
          break;
        } else {
          if (*p == '\n') (*line)++;
          *out++ = *p++;
        }
      }
      PetscCheck(*p == ',' || *p == '\n' || *p == '\r' || !*p, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
                 "%s:%" PetscInt_FMT ": field %" PetscInt_FMT ": text after a closing quote", name, *line, rec->nfield);
    }
    if (*p == ',') {
      *out++ = 0;
      p++;
      PetscCall(RecordPush(rec, out));
    } else if (*p == '\n' || *p == '\r' || !*p) {
      if (*p == '\r') p++; /* step over the line end before out, which may equal p, ends the field */
      if (*p == '\n') p++;
      *out = 0;
      (*line)++;
      break;
    } else
      *out++ = *p++;
  }
  *pos = p;
  PetscFunctionReturn(0);
}

PetscBool SweepCSVBlankLine(const char *p)
{
  while (*p == ' ' || *p == '\t') p++;
  return (PetscBool) (*p == '\n' || *p == '\r' || !*p);
}

void SweepCSVSkipLine(char **pos, PetscInt *line)
{
  char *p = *pos;
  while (*p && *p != '\n' && *p != '\r') p++;
  if (*p == '\r') { /* CRLF, or a lone CR (old Mac line ends) */
    p++;
    if (*p == '\n') p++;
  } else if (*p == '\n')
    p++;
  (*line)++;
  *pos = p;
}

/* Whether a header field names the wanted column. An exact match, or (pass 1) the same name with
   '_' standing for ' ': PETSc options files cannot hold a value with a space, so a job file
   writes "Model Size" as Model_Size. */
PetscBool SweepCSVColumnMatches(const char field[], const char want[], int pass)
{
  if (!pass) return (PetscBool) !strcmp(field, want);
  for (; *field && *want; field++, want++)
    if (*field != *want && !(*want == '_' && *field == ' ')) return PETSC_FALSE;
  return (PetscBool) (!*field && !*want);
}

PetscInt SweepCSVCountLines(const char *text)
{
  PetscInt n = 1;
  for (const char *p = text; *p; p++) n += (*p == '\n') || (*p == '\r' && p[1] != '\n'); /* LF, CRLF or CR */
  return n;
}

/*@C
  SweepCSVReadFile - the whole of a regular file as NUL-terminated text (PetscFree it); errors name
  the path, and a NUL byte inside (not a text file) names its line. Not collective.
@*/
PetscErrorCode SweepCSVReadFile(const char path[], char **text)
{
  FILE       *fp;
  long        size = -1;
  size_t      got;
  struct stat st;
  PetscInt    nul = 0; /* the line of a NUL byte */

  PetscFunctionBegin;
  *text = NULL;
  PetscCheck(!stat(path, &st), PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot open input '%s': %s", path,
             strerror(errno));
  PetscCheck(S_ISREG(st.st_mode), PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot read input '%s': it is %s, not a file",
             path, S_ISDIR(st.st_mode) ? "a directory" : "special");
  fp = fopen(path, "rb");
  PetscCheck(fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot open input '%s': %s", path, strerror(errno));
  if (fseek(fp, 0, SEEK_END) || (size = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET)) size = -1;
  if (size < 0) fclose(fp); /* closed before the error below */
  PetscCheck(size >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "cannot read input '%s': %s", path, strerror(errno));
  PetscCall(PetscMalloc1(size + 1, text));
  got = fread(*text, 1, (size_t) size, fp);
  fclose(fp);
  (*text)[got] = 0;
  if (got == (size_t) size && strlen(*text) != got) nul = SweepCSVCountLines(*text);
  if (got != (size_t) size || nul) PetscCall(PetscFree(*text));
  PetscCheck(got == (size_t) size, PETSC_COMM_SELF, PETSC_ERR_FILE_READ, "cannot read input '%s' (a directory?)", path);
  PetscCheck(!nul, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s:%" PetscInt_FMT ": contains a NUL byte: not a text CSV file", path, nul);
  PetscFunctionReturn(0);
}

/* SweepTableParse() proper on t->text (already a private copy); rows grow as they come. */
static PetscErrorCode TableParse(const char name[], SweepTable *t, SweepCSVRecord *rec)
{
  char    *pos  = t->text;
  PetscInt line = 1, cap;

  PetscFunctionBegin;
  while (*pos && SweepCSVBlankLine(pos)) SweepCSVSkipLine(&pos, &line);
  PetscCheck(*pos, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: the file is empty (expected a header row)", name);
  PetscCheck(line == 1, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s:%" PetscInt_FMT ": the header must be on line 1, not after blank lines", name, line);
  if (!strncmp(pos, "\xEF\xBB\xBF", 3)) pos += 3; /* a UTF-8 byte-order mark from spreadsheet exports */
  PetscCall(SweepCSVSplit(name, &pos, &line, rec));
  t->ncol = rec->nfield;
  PetscCall(PetscMalloc1(t->ncol, &t->header));
  PetscCall(PetscArraycpy(t->header, rec->field, t->ncol));
  cap = SweepCSVCountLines(pos);
  PetscCall(PetscMalloc1(cap * t->ncol, &t->cell));
  PetscCall(PetscMalloc1(cap, &t->line));
  while (*pos) {
    PetscInt at = line;
    if (SweepCSVBlankLine(pos)) {
      SweepCSVSkipLine(&pos, &line);
      continue;
    }
    PetscCall(SweepCSVSplit(name, &pos, &line, rec));
    PetscCheck(rec->nfield == t->ncol, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "%s:%" PetscInt_FMT ": expected %" PetscInt_FMT " fields as in the header, found %" PetscInt_FMT, name,
               at, t->ncol, rec->nfield);
    PetscCheck(t->nrow < cap, PETSC_COMM_SELF, PETSC_ERR_PLIB, "%s: more rows than lines", name);
    PetscCall(PetscArraycpy(t->cell + t->nrow * t->ncol, rec->field, t->ncol));
    t->line[t->nrow++] = at;
  }
  PetscCheck(t->nrow > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: a header row but no data rows", name);
  PetscFunctionReturn(0);
}

/*@C
  SweepTableParse - parses CSV text (a header, then rows of the header's width) into t; name is
  the file name used in messages. Not collective.
@*/
PetscErrorCode SweepTableParse(const char name[], const char text[], SweepTable *t)
{
  SweepCSVRecord rec = {0, 0, NULL};
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(t, sizeof(*t)));
  PetscCall(PetscStrncpy(t->path, name, sizeof(t->path)));
  PetscCall(PetscStrallocpy(text, &t->text));
  ierr = TableParse(name, t, &rec);
  PetscCall(PetscFree(rec.field));
  if (ierr) PetscCall(SweepTableDestroy(t));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

/*@C
  SweepTableRead - reads a CSV file into t (see SweepTableParse()). Not collective.
@*/
PetscErrorCode SweepTableRead(const char path[], SweepTable *t)
{
  char          *text;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(SweepCSVReadFile(path, &text));
  ierr = SweepTableParse(path, text, t);
  PetscCall(PetscFree(text));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

PetscErrorCode SweepTableDestroy(SweepTable *t)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(t->header));
  PetscCall(PetscFree(t->cell));
  PetscCall(PetscFree(t->line));
  PetscCall(PetscFree(t->text));
  t->nrow = t->ncol = 0;
  PetscFunctionReturn(0);
}

PetscErrorCode SweepTableFindColumn(const SweepTable *t, const char want[], PetscInt *j)
{
  PetscFunctionBegin;
  *j = -1;
  for (int pass = 0; pass < 2 && *j < 0; pass++)
    for (PetscInt i = 0; i < t->ncol; i++) {
      if (!SweepCSVColumnMatches(t->header[i], want, pass)) continue;
      PetscCheck(*j < 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
                 "%s:1: column '%s' matches two header fields, %" PetscInt_FMT " and %" PetscInt_FMT, t->path, want,
                 *j + 1, i + 1);
      *j = i;
    }
  PetscFunctionReturn(0);
}

PetscErrorCode SweepTableColumn(const SweepTable *t, const char want[], const char option[], PetscInt *j)
{
  PetscFunctionBegin;
  PetscCall(SweepTableFindColumn(t, want, j));
  PetscCheck(*j >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s:1: no column named '%s' in the header (choose one with %s)", t->path, want, option);
  PetscFunctionReturn(0);
}

const char *SweepTableText(const SweepTable *t, PetscInt row, PetscInt col)
{
  return t->cell[row * t->ncol + col];
}

PetscErrorCode SweepTableReal(const SweepTable *t, PetscInt row, PetscInt col, PetscBool allow_empty, PetscReal *x)
{
  const char *text = SweepTableText(t, row, col), *name = t->header[col];
  char       *end;
  double      v;
  PetscInt    line = t->line[row];

  PetscFunctionBegin;
  while (*text == ' ' || *text == '\t') text++;
  if (!*text && allow_empty) {
    *x = NAN;
    PetscFunctionReturn(0);
  }
  PetscCheck(*text, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s:%" PetscInt_FMT ": column '%s' (field %" PetscInt_FMT "): empty value", t->path, line, name, col + 1);
  errno = 0;
  v     = strtod(text, &end);
  while (*end == ' ' || *end == '\t') end++;
  PetscCheck(end != text && !*end, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s:%" PetscInt_FMT ": column '%s' (field %" PetscInt_FMT "): '%s' is not a number", t->path, line, name,
             col + 1, text);
  PetscCheck(isfinite(v) && errno != ERANGE, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s:%" PetscInt_FMT ": column '%s' (field %" PetscInt_FMT "): '%s' is not a finite number", t->path, line,
             name, col + 1, text);
  *x = v;
  PetscFunctionReturn(0);
}

PetscErrorCode SweepTableRealIn(const SweepTable *t, PetscInt row, PetscInt col, PetscBool allow_empty, PetscReal lo,
                                PetscReal hi, PetscReal *x)
{
  PetscFunctionBegin;
  PetscCall(SweepTableReal(t, row, col, allow_empty, x));
  /* %.6g, not %g: PETSc prints a whole number under %g as "5."; PETSC_INFINITY (a finite double) as inf */
  PetscCheck(isnan(*x) || (*x >= lo && *x <= hi), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s:%" PetscInt_FMT ": column '%s' (field %" PetscInt_FMT "): %.6g is outside [%.6g, %.6g]", t->path,
             t->line[row], t->header[col], col + 1, (double) *x, (double) (lo <= PETSC_NINFINITY ? -INFINITY : lo),
             (double) (hi >= PETSC_INFINITY ? INFINITY : hi));
  PetscFunctionReturn(0);
}
