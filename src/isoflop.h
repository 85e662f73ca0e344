/* isoflop.h: Hoffmann et al.'s "Approach 2": runs grouped by compute budget (IsoFLOP profiles), the
   loss-minimising model size of each group, and the power law N_opt = k C^a across groups.
   Pure functions of arrays the caller passes: no MPI, no options, no output. */
#pragma once

#include "runs.h"

typedef enum { SWEEP_ISO_PARABOLA, SWEEP_ISO_SMOOTH, SWEEP_ISO_NMETHOD } SweepIsoMethod;
PETSC_EXTERN const char *const SweepIsoMethods[]; /* "parabola", "smooth", then PetscOptionsEnum()'s tail */

typedef struct {
  PetscInt ngroup;
  /* [ngroup] the group's budget: the given budget it was snapped to, or the geometric mean of its runs' C */
  PetscReal *C;
  PetscInt  *offset; /* [ngroup + 1] runs of group g are run[offset[g]] .. run[offset[g+1]-1] */
  PetscInt  *run;    /* run indices into the SweepRuns, grouped, ascending N within a group */
} SweepIsoGroups;

PETSC_EXTERN PetscErrorCode SweepIsoGroupsCreate(const SweepRuns *runs, const PetscReal mask[], PetscInt nbudget,
                                                 const PetscReal budgets[], PetscReal tol, PetscInt min_runs,
                                                 SweepIsoGroups *g);
PETSC_EXTERN PetscErrorCode SweepIsoGroupsDestroy(SweepIsoGroups *g);
PETSC_EXTERN PetscErrorCode SweepIsoFit(const SweepIsoGroups *g, const SweepRuns *runs, const PetscReal w[],
                                        SweepIsoMethod m, PetscReal nopt[], PetscReal lmin[]);
PETSC_EXTERN PetscErrorCode SweepIsoExponent(PetscInt ngroup, const PetscReal C[], const PetscReal nopt[], PetscReal *a,
                                             PetscReal *k);
