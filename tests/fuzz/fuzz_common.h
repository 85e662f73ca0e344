/* fuzz_common.h: PETSc's start, shared by the harnesses. */
#pragma once

#include "driver.h"
#include <sanitizer/lsan_interface.h>
#include <stdlib.h>

/* PETSc in a launcher-less Open MPI singleton (SweepSingletonDefaults), with errors returned, not printed. */
static PetscErrorCode FuzzPetscInitialize(void)
{
  PetscFunctionBegin;
  SweepSingletonDefaults();
  /* no signal handlers from Open MPI or PETSc: a crash must reach ASan and libFuzzer, which save the input */
  setenv("OMPI_MCA_opal_signal", "", 1);
  PetscCall(PetscOptionsSetValue(NULL, "-no_signal_handler", NULL));
  /* libFuzzer's flags are not PETSc's. What MPI_Init keeps without a pointer to it (hwloc, pmix)
     is not the code under test: LSan treats allocations made while disabled as reachable. */
  __lsan_disable();
  PetscCall(PetscInitializeNoArguments());
  __lsan_enable();
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  PetscFunctionReturn(0);
}
