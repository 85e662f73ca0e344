/* analysis.c: what a planner asks after the fits (issue 6). Two scheduled phases: the plan (per
   config, law and replicate: the allocation at each summary budget under each active constraint,
   allocate.h) and model selection (per config and law: leave-one-out and k-fold refits started from
   replicate 0's optimum, and a backtest refitted from the law's own start grid on the runs below a
   compute cutoff). Then, on the root: information criteria from the Huber likelihood (select.h), the
   ranking, and the IsoFLOP analysis (isoflop.h) under every bootstrap replicate's weights. Items are
   stored by index and summed in index order, so the results do not depend on the rank count. */
#include "study.h"
#include "stats.h"
#include <math.h>
#include <string.h>

const char *const SweepPlanKindNames[] = {"none",      "unique_tokens",    "max_params",
                                          "inference", "inference_target", "all"};

#define SEL_RECLEN 4 /* per selection item: sum r^2, sum r, held-out runs, status (1 fitted, 0 failed, -1 not run) */

static PetscInt Used(const SweepStudy *s, PetscInt c)
{
  PetscInt m = 0;
  for (PetscInt i = 0; i < s->runs.n; i++) m += s->mask[c * s->runs.n + i] > 0;
  return m;
}

/*@C
  SweepStudyAnalysisSetUp - the plan's rows, the cross-validation folds, the selection items and the
  IsoFLOP groups of every config. Called by SweepStudySetUp(); the same on every rank. Not collective.
@*/
PetscErrorCode SweepStudyAnalysisSetUp(SweepStudy *s)
{
  const SweepConstraints *k      = &s->opt.limits;
  PetscInt                active = (k->unique_tokens > 0) + (k->max_params > 0) + (k->inference_tokens > 0);
  PetscInt                n = s->runs.n, ncl = s->nconfig * s->nlaws;

  PetscFunctionBegin;
  s->plan_kind[s->nplan++] = SWEEP_PLAN_NONE;
  if (k->unique_tokens > 0) s->plan_kind[s->nplan++] = SWEEP_PLAN_UNIQUE;
  if (k->max_params > 0) s->plan_kind[s->nplan++] = SWEEP_PLAN_MAXPARAMS;
  if (k->inference_tokens > 0) s->plan_kind[s->nplan++] = SWEEP_PLAN_INFERENCE;
  if (k->inference_tokens > 0) s->plan_kind[s->nplan++] = SWEEP_PLAN_TARGET;
  if (active > 1) s->plan_kind[s->nplan++] = SWEEP_PLAN_ALL;
  PetscCall(PetscMalloc1(ncl * s->nrep * s->opt.nsummary * s->nplan * SWEEP_PLAN_NQ, &s->plan));
  PetscCall(PetscMalloc3(s->nconfig * n, &s->fold, ncl + 1, &s->seloff, ncl, &s->sel));
  PetscCall(PetscMemzero(s->sel, ncl * sizeof(*s->sel)));
  s->seloff[0] = 0;
  for (PetscInt c = 0; c < s->nconfig; c++) {
    PetscInt items = (s->opt.cv_loo ? Used(s, c) : 0) + s->opt.cv_folds + (s->opt.backtest_cutoff > 0);
    PetscCall(SweepFolds(n, s->mask + c * n, s->opt.cv_folds, s->opt.seed, s->fold + c * n));
    for (PetscInt l = 0; l < s->nlaws; l++) s->seloff[c * s->nlaws + l + 1] = s->seloff[c * s->nlaws + l] + items;
  }
  PetscCall(PetscMalloc1(s->seloff[ncl] * SEL_RECLEN, &s->selrec));
  PetscCall(PetscCalloc1(s->nconfig, &s->iso));
  for (PetscInt c = 0; c < s->nconfig; c++) {
    PetscCall(SweepIsoGroupsCreate(&s->runs, s->mask + c * n, s->opt.niso, s->opt.iso_budgets, s->opt.iso_tol,
                                   s->opt.iso_min_runs, &s->iso[c]));
    s->niso = PetscMax(s->niso, s->iso[c].ngroup);
  }
  PetscInt nm = s->nconfig * SWEEP_ISO_NMETHOD * s->nrep;
  PetscCall(PetscMalloc5(nm * PetscMax(1, s->niso), &s->iso_nopt, nm * PetscMax(1, s->niso), &s->iso_lmin, nm,
                         &s->iso_exp, nm, &s->iso_coef, ncl * s->nrep, &s->a3));
  PetscFunctionReturn(0);
}

