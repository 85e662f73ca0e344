/* ladder.h: synthetic training runs drawn from a known law on an IsoFLOP design, for the default
   input (scalesweep-gen) and for recovery tests. A run's noise is keyed by (seed, run index). */
#pragma once

#include "law.h"
#include "options.h"
#include "runs.h"

typedef struct {
  PetscReal  q[SWEEP_MAX_PARAMS]; /* true natural parameters */
  SweepRange budget;              /* budgets (FLOP) */
  PetscInt   per_budget;          /* model sizes per budget */
  PetscReal  spread;              /* sizes span [Nc / spread, Nc spread] */
  PetscReal  sigma;               /* log-normal noise on the loss */
  PetscInt   seed;
} SweepLadder;

PETSC_EXTERN PetscErrorCode SweepLadderRuns(SweepLaw law, const SweepLadder *ladder, SweepRuns *runs);
