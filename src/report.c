/* report.c: the printed part of the analyses (analysis.c) for one config: the ranked model-selection
   table, the IsoFLOP analysis beside Approach 3, and the planning report (per constraint and budget,
   every law's N, D, tokens per parameter and loss with bands, and the spread between the laws). */
#include "study.h"
#include "stats.h"
#include <math.h>

static void Pct(PetscReal x, char buf[], size_t len)
{
  if (isfinite(x))
    snprintf(buf, len, "%.2f%%", 100 * (double) x);
  else
    snprintf(buf, len, "-");
}

static PetscErrorCode ViewSelection(const SweepStudy *s, PetscInt c, FILE *fp)
{
  char kf[32];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(kf, sizeof(kf), "%" PetscInt_FMT "-fold", s->opt.cv_folds));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "\nmodel selection, ranked by %s (errors: RMS log residual of held-out runs, ~ relative "
                         "loss error)\n  %-4s %-18s %3s %11s %11s %8s %8s %9s %9s %9s\n",
                         s->opt.rank_by, "rank", "law", "k", "AIC", "BIC", "dAIC", "dBIC", "LOO",
                         s->opt.cv_folds ? kf : "k-fold", "backtest"));
  PetscReal best_aic = PETSC_INFINITY, best_bic = PETSC_INFINITY;
  for (PetscInt l = 0; l < s->nlaws; l++) {
    const SweepSelection *x = &s->sel[c * s->nlaws + l];
    if (isfinite(x->ic.aic)) best_aic = PetscMin(best_aic, x->ic.aic), best_bic = PetscMin(best_bic, x->ic.bic);
  }
  for (PetscInt rank = 1; rank <= s->nlaws; rank++)
    for (PetscInt l = 0; l < s->nlaws; l++) {
      const SweepSelection *x = &s->sel[c * s->nlaws + l];
      char                  a[32], b[32], d[32];
      if (x->rank != rank) continue;
      Pct(x->loo_rmse, a, sizeof(a));
      Pct(x->kfold_rmse, b, sizeof(b));
      Pct(x->backtest_rmse, d, sizeof(d));
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                             "  %-4" PetscInt_FMT " %-18s %3" PetscInt_FMT " %11.2f %11.2f %8.2f %8.2f %9s %9s %9s\n",
                             rank, s->law[l]->name, x->ic.k, (double) x->ic.aic, (double) x->ic.bic,
                             (double) (x->ic.aic - best_aic), (double) (x->ic.bic - best_bic), a, b, d));
    }
  const SweepSelection *x0 = &s->sel[c * s->nlaws];
  if (s->opt.backtest_cutoff > 0)
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                           "  backtest: fitted on the %" PetscInt_FMT
                           " runs with C <= %g FLOP, predicted the %" PetscInt_FMT " above\n",
                           x0->backtest_train, (double) s->opt.backtest_cutoff, x0->backtest_test));
  PetscFunctionReturn(0);
}

static PetscErrorCode ViewIsoFLOP(const SweepStudy *s, PetscInt c, FILE *fp)
{
  const SweepIsoGroups *g = &s->iso[c];
  PetscInt              G = PetscMax(1, s->niso), nrep = s->nrep;
  PetscReal             lo, hi;

  PetscFunctionBegin;
  if (g->ngroup < 2) {
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                           "\nIsoFLOP analysis (Approach 2): %" PetscInt_FMT
                           " groups of runs with equal budget: too few (see -sweep_isoflop_budgets)\n",
                           g->ngroup));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "\nIsoFLOP analysis (Approach 2): %" PetscInt_FMT " groups\n  %-10s %5s %24s %24s\n",
                         g->ngroup, "budget", "runs", "N_opt parabola", "N_opt smooth"));
  for (PetscInt k = 0; k < g->ngroup; k++) {
    char cs[32], col[2][64];
    SweepFormatFlop(g->C[k], cs, sizeof(cs));
    for (PetscInt m = 0; m < SWEEP_ISO_NMETHOD; m++) {
      const PetscReal *v = s->iso_nopt + ((c * SWEEP_ISO_NMETHOD + m) * nrep) * G + k;
      char             a[16], b[16], d[16];
      PetscCall(SweepStudyBand(s, v, G, &lo, &hi));
      SweepFormatCount(v[0], a, sizeof(a));
      SweepFormatCount(lo, b, sizeof(b));
      SweepFormatCount(hi, d, sizeof(d));
      PetscCall(PetscSNPrintf(col[m], sizeof(col[m]), nrep > 1 ? "%s [%s, %s]" : "%s", a, b, d));
    }
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "  %-10s %5" PetscInt_FMT " %24s %24s\n", cs,
                           g->offset[k + 1] - g->offset[k], col[0], col[1]));
  }
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "  exponent a of N_opt = k C^a:"));
  for (PetscInt m = 0; m < SWEEP_ISO_NMETHOD; m++) {
    const PetscReal *v = s->iso_exp + (c * SWEEP_ISO_NMETHOD + m) * nrep;
    PetscCall(SweepStudyBand(s, v, 1, &lo, &hi));
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, " %s %.3f [%.3f, %.3f];", SweepIsoMethods[m], (double) v[0],
                           (double) lo, (double) hi));
  }
  for (PetscInt l = 0; l < s->nlaws; l++) {
    const PetscReal *v = s->a3 + (c * s->nlaws + l) * nrep;
    if (!isfinite(v[0])) continue;
    PetscCall(SweepStudyBand(s, v, 1, &lo, &hi));
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, " Approach 3 (%s) %.3f [%.3f, %.3f];", s->law[l]->name, (double) v[0],
                           (double) lo, (double) hi));
  }
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "\n"));
  PetscFunctionReturn(0);
}