/*@C
  SweepStudyAnalysisDestroy - frees what SweepStudyAnalysisSetUp() made. Not collective.
@*/
PetscErrorCode SweepStudyAnalysisDestroy(SweepStudy *s)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(s->plan));
  PetscCall(PetscFree3(s->fold, s->seloff, s->sel));
  PetscCall(PetscFree(s->selrec));
  for (PetscInt c = 0; c < s->nconfig && s->iso; c++) PetscCall(SweepIsoGroupsDestroy(&s->iso[c]));
  PetscCall(PetscFree(s->iso));
  PetscCall(PetscFree5(s->iso_nopt, s->iso_lmin, s->iso_exp, s->iso_coef, s->a3));
  PetscFunctionReturn(0);
}

/* ------------------------------------------------------------------- plan */

/* One plan entry: N, D, loss and FLOPs of budget C under row kind (NaN where undetermined). */
static PetscErrorCode PlanEntry(const SweepStudy *s, SweepLaw law, const PetscReal p[], PetscReal C, SweepPlanKind kind,
                                PetscReal v[SWEEP_PLAN_NQ])
{
  const SweepConstraints *lim = &s->opt.limits;
  SweepConstraints        k   = {0, 0, 0};
  PetscReal               N0, D0, L0;

  PetscFunctionBegin;
  v[3] = C;
  switch (kind) {
  case SWEEP_PLAN_UNIQUE:
    k.unique_tokens = lim->unique_tokens;
    break;
  case SWEEP_PLAN_MAXPARAMS:
    k.max_params = lim->max_params;
    break;
  case SWEEP_PLAN_INFERENCE:
    k.inference_tokens = lim->inference_tokens;
    break;
  case SWEEP_PLAN_ALL:
    k = *lim;
    break;
  case SWEEP_PLAN_TARGET: /* the cheapest model, training and serving, as good as the optimum of C */
    k.inference_tokens = lim->inference_tokens;
    PetscCall(SweepAllocate(law, p, C, &(SweepConstraints){0, 0, 0}, &N0, &D0, &L0));
    PetscCall(SweepAllocateTarget(law, p, L0, C, &k, &v[0], &v[1], &v[3]));
    v[2] = isfinite(v[3]) ? L0 : NAN;
    PetscFunctionReturn(0);
  default:
    break;
  }
  PetscCall(SweepAllocate(law, p, C, &k, &v[0], &v[1], &v[2]));
  PetscFunctionReturn(0);
}

/* The plan of one (config, law, replicate). A failed fit leaves its entries NaN; so does an error
   of the law while planning, recorded like a failed fit (with -sweep_on_failure abort it stops). */
static PetscErrorCode PlanItem(const SweepStudy *s, void *ctx, PetscInt i, PetscReal rec[])
{
  PetscInt         ns = s->opt.nsummary, nv = ns * s->nplan * SWEEP_PLAN_NQ;
  const PetscReal *p    = s->fit[i].p;
  SweepLaw         law  = s->law[(i / s->nrep) % s->nlaws];
  PetscErrorCode   ierr = 0;

  PetscFunctionBegin;
  for (PetscInt q = 0; q < nv; q++) rec[q] = NAN;
  if (SweepFitFailed(&s->fit[i])) PetscFunctionReturn(0);
  law->replicate = i % s->nrep; /* the parameters are this replicate's */
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  for (PetscInt b = 0; b < ns && !ierr; b++)
    for (PetscInt k = 0; k < s->nplan && !ierr; k++)
      ierr = PlanEntry(s, law, p, s->opt.summary_budgets[b], s->plan_kind[k], rec + (b * s->nplan + k) * SWEEP_PLAN_NQ);
  PetscCall(PetscPopErrorHandler());
  if (ierr) {
    PetscCheck(!s->opt.abort_on_failure, PETSC_COMM_SELF, PETSC_ERR_NOT_CONVERGED,
               "plan of law %s, replicate %" PetscInt_FMT " failed (-sweep_on_failure abort)", law->name, i % s->nrep);
    for (PetscInt q = 0; q < nv; q++) rec[q] = NAN;
  }
  PetscFunctionReturn(0);
}

