/* kind_passuntil.c: the passuntil study kind (issue 7, Hu et al. 2023). Reads a CSV of sampling
   outcomes (one row per model and instance), estimates each instance's pass probability and each
   model's PassUntil, fits PU(N) = exp(-c N^-alpha) at task and instance level, bootstraps over
   instances (scheduler items, one replicate each), predicts PU at larger N and classifies emergence
   from the curvature of log(-log PU) in log N. Numerics in passuntil.c; this file owns options, I/O,
   the NetCDF variables and the summary. Every rank reads the same input, so items run anywhere. */
#include "kind.h"
#include "passuntil.h"
#include "stats.h"
#include "table.h"
#include <math.h>

#define PU_MAX_PRED 16

typedef struct {
  /* options */
  char      col_model[SWEEP_NAME_LEN], col_size[SWEEP_NAME_LEN], col_inst[SWEEP_NAME_LEN];
  char      col_samples[SWEEP_NAME_LEN], col_passes[SWEEP_NAME_LEN], col_k[SWEEP_NAME_LEN], col_succ[SWEEP_NAME_LEN];
  char      predict[256], instance_text[SWEEP_NAME_LEN];
  PetscInt  r, seed;
  PetscReal level, class_level;
  PetscInt  instance_fit; /* SWEEP_PU_INSTANCE_* */
  PetscBool k_set;
  /* data: M models (first-appearance order), m instances; cells model-major, NaN p where missing */
  SweepTable       table;
  PetscInt         M, m, npred;
  const char     **model, **inst; /* point into the table's cells */
  PetscInt        *jrow, *irow;   /* [table.nrow] each row's model and instance */
  PetscReal       *N, Npred[PU_MAX_PRED];
  SweepPUEstimate *e, *plain; /* [M * m]; plain NULL without pass@k columns */
  SweepPUStudy     study;
  /* results (root, after run) */
  PetscInt         reclen, nboot;
  PetscReal       *rec; /* [(nboot + 1) * reclen]: replicate 0 is the fit to all instances */
  SweepPUEstimate *pu, *passk;
  PetscReal       *inst_logc, inst_alpha, curv_lo, curv_hi;
  PetscInt         cls;
} PUCtx;

