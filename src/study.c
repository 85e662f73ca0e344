/* study.c: set-up, fit phase and surface phase of a study, and its printed summary. */
#include "study.h"
#include <math.h>
#include <petsctao.h>

/*@C
  SweepDropHighest - weight[i] = 1 except for the k runs with the highest loss (ties: the earlier
  run is dropped first), which get 0. Not collective.
@*/
PetscErrorCode SweepDropHighest(const SweepRuns *runs, PetscInt k, PetscReal weight[])
{
  PetscFunctionBegin;
  PetscCheck(k < runs->n, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option -sweep_drop_highest: %" PetscInt_FMT " would drop all %" PetscInt_FMT " runs of '%s'", k, runs->n,
             runs->path);
  for (PetscInt i = 0; i < runs->n; i++) weight[i] = 1.0;
  for (PetscInt d = 0; d < k; d++) {
    PetscInt worst = -1;
    for (PetscInt i = 0; i < runs->n; i++)
      if (weight[i] > 0 && (worst < 0 || runs->loss[i] > runs->loss[worst])) worst = i;
    weight[worst] = 0.0;
  }
  PetscFunctionReturn(0);
}

/*@C
  SweepStudySetUp - reads the runs and creates the laws of a study. Collective on comm only in that
  every rank does the same work on the same input (errors are therefore the same on every rank).
@*/
PetscErrorCode SweepStudySetUp(MPI_Comm comm, const SweepOptions *opt, SweepStudy *s)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(s, sizeof(*s)));
  s->opt = *opt;
  PetscCall(SweepRunsRead(opt->input, &opt->cols, &s->runs));
  PetscCall(PetscMalloc1(s->runs.n, &s->weight));
  PetscCall(SweepDropHighest(&s->runs, opt->drop_highest, s->weight));
  s->nlaws = opt->nlaws;
  for (PetscInt l = 0; l < s->nlaws; l++) {
    PetscCall(SweepLawCreate(opt->laws[l], &s->law[l]));
    s->nparam = PetscMax(s->nparam, s->law[l]->np);
  }
  PetscCall(SweepGridsCreate(opt, &s->grids));
  PetscFunctionReturn(0);
}

/*@C
  SweepStudyFit - fits every law from its start points. Collective on comm.
@*/
PetscErrorCode SweepStudyFit(MPI_Comm comm, SweepStudy *s)
{
  PetscFunctionBegin;
  for (PetscInt l = 0; l < s->nlaws; l++) {
    SweepObjective obj;
    PetscReal     *starts;
    PetscInt       nstart;
    PetscCall(SweepStartsCreate(s->law[l], s->opt.starts, s->opt.seed, &nstart, &starts));
    PetscCall(SweepObjectiveCreate(s->law[l], &s->runs, s->weight, s->opt.huber_delta, &obj));
    PetscCall(SweepFitMultiStart(comm, &obj, nstart, starts, &s->fit[l]));
    PetscCall(SweepObjectiveDestroy(&obj));
    PetscCall(PetscFree(starts));
  }
  PetscFunctionReturn(0);
}

/*@C
  SweepStudySurfaces - allocation, IsoFLOP and loss surfaces and residuals of every fitted law.
  Not collective.
@*/
PetscErrorCode SweepStudySurfaces(SweepStudy *s)
{
  const SweepGrids *g = &s->grids;
  const PetscInt    nl = s->nlaws, n = s->runs.n;

  PetscFunctionBegin;
  PetscCall(PetscMalloc4(nl * g->nb, &s->nopt, nl * g->nb, &s->dopt, nl * g->nb, &s->lopt, nl * g->nb, &s->tpp));
  PetscCall(PetscMalloc3(nl * g->nb * g->nm, &s->iso, nl * g->nd * g->nm, &s->surf, nl * n, &s->resid));
  for (PetscInt l = 0; l < nl; l++) {
    const PetscReal *p  = s->fit[l].p;
    const PetscInt   ob = l * g->nb;
    PetscCall(SweepSurfaceAllocation(s->law[l], p, g, s->nopt + ob, s->dopt + ob, s->lopt + ob, s->tpp + ob));
    PetscCall(SweepSurfaceIsoFLOP(s->law[l], p, g, s->iso + ob * g->nm));
    PetscCall(SweepSurfaceLoss(s->law[l], p, g, s->surf + l * g->nd * g->nm));
    PetscCall(s->law[l]->logpred(s->law[l], p, n, s->runs.logN, s->runs.logD, s->resid + l * n, NULL));
    for (PetscInt i = 0; i < n; i++) s->resid[l * n + i] -= s->runs.logL[i];
  }
  PetscFunctionReturn(0);
}

