/* kind_observational.c: the "observational" study kind, observational scaling laws (Ruan, Maddison,
   Hashimoto 2024; docs/observational.md). Setup reads a benchmark matrix (models by metrics, with
   family and compute columns; missing cells allowed), imputes it, takes its principal components and
   fits each family's components against log compute: all deterministic, on every rank. The run's one
   phase has -sweep_bootstrap + 1 items: item 0 fits the sigmoid link of each target metric on the
   first components (all models, and below the compute cutoff for the backtest) beside a plain
   log-compute sigmoid; item r >= 1 does the same on a resample of the models. */
#include "kind.h"
#include "numeric.h"
#include "obsscale.h"
#include "rng.h"
#include "table.h"
#include <math.h>

#define OBS_BMAX 0.2 /* the sigmoid's floor b lies in [0, 0.2] (the paper's range) */

typedef struct {
  /* options */
  char      col_model[SWEEP_NAME_LEN], col_family[SWEEP_NAME_LEN], col_size[SWEEP_NAME_LEN];
  char      col_tokens[SWEEP_NAME_LEN], col_flops[SWEEP_NAME_LEN], reference[SWEEP_NAME_LEN];
  char    **mlist, **tlist; /* -sweep_observational_metrics and _targets, split at commas */
  int       nmlist, ntlist;
  PetscReal flops_unit, cutoff, impute_tol, huber;
  PetscInt  npc, K, impute_rank, impute_maxit;
  PetscBool standardize, impute_standardize;
  /* the table */
  SweepTable   t;
  PetscInt     n, p, nt, nfam, ref;
  PetscInt    *mcol, *tcol, *fam, *missing, *nflops;
  const char **model, **metric, **target, **famname;
  PetscReal   *size, *tokens, *flops, *x; /* x: log10(FLOPs / 1e21), NaN when unknown */
  PetscReal   *raw, *X, *y;               /* raw and imputed n x p; targets nt x n (raw, NaN missing) */
  /* deterministic results */
  PetscInt   iters, ncomplete;
  PetscReal  change;
  PetscReal *lambda, *lambda_complete, *V, *S, *Vc, *slope, *icept, *eff, *eqx;
  /* the items: out[(B + 1) * reclen] on the root */
  PetscInt   nrep, reclen, rt;
  PetscReal *out;
  PetscInt   seed;
} ObsCtx;

/* Record layout of one target in an item. */
#define OBS_FULL(c) 0
#define OBS_BT(c) ((c)->K + 2)
#define OBS_BASE(c) (2 * (c)->K + 4)
#define OBS_ERR(c) (2 * (c)->K + 7)   /* link MAE, RMSE, baseline MAE, RMSE */
#define OBS_PRED(c) (2 * (c)->K + 11) /* predictions: full link, backtest link, baseline: n each */

static PetscErrorCode ObsOptions(MPI_Comm comm, ObsCtx *c)
{
  char metrics[1024] = "", targets[1024] = "GSM8K,MMLU";

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(c->col_model, "Model", sizeof(c->col_model)));
  PetscCall(PetscStrncpy(c->col_family, "Model_Family", sizeof(c->col_family)));
  PetscCall(PetscStrncpy(c->col_size, "Model_Size_(B)", sizeof(c->col_size)));
  PetscCall(PetscStrncpy(c->col_tokens, "Pretraining_Data_Size_(T)", sizeof(c->col_tokens)));
  PetscCall(PetscStrncpy(c->col_flops, "FLOPs_(1E21)", sizeof(c->col_flops)));
  PetscCall(PetscStrncpy(c->reference, "Llama-2", sizeof(c->reference)));
  c->flops_unit = 1e21, c->cutoff = 8.4e22, c->impute_tol = 1e-6, c->huber = 0;
  c->npc = 3, c->K = 3, c->impute_rank = 2, c->impute_maxit = 1000, c->standardize = PETSC_FALSE;
  c->impute_standardize = PETSC_TRUE;
  PetscOptionsBegin(comm, NULL, "Observational scaling laws (-sweep_study observational)", "");
  PetscCall(PetscOptionsString("-sweep_observational_model_col", "Column of model names", "", c->col_model,
                               c->col_model, sizeof(c->col_model), NULL));
  PetscCall(PetscOptionsString("-sweep_observational_family_col", "Column of model families", "", c->col_family,
                               c->col_family, sizeof(c->col_family), NULL));
  PetscCall(PetscOptionsString("-sweep_observational_size_col", "Column of model sizes (billions of parameters)", "",
                               c->col_size, c->col_size, sizeof(c->col_size), NULL));
  PetscCall(PetscOptionsString("-sweep_observational_tokens_col", "Column of pretraining tokens (trillions)", "",
                               c->col_tokens, c->col_tokens, sizeof(c->col_tokens), NULL));
  PetscCall(PetscOptionsString("-sweep_observational_flops_col", "Column of training compute", "", c->col_flops,
                               c->col_flops, sizeof(c->col_flops), NULL));
  PetscCall(PetscOptionsReal("-sweep_observational_flops_unit", "FLOPs per unit of the compute column", "",
                             c->flops_unit, &c->flops_unit, NULL));
  PetscCall(PetscOptionsString("-sweep_observational_metrics",
                               "Metric columns of the principal components (default: every other numeric column)", "",
                               metrics, metrics, sizeof(metrics), NULL));
  PetscCall(PetscOptionsString("-sweep_observational_targets", "Metric columns predicted by the sigmoid link", "",
                               targets, targets, sizeof(targets), NULL));
  PetscCall(PetscOptionsInt("-sweep_observational_pcs", "Principal components reported and fitted per family", "",
                            c->npc, &c->npc, NULL));
  PetscCall(PetscOptionsInt("-sweep_observational_link_pcs", "Leading components in the sigmoid link", "", c->K, &c->K,
                            NULL));
  PetscCall(PetscOptionsBool("-sweep_observational_standardize", "Standardise the metrics before the components", "",
                             c->standardize, &c->standardize, NULL));
  PetscCall(PetscOptionsInt("-sweep_observational_impute_rank", "Rank of the iterative PCA imputation", "",
                            c->impute_rank, &c->impute_rank, NULL));
  PetscCall(PetscOptionsBool("-sweep_observational_impute_standardize",
                             "Impute on standardised metrics (as the paper's code)", "", c->impute_standardize,
                             &c->impute_standardize, NULL));
  PetscCall(PetscOptionsReal("-sweep_observational_impute_tol",
                             "Imputation stops when no filled cell moves by more (in units of the scaled metrics)", "",
                             c->impute_tol, &c->impute_tol, NULL));
  PetscCall(PetscOptionsInt("-sweep_observational_impute_maxit", "Most imputation rounds", "", c->impute_maxit,
                            &c->impute_maxit, NULL));
  PetscCall(PetscOptionsString("-sweep_observational_reference", "Reference family of the equivalent FLOPs", "",
                               c->reference, c->reference, sizeof(c->reference), NULL));
  PetscCall(PetscOptionsReal("-sweep_observational_cutoff",
                             "Backtest: fit models with FLOPs <= cutoff, predict the others (FLOPs)", "", c->cutoff,
                             &c->cutoff, NULL));
  PetscCall(PetscOptionsReal("-sweep_observational_huber", "Huber threshold of the link fits (0: least squares)", "",
                             c->huber, &c->huber, NULL));
  PetscOptionsEnd();
  PetscCheck(c->flops_unit > 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "option -sweep_observational_flops_unit: %g is not > 0",
             (double) c->flops_unit);
  PetscCheck(c->cutoff > 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "option -sweep_observational_cutoff: %g is not > 0",
             (double) c->cutoff);
  PetscCheck(c->huber >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "option -sweep_observational_huber: %g is negative",
             (double) c->huber);
  PetscCheck(c->impute_tol > 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "option -sweep_observational_impute_tol: %g is not > 0",
             (double) c->impute_tol);
  PetscCheck(c->impute_maxit >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "option -sweep_observational_impute_maxit: %" PetscInt_FMT " is not >= 1", c->impute_maxit);
  PetscCheck(c->K >= 1 && c->K <= SWEEP_MAX_PARAMS - 2, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "option -sweep_observational_link_pcs: %" PetscInt_FMT " is not in [1, %d]", c->K, SWEEP_MAX_PARAMS - 2);
  PetscCheck(c->npc >= c->K, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "option -sweep_observational_pcs: %" PetscInt_FMT
             " is less than -sweep_observational_link_pcs %" PetscInt_FMT,
             c->npc, c->K);
  PetscCall(PetscStrToArray(metrics, ',', &c->nmlist, &c->mlist));
  PetscCall(PetscStrToArray(targets, ',', &c->ntlist, &c->tlist));
  PetscCheck(c->ntlist >= 1, comm, PETSC_ERR_ARG_WRONG, "option -sweep_observational_targets: no target metric");
  PetscFunctionReturn(0);
}

