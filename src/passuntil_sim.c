/* passuntil_sim.c: scalesweep-passuntil-gen writes a CSV of PassUntil sampling outcomes drawn from a
   known task law (SweepPUSimulate): one row per (model, instance) with the samples drawn until r
   passes or the budget, and optionally k plain samples for pass@k. The same options give the same
   file, bit for bit (counter-based draws keyed by -sim_seed). */
#include "driver.h"
#include "options.h"
#include "passuntil.h"
#include <errno.h>
#include <math.h>
#include <string.h>

static const char help[] =
    "scalesweep-passuntil-gen: PassUntil sampling outcomes from a known law (docs/passuntil.md).\n";

typedef struct {
  SweepPUDesign d;
  PetscInt      seed;
  char          output[SWEEP_PATH_LEN];
} SimOptions;

static PetscErrorCode SimSetFromOptions(SimOptions *s)
{
  PetscReal pu[2] = {1e-4, 0.03}, tsum = 0;
  PetscInt  npu = 2, nN = 32;
  PetscBool set;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(s, sizeof(*s)));
  s->seed = 2023, s->d.ninst = 50, s->d.spread = 0.5, s->d.r = 4, s->d.budget = 1e6, s->d.k = 1000, s->d.nmodel = 6;
  for (PetscInt j = 0; j < 6; j++) s->d.N[j] = 3e7 * pow(2.0, (double) j);
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "scalesweep-passuntil-gen options", "");
  PetscCall(PetscOptionsRealArray("-sim_sizes", "Model sizes N", "", s->d.N, &nN, &set));
  if (set) s->d.nmodel = nN;
  PetscCall(
      PetscOptionsRealArray("-sim_pu", "Task PassUntil at the smallest and the largest model", "", pu, &npu, &set));
  if (!set) npu = 2; /* PETSc zeroes the count when the option is absent */
  PetscCall(PetscOptionsReal("-sim_curvature", "Coefficient of (log N - mean log N)^2 added to log(-log PU)", "",
                             s->d.curvature, &s->d.curvature, NULL));
  PetscCall(PetscOptionsInt("-sim_instances", "Test instances", "", s->d.ninst, &s->d.ninst, NULL));
  PetscCall(PetscOptionsReal("-sim_spread", "Standard deviation of the instances' log difficulty", "", s->d.spread,
                             &s->d.spread, NULL));
  PetscCall(PetscOptionsBool("-sim_instance_law",
                             "Each instance follows the law with its own c (else difficulty factors)", "",
                             s->d.instance_law, &s->d.instance_law, NULL));
  PetscCall(PetscOptionsInt("-sim_r", "Passes at which sampling stops", "", s->d.r, &s->d.r, NULL));
  PetscCall(PetscOptionsReal("-sim_budget", "Sample budget per instance", "", s->d.budget, &s->d.budget, NULL));
  PetscCall(PetscOptionsInt("-sim_k", "Plain samples per instance for pass@k (0: no pass@k columns)", "", s->d.k,
                            &s->d.k, NULL));
  PetscCall(PetscOptionsInt("-sim_seed", "Seed of the draws", "", s->seed, &s->seed, NULL));
  PetscCall(PetscOptionsString("-sim_output", "Output CSV (default: standard output)", "", s->output, s->output,
                               sizeof(s->output), NULL));
  PetscOptionsEnd();
  PetscCall(SweepOptionsCheckUnusedPrefix("sim_")); /* a typo fails before anything is written */
  PetscCheck(s->d.nmodel >= 2 && npu == 2 && pu[0] > 0 && pu[0] < pu[1] && pu[1] < 1, PETSC_COMM_SELF,
             PETSC_ERR_ARG_WRONG,
             "options -sim_sizes and -sim_pu: give 2 or more sizes and 0 < PU_small < PU_large < 1");
  PetscCheck(s->d.ninst >= 1 && s->d.r >= 2 && s->d.budget >= 1 && s->d.k >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "options -sim_instances >= 1, -sim_r >= 2, -sim_budget >= 1, -sim_k >= 0");
  for (PetscInt j = 0; j < s->d.nmodel; j++) tsum += log(s->d.N[j]);
  s->d.tmid  = tsum / s->d.nmodel;
  s->d.alpha = log(log(pu[0]) / log(pu[1])) / log(s->d.N[s->d.nmodel - 1] / s->d.N[0]);
  s->d.log_c = log(-log(pu[0])) + s->d.alpha * log(s->d.N[0]);
  PetscFunctionReturn(0);
}

static PetscErrorCode SimWrite(const SimOptions *s, FILE *fp)
{
  const SweepPUDesign *d  = &s->d;
  PetscInt             nc = d->nmodel * d->ninst;
  PetscReal           *p, *n, *x, *plain;

  PetscFunctionBegin;
  PetscCall(PetscMalloc4(nc, &p, nc, &n, nc, &x, nc, &plain));
  PetscCall(SweepPUSimulate(d, (uint64_t) s->seed, 0, p, n, x, plain));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "model,N,instance,samples,passes%s\n", d->k ? ",k,successes" : ""));
  for (PetscInt j = 0; j < d->nmodel; j++)
    for (PetscInt i = 0; i < d->ninst; i++) {
      PetscInt c = j * d->ninst + i;
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "m%" PetscInt_FMT ",%.6g,q%03" PetscInt_FMT ",%.0f,%.0f", j,
                             (double) d->N[j], i, (double) n[c], (double) x[c]));
      if (d->k) PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, ",%" PetscInt_FMT ",%.0f", d->k, (double) plain[c]));
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "\n"));
    }
  PetscCall(PetscFree4(p, n, x, plain));
  PetscFunctionReturn(0);
}

static PetscErrorCode Generate(void)
{
  SimOptions s;
  FILE      *fp = stdout;

  PetscFunctionBegin;
  PetscCall(SimSetFromOptions(&s));
  PetscCall(SweepToolOpen(s.output, &fp));
  PetscCall(SimWrite(&s, fp));
  PetscCall(SweepToolCommit(s.output, &fp));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, stderr, "true law: log c = %.10g, alpha = %.10g, curvature %g\n",
                         (double) s.d.log_c, (double) s.d.alpha, (double) s.d.curvature));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  return SweepToolMain(argc, argv, help, Generate);
}
