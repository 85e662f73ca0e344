/* bench_schedule.c: the root's hand-out rate with empty tasks. Every task is its own range (units
   of one item), the compute does nothing, and the root only hands out (root_idle), so the figure is
   the scheduler's own cost: ranges handed to the workers per second of wall time.
   Run: mpiexec -n 2 build/bin/bench_schedule [-tasks N] */
#include "schedule.h"

static PetscInt UnitEnd(void *ctx, PetscInt item)
{
  return item + 1;
}
static PetscInt RecLen(void *ctx, PetscInt lo, PetscInt hi)
{
  return 1;
}
static PetscErrorCode Compute(void *ctx, PetscInt lo, PetscInt hi, PetscReal rec[], PetscInt *len)
{
  rec[0] = (PetscReal) lo;
  *len   = 1;
  return 0;
}
static PetscErrorCode Consume(void *ctx, PetscInt lo, PetscInt hi, const PetscReal rec[], PetscInt len)
{
  *(PetscInt *) ctx += hi - lo;
  return 0;
}

int main(int argc, char **argv)
{
  PetscInt        ntask = 1000000, done = 0;
  PetscMPIInt     size;
  SweepPhaseStats st;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-tasks", &ntask, NULL));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  SweepPhase ph = {ntask, UnitEnd, Compute, RecLen, Consume, &done, 1, NULL, PETSC_TRUE, NULL};
  PetscCall(SweepScheduleRun(PETSC_COMM_WORLD, &ph, &st));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "bench_schedule: %d ranks, %" PetscInt_FMT " empty tasks in %.3f s: %.0f tasks/s handed out "
                        "(%" PetscInt_FMT " to workers, %" PetscInt_FMT " on the root)\n",
                        size, done, (double) st.seconds, (double) (st.handed / st.seconds), st.handed, st.root_ranges));
  PetscCall(PetscFinalize());
  return done == ntask || size > 1 ? 0 : 1;
}