/* -------------------------------------------------------------- selection */

/* Which (config, law) selection item i belongs to. */
static PetscInt SelectUnit(const SweepStudy *s, PetscInt i)
{
  PetscInt cl = 0;
  while (s->seloff[cl + 1] <= i) cl++;
  return cl;
}

/* The runs item j of config c holds out (held[i] = 1), and the weights of the rest. */
static PetscBool HeldOut(const SweepStudy *s, PetscInt c, PetscInt j, PetscReal w[], PetscBool held[])
{
  const PetscReal *mask = s->mask + c * s->runs.n;
  PetscInt         nloo = s->opt.cv_loo ? Used(s, c) : 0, seen = 0;
  PetscBool        backtest = (PetscBool) (j >= nloo + s->opt.cv_folds);

  for (PetscInt i = 0; i < s->runs.n; i++) {
    PetscBool h = PETSC_FALSE;
    if (mask[i] > 0) {
      if (j < nloo)
        h = (PetscBool) (seen++ == j);
      else if (!backtest)
        h = (PetscBool) (s->fold[c * s->runs.n + i] == j - nloo);
      else
        h = (PetscBool) (s->runs.C[i] > s->opt.backtest_cutoff);
    }
    held[i] = h, w[i] = mask[i] > 0 && !h ? 1.0 : 0.0;
  }
  return backtest;
}

/* The refit of a selection item: a backtest searches from the law's own starts (it must not see the
   held-out runs, not even through a start point); a cross-validation fold starts from replicate 0. */