/* 70.0B, 1.40T, 950M: counts in engineering notation with a suffix. */
static void FormatCount(PetscReal x, char buf[], size_t len)
{
  const char *suffix[] = {"", "K", "M", "B", "T", "P", "E"};
  int         k        = 0;

  if (!isfinite(x)) {
    snprintf(buf, len, "-");
    return;
  }
  while (fabs(x) >= 999.5 && k < 6) x /= 1000.0, k++;
  snprintf(buf, len, x >= 99.95 ? "%.0f%s" : x >= 9.995 ? "%.1f%s" : "%.2f%s", (double) x, suffix[k]);
}

static PetscErrorCode ViewLaw(const SweepStudy *s, PetscInt l, FILE *fp)
{
  const SweepLaw        law = s->law[l];
  const SweepFitResult *f   = &s->fit[l];
  PetscReal             q[SWEEP_MAX_PARAMS];

  PetscFunctionBegin;
  law->to_natural(f->p, q);
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "\nlaw %s: %s\n", law->name, law->formula));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "  objective %.10g from start %" PetscInt_FMT " of %" PetscInt_FMT " (%" PetscInt_FMT
                         " converged); TAO %s after %" PetscInt_FMT " iterations\n ",
                         (double) f->objective, f->start, f->nstarts, f->nconverged,
                         TaoConvergedReasons[f->reason], f->iterations));
  for (PetscInt j = 0; j < law->np; j++) PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, " %s = %.6g", law->param_names[j], (double) q[j]));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "\n  %-14s %10s %10s %13s %9s\n", "budget [FLOP]", "N_opt", "D_opt",
                         "tokens/param", "loss"));
  for (PetscInt b = 0; b < s->opt.nsummary; b++) {
    PetscReal C = s->opt.summary_budgets[b], N, D, L;
    char      ns[32], ds[32];
    PetscCall(SweepAllocation(law, f->p, C, &N, &D, &L));
    FormatCount(N, ns, sizeof(ns));
    FormatCount(D, ds, sizeof(ds));
    if (isfinite(N)) PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "  %-14.3g %10s %10s %13.1f %9.4f\n", (double) C, ns, ds, (double) (D / N), (double) L));
    else PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "  %-14.3g %10s %10s %13s %9.4f\n", (double) C, "any", "any", "-", (double) L));
  }
  if (!law->optimum || !isfinite(s->nopt[l * s->grids.nb]))
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "  (the loss depends on C alone: every split of a budget is optimal)\n"));
  PetscFunctionReturn(0);
}

/*@C
  SweepStudyView - prints the summary of a fitted study: per law the parameters and the allocation
  at the summary budgets. Not collective (call it on the root).
@*/
PetscErrorCode SweepStudyView(const SweepStudy *s, FILE *fp)
{
  PetscInt used = 0;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < s->runs.n; i++) used += s->weight[i] > 0;
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "job %s: %" PetscInt_FMT " runs from %s (%" PetscInt_FMT " fitted), Huber delta %g\n",
                         s->opt.job, s->runs.n, s->runs.path, used, (double) s->opt.huber_delta));
  for (PetscInt l = 0; l < s->nlaws; l++) PetscCall(ViewLaw(s, l, fp));
  PetscFunctionReturn(0);
}

/*@C
  SweepStudyDestroy - frees a study. Not collective.
@*/
PetscErrorCode SweepStudyDestroy(SweepStudy *s)
{
  PetscFunctionBegin;
  for (PetscInt l = 0; l < s->nlaws; l++) PetscCall(SweepLawDestroy(&s->law[l]));
  PetscCall(PetscFree4(s->nopt, s->dopt, s->lopt, s->tpp));
  PetscCall(PetscFree3(s->iso, s->surf, s->resid));
  PetscCall(PetscFree(s->weight));
  PetscCall(SweepGridsDestroy(&s->grids));
  PetscCall(SweepRunsDestroy(&s->runs));
  PetscFunctionReturn(0);
}