/* A column is numeric when its first non-empty cell reads as a number (the rest are then checked). */
static PetscBool NumericColumn(const SweepTable *t, PetscInt j)
{
  for (PetscInt i = 0; i < t->nrow; i++) {
    const char *s = SweepTableText(t, i, j);
    char       *end;
    if (!s[0]) continue;
    (void) strtod(s, &end);
    return (PetscBool) (end != s && !*end);
  }
  return PETSC_FALSE;
}

/* The metric columns: the option's list, or every numeric column but the model's descriptors. */
static PetscErrorCode ObsMetricColumns(ObsCtx *c, const PetscInt skip[5])
{
  const SweepTable *t = &c->t;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(t->ncol, &c->mcol));
  c->p = 0;
  if (c->nmlist)
    for (int k = 0; k < c->nmlist; k++) {
      PetscCall(SweepTableColumn(t, c->mlist[k], "-sweep_observational_metrics", &c->mcol[c->p]));
      for (PetscInt l = 0; l < c->p; l++) /* a repeated column would weigh twice in the components */
        PetscCheck(c->mcol[l] != c->mcol[c->p], PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
                   "option -sweep_observational_metrics: column '%s' is listed twice", t->header[c->mcol[l]]);
      c->p++;
    }
  else
    for (PetscInt j = 0; j < t->ncol; j++) {
      PetscBool descriptor = PETSC_FALSE;
      for (PetscInt k = 0; k < 5; k++) descriptor = (PetscBool) (descriptor || skip[k] == j);
      if (!descriptor && NumericColumn(t, j)) c->mcol[c->p++] = j;
    }
  PetscCheck(c->p >= 2, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "%s: %" PetscInt_FMT
             " metric column(s); principal components need at least 2 (-sweep_observational_metrics)",
             t->path, c->p);
  PetscCheck(c->npc <= c->p, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option -sweep_observational_pcs: %" PetscInt_FMT " components of %" PetscInt_FMT " metrics", c->npc,
             c->p);
  PetscCheck(c->impute_rank < c->p, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option -sweep_observational_impute_rank: %" PetscInt_FMT " is not below the %" PetscInt_FMT " metrics",
             c->impute_rank, c->p);
  PetscFunctionReturn(0);
}

/* The families in order of first appearance; the reference family's index (-1 when absent). */
static PetscErrorCode ObsFamilies(ObsCtx *c, PetscInt jfam)
{
  PetscFunctionBegin;
  PetscCall(PetscMalloc2(c->n, &c->fam, c->n, &c->famname));
  c->nfam = 0, c->ref = -1;
  for (PetscInt i = 0; i < c->n; i++) {
    const char *f = SweepTableText(&c->t, i, jfam);
    PetscInt    k;
    PetscCheck(f[0], PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "%s:%" PetscInt_FMT ": column '%s': empty family", c->t.path,
               c->t.line[i], c->t.header[jfam]);
    for (k = 0; k < c->nfam && strcmp(c->famname[k], f); k++) {
    }
    if (k == c->nfam) c->famname[c->nfam++] = f;
    c->fam[i] = k;
  }
  for (PetscInt k = 0; k < c->nfam; k++)
    if (SweepCSVColumnMatches(c->famname[k], c->reference, 0) || SweepCSVColumnMatches(c->famname[k], c->reference, 1))
      c->ref = k;
  PetscCheck(c->ref >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "option -sweep_observational_reference: no family '%s' in %s", c->reference, c->t.path);
  PetscFunctionReturn(0);
}