static PetscErrorCode SelectFit(const SweepStudy *s, PetscInt c, PetscInt l, PetscBool backtest, SweepObjective *obj,
                                SweepFitResult *best)
{
  const char *tao = s->config[c].tao_type;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(best, sizeof(*best)));
  if (!backtest) {
    PetscCall(SweepFitOne(obj, tao, s->fit[(c * s->nlaws + l) * s->nrep].p, 0, best));
  } else if (s->search[l]) {
    PetscCall(SweepFitSearch(obj, tao, s->nstart[l], s->starts[l], s->opt.patience, best));
  } else {
    for (PetscInt k = 0; k < s->nstart[l]; k++) {
      SweepFitResult one;
      PetscCall(SweepFitOne(obj, tao, s->starts[l] + k * s->law[l]->np, k, &one));
      PetscCall(SweepFitMerge(best, &one));
    }
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode SelectItem(const SweepStudy *s, void *ctx, PetscInt i, PetscReal rec[])
{
  PetscInt       cl = SelectUnit(s, i), c = cl / s->nlaws, l = cl % s->nlaws, n = s->runs.n, train = 0, test = 0;
  PetscReal     *w, *res;
  PetscBool     *held, backtest;
  SweepObjective obj;
  SweepFitResult best;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  rec[0] = rec[1] = 0, rec[2] = 0, rec[3] = -1;
  if (SweepFitFailed(&s->fit[cl * s->nrep])) PetscFunctionReturn(0);
  PetscCall(PetscMalloc3(n, &w, n, &res, n, &held));
  backtest = HeldOut(s, c, i - s->seloff[cl], w, held);
  for (PetscInt k = 0; k < n; k++) train += w[k] > 0, test += held[k];
  s->law[l]->replicate = 0; /* held-out refits are of replicate 0's runs */
  if (train > s->law[l]->np && test > 0) {
    PetscCall(SweepObjectiveCreate(s->law[l], &s->runs, w, s->config[c].huber_delta, &obj));
    PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
    ierr = SelectFit(s, c, l, backtest, &obj, &best);
    PetscCall(PetscPopErrorHandler());
    PetscCall(SweepObjectiveDestroy(&obj));
    rec[3] = 0;
    if (!ierr && !SweepFitFailed(&best)) {
      PetscCall(SweepStudyResiduals(s, l, best.p, res));
      for (PetscInt k = 0; k < n; k++)
        if (held[k]) rec[0] += res[k] * res[k], rec[1] += res[k], rec[2] += 1;
      rec[3] = 1;
    }
  }
  PetscCall(PetscFree3(w, res, held));
  PetscFunctionReturn(0);
}

/* RMSE (and mean) of the held-out residuals of items [lo, hi) of a (config, law), in item order. */
static void SelectErrors(const SweepStudy *s, PetscInt lo, PetscInt hi, PetscReal *rmse, PetscReal *bias,
                         PetscInt *count, PetscInt *failed)
{
  PetscReal sse = 0, sum = 0, m = 0;
  for (PetscInt i = lo; i < hi; i++) {
    const PetscReal *r = s->selrec + i * SEL_RECLEN;
    if (r[3] == 1) sse += r[0], sum += r[1], m += r[2];
    if (r[3] == 0) (*failed)++;
  }
  *rmse = m > 0 ? sqrt(sse / m) : NAN, *bias = m > 0 ? sum / m : NAN;
  if (count) *count = (PetscInt) m;
}

static PetscReal RankValue(const SweepStudy *s, const SweepSelection *x)
{
  const char *by = s->opt.rank_by;
  PetscReal   v  = !strcmp(by, "aic")     ? x->ic.aic
                   : !strcmp(by, "bic")   ? x->ic.bic
                   : !strcmp(by, "loo")   ? x->loo_rmse
                   : !strcmp(by, "kfold") ? x->kfold_rmse
                                          : x->backtest_rmse;
  return isfinite(v) ? v : PETSC_INFINITY;
}

/* Root: the criteria, the cross-validated errors and the rank of every (config, law). */
static PetscErrorCode SelectSummarise(SweepStudy *s)
{
  PetscReal *res, *r;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(s->runs.n, &res, s->runs.n, &r));
  for (PetscInt c = 0; c < s->nconfig; c++) {
    PetscInt nloo = s->opt.cv_loo ? Used(s, c) : 0, nk = s->opt.cv_folds;
    for (PetscInt l = 0; l < s->nlaws; l++) {
      PetscInt        cl = c * s->nlaws + l, o = s->seloff[cl], m = 0, count = 0;
      SweepSelection *x = &s->sel[cl];
      PetscReal       bias;
      x->loo_rmse = x->kfold_rmse = x->backtest_rmse = x->backtest_bias = NAN;
      if (nloo) SelectErrors(s, o, o + nloo, &x->loo_rmse, &bias, NULL, &x->failed);
      if (nk) SelectErrors(s, o + nloo, o + nloo + nk, &x->kfold_rmse, &bias, NULL, &x->failed);
      if (s->opt.backtest_cutoff > 0) {
        SelectErrors(s, o + nloo + nk, o + nloo + nk + 1, &x->backtest_rmse, &x->backtest_bias, &count, &x->failed);
        for (PetscInt i = 0; i < s->runs.n; i++)
          if (s->mask[c * s->runs.n + i] > 0) {
            if (s->runs.C[i] > s->opt.backtest_cutoff)
              x->backtest_test++;
            else
              x->backtest_train++;
          }
      }
      s->law[l]->replicate = 0;
      PetscCall(SweepStudyResiduals(s, l, s->fit[cl * s->nrep].p, res));
      for (PetscInt i = 0; i < s->runs.n; i++)
        if (s->mask[c * s->runs.n + i] > 0) r[m++] = SweepFitFailed(&s->fit[cl * s->nrep]) ? NAN : res[i];
      PetscCall(SweepHuberCriteria(m, r, s->config[c].huber_delta, s->law[l]->np, &x->ic));
    }
    for (PetscInt l = 0; l < s->nlaws; l++) {
      SweepSelection *x = &s->sel[c * s->nlaws + l];
      x->rank           = 1;
      for (PetscInt o = 0; o < s->nlaws; o++) {
        PetscReal a = RankValue(s, &s->sel[c * s->nlaws + o]), b = RankValue(s, x);
        if (a < b || (a == b && o < l)) x->rank++;
      }
    }
  }
  PetscCall(PetscFree2(res, r));
  PetscFunctionReturn(0);
}

