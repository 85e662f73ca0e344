/* rng.c: counter-based generator built from the SplitMix64 finaliser (Steele, Lea, Flood 2014).
   Each (seed, stream, counter) triple is hashed independently: there is no state to carry. */
#include "rng.h"
#include <math.h>

static uint64_t Mix64(uint64_t z)
{
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/*@C
  SweepRandomBits - 64 random bits for the triple (seed, stream, counter). Not collective.
@*/
uint64_t SweepRandomBits(uint64_t seed, uint64_t stream, uint64_t counter)
{
  return Mix64(Mix64(Mix64(seed) ^ stream) ^ counter);
}

/*@C
  SweepRandomUniform - a uniform draw in [0, 1) with 53 random bits. Not collective.
@*/
PetscReal SweepRandomUniform(uint64_t seed, uint64_t stream, uint64_t counter)
{
  return (PetscReal) (SweepRandomBits(seed, stream, counter) >> 11) * 0x1.0p-53;
}

/*@C
  SweepRandomNormal - a standard normal draw (Box-Muller on counters 2k and 2k+1). Not collective.
@*/
PetscReal SweepRandomNormal(uint64_t seed, uint64_t stream, uint64_t counter)
{
  PetscReal u1 = 1.0 - SweepRandomUniform(seed, stream, 2 * counter); /* in (0, 1]: log is finite */
  PetscReal u2 = SweepRandomUniform(seed, stream, 2 * counter + 1);
  return sqrt(-2.0 * log(u1)) * cos(2.0 * PETSC_PI * u2);
}