static PetscErrorCode ColumnOption(PetscOptionItems *PetscOptionsObject, const char name[], const char help[],
                                   char value[], PetscBool *set)
{
  PetscFunctionBegin;
  PetscCall(PetscOptionsString(name, help, "", value, value, SWEEP_NAME_LEN, set));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadOptions(MPI_Comm comm, PUCtx *c)
{
  PetscFunctionBegin;
  PetscCall(PetscStrncpy(c->col_model, "model", SWEEP_NAME_LEN));
  PetscCall(PetscStrncpy(c->col_size, "N", SWEEP_NAME_LEN));
  PetscCall(PetscStrncpy(c->col_inst, "instance", SWEEP_NAME_LEN));
  PetscCall(PetscStrncpy(c->col_samples, "samples", SWEEP_NAME_LEN));
  PetscCall(PetscStrncpy(c->col_passes, "passes", SWEEP_NAME_LEN));
  PetscCall(PetscStrncpy(c->col_k, "k", SWEEP_NAME_LEN));
  PetscCall(PetscStrncpy(c->col_succ, "successes", SWEEP_NAME_LEN));
  PetscCall(PetscStrncpy(c->predict, "4x", sizeof(c->predict)));
  c->r = 4, c->level = 0.9, c->class_level = 0.99;
  PetscCall(PetscStrncpy(c->instance_text, "ml", sizeof(c->instance_text)));
  PetscOptionsBegin(comm, NULL, "PassUntil study (-sweep_study passuntil, docs/passuntil.md)", NULL);
  PetscCall(
      ColumnOption(PetscOptionsObject, "-sweep_passuntil_col_model", "Column naming the model", c->col_model, NULL));
  PetscCall(ColumnOption(PetscOptionsObject, "-sweep_passuntil_col_size",
                         "Column of the scale the law is fitted in (model size N, or tokens D, or compute C)",
                         c->col_size, NULL));
  PetscCall(ColumnOption(PetscOptionsObject, "-sweep_passuntil_col_instance", "Column naming the test instance",
                         c->col_inst, NULL));
  PetscCall(ColumnOption(PetscOptionsObject, "-sweep_passuntil_col_samples", "Column of the samples drawn",
                         c->col_samples, NULL));
  PetscCall(ColumnOption(PetscOptionsObject, "-sweep_passuntil_col_passes", "Column of the passes seen (<= r)",
                         c->col_passes, NULL));
  PetscCall(ColumnOption(PetscOptionsObject, "-sweep_passuntil_col_k",
                         "Column of plain samples per instance for pass@k (optional column)", c->col_k, &c->k_set));
  PetscCall(ColumnOption(PetscOptionsObject, "-sweep_passuntil_col_successes",
                         "Column of passes among the k plain samples (with -sweep_passuntil_col_k)", c->col_succ,
                         NULL));
  PetscCall(PetscOptionsInt("-sweep_passuntil_r", "Passes at which sampling of an instance stopped (>= 2)", "", c->r,
                            &c->r, NULL));
  PetscCall(PetscOptionsReal("-sweep_passuntil_level", "Level of the per-instance and per-model intervals", "",
                             c->level, &c->level, NULL));
  PetscCall(PetscOptionsReal("-sweep_passuntil_class_level",
                             "Level of the curvature's bootstrap interval that classifies emergence", "",
                             c->class_level, &c->class_level, NULL));
  PetscCall(PetscOptionsString("-sweep_passuntil_predict_n",
                               "Scales to predict PU at, comma separated; Kx means K times the largest", "", c->predict,
                               c->predict, sizeof(c->predict), NULL));
  PetscCall(PetscOptionsString("-sweep_passuntil_instance_fit",
                               "Instance-level fit: ml (likelihood), wls (inverse-variance least squares) or none", "",
                               c->instance_text, c->instance_text, sizeof(c->instance_text), NULL));
  PetscOptionsEnd();
  c->instance_fit = !strcmp(c->instance_text, "ml")     ? SWEEP_PU_INSTANCE_ML
                    : !strcmp(c->instance_text, "wls")  ? SWEEP_PU_INSTANCE_WLS
                    : !strcmp(c->instance_text, "none") ? SWEEP_PU_INSTANCE_NONE
                                                        : -1;
  PetscCheck(c->instance_fit >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "option -sweep_passuntil_instance_fit: '%s' is not ml, wls or none", c->instance_text);
  PetscCheck(c->r >= 2, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option -sweep_passuntil_r: %" PetscInt_FMT " is below 2 (with r = 1 the unbiased estimate is 0)", c->r);
  PetscCheck(c->level > 0 && c->level < 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option -sweep_passuntil_level: %.6g is not in (0, 1)", (double) c->level);
  PetscCheck(c->class_level > 0 && c->class_level < 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option -sweep_passuntil_class_level: %.6g is not in (0, 1)", (double) c->class_level);
  PetscFunctionReturn(0);
}

/* -sweep_passuntil_predict_n: numbers, or Kx for K times the largest scale in the input. */
static PetscErrorCode ParsePredict(PUCtx *c)
{
  char      items[PU_MAX_PRED][64];
  PetscReal top = 0;

  PetscFunctionBegin;
  PetscCall(SweepSplitList("-sweep_passuntil_predict_n", c->predict, PU_MAX_PRED, 64, &items[0][0], &c->npred));
  for (PetscInt j = 0; j < c->M; j++) top = PetscMax(top, c->N[j]);
  for (PetscInt k = 0; k < c->npred; k++) {
    size_t len = strlen(items[k]);
    char  *end;
    int    times = len > 1 && items[k][len - 1] == 'x';
    if (times) items[k][len - 1] = 0;
    c->Npred[k] = strtod(items[k], &end);
    PetscCheck(end != items[k] && !*end && isfinite(c->Npred[k]) && c->Npred[k] > 0, PETSC_COMM_SELF,
               PETSC_ERR_ARG_WRONG, "option -sweep_passuntil_predict_n: '%s%s' is not a positive number or Kx",
               items[k], times ? "x" : "");
    if (times) c->Npred[k] *= top;
  }
  PetscFunctionReturn(0);
}

/* The index of name in list[0..*n), appending it when new. */
static PetscInt Intern(const char **list, PetscInt *n, const char *name)
{
  for (PetscInt i = 0; i < *n; i++)
    if (!strcmp(list[i], name)) return i;
  list[*n] = name;
  return (*n)++;
}

/* Cell (row, col) as a whole number in [lo, hi] (hi may be infinite): a count of samples or passes. */
static PetscErrorCode Count(const SweepTable *t, PetscInt row, PetscInt col, PetscReal lo, PetscReal hi, PetscReal *x)
{
  char top[64] = "any size";

  PetscFunctionBegin;
  PetscCall(SweepTableReal(t, row, col, PETSC_FALSE, x));
  if (isfinite(hi)) PetscCall(PetscSNPrintf(top, sizeof(top), "%.6g", (double) hi));
  PetscCheck(*x == floor(*x) && *x >= lo && *x <= hi, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s:%" PetscInt_FMT ": column '%s' (field %" PetscInt_FMT "): %.6g is not a whole number from %.6g to %s",
             t->path, t->line[row], t->header[col], col + 1, (double) *x, (double) lo, top);
  PetscFunctionReturn(0);
}

/* One row: the model's scale (the same on every row of a model) and the instance's estimate. */
static PetscErrorCode ReadRow(PUCtx *c, PetscInt row, const PetscInt col[7], PetscInt j, PetscInt i)
{
  const SweepTable *t = &c->table;
  PetscReal         size, n, x, k, s;
  SweepPUEstimate  *e = &c->e[j * c->m + i];

  PetscFunctionBegin;
  PetscCall(SweepTableReal(t, row, col[1], PETSC_FALSE, &size));
  PetscCheck(size > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s:%" PetscInt_FMT ": column '%s' (field %" PetscInt_FMT "): %.6g is not a positive size", t->path,
             t->line[row], t->header[col[1]], col[1] + 1, (double) size);
  PetscCheck(isnan(c->N[j]) || c->N[j] == size, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s:%" PetscInt_FMT ": column '%s': model '%s' has scale %.6g here but %.6g on an earlier row", t->path,
             t->line[row], t->header[col[1]], c->model[j], (double) size, (double) c->N[j]);
  c->N[j] = size;
  PetscCheck(isnan(e->p), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s:%" PetscInt_FMT ": model '%s' and instance '%s' appear twice", t->path, t->line[row], c->model[j],
             c->inst[i]);
  PetscCall(Count(t, row, col[3], 1, PETSC_INFINITY, &n));
  PetscCall(Count(t, row, col[4], 0, PetscMin((PetscReal) c->r, n), &x));
  PetscCall(SweepPUEstimateInstance(c->r, n, x, c->level, e));
  if (!c->plain) PetscFunctionReturn(0);
  PetscCall(Count(t, row, col[5], 1, PETSC_INFINITY, &k));
  PetscCall(Count(t, row, col[6], 0, k, &s));
  PetscCall(SweepPUEstimatePlain(k, s, c->level, &c->plain[j * c->m + i]));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadInput(PUCtx *c, const char path[])
{
  SweepTable *t = &c->table;
  PetscInt    col[7], jk, js, *jrow, *irow;
  PetscBool   distinct = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCall(SweepTableRead(path, t));
  PetscCheck(t->nrow > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: no rows of sampling outcomes", path);
  PetscCall(SweepTableColumn(t, c->col_model, "-sweep_passuntil_col_model", &col[0]));
  PetscCall(SweepTableColumn(t, c->col_size, "-sweep_passuntil_col_size", &col[1]));
  PetscCall(SweepTableColumn(t, c->col_inst, "-sweep_passuntil_col_instance", &col[2]));
  PetscCall(SweepTableColumn(t, c->col_samples, "-sweep_passuntil_col_samples", &col[3]));
  PetscCall(SweepTableColumn(t, c->col_passes, "-sweep_passuntil_col_passes", &col[4]));
  PetscCall(SweepTableFindColumn(t, c->col_k, &jk));
  PetscCall(SweepTableFindColumn(t, c->col_succ, &js));
  if (c->k_set || (jk >= 0) != (js >= 0)) { /* asked for, or half there: both are required */
    PetscCall(SweepTableColumn(t, c->col_k, "-sweep_passuntil_col_k", &col[5]));
    PetscCall(SweepTableColumn(t, c->col_succ, "-sweep_passuntil_col_successes", &col[6]));
  } else
    col[5] = jk, col[6] = js;
  /* owned by the context, so that an error in a row leaks nothing */
  PetscCall(PetscMalloc4(t->nrow, &c->model, t->nrow, &c->inst, t->nrow, &c->jrow, t->nrow, &c->irow));
  jrow = c->jrow, irow = c->irow;
  for (PetscInt row = 0; row < t->nrow; row++) {
    jrow[row] = Intern(c->model, &c->M, SweepTableText(t, row, col[0]));
    irow[row] = Intern(c->inst, &c->m, SweepTableText(t, row, col[2]));
  }
  PetscCheck(c->M >= 2, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: column '%s': the law needs at least 2 models, the file has %" PetscInt_FMT, path, c->col_model, c->M);
  PetscCall(PetscMalloc2(c->M, &c->N, c->M * c->m, &c->e));
  if (col[5] >= 0) PetscCall(PetscMalloc1(c->M * c->m, &c->plain));
  for (PetscInt j = 0; j < c->M; j++) c->N[j] = NAN;
  for (PetscInt k = 0; k < c->M * c->m; k++) {
    c->e[k].p = c->e[k].var = c->e[k].lo = c->e[k].hi = c->e[k].samples = c->e[k].passes = NAN;
    c->e[k].stopped                                                                      = PETSC_FALSE;
    if (c->plain) c->plain[k] = c->e[k];
  }
  for (PetscInt row = 0; row < t->nrow; row++) PetscCall(ReadRow(c, row, col, jrow[row], irow[row]));
  /* models of one size give the line no slope: the fit would report alpha = 0 with a zero-width band */
  for (PetscInt j = 1; j < c->M && !distinct; j++) distinct = (PetscBool) (c->N[j] != c->N[0]);
  PetscCheck(distinct, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: column '%s': every model has the size %g; the law needs at least 2 different sizes", path,
             c->col_size, (double) c->N[0]);
  PetscFunctionReturn(0);
}

static PetscErrorCode PUSetUp(MPI_Comm comm, const SweepOptions *opt, void **ctx)
{
  PUCtx *c;

  PetscFunctionBegin;
  PetscCall(PetscNew(&c));
  *ctx = c;
  PetscCall(ReadOptions(comm, c));
  c->seed = opt->seed;
  if (opt->help) PetscFunctionReturn(0);
  PetscCall(ReadInput(c, opt->input));
  PetscCall(ParsePredict(c));
  c->study = (SweepPUStudy){c->M, c->m, c->N, c->e, c->npred, c->Npred, c->level, c->instance_fit};
  PetscFunctionReturn(0);
}

static PetscErrorCode PUIdentity(void *ctx, char id[], size_t len)
{
  PUCtx *c = (PUCtx *) ctx;
  char   line[512];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(line, sizeof(line),
                          "passuntil_columns %s,%s,%s,%s,%s,%s,%s\npassuntil_r %" PetscInt_FMT
                          "\npassuntil_level %.17g\npassuntil_class_level %.17g\npassuntil_predict_n %s\n"
                          "passuntil_instance_fit %s\n",
                          c->col_model, c->col_size, c->col_inst, c->col_samples, c->col_passes, c->col_k, c->col_succ,
                          c->r, (double) c->level, (double) c->class_level, c->predict, c->instance_text));
  PetscCall(PetscStrlcat(id, line, len));
  PetscFunctionReturn(0);
}

static PetscErrorCode PUItem(void *ctx, PetscInt b, PetscReal rec[])
{
  PUCtx *c = (PUCtx *) ctx;

  PetscFunctionBegin;
  PetscCall(SweepPUReplicate(&c->study, (uint64_t) c->seed, b, rec));
  PetscFunctionReturn(0);
}

/* Root, after the replicates: per-model PassUntil and pass@k, the instance intercepts of the full
   fit, the curvature's interval at -sweep_passuntil_class_level and the class. */
static PetscErrorCode Summarise(PUCtx *c)
{
  PetscReal *x, q[2] = {0.5 - 0.5 * c->class_level, 0.5 + 0.5 * c->class_level}, band[2];

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(c->M, &c->pu, c->M, &c->passk, c->m, &c->inst_logc));
  for (PetscInt j = 0; j < c->M; j++) {
    PetscCall(SweepPUMean(c->m, c->e + j * c->m, NULL, c->level, &c->pu[j]));
    if (c->plain) PetscCall(SweepPUMean(c->m, c->plain + j * c->m, NULL, c->level, &c->passk[j]));
  }
  c->inst_alpha = NAN;
  for (PetscInt i = 0; i < c->m; i++) c->inst_logc[i] = NAN;
  PetscCall(SweepPUFitInstances(c->M, c->m, c->N, c->e, c->m, NULL, c->instance_fit, c->inst_logc, &c->inst_alpha));
  PetscCall(PetscMalloc1(c->nboot + 1, &x));
  for (PetscInt b = 0; b < c->nboot; b++) x[b] = c->rec[(b + 1) * c->reclen + SWEEP_PU_CURVATURE];
  PetscCall(SweepQuantiles(c->nboot, x, 2, q, band));
  PetscCall(PetscFree(x));
  c->curv_lo = band[0], c->curv_hi = band[1];
  c->cls = SweepPUClassify(c->curv_lo, c->curv_hi);
  PetscFunctionReturn(0);
}

/* Collective: one phase, the fit to all instances (item 0) and -sweep_bootstrap resamples. */
static PetscErrorCode PURun(MPI_Comm comm, SweepKindRun run, void *ctx)
{
  PUCtx      *c = (PUCtx *) ctx;
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  c->nboot  = SweepKindRunOptions(run)->bootstrap;
  c->reclen = SweepPURecordLength(&c->study);
  if (!rank) PetscCall(PetscMalloc1((c->nboot + 1) * c->reclen, &c->rec));
  PetscCall(SweepKindRunItems(comm, run, 0, "passuntil replicates", c->nboot + 1, c->reclen, PUItem, c, c->rec));
  if (!rank) PetscCall(Summarise(c));
  PetscFunctionReturn(0);
}

/* A per-model field of the estimates as an array. */
static void Field(PetscInt n, const SweepPUEstimate e[], PetscInt which, PetscReal out[])
{
  for (PetscInt k = 0; k < n; k++)
    out[k] = which == 0   ? e[k].p
             : which == 1 ? e[k].var
             : which == 2 ? e[k].lo
             : which == 3 ? e[k].hi
             : which == 4 ? e[k].samples
                          : e[k].passes;
}

/* name (the replicate-0 value of record field f, a scalar) and name_q (its bootstrap quantiles). */
static PetscErrorCode PutFitted(int ncid, SweepKindRun run, PUCtx *c, const char name[], PetscInt f,
                                const char long_name[])
{
  const SweepOptions *o     = SweepKindRunOptions(run);
  const char         *dq[1] = {"quantile"};
  char                qname[128], qlong[512];
  PetscReal           q[SWEEP_MAX_SUMMARY];

  PetscFunctionBegin;
  PetscCall(SweepNCPutReal(ncid, name, 0, NULL, &c->rec[f], "1", long_name));
  PetscCall(SweepKindQuantiles(run, c->nboot, c->rec + c->reclen + f, c->reclen, q));
  PetscCall(PetscSNPrintf(qname, sizeof(qname), "%s_q", name));
  PetscCall(PetscSNPrintf(qlong, sizeof(qlong),
                          "%s: quantiles over %" PetscInt_FMT " bootstrap resamples of the instances", long_name,
                          o->bootstrap));
  PetscCall(SweepNCPutReal(ncid, qname, 1, dq, q, "1", qlong));
  PetscFunctionReturn(0);
}

/* name[n] from the replicate-0 fields f..f+n and name_q[n][quantile] over the resamples. */
static PetscErrorCode PutFittedVector(int ncid, SweepKindRun run, PUCtx *c, const char name[], const char dim[],
                                      PetscInt n, PetscInt f, PetscBool value, const char long_name[])
{
  const SweepOptions *o     = SweepKindRunOptions(run);
  const char         *d1[1] = {dim}, *d2[2] = {dim, "quantile"};
  char                qname[128], qlong[512];
  PetscReal          *q;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(n * o->nquantile + 1, &q));
  if (value) PetscCall(SweepNCPutReal(ncid, name, 1, d1, &c->rec[f], "1", long_name));
  for (PetscInt k = 0; k < n; k++)
    PetscCall(SweepKindQuantiles(run, c->nboot, c->rec + c->reclen + f + k, c->reclen, q + k * o->nquantile));
  PetscCall(PetscSNPrintf(qname, sizeof(qname), "%s_q", name));
  PetscCall(PetscSNPrintf(qlong, sizeof(qlong),
                          "%s: quantiles over %" PetscInt_FMT " bootstrap resamples of the instances", long_name,
                          o->bootstrap));
  PetscCall(SweepNCPutReal(ncid, qname, 2, d2, q, "1", qlong));
  PetscCall(PetscFree(q));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteInstances(int ncid, PUCtx *c)
{
  const char *d2[2]    = {"model", "instance"};
  const char *names[6] = {"p_hat", "p_var", "p_lo", "p_hi", "samples", "passes"};
  const char *longs[6] = {
      "instance pass probability: (r-1)/(n-1) at a stop on the r-th pass, passes/n at a budget stop",
      "estimated variance of p_hat",
      "lower bound of the exact interval of p (-sweep_passuntil_level)",
      "upper bound of the exact interval of p (-sweep_passuntil_level)",
      "samples drawn",
      "passes seen"};
  PetscReal *x;
  PetscInt  *st, n = c->M * c->m;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(n, &x, n, &st));
  for (PetscInt w = 0; w < 6; w++) {
    Field(n, c->e, w, x);
    PetscCall(SweepNCPutReal(ncid, names[w], 2, d2, x, "1", longs[w]));
  }
  for (PetscInt k = 0; k < n; k++) st[k] = isfinite(c->e[k].p) ? (PetscInt) c->e[k].stopped : -1;
  PetscCall(SweepNCPutInt(ncid, "stopped", 2, d2, st,
                          "1: sampling stopped at the r-th pass, 0: the budget ran out, -1: no row"));
  if (c->plain) {
    Field(n, c->plain, 0, x);
    PetscCall(SweepNCPutReal(ncid, "plain_rate", 2, d2, x, "1", "pass rate read from k plain samples (successes/k)"));
  }
  PetscCall(PetscFree2(x, st));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteModels(int ncid, SweepKindRun run, PUCtx *c)
{
  const char *d1[1] = {"model"};
  PetscReal  *x;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(c->M, &x));
  Field(c->M, c->pu, 0, x);
  PetscCall(SweepNCPutReal(ncid, "passuntil", 1, d1, x, "1", "task PassUntil: mean over instances of p_hat"));
  Field(c->M, c->pu, 1, x);
  PetscCall(SweepNCPutReal(ncid, "passuntil_var", 1, d1, x, "1", "variance of passuntil (sum of p_var / count^2)"));
  Field(c->M, c->pu, 2, x);
  PetscCall(SweepNCPutReal(ncid, "passuntil_lo", 1, d1, x, "1",
                           "lower bound of passuntil (log-normal, -sweep_passuntil_level)"));
  Field(c->M, c->pu, 3, x);
  PetscCall(SweepNCPutReal(ncid, "passuntil_hi", 1, d1, x, "1",
                           "upper bound of passuntil (log-normal; with no pass, 1 - ((1-level)/2)^(1/samples))"));
  for (PetscInt j = 0; j < c->M; j++) x[j] = c->pu[j].p > 0 && c->pu[j].p < 1 ? log(-log(c->pu[j].p)) : NAN;
  PetscCall(SweepNCPutReal(ncid, "F", 1, d1, x, "1", "log(-log passuntil)"));
  for (PetscInt j = 0; j < c->M; j++) x[j] = c->rec[SWEEP_PU_LOGC] - c->rec[SWEEP_PU_ALPHA] * log(c->N[j]);
  PetscCall(SweepNCPutReal(ncid, "F_fit", 1, d1, x, "1", "log c - alpha log N of the task-level fit"));
  PetscCall(PutFittedVector(ncid, run, c, "passuntil", "model", c->M, SWEEP_PU_NFIXED + 2 * c->npred, PETSC_FALSE,
                            "task PassUntil"));
  if (c->plain) {
    Field(c->M, c->passk, 0, x);
    PetscCall(SweepNCPutReal(ncid, "passk", 1, d1, x, "1", "pass rate from k plain samples, mean over instances"));
    Field(c->M, c->passk, 3, x);
    PetscCall(SweepNCPutReal(ncid, "passk_hi", 1, d1, x, "1", "upper bound of passk"));
  }
  PetscCall(PetscFree(x));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteLaw(int ncid, SweepKindRun run, PUCtx *c)
{
  const char *dp[1] = {"predict_n"}, *di[1] = {"instance"};
  PetscInt    cls     = c->cls;
  PetscReal   band[2] = {c->curv_lo, c->curv_hi};
  const char *db[1]   = {"bound"};

  PetscFunctionBegin;
  PetscCall(PutFitted(ncid, run, c, "log_c", SWEEP_PU_LOGC, "task law PU = exp(-c N^-alpha): log c"));
  PetscCall(PutFitted(ncid, run, c, "alpha", SWEEP_PU_ALPHA, "task law PU = exp(-c N^-alpha): alpha"));
  PetscCall(PutFitted(ncid, run, c, "instance_alpha", SWEEP_PU_INST_ALPHA, "instance-level law: shared alpha"));
  PetscCall(
      SweepNCPutReal(ncid, "instance_log_c", 1, di, c->inst_logc, "1", "instance-level law: log c of each instance"));
  PetscCall(PutFitted(ncid, run, c, "curvature", SWEEP_PU_CURVATURE,
                      "coefficient of (log N)^2 in a quadratic fit of log(-log PU) in log N"));
  PetscCall(SweepNCDim(ncid, "bound", 2));
  PetscCall(SweepNCPutReal(ncid, "curvature_interval", 1, db, band, "1",
                           "bootstrap interval of the curvature at -sweep_passuntil_class_level"));
  PetscCall(SweepNCPutInt(ncid, "emergence_class", 0, NULL, &cls,
                          "emergence class: -1 accelerated, 0 standard, 1 decelerated, -2 undetermined"));
  PetscCall(SweepNCPutAttText(ncid, "emergence_class", "class_name", SweepPUClassName(c->cls)));
  PetscCall(SweepNCPutAttText(ncid, NULL, "emergence_class", SweepPUClassName(c->cls)));
  PetscCall(SweepNCDim(ncid, "predict_n", (size_t) c->npred));
  PetscCall(SweepNCPutReal(ncid, "predict_n", 1, dp, c->Npred, "1", "scale the law is evaluated at"));
  PetscCall(PutFittedVector(ncid, run, c, "passuntil_pred", "predict_n", c->npred, SWEEP_PU_NFIXED, PETSC_TRUE,
                            "PassUntil predicted by the task-level law"));
  PetscCall(PutFittedVector(ncid, run, c, "passuntil_pred_instance", "predict_n", c->npred, SWEEP_PU_NFIXED + c->npred,
                            PETSC_TRUE, "PassUntil predicted by the instance-level law (mean over instances)"));
  PetscFunctionReturn(0);
}

/* Root. */
static PetscErrorCode PUWrite(int ncid, SweepKindRun run, void *ctx)
{
  PUCtx      *c     = (PUCtx *) ctx;
  const char *d1[1] = {"model"};
  char        text[512];

  PetscFunctionBegin;
  PetscCall(SweepNCPutStrings(ncid, "model_name", "model", (size_t) c->M, c->model, "model"));
  PetscCall(SweepNCPutStrings(ncid, "instance_name", "instance", (size_t) c->m, c->inst, "test instance"));
  PetscCall(PetscSNPrintf(text, sizeof(text), "scale the law is fitted in (input column '%s')", c->col_size));
  PetscCall(SweepNCPutReal(ncid, "model_size", 1, d1, c->N, "1", text));
  PetscCall(WriteInstances(ncid, c));
  PetscCall(WriteModels(ncid, run, c));
  PetscCall(WriteLaw(ncid, run, c));
  PetscCall(PetscSNPrintf(text, sizeof(text), "%" PetscInt_FMT, c->r));
  PetscCall(SweepNCPutAttText(ncid, NULL, "passuntil_r", text));
  PetscFunctionReturn(0);
}

/* The band of record field f over the resamples, as " [lo, hi]" (empty without resamples). */
static PetscErrorCode BandText(SweepKindRun run, PUCtx *c, PetscInt f, const char fmt[], char text[], size_t len)
{
  PetscReal lo, hi;
  char      f2[64];

  PetscFunctionBegin;
  text[0] = 0;
  if (!c->nboot) PetscFunctionReturn(0);
  PetscCall(SweepKindBand(run, c->nboot, c->rec + c->reclen + f, c->reclen, &lo, &hi));
  PetscCall(PetscSNPrintf(f2, sizeof(f2), " [%s, %s]", fmt, fmt));
  PetscCall(PetscSNPrintf(text, len, f2, (double) lo, (double) hi));
  PetscFunctionReturn(0);
}

static PetscErrorCode ViewModels(PUCtx *c, FILE *fp)
{
  PetscFunctionBegin;
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "\nPassUntil per model (r = %" PetscInt_FMT ", %.4g%% intervals):\n",
                         c->r, (double) (100 * c->level)));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "  %-16s %10s %9s %12s %11s %23s %s\n", "model", c->col_size, "instances",
                         "all samples", "PassUntil", "interval", c->plain ? "    pass@k  read 0" : ""));
  for (PetscInt j = 0; j < c->M; j++) {
    PetscInt cnt = 0, zero = 0;
    char     pk[64] = "";
    for (PetscInt i = 0; i < c->m; i++) cnt += isfinite(c->e[j * c->m + i].p);
    for (PetscInt i = 0; c->plain && i < c->m; i++) zero += c->plain[j * c->m + i].passes == 0;
    if (c->plain)
      PetscCall(
          PetscSNPrintf(pk, sizeof(pk), "%10.3g %4" PetscInt_FMT "/%" PetscInt_FMT, (double) c->passk[j].p, zero, cnt));
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                           "  %-16.16s %10.3g %9" PetscInt_FMT " %12.4g %11.4g [%9.3g, %9.3g] %s\n", c->model[j],
                           (double) c->N[j], cnt, (double) c->pu[j].samples, (double) c->pu[j].p, (double) c->pu[j].lo,
                           (double) c->pu[j].hi, pk));
  }
  PetscFunctionReturn(0);
}