/* ---------------------------------------------------------------- IsoFLOP */

/* Root: Approach 2 under every replicate's weights, and Approach 3's exponent d log N_opt / d log C
   of every law at the geometric middle of the IsoFLOP budgets (1e21 FLOP without groups). */
static PetscErrorCode IsoFLOPAll(SweepStudy *s)
{
  PetscInt   n = s->runs.n, G = PetscMax(1, s->niso);
  PetscReal *w;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(n, &w));
  for (PetscInt c = 0; c < s->nconfig; c++) {
    const SweepIsoGroups *g   = &s->iso[c];
    PetscReal             mid = 0;
    for (PetscInt k = 0; k < g->ngroup; k++) mid += log(g->C[k]) / g->ngroup;
    if (!g->ngroup) mid = log(1e21);
    for (PetscInt r = 0; r < s->nrep; r++) {
      PetscCall(SweepBootstrapWeights(s->mask + c * n, n, s->opt.seed, r, w));
      for (PetscInt m = 0; m < SWEEP_ISO_NMETHOD; m++) {
        PetscInt   at   = (c * SWEEP_ISO_NMETHOD + m) * s->nrep + r;
        PetscReal *nopt = s->iso_nopt + at * G, *lmin = s->iso_lmin + at * G;
        for (PetscInt k = 0; k < G; k++) nopt[k] = lmin[k] = NAN;
        s->iso_exp[at] = s->iso_coef[at] = NAN;
        if (g->ngroup < 2) continue;
        PetscCall(SweepIsoFit(g, &s->runs, w, (SweepIsoMethod) m, nopt, lmin));
        PetscCall(SweepIsoExponent(g->ngroup, g->C, nopt, &s->iso_exp[at], &s->iso_coef[at]));
      }
      for (PetscInt l = 0; l < s->nlaws; l++) {
        PetscInt  u = (c * s->nlaws + l) * s->nrep + r;
        PetscReal N1, N2, D, L;
        s->a3[u] = NAN;
        if (SweepFitFailed(&s->fit[u])) continue;
        PetscErrorCode ierr;
        s->law[l]->replicate = r;
        PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
        ierr = SweepAllocation(s->law[l], s->fit[u].p, exp(mid - 1), &N1, &D, &L);
        if (!ierr) ierr = SweepAllocation(s->law[l], s->fit[u].p, exp(mid + 1), &N2, &D, &L);
        PetscCall(PetscPopErrorHandler());
        if (!ierr) s->a3[u] = 0.5 * (log(N2) - log(N1)); /* a law failing here is left NaN, like a failed fit */
      }
    }
  }
  PetscCall(PetscFree(w));
  PetscFunctionReturn(0);
}

/*@C
  SweepStudyAnalyse - the plan and model-selection phases on the scheduler, then (root) the criteria,
  ranks and the IsoFLOP analysis. Collective on comm; the results are on the root.
@*/
PetscErrorCode SweepStudyAnalyse(MPI_Comm comm, SweepStudy *s)
{
  PetscMPIInt rank;
  PetscInt    ncl = s->nconfig * s->nlaws;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(SweepStudyRunItems(comm, s, SWEEP_PHASE_PLAN, "plan", ncl * s->nrep,
                               s->opt.nsummary * s->nplan * SWEEP_PLAN_NQ, PlanItem, NULL, s->plan));
  PetscCall(SweepStudyRunItems(comm, s, SWEEP_PHASE_SELECT, "selection", s->seloff[ncl], SEL_RECLEN, SelectItem, NULL,
                               s->selrec));
  if (!rank) PetscCall(SelectSummarise(s));
  if (!rank) PetscCall(IsoFLOPAll(s));
  PetscFunctionReturn(0);
}
