/* fuzz_csv.c: libFuzzer harness for the CSV reader (src/runs.c). The first input byte picks the
   variant (low three bits: compute column, '_'-for-space column names, through a file and
   SweepRunsRead), the rest is the CSV text. A PETSc error is a fine outcome; a crash, a sanitizer
   report, a leak on success or a stored run that breaks runs.h's invariant is not. */
#include "runs.h"
#include "fuzz_common.h"
#include <math.h>
#include <sanitizer/allocator_interface.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FUZZ_CSV_COMPUTE 1u /* read C (-sweep_col_c), D = C/(6N) */
#define FUZZ_CSV_SPACES 2u  /* Model_Size and Training_FLOP: '_' also matches ' ' in the header */
#define FUZZ_CSV_FILE 4u    /* write the text to a file and call SweepRunsRead (its NUL check) */

static char      CsvPath[PETSC_MAX_PATH_LEN];
static PetscBool CsvErrorLeaks; /* SWEEP_FUZZ_ERROR_LEAKS set: check leaks of failed reads too */

static void CsvRemove(void)
{
  if (CsvPath[0]) unlink(CsvPath);
}

static PetscErrorCode CsvSetUp(void)
{
  const char *tmp = getenv("TMPDIR");

  PetscFunctionBegin;
  PetscCall(FuzzPetscInitialize());
  PetscCall(PetscSNPrintf(CsvPath, sizeof(CsvPath), "%s/sweep_fuzz_csv.%d.csv", tmp && tmp[0] ? tmp : "/tmp",
                          (int) getpid()));
  atexit(CsvRemove);
  CsvErrorLeaks = (PetscBool) (getenv("SWEEP_FUZZ_ERROR_LEAKS") != NULL);
  PetscFunctionReturn(0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  if (CsvSetUp()) abort();
  return 0;
}

static PetscErrorCode CsvColumns(unsigned variant, SweepColumns *cols)
{
  PetscFunctionBegin;
  PetscCall(SweepColumnsDefault(cols));
  if (variant & FUZZ_CSV_SPACES) PetscCall(PetscStrncpy(cols->n, "Model_Size", sizeof(cols->n)));
  if (variant & FUZZ_CSV_COMPUTE)
    PetscCall(PetscStrncpy(cols->c, variant & FUZZ_CSV_SPACES ? "Training_FLOP" : "C", sizeof(cols->c)));
  PetscFunctionReturn(0);
}

/* runs.h: every stored run has finite N, D, loss > 0, and finite logarithms. Returns whether the
   runs keep that, printing the first one that does not. */
static int CsvRunsValid(const SweepRuns *runs)
{
  if (runs->n < 1) {
    fprintf(stderr, "fuzz_csv: a read succeeded with %d runs\n", (int) runs->n);
    return 0;
  }
  for (PetscInt i = 0; i < runs->n; i++) {
    const double v[] = {runs->N[i], runs->D[i], runs->loss[i], runs->logN[i], runs->logD[i], runs->logL[i]};
    int ok = v[0] > 0 && v[1] > 0 && v[2] > 0 && runs->line[i] >= 2 && (!i || runs->line[i] > runs->line[i - 1]);
    for (int j = 0; j < 6; j++) ok = ok && isfinite(v[j]);
    if (!ok) {
      fprintf(stderr, "fuzz_csv: run %d (line %d) breaks the invariant: N %g D %g loss %g logN %g logD %g logL %g\n",
              (int) i, (int) runs->line[i], v[0], v[1], v[2], v[3], v[4], v[5]);
      return 0;
    }
  }
  return 1;
}

/* One read. Returns the reader's own error code, an accepted outcome; a read that succeeds with
   runs that break the invariant aborts, which libFuzzer reports as a crash. */
static PetscErrorCode CsvReadOnce(unsigned variant, const char *text, size_t len)
{
  SweepColumns   cols;
  SweepRuns      runs;
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  PetscCall(CsvColumns(variant, &cols));
  PetscCall(PetscMemzero(&runs, sizeof(runs))); /* SweepRunsRead may fail before it zeroes runs */
  if (variant & FUZZ_CSV_FILE) {
    FILE *fp = fopen(CsvPath, "wb");
    if (!fp || fwrite(text, 1, len, fp) != len || fclose(fp)) abort(); /* the harness's own failure */
    ierr = SweepRunsRead(CsvPath, &cols, &runs);
  } else
    ierr = SweepRunsParse("fuzz.csv", text, &cols, &runs);
  if (!ierr && !CsvRunsValid(&runs)) abort();
  PetscCall(SweepRunsDestroy(&runs)); /* also after an error: the arrays may be allocated */
  PetscFunctionReturn(ierr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  unsigned       variant;
  char          *text;
  PetscErrorCode ierr = 0;

  if (!size) return 0;
  variant = data[0] & 7u;
  /* NUL-terminated copy; an embedded NUL ends the text for SweepRunsParse, SweepRunsRead rejects it */
  text = malloc(size);
  if (!text) abort();
  memcpy(text, data + 1, size - 1);
  text[size - 1] = 0;
  /* The reader leaks on its error paths (tests/fuzz/README.md), so a read runs with LSan blind to
     its allocations; one that succeeds runs again with LSan on, and when the heap has grown
     afterwards a leak check runs (libFuzzer's own, -detect_leaks, would scan after every failure). */
  if (!CsvErrorLeaks) {
    __lsan_disable();
    ierr = CsvReadOnce(variant, text, size - 1);
    __lsan_enable();
  }
  if (CsvErrorLeaks || !ierr) {
    size_t before = __sanitizer_get_current_allocated_bytes();
    ierr          = CsvReadOnce(variant, text, size - 1);
    if (__sanitizer_get_current_allocated_bytes() > before && __lsan_do_recoverable_leak_check()) abort();
  }
  free(text);
  return 0;
}