/* Sizes, tokens and compute (each may be empty), the metrics and the targets. */
static PetscErrorCode ObsValues(ObsCtx *c, const PetscInt jd[5])
{
  const SweepTable *t = &c->t;
  PetscInt          n = c->n, p = c->p;

  PetscFunctionBegin;
  PetscCall(PetscMalloc6(n, &c->size, n, &c->tokens, n, &c->flops, n, &c->x, n * p, &c->raw, n * p, &c->X));
  PetscCall(PetscMalloc3(c->nt * n, &c->y, p, &c->missing, n, &c->model));
  for (PetscInt i = 0; i < n; i++) {
    PetscReal f;
    c->model[i] = SweepTableText(t, i, jd[0]);
    PetscCall(SweepTableRealIn(t, i, jd[2], PETSC_TRUE, 0, PETSC_INFINITY, &c->size[i]));
    PetscCall(SweepTableRealIn(t, i, jd[3], PETSC_TRUE, 0, PETSC_INFINITY, &c->tokens[i]));
    PetscCall(SweepTableRealIn(t, i, jd[4], PETSC_TRUE, 0, PETSC_INFINITY, &f));
    PetscCheck(f != 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
               "%s:%" PetscInt_FMT ": column '%s': compute must be > 0", t->path, t->line[i], t->header[jd[4]]);
    c->flops[i] = f * c->flops_unit, c->x[i] = PetscLog10Real(c->flops[i] / 1e21);
  }
  for (PetscInt j = 0; j < p; j++) {
    c->missing[j] = 0;
    for (PetscInt i = 0; i < n; i++) {
      PetscCall(SweepTableReal(t, i, c->mcol[j], PETSC_TRUE, &c->raw[i * p + j]));
      c->missing[j] += !isfinite(c->raw[i * p + j]);
    }
    PetscCheck(n - c->missing[j] >= 2, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
               "%s: metric column '%s' has fewer than 2 values", t->path, t->header[c->mcol[j]]);
  }
  for (PetscInt i = 0; i < n; i++) {
    PetscInt seen = 0;
    for (PetscInt j = 0; j < p; j++) seen += isfinite(c->raw[i * p + j]);
    PetscCheck(seen, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "%s:%" PetscInt_FMT ": model '%s' has no metric score",
               t->path, t->line[i], c->model[i]);
  }
  for (PetscInt k = 0; k < c->nt; k++)
    for (PetscInt i = 0; i < n; i++) PetscCall(SweepTableRealIn(t, i, c->tcol[k], PETSC_TRUE, 0, 1, &c->y[k * n + i]));
  PetscFunctionReturn(0);
}

/* Enough models for each target's fits: the link needs K + 2, also below the cutoff. */
static PetscErrorCode ObsCheckTargets(const ObsCtx *c)
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < c->nt; k++) {
    PetscInt all = 0, fit = 0;
    for (PetscInt i = 0; i < c->n; i++) {
      all += isfinite(c->y[k * c->n + i]);
      fit += isfinite(c->y[k * c->n + i]) && isfinite(c->x[i]) && c->flops[i] <= c->cutoff;
    }
    PetscCheck(all >= c->K + 2, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
               "%s: target '%s' has %" PetscInt_FMT " scores; the link on %" PetscInt_FMT
               " components needs %" PetscInt_FMT,
               c->t.path, c->target[k], all, c->K, c->K + 2);
    PetscCheck(fit >= c->K + 2, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
               "option -sweep_observational_cutoff: %g leaves %" PetscInt_FMT
               " models with compute and a '%s' score to fit "
               "(the link needs %" PetscInt_FMT ")",
               (double) c->cutoff, fit, c->target[k], c->K + 2);
  }
  PetscFunctionReturn(0);
}

/* The benchmark matrix: columns by option, every value checked (errors name file, line, column). */
static PetscErrorCode ObsRead(const SweepOptions *opt, ObsCtx *c)
{
  PetscInt jd[5];

  PetscFunctionBegin;
  PetscCall(SweepTableRead(opt->input, &c->t));
  c->n = c->t.nrow;
  PetscCheck(c->n >= 4, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "%s: %" PetscInt_FMT " models; at least 4 are needed",
             c->t.path, c->n);
  PetscCall(SweepTableColumn(&c->t, c->col_model, "-sweep_observational_model_col", &jd[0]));
  PetscCall(SweepTableColumn(&c->t, c->col_family, "-sweep_observational_family_col", &jd[1]));
  PetscCall(SweepTableColumn(&c->t, c->col_size, "-sweep_observational_size_col", &jd[2]));
  PetscCall(SweepTableColumn(&c->t, c->col_tokens, "-sweep_observational_tokens_col", &jd[3]));
  PetscCall(SweepTableColumn(&c->t, c->col_flops, "-sweep_observational_flops_col", &jd[4]));
  PetscCall(ObsMetricColumns(c, jd));
  c->nt = c->ntlist;
  PetscCall(PetscMalloc3(c->nt, &c->tcol, c->nt, &c->target, c->p, &c->metric));
  for (PetscInt k = 0; k < c->nt; k++) {
    PetscCall(SweepTableColumn(&c->t, c->tlist[k], "-sweep_observational_targets", &c->tcol[k]));
    for (PetscInt l = 0; l < k; l++)
      PetscCheck(c->tcol[l] != c->tcol[k], PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
                 "option -sweep_observational_targets: column '%s' is listed twice", c->t.header[c->tcol[k]]);
    c->target[k] = c->t.header[c->tcol[k]];
  }
  for (PetscInt j = 0; j < c->p; j++) c->metric[j] = c->t.header[c->mcol[j]];
  PetscCall(ObsFamilies(c, jd[1]));
  PetscCall(ObsValues(c, jd));
  PetscFunctionReturn(0);
}