/* Plan value q of (config c, law l, replicate r, budget b, row k). */
static const PetscReal *PlanAt(const SweepStudy *s, PetscInt c, PetscInt l, PetscInt r, PetscInt b, PetscInt k)
{
  return s->plan + ((((c * s->nlaws + l) * s->nrep + r) * s->opt.nsummary + b) * s->nplan + k) * SWEEP_PLAN_NQ;
}

static PetscErrorCode ViewPlanRow(const SweepStudy *s, PetscInt c, PetscInt l, PetscInt b, PetscInt k, FILE *fp)
{
  const PetscReal *v      = PlanAt(s, c, l, 0, b, k);
  PetscInt         stride = s->opt.nsummary * s->nplan * SWEEP_PLAN_NQ;
  PetscReal        nlo, nhi, llo, lhi;
  char             ns[16], n1[16], n2[16], ds[16], fs[32] = "", band[96] = "";

  PetscFunctionBegin;
  PetscCall(SweepStudyBand(s, v, stride, &nlo, &nhi));
  PetscCall(SweepStudyBand(s, v + 2, stride, &llo, &lhi));
  SweepFormatCount(v[0], ns, sizeof(ns));
  SweepFormatCount(nlo, n1, sizeof(n1));
  SweepFormatCount(nhi, n2, sizeof(n2));
  SweepFormatCount(v[1], ds, sizeof(ds));
  if (s->plan_kind[k] == SWEEP_PLAN_TARGET) SweepFormatFlop(v[3], fs, sizeof(fs));
  if (s->nrep > 1 && isfinite(nlo))
    PetscCall(PetscSNPrintf(band, sizeof(band), "N [%s, %s] loss [%.4f, %.4f]", n1, n2, (double) llo, (double) lhi));
  else if (s->nrep > 1)
    PetscCall(PetscSNPrintf(band, sizeof(band), "loss [%.4f, %.4f]", (double) llo, (double) lhi));
  char tpp[32] = "-";
  if (isfinite(v[0]) && isfinite(v[1])) PetscCall(PetscSNPrintf(tpp, sizeof(tpp), "%.1f", (double) (v[1] / v[0])));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "    %-18s %9s %9s %9s %8.4f %10s  %s\n", s->law[l]->name,
                         isfinite(v[0]) ? ns : "any", isfinite(v[1]) ? ds : "any", tpp, (double) v[2], fs, band));
  PetscFunctionReturn(0);
}

/* The spread between the laws at one budget and row: the ratio of the largest to the smallest N and
   the range of the losses, over the laws that determine them. */
