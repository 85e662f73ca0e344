/* kindimpl.h: what the driver and kind.c share about a kind's run (private to the engine). */
#pragma once

#include "kind.h"
#include "study.h"

struct _p_SweepKindRun {
  SweepStudy       study; /* options, journals, progress, scheduler statistics: nothing of the loss study */
  const SweepKind *kind;
  PetscInt         phases; /* SweepKindRunItems calls made */
};
