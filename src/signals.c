/* signals.c: the stop flag (signals.h). The handlers replace PETSc's for these signals (PETSc's
   would print a traceback and abort); SIGPIPE gets its default action back, so that
   `scalesweep ... | head` ends quietly as other command-line tools do. */
#include "signals.h"
#include <signal.h>
#include <string.h>

static volatile sig_atomic_t Received = 0;

static void OnSignal(int sig)
{
  if (!Received) Received = sig;
}

/*@C
  SweepSignalsInstall - installs the handlers; call after PetscInitialize(). Not collective.
@*/
PetscErrorCode SweepSignalsInstall(void)
{
  struct sigaction sa;
  const int        stop[] = {SIGUSR1, SIGTERM, SIGINT};

  PetscFunctionBegin;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  for (size_t i = 0; i < sizeof(stop) / sizeof(stop[0]); i++) {
    /* SIGUSR1 may come again (a second warning): keep the handler; a second INT or TERM kills */
    sa.sa_flags = stop[i] == SIGUSR1 ? SA_RESTART : SA_RESTART | SA_RESETHAND;
    PetscCheck(!sigaction(stop[i], &sa, NULL), PETSC_COMM_SELF, PETSC_ERR_SYS, "cannot install a signal handler");
  }
  signal(SIGPIPE, SIG_DFL);
  PetscFunctionReturn(0);
}

int SweepSignalReceived(void)
{
  return (int) Received;
}
