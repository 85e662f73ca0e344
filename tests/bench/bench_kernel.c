/* bench_kernel.c: B3 of the performance benchmarks, the objective-and-gradient evaluation alone on
   one core: nanoseconds per data point per evaluation, for the vectorised kernel (what the fits
   use) and for the strict scalar path (the law's logpred, the fallback) side by side.
   Run: build/bin/bench_kernel [-input CSV -col_n Model_Size -col_c Training_FLOP] [-evals K]
   Without -input it uses the project's own inputs/ladder.csv. */
#include "objective.h"
#include "rng.h"
#include <time.h>

static double Now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double) t.tv_sec + 1e-9 * (double) t.tv_nsec;
}

/* ns per point per evaluation of obj over evals evaluations at points near p (median of 5 rounds) */
static PetscErrorCode Time(SweepObjective *obj, const PetscReal p[], PetscInt evals, PetscReal *ns, PetscReal *sink)
{
  PetscReal round[5], g[SWEEP_MAX_PARAMS], f, q[SWEEP_MAX_PARAMS];

  PetscFunctionBegin;
  for (PetscInt r = 0; r < 5; r++) {
    double t0 = Now();
    for (PetscInt k = 0; k < evals; k++) {
      for (PetscInt j = 0; j < obj->law->np; j++)
        q[j] = p[j] + 1e-6 * SweepRandomUniform(1, (uint64_t) k, (uint64_t) j);
      PetscCall(SweepObjectiveEval(obj, q, &f, g));
      *sink += f + g[0];
    }
    round[r] = 1e9 * (Now() - t0) / ((double) evals * (double) obj->n);
  }
  PetscCall(PetscSortReal(5, round));
  *ns = round[2];
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  char           input[PETSC_MAX_PATH_LEN] = "inputs/ladder.csv";
  SweepColumns   cols                      = {"N", "D", "", "loss"};
  PetscInt       evals                     = 20000;
  SweepRuns      runs;
  SweepLaw       law;
  SweepObjective fast, strict;
  PetscReal      p[5] = {log(477.8), log(2143.4), log(1.8172), 0.3473, 0.3672}, tfast, tstrict, sink = 0;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-input", input, sizeof(input), NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-col_n", cols.n, sizeof(cols.n), NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-col_d", cols.d, sizeof(cols.d), NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-col_c", cols.c, sizeof(cols.c), NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-evals", &evals, NULL));
  PetscCall(SweepRunsRead(input, &cols, &runs));
  PetscCall(SweepLawCreate("chinchilla", &law));
  PetscCall(SweepObjectiveCreate(law, &runs, NULL, 1e-3, &fast));
  PetscCall(SweepObjectiveCreate(law, &runs, NULL, 1e-3, &strict));
  strict.strict = PETSC_TRUE;
  PetscCall(Time(&fast, p, evals, &tfast, &sink));
  PetscCall(Time(&strict, p, evals, &tstrict, &sink));
  PetscCall(PetscPrintf(PETSC_COMM_SELF,
                        "B3 kernel: chinchilla value and gradient, %" PetscInt_FMT " runs, %" PetscInt_FMT
                        " evaluations x 5 (median): vectorised %.2f ns per point per evaluation, scalar %.2f ns "
                        "(%.1fx) [target <= 8 ns] (checksum %.6g)\n",
                        fast.n, evals, (double) tfast, (double) tstrict, (double) (tstrict / tfast), (double) sink));
  PetscCall(SweepObjectiveDestroy(&fast));
  PetscCall(SweepObjectiveDestroy(&strict));
  PetscCall(SweepLawDestroy(&law));
  PetscCall(SweepRunsDestroy(&runs));
  PetscCall(PetscFinalize());
  return 0;
}