/* Each family's components against log compute, the reference line, equivalent FLOPs, efficiencies. */
static PetscErrorCode ObsFamilyFits(ObsCtx *c)
{
  PetscInt   n = c->n, p = c->p, q = c->npc, r = c->ref;
  PetscReal *xf, *sf;

  PetscFunctionBegin;
  PetscCall(PetscMalloc4(c->nfam * q, &c->slope, c->nfam * q, &c->icept, c->nfam, &c->eff, n, &c->eqx));
  PetscCall(PetscMalloc1(c->nfam, &c->nflops));
  PetscCall(PetscMalloc2(n, &xf, n, &sf));
  for (PetscInt f = 0; f < c->nfam; f++) {
    for (PetscInt k = 0; k < q; k++) {
      PetscInt m = 0;
      for (PetscInt i = 0; i < n; i++)
        if (c->fam[i] == f) xf[m] = c->x[i], sf[m++] = c->S[i * p + k];
      PetscCall(SweepObsLine(m, xf, sf, &c->slope[f * q + k], &c->icept[f * q + k]));
    }
    c->nflops[f] = 0;
    for (PetscInt i = 0; i < n; i++) c->nflops[f] += c->fam[i] == f && isfinite(c->x[i]);
  }
  PetscCheck(isfinite(c->slope[r * q]) && c->slope[r * q] > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "option -sweep_observational_reference: family '%s' has no increasing line of PC1 against log compute "
             "(%" PetscInt_FMT " models with compute)",
             c->famname[r], c->nflops[r]);
  for (PetscInt i = 0; i < n; i++) c->eqx[i] = (c->S[i * p] - c->icept[r * q]) / c->slope[r * q];
  for (PetscInt f = 0; f < c->nfam; f++) {
    PetscReal s = 0;
    PetscInt  m = 0;
    for (PetscInt i = 0; i < n; i++)
      if (c->fam[i] == f && isfinite(c->x[i])) s += c->eqx[i] - c->x[i], m++;
    c->eff[f] = m ? s / m : NAN;
  }
  PetscCall(PetscFree2(xf, sf));
  PetscFunctionReturn(0);
}

/* Imputation, components (of the imputed matrix, and of the complete rows alone), family fits. */
static PetscErrorCode ObsAnalyse(ObsCtx *c)
{
  PetscInt   n = c->n, p = c->p;
  PetscReal *Y;

  PetscFunctionBegin;
  PetscCall(PetscMalloc5(p, &c->lambda, p, &c->lambda_complete, p * p, &c->V, n * p, &c->S, p * p, &c->Vc));
  PetscCall(PetscArraycpy(c->X, c->raw, n * p));
  PetscCall(SweepObsImpute(n, p, c->X, c->impute_standardize, c->impute_rank, c->impute_tol, c->impute_maxit, &c->iters,
                           &c->change));
  PetscCall(SweepObsPCA(n, p, c->X, c->standardize, c->lambda, c->V, c->S, NULL, NULL));
  PetscCall(PetscMalloc1(n * p, &Y));
  PetscCall(SweepObsCompleteRows(n, p, c->raw, Y, &c->ncomplete));
  for (PetscInt j = 0; j < p; j++) c->lambda_complete[j] = NAN;
  if (c->ncomplete >= 2)
    PetscCall(SweepObsPCA(c->ncomplete, p, Y, c->standardize, c->lambda_complete, c->Vc, NULL, NULL, NULL));
  PetscCall(PetscFree(Y));
  PetscCall(ObsFamilyFits(c));
  PetscFunctionReturn(0);
}

/* Bootstrap weights: 1 on the eligible models for replicate 0, else the counts of as many draws
   from them (keyed by seed, stream and (replicate, draw): the same at any rank count). */
static PetscErrorCode ObsWeights(const ObsCtx *c, const PetscBool ok[], PetscInt r, PetscInt stream, PetscReal w[],
                                 PetscInt idx[])
{
  PetscInt m = 0;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < c->n; i++) {
    w[i] = (!r && ok[i]) ? 1 : 0;
    if (ok[i]) idx[m++] = i;
  }
  if (r)
    for (PetscInt k = 0; k < m; k++) {
      PetscInt d =
          (PetscInt) (SweepRandomUniform((uint64_t) c->seed, (uint64_t) stream, (uint64_t) (r * c->n + k)) * m);
      w[idx[PetscMin(d, m - 1)]] += 1;
    }
  PetscFunctionReturn(0);
}

/* Mean absolute and root-mean-square error of pred on the held-out models (test[i]). */
static void ObsErrors(PetscInt n, const PetscReal pred[], const PetscReal y[], const PetscBool test[], PetscReal e[2])
{
  PetscReal a = 0, s = 0;
  PetscInt  m = 0;

  for (PetscInt i = 0; i < n; i++)
    if (test[i]) a += PetscAbsReal(pred[i] - y[i]), s += PetscSqr(pred[i] - y[i]), m++;
  e[0] = m ? a / m : NAN, e[1] = m ? PetscSqrtReal(s / m) : NAN;
}

/* A link fit, or NaN parameters when a resample holds fewer distinct models than parameters. */
static PetscErrorCode ObsFit(const ObsCtx *c, PetscInt K, const PetscReal S[], PetscInt lds, const PetscReal y[],
                             const PetscReal w[], PetscReal theta[])
{
  PetscInt distinct = 0;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < c->n; i++) distinct += w[i] > 0 && isfinite(y[i]) && isfinite(S[i * lds]);
  if (distinct >= K + 2)
    PetscCall(SweepObsLinkFit(c->n, K, S, lds, y, w, c->huber, OBS_BMAX, theta, NULL));
  else
    for (PetscInt k = 0; k < K + 2; k++) theta[k] = NAN;
  PetscFunctionReturn(0);
}