/* Root: the printed summary. */
static PetscErrorCode PUView(SweepKindRun run, void *ctx, FILE *fp)
{
  PUCtx              *c = (PUCtx *) ctx;
  const SweepOptions *o = SweepKindRunOptions(run);
  char                b1[96], b2[96], b3[96];

  PetscFunctionBegin;
  PetscCall(ViewModels(c, fp));
  PetscCall(
      PetscFPrintf(PETSC_COMM_SELF, fp, "\nTask law PU(N) = exp(-c N^-alpha), F = log(-log PU) = log c - alpha log N"));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         " (bands: quantiles %.4g-%.4g of %" PetscInt_FMT " resamples of the instances):\n",
                         (double) o->quantiles[0], (double) o->quantiles[o->nquantile - 1], o->bootstrap));
  PetscCall(BandText(run, c, SWEEP_PU_LOGC, "%.4g", b1, sizeof(b1)));
  PetscCall(BandText(run, c, SWEEP_PU_ALPHA, "%.4g", b2, sizeof(b2)));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "  task level:     log c = %.4g%s, alpha = %.4g%s\n",
                         (double) c->rec[SWEEP_PU_LOGC], b1, (double) c->rec[SWEEP_PU_ALPHA], b2));
  if (c->instance_fit) {
    PetscInt used = 0;
    for (PetscInt i = 0; i < c->m; i++) used += isfinite(c->inst_logc[i]);
    PetscCall(BandText(run, c, SWEEP_PU_INST_ALPHA, "%.4g", b3, sizeof(b3)));
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                           "  instance level: alpha = %.4g%s (%s; shared slope, %" PetscInt_FMT " of %" PetscInt_FMT
                           " instances with an intercept)\n",
                           (double) c->rec[SWEEP_PU_INST_ALPHA], b3,
                           c->instance_fit == SWEEP_PU_INSTANCE_ML ? "likelihood" : "inverse-variance least squares",
                           used, c->m));
  }
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "\nPredictions:\n  %12s %14s %23s %14s %23s\n", c->col_size, "PU (task)",
                         "band", "PU (instance)", "band"));
  for (PetscInt k = 0; k < c->npred; k++) {
    PetscInt ft = SWEEP_PU_NFIXED + k, fi = ft + c->npred;
    PetscCall(BandText(run, c, ft, "%9.4g", b1, sizeof(b1)));
    PetscCall(BandText(run, c, fi, "%9.4g", b2, sizeof(b2)));
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "  %12.4g %14.5g %23s %14.5g %23s\n", (double) c->Npred[k],
                           (double) c->rec[ft], b1, (double) c->rec[fi], b2));
  }
  if (!c->nboot)
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                           "\nEmergence: curvature of F in log N = %.4g; no class without -sweep_bootstrap\n",
                           (double) c->rec[SWEEP_PU_CURVATURE]));
  else
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                           "\nEmergence: curvature of F in log N = %.4g, %.4g%% bootstrap interval [%.4g, %.4g]: %s\n",
                           (double) c->rec[SWEEP_PU_CURVATURE], (double) (100 * c->class_level), (double) c->curv_lo,
                           (double) c->curv_hi, SweepPUClassName(c->cls)));
  PetscFunctionReturn(0);
}

static PetscErrorCode PUDestroy(void **ctx)
{
  PUCtx *c = (PUCtx *) *ctx;

  PetscFunctionBegin;
  if (!c) PetscFunctionReturn(0);
  PetscCall(SweepTableDestroy(&c->table));
  PetscCall(PetscFree4(c->model, c->inst, c->jrow, c->irow));
  PetscCall(PetscFree2(c->N, c->e));
  PetscCall(PetscFree(c->plain));
  PetscCall(PetscFree(c->rec));
  PetscCall(PetscFree3(c->pu, c->passk, c->inst_logc));
  PetscCall(PetscFree(c));
  *ctx = NULL;
  PetscFunctionReturn(0);
}

const SweepKind SweepKindPassUntil = {
    "passuntil",
    "PassUntil: pass probabilities from sampling until passes, the task law and emergence",
    "Hu et al. 2023, Predicting Emergent Abilities with Infinite Resolution Evaluation (arXiv:2310.03262)",
    PETSC_TRUE,
    PUSetUp,
    PUIdentity,
    PURun,
    PUWrite,
    PUView,
    PUDestroy,
};
