/* testing.h: a few assertion helpers for the C tests. Each check prints one "ok"/"not ok" line
   (TAP style); SweepTestsDone() prints "N passed, M failed" and gives the exit status. */
#pragma once

#include <math.h>
#include <petscsys.h>
#include <stdio.h>
#include <string.h>

static int sweep_pass = 0, sweep_fail = 0;

/* true when |x - want| <= tol, where tol is absolute */
static inline void SweepCheckAbs(const char *what, double x, double want, double tol)
{
  int ok = isfinite(x) && fabs(x - want) <= tol;
  printf("%s %d - %s: %.12g (want %.12g +- %.3g)\n", ok ? "ok" : "not ok", sweep_pass + sweep_fail + 1, what, x, want,
         tol);
  ok ? sweep_pass++ : sweep_fail++;
}

/* relative tolerance */
static inline void SweepCheckRel(const char *what, double x, double want, double rtol)
{
  int ok = isfinite(x) && fabs(x - want) <= rtol * fabs(want);
  printf("%s %d - %s: %.12g (want %.12g, rel. %.3g)\n", ok ? "ok" : "not ok", sweep_pass + sweep_fail + 1, what, x,
         want, rtol);
  ok ? sweep_pass++ : sweep_fail++;
}

static inline void SweepCheck(const char *what, int ok)
{
  printf("%s %d - %s\n", ok ? "ok" : "not ok", sweep_pass + sweep_fail + 1, what);
  ok ? sweep_pass++ : sweep_fail++;
}

static inline int SweepTestsDone(void)
{
  printf("%d passed, %d failed\n", sweep_pass, sweep_fail);
  return sweep_fail ? 1 : 0;
}

/* An error handler that keeps the first message, so a test can check what a user would read. */
static char sweep_last_error[4096];

static inline PetscErrorCode SweepTestErrorHandler(MPI_Comm comm, int line, const char *fun, const char *file,
                                                   PetscErrorCode n, PetscErrorType p, const char *mess, void *ctx)
{
  if (p == PETSC_ERROR_INITIAL) snprintf(sweep_last_error, sizeof(sweep_last_error), "%s", mess ? mess : "");
  return n;
}

/* Runs call (an expression returning PetscErrorCode) and checks it fails with a message holding want. */
#define SweepCheckFails(what, call, want)                                                                              \
  do {                                                                                                                 \
    PetscErrorCode e_;                                                                                                 \
    sweep_last_error[0] = 0;                                                                                           \
    PetscCall(PetscPushErrorHandler(SweepTestErrorHandler, NULL));                                                     \
    e_ = (call);                                                                                                       \
    PetscCall(PetscPopErrorHandler());                                                                                 \
    if (!e_ || !strstr(sweep_last_error, want)) printf("#   got error %d: '%s'\n", (int) e_, sweep_last_error);        \
    SweepCheck(what, e_ &&strstr(sweep_last_error, want));                                                             \
  } while (0)