/* One target in one replicate: the link on all models, the link and the baseline below the cutoff. */
static PetscErrorCode ObsItemTarget(ObsCtx *c, PetscInt r, PetscInt k, PetscReal rec[], PetscBool ok[],
                                    PetscBool test[], PetscReal w[], PetscInt idx[])
{
  PetscInt         n = c->n, K = c->K;
  const PetscReal *y  = c->y + k * n;
  PetscReal       *pf = rec + OBS_PRED(c), *pb = pf + n, *pc = pb + n;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < n; i++) ok[i] = (PetscBool) isfinite(y[i]);
  PetscCall(ObsWeights(c, ok, r, 10 + 2 * k, w, idx));
  PetscCall(ObsFit(c, K, c->S, c->p, y, w, rec + OBS_FULL(c)));
  for (PetscInt i = 0; i < n; i++) {
    test[i] = (PetscBool) (ok[i] && isfinite(c->x[i]) && c->flops[i] > c->cutoff);
    ok[i]   = (PetscBool) (ok[i] && isfinite(c->x[i]) && c->flops[i] <= c->cutoff);
  }
  PetscCall(ObsWeights(c, ok, r, 11 + 2 * k, w, idx));
  PetscCall(ObsFit(c, K, c->S, c->p, y, w, rec + OBS_BT(c)));
  PetscCall(ObsFit(c, 1, c->x, 1, y, w, rec + OBS_BASE(c)));
  for (PetscInt i = 0; i < n; i++) {
    pf[i] = SweepObsLinkEval(K, rec + OBS_FULL(c), c->S + i * c->p);
    pb[i] = SweepObsLinkEval(K, rec + OBS_BT(c), c->S + i * c->p);
    pc[i] = isfinite(c->x[i]) ? SweepObsLinkEval(1, rec + OBS_BASE(c), &c->x[i]) : NAN;
  }
  ObsErrors(n, pb, y, test, rec + OBS_ERR(c));
  ObsErrors(n, pc, y, test, rec + OBS_ERR(c) + 2);
  PetscFunctionReturn(0);
}

static PetscErrorCode ObsItem(void *ctx, PetscInt r, PetscReal rec[])
{
  ObsCtx    *c = (ObsCtx *) ctx;
  PetscBool *ok, *test;
  PetscReal *w;
  PetscInt  *idx;

  PetscFunctionBegin;
  PetscCall(PetscMalloc4(c->n, &ok, c->n, &test, c->n, &w, c->n, &idx));
  for (PetscInt k = 0; k < c->nt; k++) PetscCall(ObsItemTarget(c, r, k, rec + k * c->rt, ok, test, w, idx));
  PetscCall(PetscFree4(ok, test, w, idx));
  PetscFunctionReturn(0);
}

static PetscErrorCode ObsRun(MPI_Comm comm, SweepKindRun run, void *ctx)
{
  ObsCtx     *c = (ObsCtx *) ctx;
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (!rank) PetscCall(PetscMalloc1(c->nrep * c->reclen, &c->out));
  PetscCall(SweepKindRunItems(comm, run, 0, "link fits", c->nrep, c->reclen, ObsItem, c, c->out));
  PetscFunctionReturn(0);
}

static PetscErrorCode ObsSetUp(MPI_Comm comm, const SweepOptions *opt, void **ctx)
{
  ObsCtx *c;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(1, &c));
  *ctx = c;
  PetscCall(ObsOptions(comm, c));
  PetscCheck(opt->input[0], comm, PETSC_ERR_ARG_WRONG,
             "option -sweep_input: the observational study needs a benchmark table");
  PetscCall(ObsRead(opt, c));
  PetscCall(ObsCheckTargets(c));
  PetscCall(ObsAnalyse(c));
  c->seed   = opt->seed;
  c->nrep   = opt->bootstrap + 1;
  c->rt     = 2 * c->K + 11 + 3 * c->n;
  c->reclen = c->nt * c->rt;
  PetscFunctionReturn(0);
}

static PetscErrorCode ObsIdentity(void *ctx, char id[], size_t len)
{
  ObsCtx *c = (ObsCtx *) ctx;
  char    line[4096];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(
      line, sizeof(line),
      "observational_cols %s|%s|%s|%s|%s\nobservational_flops_unit %.17g\nobservational_pcs %" PetscInt_FMT
      " %" PetscInt_FMT " %d\nobservational_impute %" PetscInt_FMT " %.17g %" PetscInt_FMT
      "\nobservational_reference %s\nobservational_cutoff %.17g\nobservational_huber %.17g\n",
      c->col_model, c->col_family, c->col_size, c->col_tokens, c->col_flops, (double) c->flops_unit, c->npc, c->K,
      (int) c->standardize, c->impute_rank, (double) c->impute_tol, c->impute_maxit, c->reference, (double) c->cutoff,
      (double) c->huber));
  PetscCall(PetscStrlcat(id, line, len));
  PetscCall(PetscStrlcat(id, "observational_metrics", len));
  for (PetscInt j = 0; j < c->p; j++) {
    PetscCall(PetscStrlcat(id, j ? "|" : " ", len));
    PetscCall(PetscStrlcat(id, c->metric[j], len));
  }
  PetscCall(PetscStrlcat(id, "\nobservational_targets", len));
  for (PetscInt k = 0; k < c->nt; k++) {
    PetscCall(PetscStrlcat(id, k ? "|" : " ", len));
    PetscCall(PetscStrlcat(id, c->target[k], len));
  }
  PetscCall(PetscStrlcat(id, "\n", len));
  PetscFunctionReturn(0);
}

static PetscErrorCode ObsDestroy(void **ctx)
{
  ObsCtx *c = (ObsCtx *) *ctx;

  PetscFunctionBegin;
  if (!c) PetscFunctionReturn(0);
  PetscCall(PetscFree6(c->size, c->tokens, c->flops, c->x, c->raw, c->X));
  PetscCall(PetscFree3(c->y, c->missing, c->model));
  PetscCall(PetscFree3(c->tcol, c->target, c->metric));
  PetscCall(PetscFree2(c->fam, c->famname));
  PetscCall(PetscFree(c->mcol));
  PetscCall(PetscFree5(c->lambda, c->lambda_complete, c->V, c->S, c->Vc));
  PetscCall(PetscFree4(c->slope, c->icept, c->eff, c->eqx));
  PetscCall(PetscFree(c->nflops));
  PetscCall(PetscFree(c->out));
  if (c->mlist) PetscCall(PetscStrToArrayDestroy(c->nmlist, c->mlist));
  if (c->tlist) PetscCall(PetscStrToArrayDestroy(c->ntlist, c->tlist));
  PetscCall(SweepTableDestroy(&c->t));
  PetscCall(PetscFree(c));
  *ctx = NULL;
  PetscFunctionReturn(0);
}