static PetscErrorCode ViewSpread(const SweepStudy *s, PetscInt c, PetscInt b, PetscInt k, FILE *fp)
{
  PetscReal nmin = PETSC_INFINITY, nmax = 0, lmin = PETSC_INFINITY, lmax = -PETSC_INFINITY;
  PetscInt  nn = 0;

  PetscFunctionBegin;
  if (s->nlaws < 2) PetscFunctionReturn(0);
  for (PetscInt l = 0; l < s->nlaws; l++) {
    const PetscReal *v = PlanAt(s, c, l, 0, b, k);
    if (isfinite(v[0])) nmin = PetscMin(nmin, v[0]), nmax = PetscMax(nmax, v[0]), nn++;
    if (isfinite(v[2])) lmin = PetscMin(lmin, v[2]), lmax = PetscMax(lmax, v[2]);
  }
  if (nn >= 2)
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "    %-18s N x%.2f across %" PetscInt_FMT " laws; loss %.4f to %.4f\n",
                           "spread", (double) (nmax / nmin), nn, (double) lmin, (double) lmax));
  else if (isfinite(lmin))
    PetscCall(
        PetscFPrintf(PETSC_COMM_SELF, fp, "    %-18s loss %.4f to %.4f\n", "spread", (double) lmin, (double) lmax));
  PetscFunctionReturn(0);
}

static const char *PlanTitle(const SweepStudy *s, SweepPlanKind kind, char buf[], size_t len)
{
  const SweepConstraints *k = &s->opt.limits;
  switch (kind) {
  case SWEEP_PLAN_UNIQUE:
    snprintf(buf, len, "at most %.3g unique tokens (repeated only where the law models it)", (double) k->unique_tokens);
    break;
  case SWEEP_PLAN_MAXPARAMS:
    snprintf(buf, len, "at most %.3g parameters", (double) k->max_params);
    break;
  case SWEEP_PLAN_INFERENCE:
    snprintf(buf, len, "the budget also serves %.3g tokens (2 N D_inf FLOPs)", (double) k->inference_tokens);
    break;
  case SWEEP_PLAN_TARGET:
    snprintf(buf, len, "cheapest model, training plus serving %.3g tokens, with the unconstrained optimum's loss",
             (double) k->inference_tokens);
    break;
  case SWEEP_PLAN_ALL:
    snprintf(buf, len, "every constraint at once");
    break;
  default:
    snprintf(buf, len, "compute-optimal, no constraint");
  }
  return buf;
}

static PetscErrorCode ViewPlan(const SweepStudy *s, PetscInt c, FILE *fp)
{
  char title[192], cs[32];

  PetscFunctionBegin;
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "\nplanning report%s\n",
                         s->nrep > 1 ? " (bands: the outer -sweep_quantiles over the bootstrap replicates)" : ""));
  for (PetscInt k = 0; k < s->nplan; k++) {
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "  [%s] %s\n", SweepPlanKindNames[s->plan_kind[k]],
                           PlanTitle(s, s->plan_kind[k], title, sizeof(title))));
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "    %-18s %9s %9s %9s %8s %10s\n", "budget / law", "N", "D",
                           "tokens/N", "loss", s->plan_kind[k] == SWEEP_PLAN_TARGET ? "FLOPs" : ""));
    for (PetscInt b = 0; b < s->opt.nsummary; b++) {
      SweepFormatFlop(s->opt.summary_budgets[b], cs, sizeof(cs));
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "    %s FLOP\n", cs));
      for (PetscInt l = 0; l < s->nlaws; l++) PetscCall(ViewPlanRow(s, c, l, b, k, fp));
      PetscCall(ViewSpread(s, c, b, k, fp));
    }
  }
  for (PetscInt l = 0; l < s->nlaws; l++)
    if (s->law[l]->flat) {
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                             "  (%s: the loss depends on C alone, so only constraints decide the split: \"any\" where "
                             "none does; with served tokens the smallest model the unique-token cap allows)\n",
                             s->law[l]->name));
      break;
    }
  PetscFunctionReturn(0);
}

/*@C
  SweepStudyAnalysisView - prints the analyses of config c: model selection, IsoFLOP analysis and
  the planning report. Not collective (the root calls it).
@*/
PetscErrorCode SweepStudyAnalysisView(const SweepStudy *s, PetscInt c, FILE *fp)
{
  PetscFunctionBegin;
  if (s->seloff[s->nconfig * s->nlaws] > 0 || s->nlaws > 1) PetscCall(ViewSelection(s, c, fp));
  PetscCall(ViewIsoFLOP(s, c, fp));
  if (s->opt.nsummary) PetscCall(ViewPlan(s, c, fp));
  PetscFunctionReturn(0);
}
