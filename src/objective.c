/* objective.c: the summed Huber loss on log residuals. Summed, not averaged: averaging shrinks
   the gradient by the number of runs and makes quasi-Newton solvers stop early (Besiroglu et al.
   2024 traced Hoffmann et al.'s too-narrow intervals to that). */
#include "objective.h"
#include <math.h>

/*@C
  SweepHuber - Huber's loss: r^2/2 for |r| <= delta, delta (|r| - delta/2) beyond. Not collective.
@*/
PetscReal SweepHuber(PetscReal r, PetscReal delta)
{
  PetscReal a = PetscAbsReal(r);
  return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
}

/*@C
  SweepObjectiveCreate - the objective of law over the runs with weight > 0 (all runs when weight
  is NULL). Not collective.
@*/
PetscErrorCode SweepObjectiveCreate(SweepLaw law, const SweepRuns *runs, const PetscReal weight[], PetscReal delta,
                                    SweepObjective *obj)
{
  PetscInt k = 0, n = 0;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(obj, sizeof(*obj)));
  for (PetscInt i = 0; i < runs->n; i++) n += (!weight || weight[i] > 0);
  PetscCheck(n > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "no runs left to fit law '%s'", law->name);
  obj->law   = law;
  obj->delta = delta;
  obj->n     = n;
  PetscCall(PetscMalloc5(n, &obj->logN, n, &obj->logD, n, &obj->logL, n, &obj->w, n, &obj->logU));
  PetscCall(PetscMalloc2(n, &obj->pred, n * law->np, &obj->jac));
  for (PetscInt i = 0; i < runs->n; i++) {
    if (weight && !(weight[i] > 0)) continue;
    obj->logN[k] = runs->logN[i];
    obj->logD[k] = runs->logD[i];
    obj->logL[k] = runs->logL[i];
    obj->logU[k] = runs->logU[i];
    obj->w[k]    = weight ? weight[i] : 1.0;
    k++;
  }
  PetscFunctionReturn(0);
}

/*@C
  SweepObjectiveEval - the objective f at fit parameters p and, when g is not NULL, its gradient.
  Not collective.
@*/
PetscErrorCode SweepObjectiveEval(SweepObjective *obj, const PetscReal p[], PetscReal *f, PetscReal g[])
{
  const PetscInt  np    = obj->law->np;
  const PetscReal delta = obj->delta;
  PetscReal       sum   = 0;

  PetscFunctionBegin;
  obj->nevals++;
  if (obj->law->kernel && !obj->strict) {
    PetscReal gk[SWEEP_MAX_PARAMS];
    PetscReal fk = obj->law->kernel(p, (long) obj->n, obj->logN, obj->logD, obj->logL, obj->w, delta, gk);
    PetscBool ok = (PetscBool) (!PetscIsInfOrNanReal(fk) && fk >= 0);
    for (PetscInt j = 0; j < np && ok; j++) ok = (PetscBool) !PetscIsInfOrNanReal(gk[j]);
    if (ok) {
      *f = fk;
      if (g) PetscCall(PetscArraycpy(g, gk, np));
      PetscFunctionReturn(0);
    }
  }
  obj->law->logU = obj->logU; /* the points' unique-token pools, for this call only */
  PetscCall(obj->law->logpred(obj->law, p, obj->n, obj->logN, obj->logD, obj->pred, g ? obj->jac : NULL));
  obj->law->logU = NULL;
  if (g)
    for (PetscInt j = 0; j < np; j++) g[j] = 0;
  for (PetscInt i = 0; i < obj->n; i++) {
    PetscReal r = obj->pred[i] - obj->logL[i];
    sum += obj->w[i] * SweepHuber(r, delta);
    if (g) {
      PetscReal psi = obj->w[i] * PetscMax(-delta, PetscMin(delta, r)); /* Huber's derivative */
      for (PetscInt j = 0; j < np; j++) g[j] += psi * obj->jac[i * np + j];
    }
  }
  *f = sum;
  PetscFunctionReturn(0);
}

/*@C
  SweepObjectiveDestroy - frees the objective's arrays. Not collective.
@*/
PetscErrorCode SweepObjectiveDestroy(SweepObjective *obj)
{
  PetscFunctionBegin;
  PetscCall(PetscFree5(obj->logN, obj->logD, obj->logL, obj->w, obj->logU));
  PetscCall(PetscFree2(obj->pred, obj->jac));
  PetscFunctionReturn(0);
}
