/* rng.h: a counter-based random generator. A draw is a pure function of (seed, stream, counter),
   so results never depend on how many ranks ran or in what order tasks were handed out. */
#pragma once

#include <petscsys.h>
#include <stdint.h>

PETSC_EXTERN uint64_t  SweepRandomBits(uint64_t seed, uint64_t stream, uint64_t counter);
PETSC_EXTERN PetscReal SweepRandomUniform(uint64_t seed, uint64_t stream, uint64_t counter);
PETSC_EXTERN PetscReal SweepRandomNormal(uint64_t seed, uint64_t stream, uint64_t counter);
