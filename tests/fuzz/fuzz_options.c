/* fuzz_options.c: libFuzzer harness for option parsing (src/options.c). Each input is a command
   line, as in an -options_file line: it is inserted into an emptied global options database and
   SweepOptionsSetFromOptions() and SweepOptionsCheckUnused() read it. A PETSc error is a fine
   outcome; a crash, a sanitizer report or a leak on success is not. */
#include "options.h"
#include "fuzz_common.h"
#include <ctype.h>
#include <sanitizer/allocator_interface.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_OPTIONS_MAX 8192 /* longer inputs are cut: option values are short */

static PetscBool OptErrorLeaks; /* SWEEP_FUZZ_ERROR_LEAKS set: check leaks of failed reads too */

/* -help text goes nowhere: the help path is exercised, not printed at 10^4 inputs a second */
static PetscErrorCode OptHelpSilent(MPI_Comm comm, const char format[], ...)
{
  return 0;
}

static PetscErrorCode OptSetUp(void)
{
  PetscFunctionBegin;
  PetscCall(FuzzPetscInitialize());
  PetscHelpPrintf = OptHelpSilent;
  PetscCall(PetscOptionsClear(NULL));
  OptErrorLeaks = (PetscBool) (getenv("SWEEP_FUZZ_ERROR_LEAKS") != NULL);
  PetscFunctionReturn(0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  if (OptSetUp()) abort();
  return 0;
}

/* PETSc's own directives in an options string (-options_file, -options_file_yaml,
   -options_string_yaml, -prefix_push, -prefix_pop) read files or keep state across inputs: they
   are PETSc's to test, and an input holding one is skipped. Option names ignore case. */
static int OptHasDirective(const char *text)
{
  const char *const words[] = {"options_file", "_yaml", "prefix_p", NULL};
  char             *lower   = strdup(text);
  int               found   = 0;

  if (!lower) abort();
  for (char *p = lower; *p; p++) *p = (char) tolower((unsigned char) *p);
  for (const char *const *w = words; *w && !found; w++) found = strstr(lower, *w) != NULL;
  free(lower);
  return found;
}

/* One read of text; returns the error of the insertion or of the options code, an accepted outcome. */
static PetscErrorCode OptReadOnce(const char *text)
{
  SweepOptions  *opt;
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  PetscCall(PetscNew(&opt)); /* about 10 KB: the heap, where ASan sees overruns best */
  ierr = PetscOptionsInsertString(NULL, text);
  if (!ierr) ierr = SweepOptionsSetFromOptions(PETSC_COMM_SELF, opt);
  if (!ierr) ierr = SweepOptionsCheckUnused();
  PetscCall(PetscFree(opt));
  PetscCall(PetscOptionsClear(NULL));
  PetscFunctionReturn(ierr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  size_t         len = size < FUZZ_OPTIONS_MAX ? size : FUZZ_OPTIONS_MAX;
  char          *text;
  PetscErrorCode ierr = 0;

  text = malloc(len + 1); /* NUL-terminated; an embedded NUL ends the command line */
  if (!text) abort();
  memcpy(text, data, len);
  text[len] = 0;
  if (OptHasDirective(text)) {
    free(text);
    return 0;
  }
  /* SweepOptionsSetFromOptions leaks on its error paths (tests/fuzz/README.md), so a read runs with
     LSan blind to its allocations; one that succeeds runs again with LSan on, and when the heap has
     grown afterwards a leak check runs (libFuzzer's own, -detect_leaks, would scan after every failure). */
  if (!OptErrorLeaks) {
    __lsan_disable();
    ierr = OptReadOnce(text);
    __lsan_enable();
  }
  if (OptErrorLeaks || !ierr) {
    size_t before = __sanitizer_get_current_allocated_bytes();
    ierr          = OptReadOnce(text);
    if (__sanitizer_get_current_allocated_bytes() > before && __lsan_do_recoverable_leak_check()) abort();
  }
  free(text);
  return 0;
}
