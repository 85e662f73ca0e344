/* schedule.h: root-rank dynamic self-scheduling. A phase is n work items, grouped in units; the
   root hands out ranges [lo, hi) that never cross a unit boundary to whichever rank asks next
   (guided sizes: large while much work remains, small near the end), computes small ranges itself
   when no request is waiting, and passes each range's result record to a consume callback in the
   order results arrive. Results must therefore be merged order-independently by the caller.
   Items marked in skip are never handed out (a resumed run). When a stop signal arrives
   (signals.h) the root hands out nothing more, collects the ranges its workers hold, and every
   rank returns SWEEP_ERR_INTERRUPTED. */
#pragma once

#include "sweepsys.h"

typedef struct {
  PetscInt n;                                     /* work items */
  PetscInt (*unit_end)(void *ctx, PetscInt item); /* first item past the unit holding item */
  /* Computes items [lo, hi) into rec (at most reclen doubles) and sets *len. Any rank. */
  PetscErrorCode (*compute)(void *ctx, PetscInt lo, PetscInt hi, PetscReal rec[], PetscInt *len);
  PetscInt (*reclen)(void *ctx, PetscInt lo, PetscInt hi); /* record size bound for [lo, hi) */
  /* Takes the result of [lo, hi). Root only. */
  PetscErrorCode (*consume)(void *ctx, PetscInt lo, PetscInt hi, const PetscReal rec[], PetscInt len);
  void    *ctx;
  PetscInt max_chunk; /* largest range handed out (bounds a record's size); >= 1 */
  /* Called on the root after each consume with items done so far (progress display); may be NULL. */
  PetscErrorCode (*progress)(void *ctx, PetscInt done);
  PetscBool        root_idle; /* the root only hands out work (benchmarks of the hand-out rate) */
  const PetscBool *skip;      /* root: items already done (replayed from a journal), or NULL */
} SweepPhase;

typedef struct {
  PetscInt  handed;      /* ranges handed to other ranks */
  PetscInt  root_ranges; /* ranges the root computed itself */
  PetscReal seconds;
} SweepPhaseStats;

PETSC_EXTERN PetscErrorCode SweepScheduleRun(MPI_Comm comm, const SweepPhase *phase, SweepPhaseStats *stats);