/* A per-target result of the items (m values at offset in each target's record): the point value
   (replicate 0) as name over (target, dim), and with a bootstrap its quantiles as name_q. */
static PetscErrorCode ObsPutBanded(int ncid, SweepKindRun run, const ObsCtx *c, const char name[], PetscInt offset,
                                   PetscInt m, const char dim[], const char units[], const char long_name[])
{
  const SweepOptions *o  = SweepKindRunOptions(run);
  PetscInt            nq = o->nquantile, B = c->nrep - 1;
  const char         *d2[3] = {"target", dim, "quantile"}, *d1[2] = {"target", "quantile"}, **d = dim ? d2 : d1;
  int                 nd = dim ? 2 : 1;
  PetscReal          *v, *q;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(c->nt * m, &v, c->nt * m * nq + 1, &q));
  for (PetscInt k = 0; k < c->nt; k++)
    for (PetscInt j = 0; j < m; j++) {
      const PetscReal *x = c->out + k * c->rt + offset + j;
      v[k * m + j]       = x[0];
      if (B) PetscCall(SweepKindQuantiles(run, B, x + c->reclen, c->reclen, q + (k * m + j) * nq));
    }
  PetscCall(SweepNCPutReal(ncid, name, nd, d, v, units, long_name));
  if (B) {
    char qname[SWEEP_NAME_LEN], qlong[512];
    PetscCall(PetscSNPrintf(qname, sizeof(qname), "%s_q", name));
    PetscCall(PetscSNPrintf(qlong, sizeof(qlong), "%s: bootstrap quantiles over models", long_name));
    PetscCall(SweepNCPutReal(ncid, qname, nd + 1, d, q, units, qlong));
  }
  PetscCall(PetscFree2(v, q));
  PetscFunctionReturn(0);
}

/* The target's reference-family-equivalent log10(FLOPs / 1e21) of each model: the link's weights
   w (first K components) projected on the reference family's lines, w.(S - nu) / (w.theta). */
static PetscErrorCode ObsTargetEquivalent(const ObsCtx *c, PetscReal eq[])
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < c->nt; k++) {
    const PetscReal *th  = c->out + k * c->rt + OBS_FULL(c) + 1;
    PetscReal        den = 0;
    for (PetscInt l = 0; l < c->K; l++) den += th[l] * c->slope[c->ref * c->npc + l];
    for (PetscInt i = 0; i < c->n; i++) {
      PetscReal num = 0;
      for (PetscInt l = 0; l < c->K; l++) num += th[l] * (c->S[i * c->p + l] - c->icept[c->ref * c->npc + l]);
      eq[k * c->n + i] = 1e21 * PetscPowReal(10, num / den);
    }
  }
  PetscFunctionReturn(0);
}

/* The table: labels, descriptors, scores raw and imputed, missing counts. */
static PetscErrorCode ObsWriteTable(int ncid, const ObsCtx *c)
{
  const char *dm[1] = {"model"}, *dmm[2] = {"model", "metric"}, *dj[1] = {"metric"};
  PetscInt   *pcs;

  PetscFunctionBegin;
  PetscCall(SweepNCPutStrings(ncid, "model", "model", c->n, c->model, "model"));
  PetscCall(SweepNCPutStrings(ncid, "metric", "metric", c->p, c->metric, "benchmark metric of the components"));
  PetscCall(SweepNCPutStrings(ncid, "family", "family", c->nfam, c->famname, "model family"));
  PetscCall(SweepNCPutStrings(ncid, "target", "target", c->nt, c->target, "target metric of the sigmoid link"));
  PetscCall(SweepNCDim(ncid, "pc", c->npc));
  PetscCall(PetscMalloc1(c->npc, &pcs));
  for (PetscInt k = 0; k < c->npc; k++) pcs[k] = k + 1;
  PetscCall(SweepNCPutInt(ncid, "pc", 1, (const char *[]){"pc"}, pcs, "principal component (1: the largest)"));
  PetscCall(PetscFree(pcs));
  PetscCall(SweepNCPutInt(ncid, "model_family", 1, dm, c->fam, "index of the model's family (0-based)"));
  PetscCall(SweepNCPutReal(ncid, "model_size", 1, dm, c->size, "1e9 parameters", "model size"));
  PetscCall(SweepNCPutReal(ncid, "pretraining_tokens", 1, dm, c->tokens, "1e12 tokens", "pretraining data size"));
  PetscCall(SweepNCPutReal(ncid, "flops", 1, dm, c->flops, "FLOPs", "training compute"));
  PetscCall(SweepNCPutReal(ncid, "score", 2, dmm, c->raw, "1", "benchmark score as read (missing: fill value)"));
  PetscCall(SweepNCPutReal(ncid, "score_imputed", 2, dmm, c->X, "1", "benchmark score, missing cells imputed"));
  PetscCall(SweepNCPutInt(ncid, "missing_count", 1, dj, c->missing, "models without this metric"));
  PetscFunctionReturn(0);
}

/* Components: variance explained, loadings, scores; the families' lines and efficiencies. */
static PetscErrorCode ObsWriteComponents(int ncid, const ObsCtx *c)
{
  const char *dp[1] = {"pc"}, *djp[2] = {"metric", "pc"}, *dmp[2] = {"model", "pc"}, *dfp[2] = {"family", "pc"};
  PetscInt    q = c->npc;
  PetscReal  *ve, *vc, *L, *Sq, *eq, tot = 0, totc = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc5(q, &ve, q, &vc, c->p * q, &L, c->n * q, &Sq, c->n, &eq));
  for (PetscInt j = 0; j < c->p; j++) tot += c->lambda[j], totc += c->lambda_complete[j];
  for (PetscInt k = 0; k < q; k++) ve[k] = c->lambda[k] / tot, vc[k] = c->lambda_complete[k] / totc;
  for (PetscInt j = 0; j < c->p; j++)
    for (PetscInt k = 0; k < q; k++) L[j * q + k] = c->V[j * c->p + k];
  for (PetscInt i = 0; i < c->n; i++) {
    for (PetscInt k = 0; k < q; k++) Sq[i * q + k] = c->S[i * c->p + k];
    eq[i] = 1e21 * PetscPowReal(10, c->eqx[i]);
  }
  PetscCall(SweepNCPutReal(ncid, "variance_explained", 1, dp, ve, "1", "fraction of the variance (imputed matrix)"));
  PetscCall(SweepNCPutReal(ncid, "variance_explained_complete", 1, dp, vc, "1",
                           "fraction of the variance (models with every metric)"));
  {
    char models[32];
    PetscCall(PetscSNPrintf(models, sizeof(models), "%" PetscInt_FMT, c->ncomplete));
    PetscCall(SweepNCPutAttText(ncid, "variance_explained_complete", "models", models));
  }
  PetscCall(SweepNCPutReal(ncid, "loadings", 2, djp, L, "1", "principal component loadings"));
  PetscCall(SweepNCPutReal(ncid, "scores", 2, dmp, Sq, "1", "principal component scores (capabilities)"));
  PetscCall(SweepNCPutReal(ncid, "family_slope", 2, dfp, c->slope, "1", "slope of the component against log10 FLOPs"));
  PetscCall(SweepNCPutReal(ncid, "family_intercept", 2, dfp, c->icept, "1",
                           "the component at 1e21 FLOPs (line against log10 FLOPs)"));
  PetscCall(SweepNCPutInt(ncid, "family_models_with_flops", 1, (const char *[]){"family"}, c->nflops,
                          "models of the family with known compute"));
  PetscCall(SweepNCPutReal(ncid, "family_log10_efficiency", 1, (const char *[]){"family"}, c->eff, "1",
                           "mean log10(reference-equivalent FLOPs / FLOPs) over the family's models"));
  PetscCall(SweepNCPutReal(ncid, "equivalent_flops", 1, (const char *[]){"model"}, eq, "FLOPs",
                           "reference-family-equivalent FLOPs from PC1"));
  PetscCall(PetscFree5(ve, vc, L, Sq, eq));
  PetscFunctionReturn(0);
}

static PetscErrorCode ObsWrite(int ncid, SweepKindRun run, void *ctx)
{
  ObsCtx     *c      = (ObsCtx *) ctx;
  const char *dtm[2] = {"target", "model"};
  PetscInt    n      = c->n, *split;
  PetscReal  *eq;
  char        att[256];

  PetscFunctionBegin;
  PetscCall(ObsWriteTable(ncid, c));
  PetscCall(ObsWriteComponents(ncid, c));
  PetscCall(SweepNCDim(ncid, "link_param", c->K + 2));
  PetscCall(SweepNCDim(ncid, "baseline_param", 3));
  PetscCall(ObsPutBanded(ncid, run, c, "link_params", OBS_FULL(c), c->K + 2, "link_param", "1",
                         "sigmoid link on all models: w0, w_1..w_K, b"));
  PetscCall(ObsPutBanded(ncid, run, c, "backtest_link_params", OBS_BT(c), c->K + 2, "link_param", "1",
                         "sigmoid link below the cutoff: w0, w_1..w_K, b"));
  PetscCall(ObsPutBanded(ncid, run, c, "baseline_params", OBS_BASE(c), 3, "baseline_param", "1",
                         "log-compute sigmoid below the cutoff: w0, slope per decade of FLOPs/1e21, b"));
  PetscCall(ObsPutBanded(ncid, run, c, "prediction", OBS_PRED(c), n, "model", "1", "link prediction (fit on all)"));
  PetscCall(ObsPutBanded(ncid, run, c, "backtest_prediction", OBS_PRED(c) + n, n, "model", "1",
                         "link prediction (fit below the cutoff)"));
  PetscCall(ObsPutBanded(ncid, run, c, "baseline_prediction", OBS_PRED(c) + 2 * n, n, "model", "1",
                         "log-compute sigmoid prediction (fit below the cutoff)"));
  {
    const char *names[4] = {"backtest_mae", "backtest_rmse", "baseline_mae", "baseline_rmse"};
    const char *longs[4] = {"link: mean absolute error above the cutoff",
                            "link: root-mean-square error above the cutoff",
                            "log-compute sigmoid: mean absolute error above the cutoff",
                            "log-compute sigmoid: root-mean-square error above the cutoff"};
    for (PetscInt e = 0; e < 4; e++)
      PetscCall(ObsPutBanded(ncid, run, c, names[e], OBS_ERR(c) + e, 1, NULL, "1", longs[e]));
  }
  PetscCall(PetscMalloc2(c->nt * n, &split, c->nt * n, &eq));
  for (PetscInt k = 0; k < c->nt; k++)
    for (PetscInt i = 0; i < n; i++) {
      PetscBool known  = (PetscBool) (isfinite(c->y[k * n + i]) && isfinite(c->x[i]));
      split[k * n + i] = !known ? 0 : c->flops[i] <= c->cutoff ? 1 : 2;
    }
  PetscCall(
      SweepNCPutInt(ncid, "backtest_split", 2, dtm, split, "0: not used, 1: fitted (FLOPs <= cutoff), 2: held out"));
  PetscCall(ObsTargetEquivalent(c, eq));
  PetscCall(SweepNCPutReal(ncid, "target_equivalent_flops", 2, dtm, eq, "FLOPs",
                           "reference-family-equivalent FLOPs along the target's link weights"));
  PetscCall(PetscFree2(split, eq));
  PetscCall(SweepNCPutAttText(ncid, NULL, "observational_reference_family", c->famname[c->ref]));
  PetscCall(PetscSNPrintf(att, sizeof(att), "%g", (double) c->cutoff));
  PetscCall(SweepNCPutAttText(ncid, NULL, "observational_cutoff_flops", att));
  PetscCall(SweepNCPutAttText(ncid, NULL, "observational_standardized", c->standardize ? "true" : "false"));
  PetscFunctionReturn(0);
}

/* "x [lo, hi]" of a banded per-target value, or just x without a bootstrap. */
static PetscErrorCode ObsBand(SweepKindRun run, const ObsCtx *c, PetscInt k, PetscInt offset, char s[], size_t len)
{
  const PetscReal *x = c->out + k * c->rt + offset;
  PetscReal        lo, hi;

  PetscFunctionBegin;
  if (c->nrep > 1) {
    PetscCall(SweepKindBand(run, c->nrep - 1, x + c->reclen, c->reclen, &lo, &hi));
    PetscCall(PetscSNPrintf(s, len, "%.4f [%.4f, %.4f]", (double) x[0], (double) lo, (double) hi));
  } else
    PetscCall(PetscSNPrintf(s, len, "%.4f", (double) x[0]));
  PetscFunctionReturn(0);
}

static PetscErrorCode ObsViewTargets(SweepKindRun run, const ObsCtx *c, FILE *fp)
{
  char a[96], b[96];

  PetscFunctionBegin;
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "\nSigmoid link y = (1 - b) sigmoid(w0 + w.S) + b on PC1..PC%" PetscInt_FMT
                         "; backtest: fit FLOPs <= %g, predict above%s\n",
                         c->K, (double) c->cutoff, c->nrep > 1 ? " (bands: bootstrap over models)" : ""));
  for (PetscInt k = 0; k < c->nt; k++) {
    const PetscReal *th  = c->out + k * c->rt;
    PetscInt         ntr = 0, nte = 0;
    for (PetscInt i = 0; i < c->n; i++)
      if (isfinite(c->y[k * c->n + i]) && isfinite(c->x[i])) c->flops[i] <= c->cutoff ? ntr++ : nte++;
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "  %s: all-model fit w0 %.3f, w", c->target[k], (double) th[0]));
    for (PetscInt l = 0; l < c->K; l++) PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, " %.3f", (double) th[1 + l]));
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                           ", b %.3f; backtest %" PetscInt_FMT " fitted, %" PetscInt_FMT " held out\n",
                           (double) th[c->K + 1], ntr, nte));
    PetscCall(ObsBand(run, c, k, OBS_ERR(c), a, sizeof(a)));
    PetscCall(ObsBand(run, c, k, OBS_ERR(c) + 2, b, sizeof(b)));
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "    MAE   link %s   log-compute sigmoid %s\n", a, b));
    PetscCall(ObsBand(run, c, k, OBS_ERR(c) + 1, a, sizeof(a)));
    PetscCall(ObsBand(run, c, k, OBS_ERR(c) + 3, b, sizeof(b)));
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "    RMSE  link %s   log-compute sigmoid %s\n", a, b));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode ObsView(SweepKindRun run, void *ctx, FILE *fp)
{
  ObsCtx   *c   = (ObsCtx *) ctx;
  PetscReal tot = 0, totc = 0;
  PetscInt  q = c->npc, r = c->ref;

  PetscFunctionBegin;
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "\nObservational scaling: %" PetscInt_FMT " models, %" PetscInt_FMT " families, %" PetscInt_FMT
                         " metrics; missing cells per metric:",
                         c->n, c->nfam, c->p));
  for (PetscInt j = 0; j < c->p; j++)
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, " %s %" PetscInt_FMT, c->metric[j], c->missing[j]));
  PetscCall(PetscFPrintf(
      PETSC_COMM_SELF, fp, "\nImputation (%s): rank %" PetscInt_FMT ", %" PetscInt_FMT " rounds, last change %.2e%s\n",
      c->impute_standardize ? "standardised" : "centred", c->impute_rank, c->iters, (double) c->change,
      c->change < c->impute_tol ? "" : " (NOT converged: see -sweep_observational_impute_maxit)"));
  for (PetscInt j = 0; j < c->p; j++) tot += c->lambda[j], totc += c->lambda_complete[j];
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "Variance explained (%s):", c->standardize ? "standardised" : "unstandardised"));
  for (PetscInt k = 0; k < q; k++)
    PetscCall(
        PetscFPrintf(PETSC_COMM_SELF, fp, " PC%" PetscInt_FMT " %.1f%%", k + 1, (double) (100 * c->lambda[k] / tot)));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, " (all %" PetscInt_FMT " models, imputed);", c->n));
  for (PetscInt k = 0; k < q; k++)
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, " PC%" PetscInt_FMT " %.1f%%", k + 1,
                           (double) (100 * c->lambda_complete[k] / totc)));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, " (%" PetscInt_FMT " complete models)\nPC1 loadings:", c->ncomplete));
  for (PetscInt j = 0; j < c->p; j++)
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, " %s %.3f", c->metric[j], (double) c->V[j * c->p]));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "\nReference family %s: PC1 = %.4f + %.4f log10(FLOPs/1e21) (%" PetscInt_FMT " models)\n",
                         c->famname[r], (double) c->icept[r * q], (double) c->slope[r * q], c->nflops[r]));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "Family compute efficiency, log10(%s-equivalent FLOPs / FLOPs):", c->famname[r]));
  for (PetscInt f = 0; f < c->nfam; f++)
    if (c->nflops[f] >= 2 && isfinite(c->slope[f * q]))
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, " %s %+.2f", c->famname[f], (double) c->eff[f]));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "\n"));
  PetscCall(ObsViewTargets(run, c, fp));
  PetscFunctionReturn(0);
}

const SweepKind SweepKindObservational = {
    "observational",
    "observational scaling laws: benchmark components, family compute efficiency, sigmoid link and backtest",
    "Ruan, Maddison, Hashimoto (2024), Observational Scaling Laws and the Predictability of Language Model "
    "Performance, arXiv:2405.10938",
    PETSC_TRUE,
    ObsSetUp,
    ObsIdentity,
    ObsRun,
    ObsWrite,
    ObsView,
    ObsDestroy};
