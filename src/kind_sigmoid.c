/* kind_sigmoid.c: the "sigmoid" study kind (docs/sigmoid.md): sigmoid task laws fitted to a CSV of
   (model, N, D or C, accuracy[, loss]) rows with the numerics of tasklaw.h; emergence thresholds
   (the compute where accuracy crosses a level) and the step centres of the multi-plateau law with
   bootstrap bands over models.

   Phases (scheduler items, journalled):
   0. the fits to all rows: the multi-plateau law for K = 1..Kmax (one item each), the direct law,
      the two-step law (loss law, then accuracy of loss);
   1. bootstrap replicates 1..B (one item each): the models are resampled, every law refitted from
      its phase-0 fit (K fixed at the K of phase 0).
   The root derives thresholds, centres and curves from the parameters. */
#include "kind.h"
#include "table.h"
#include "tasklaw.h"
#include "config.h"
#include "fit.h"
#include <math.h>

#define NLAW 3 /* direct, two-step, multi-plateau */
#define MAX_TARGET 16
static const char *const LawNames[NLAW] = {"direct", "twostep", "multi"};

/* Phase 0 record: item K - 1 (multi, K steps): rss, p; item Kmax (direct): rss, p; item Kmax + 1
   (two-step): TAO reason of the loss fit, loss-law p (SWEEP_MAX_PARAMS), unused, accuracy p. */
#define REC0 (2 + SWEEP_MAX_PARAMS + SWEEP_TASK_NPMAX)
/* Phase 1 record (a replicate): direct p, loss-law p, accuracy p, multi p. */
#define OFF_DIRECT 0
#define OFF_LOSS 4
#define OFF_ACC (4 + SWEEP_MAX_PARAMS)
#define OFF_MULTI (8 + SWEEP_MAX_PARAMS)
#define REC1 (8 + SWEEP_MAX_PARAMS + SWEEP_TASK_NPMAX)

typedef struct {
  /* options */
  char      col_model[SWEEP_NAME_LEN], col_n[SWEEP_NAME_LEN], col_d[SWEEP_NAME_LEN], col_c[SWEEP_NAME_LEN];
  char      col_acc[SWEEP_NAME_LEN], col_loss[SWEEP_NAME_LEN], loss_law[SWEEP_NAME_LEN], grid[256];
  char      predict[1024];
  char      level_type[SWEEP_NAME_LEN];
  PetscInt  kmax, ngrid;
  PetscReal level, huber, glo, ghi;
  PetscBool relative;
  PetscInt  ntarget;                        /* -sweep_sigmoid_predict: models to predict */
  PetscReal tN[MAX_TARGET], tD[MAX_TARGET]; /* their sizes and tokens */
  /* data, on every rank */
  SweepTable table;
  PetscInt   n, nmodel;
  PetscInt  *model;                      /* [n] model index of each row */
  char     **model_name;                 /* [nmodel] pointers into the table */
  PetscReal *N, *D, *x, *acc, *loss, *w; /* [n]; x = log10 C; w: workspace */
  PetscBool  twostep;                    /* N, D and loss are known */
  SweepLaw   law;
  uint64_t   seed;
  PetscInt   B;
  /* results */
  PetscReal *rec0;   /* [(kmax + 2) * REC0], every rank (broadcast) */
  PetscInt   K;      /* BIC's choice */
  PetscReal *bic;    /* [kmax] */
  PetscReal *rep;    /* root: [(B + 1) * REC1], replicate 0 from phase 0 */
  PetscReal *thr;    /* root: [(B + 1) * NLAW] thresholds, log10 FLOP */
  PetscReal *centre; /* root: [(B + 1) * K] */
  PetscReal *curve;  /* root: [(B + 1) * NLAW * ngrid] */
  PetscReal *lossq;  /* root: [(B + 1) * np] natural loss-law parameters */
  PetscReal *pred;   /* root: [(B + 1) * NLAW * ntarget] predicted accuracy of the targets */
} Sigmoid;

/* ------------------------------------------------------------------ set-up */

static PetscErrorCode ParseGrid(Sigmoid *sg)
{
  PetscBool auto_;
  double    lo, hi;
  long      n;
  char      tail;

  PetscFunctionBegin;
  PetscCall(PetscStrcmp(sg->grid, "auto", &auto_));
  sg->glo = sg->ghi = NAN, sg->ngrid = 81;
  if (auto_) PetscFunctionReturn(0);
  PetscCheck(sscanf(sg->grid, "%lf:%lf:%ld%c", &lo, &hi, &n, &tail) == 3 && isfinite(lo) && isfinite(hi) && lo < hi &&
                 n >= 2 && n <= 100000,
             PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "option -sweep_sigmoid_grid: '%s' is not 'auto' or lo:hi:n (log10 FLOP, lo < hi, 2 <= n <= 1e5)",
             sg->grid);
  sg->glo = lo, sg->ghi = hi, sg->ngrid = n;
  PetscFunctionReturn(0);
}

/* -sweep_sigmoid_predict N:D,N:D,...: models (parameters, tokens) whose accuracy is predicted. */
static PetscErrorCode ParsePredict(Sigmoid *sg)
{
  char *p = sg->predict;

  PetscFunctionBegin;
  sg->ntarget = 0;
  if (!strcmp(p, "none")) PetscFunctionReturn(0);
  while (*p) {
    char  *end;
    double N = strtod(p, &end), D = NAN;
    if (*end == ':') D = strtod(end + 1, &end);
    PetscCheck(sg->ntarget < MAX_TARGET && N > 0 && D > 0 && isfinite(N) && isfinite(D) && (*end == ',' || !*end),
               PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
               "option -sweep_sigmoid_predict: '%s' is not 'none' or up to %d pairs N:D of positive numbers, comma "
               "separated",
               sg->predict, MAX_TARGET);
    sg->tN[sg->ntarget] = N, sg->tD[sg->ntarget] = D, sg->ntarget++;
    p = *end ? end + 1 : end;
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadOptions(MPI_Comm comm, Sigmoid *sg)
{
  PetscBool abs_;

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(sg->col_model, "model", sizeof(sg->col_model)));
  PetscCall(PetscStrncpy(sg->col_n, "N", sizeof(sg->col_n)));
  PetscCall(PetscStrncpy(sg->col_d, "D", sizeof(sg->col_d)));
  PetscCall(PetscStrncpy(sg->col_c, "C", sizeof(sg->col_c)));
  PetscCall(PetscStrncpy(sg->col_acc, "accuracy", sizeof(sg->col_acc)));
  PetscCall(PetscStrncpy(sg->col_loss, "loss", sizeof(sg->col_loss)));
  PetscCall(PetscStrncpy(sg->loss_law, "chinchilla", sizeof(sg->loss_law)));
  PetscCall(PetscStrncpy(sg->grid, "auto", sizeof(sg->grid)));
  PetscCall(PetscStrncpy(sg->level_type, "absolute", sizeof(sg->level_type)));
  PetscCall(PetscStrncpy(sg->predict, "none", sizeof(sg->predict)));
  sg->kmax = 3, sg->level = 0.5, sg->huber = 1e-3;
  PetscOptionsBegin(comm, NULL, "Sigmoid task laws (-sweep_study sigmoid)", NULL);
  PetscCall(PetscOptionsString("-sweep_sigmoid_col_model", "Column naming the model of a row (the bootstrap unit)",
                               NULL, sg->col_model, sg->col_model, sizeof(sg->col_model), NULL));
  PetscCall(PetscOptionsString("-sweep_sigmoid_col_n", "Column of model sizes N (parameters)", NULL, sg->col_n,
                               sg->col_n, sizeof(sg->col_n), NULL));
  PetscCall(PetscOptionsString("-sweep_sigmoid_col_d", "Column of training tokens D", NULL, sg->col_d, sg->col_d,
                               sizeof(sg->col_d), NULL));
  PetscCall(PetscOptionsString("-sweep_sigmoid_col_c", "Column of training compute C in FLOP (absent: 6 N D)", NULL,
                               sg->col_c, sg->col_c, sizeof(sg->col_c), NULL));
  PetscCall(PetscOptionsString("-sweep_sigmoid_col_acc", "Column of task accuracy, in [0, 1]", NULL, sg->col_acc,
                               sg->col_acc, sizeof(sg->col_acc), NULL));
  PetscCall(PetscOptionsString("-sweep_sigmoid_col_loss", "Column of loss for the two-step law (absent: no two-step)",
                               NULL, sg->col_loss, sg->col_loss, sizeof(sg->col_loss), NULL));
  PetscCall(PetscOptionsString("-sweep_sigmoid_loss_law", "Loss law of the two-step method (a -sweep_laws name)", NULL,
                               sg->loss_law, sg->loss_law, sizeof(sg->loss_law), NULL));
  PetscCall(PetscOptionsReal("-sweep_sigmoid_huber_delta", "Huber delta of the loss-law fit (on log loss)", NULL,
                             sg->huber, &sg->huber, NULL));
  PetscCall(PetscOptionsInt("-sweep_sigmoid_kmax", "Most steps of the multi-plateau law (K = 1..kmax, by BIC)", NULL,
                            sg->kmax, &sg->kmax, NULL));
  PetscCall(PetscOptionsReal("-sweep_sigmoid_level", "Accuracy level whose crossing is the emergence threshold", NULL,
                             sg->level, &sg->level, NULL));
  PetscCall(PetscOptionsString("-sweep_sigmoid_level_type",
                               "absolute (accuracy = level) or relative (floor + level (ceiling - floor) of each law)",
                               NULL, sg->level_type, sg->level_type, sizeof(sg->level_type), NULL));
  PetscCall(PetscOptionsString("-sweep_sigmoid_grid",
                               "Curves' grid lo:hi:n in log10 FLOP; auto: the data's range +- 1, 81 points", NULL,
                               sg->grid, sg->grid, sizeof(sg->grid), NULL));
  PetscCall(PetscOptionsString("-sweep_sigmoid_predict",
                               "Models N:D,N:D,... (parameters:tokens) whose accuracy every law predicts; none", NULL,
                               sg->predict, sg->predict, sizeof(sg->predict), NULL));
  PetscOptionsEnd();
  PetscCheck(sg->kmax >= 1 && sg->kmax <= SWEEP_TASK_KMAX, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option -sweep_sigmoid_kmax: %" PetscInt_FMT " is not in [1, %d]", sg->kmax, SWEEP_TASK_KMAX);
  PetscCheck(sg->huber > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option -sweep_sigmoid_huber_delta: %g must be > 0", (double) sg->huber);
  PetscCall(PetscStrcmp(sg->level_type, "relative", &sg->relative));
  PetscCall(PetscStrcmp(sg->level_type, "absolute", &abs_));
  PetscCheck(sg->relative || abs_, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "option -sweep_sigmoid_level_type: '%s' is not 'absolute' or 'relative'", sg->level_type);
  PetscCheck(sg->level > 0 && sg->level < 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option -sweep_sigmoid_level: %g is not in (0, 1)", (double) sg->level);
  PetscCall(ParseGrid(sg));
  PetscCall(ParsePredict(sg));
  PetscFunctionReturn(0);
}

/* A positive finite cell: sizes and compute. */
static PetscErrorCode Positive(const SweepTable *t, PetscInt i, PetscInt j, PetscReal *v)
{
  PetscFunctionBegin;
  PetscCall(SweepTableReal(t, i, j, PETSC_FALSE, v));
  PetscCheck(*v > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s:%" PetscInt_FMT ": column '%s' (field %" PetscInt_FMT "): %g must be > 0", t->path, t->line[i],
             t->header[j], j + 1, (double) *v);
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadInput(const char path[], Sigmoid *sg)
{
  SweepTable *t = &sg->table;
  PetscInt    jm, jn, jd, jc, ja, jl;
  PetscBool   distinct = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCall(SweepTableRead(path, t));
  PetscCall(SweepTableColumn(t, sg->col_model, "-sweep_sigmoid_col_model", &jm));
  PetscCall(SweepTableColumn(t, sg->col_acc, "-sweep_sigmoid_col_acc", &ja));
  PetscCall(SweepTableFindColumn(t, sg->col_n, &jn));
  PetscCall(SweepTableFindColumn(t, sg->col_d, &jd));
  PetscCall(SweepTableFindColumn(t, sg->col_c, &jc));
  PetscCall(SweepTableFindColumn(t, sg->col_loss, &jl));
  PetscCheck(jc >= 0 || (jn >= 0 && jd >= 0), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: no compute: neither a column '%s' (-sweep_sigmoid_col_c) nor both '%s' and '%s' "
             "(-sweep_sigmoid_col_n, -sweep_sigmoid_col_d)",
             path, sg->col_c, sg->col_n, sg->col_d);
  sg->n = t->nrow;
  PetscCheck(sg->n >= 4, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: %" PetscInt_FMT " rows; the laws need 4 at least", path, sg->n);
  sg->twostep = (PetscBool) (jl >= 0 && jn >= 0 && (jd >= 0 || jc >= 0));
  PetscCall(
      PetscMalloc6(sg->n, &sg->N, sg->n, &sg->D, sg->n, &sg->x, sg->n, &sg->acc, sg->n, &sg->loss, sg->n, &sg->w));
  PetscCall(PetscMalloc2(sg->n, &sg->model, sg->n, &sg->model_name));
  sg->nmodel = 0;
  for (PetscInt i = 0; i < sg->n; i++) {
    const char *name = SweepTableText(t, i, jm);
    PetscReal   C    = NAN;
    PetscInt    m;
    PetscCheck(name[0], PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "%s:%" PetscInt_FMT ": column '%s' (field %" PetscInt_FMT "): empty model name", t->path, t->line[i],
               t->header[jm], jm + 1);
    for (m = 0; m < sg->nmodel && strcmp(sg->model_name[m], name); m++) {
    }
    if (m == sg->nmodel) sg->model_name[sg->nmodel++] = (char *) name;
    sg->model[i] = m;
    sg->N[i] = sg->D[i] = sg->loss[i] = NAN;
    if (jn >= 0) PetscCall(Positive(t, i, jn, &sg->N[i]));
    if (jd >= 0) PetscCall(Positive(t, i, jd, &sg->D[i]));
    if (jc >= 0) PetscCall(Positive(t, i, jc, &C));
    if (jc < 0) C = 6 * sg->N[i] * sg->D[i];
    if (jd < 0 && jn >= 0) sg->D[i] = C / (6 * sg->N[i]);
    sg->x[i] = PetscLog10Real(C);
    PetscCall(SweepTableRealIn(t, i, ja, PETSC_FALSE, 0, 1, &sg->acc[i]));
    if (sg->twostep) PetscCall(Positive(t, i, jl, &sg->loss[i]));
  }
  PetscCheck(sg->nmodel >= 2, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: one model only; the bootstrap resamples models", path);
  /* checked here, not left to the fits: a fit's error would come from the run phase, after the
     journal is created, without the file's name */
  for (PetscInt i = 1; i < sg->n && !distinct; i++) distinct = (PetscBool) (sg->x[i] != sg->x[0]);
  PetscCheck(distinct, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: every row has the compute %g (%s '%s'%s%s%s); the laws need at least 2 different computes", path,
             (double) PetscPowReal(10, sg->x[0]), jc >= 0 ? "column" : "6 N D from", t->header[jc >= 0 ? jc : jn],
             jc >= 0 ? "" : " and '", jc >= 0 ? "" : t->header[jd], jc >= 0 ? "" : "'");
  PetscFunctionReturn(0);
}

static PetscErrorCode SigmoidSetUp(MPI_Comm comm, const SweepOptions *opt, void **ctx)
{
  Sigmoid *sg;

  PetscFunctionBegin;
  PetscCall(PetscNew(&sg));
  *ctx = sg;
  PetscCall(ReadOptions(comm, sg));
  if (opt->help) PetscFunctionReturn(0);
  {
    PetscErrorCode ierr;
    char           known[256];
    PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
    ierr = SweepLawCreate(sg->loss_law, &sg->law);
    PetscCall(PetscPopErrorHandler());
    PetscCall(SweepLawList(known, sizeof(known)));
    PetscCheck(!ierr, PETSC_COMM_SELF, PETSC_ERR_ARG_UNKNOWN_TYPE,
               "option -sweep_sigmoid_loss_law: unknown law '%s' (known laws: %s)", sg->loss_law, known);
  }
  PetscCall(ReadInput(opt->input, sg));
  sg->seed = (uint64_t) opt->seed, sg->B = opt->bootstrap;
  if (PetscIsInfOrNanReal(sg->glo)) {
    sg->glo = PETSC_INFINITY, sg->ghi = PETSC_NINFINITY;
    for (PetscInt i = 0; i < sg->n; i++) sg->glo = PetscMin(sg->glo, sg->x[i]), sg->ghi = PetscMax(sg->ghi, sg->x[i]);
    sg->glo = PetscFloorReal(sg->glo) - 1, sg->ghi = PetscCeilReal(sg->ghi) + 1;
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode SigmoidIdentity(void *ctx, char id[], size_t idlen)
{
  Sigmoid *sg = (Sigmoid *) ctx;
  char     line[1024];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(line, sizeof(line),
                          "sigmoid_columns %s,%s,%s,%s,%s,%s\nsigmoid_loss_law %s\nsigmoid_huber_delta %.17g\n"
                          "sigmoid_kmax %" PetscInt_FMT "\n",
                          sg->col_model, sg->col_n, sg->col_d, sg->col_c, sg->col_acc, sg->col_loss, sg->loss_law,
                          (double) sg->huber, sg->kmax));
  PetscCall(PetscStrlcat(id, line, idlen));
  PetscFunctionReturn(0);
}

/* ------------------------------------------------------------------ phases */

/* Row weights of replicate r: each model's bootstrap multiplicity (r = 0: all 1). */
static PetscErrorCode ReplicateWeights(const Sigmoid *sg, PetscInt r, PetscReal w[])
{
  PetscReal *mask, *mw;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(sg->nmodel, &mask, sg->nmodel, &mw));
  for (PetscInt m = 0; m < sg->nmodel; m++) mask[m] = 1;
  PetscCall(SweepBootstrapWeights(mask, sg->nmodel, (PetscInt) sg->seed, r, mw));
  for (PetscInt i = 0; i < sg->n; i++) w[i] = mw[sg->model[i]];
  PetscCall(PetscFree2(mask, mw));
  PetscFunctionReturn(0);
}

/* The two-step law's fits (start NULL: from the data; else the loss law's parameters, then the
   sigmoid's, as in a replicate's record): the loss law into pl, the sigmoid of loss into pa, the TAO
   reason of the loss fit into *reason. A failed fit (TAO meets a non-finite loss prediction, or too
   few distinct losses) leaves NaN parameters, so the two-step results of that fit are missing
   rather than the run stopped, as the loss study does with -sweep_on_failure record. */
static PetscErrorCode TwoStepFit(const Sigmoid *sg, const PetscReal w[], const PetscReal start[], PetscReal pl[],
                                 PetscReal pa[], PetscReal *reason)
{
  PetscErrorCode ierr;
  PetscInt       why = 0;
  PetscReal      rss;

  PetscFunctionBegin;
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = SweepTaskLossLawFit(sg->law, sg->n, sg->N, sg->D, sg->loss, w, sg->huber, start ? start + OFF_LOSS : NULL, pl,
                             &why);
  if (ierr) {
    for (PetscInt j = 0; j < SWEEP_MAX_PARAMS; j++) pl[j] = NAN;
    why = SWEEP_FIT_ERROR;
  }
  ierr = SweepTaskLossFit(sg->n, sg->loss, sg->acc, w, start ? start + OFF_ACC : NULL, pa, &rss);
  if (ierr)
    for (PetscInt j = 0; j < 4; j++) pa[j] = NAN;
  PetscCall(PetscPopErrorHandler());
  if (reason) *reason = (PetscReal) why;
  PetscFunctionReturn(0);
}

static PetscErrorCode FitAll(void *ctx, PetscInt i, PetscReal rec[])
{
  Sigmoid *sg = (Sigmoid *) ctx;

  PetscFunctionBegin;
  for (PetscInt j = 0; j < REC0; j++) rec[j] = NAN;
  if (i < sg->kmax)
    PetscCall(SweepTaskMultiFit(sg->n, sg->x, sg->acc, NULL, i + 1, NULL, rec + 1, &rec[0]));
  else if (i == sg->kmax)
    PetscCall(SweepTaskDirectFit(sg->n, sg->x, sg->acc, NULL, NULL, rec + 1, &rec[0]));
  else if (sg->twostep)
    PetscCall(TwoStepFit(sg, NULL, NULL, rec + 1, rec + 2 + SWEEP_MAX_PARAMS, &rec[0]));
  PetscFunctionReturn(0);
}

/* The phase-0 fits in the layout of a replicate's record. */
static void Replicate0(const Sigmoid *sg, PetscReal rec[])
{
  const PetscReal *multi = sg->rec0 + (sg->K - 1) * REC0 + 1, *direct = sg->rec0 + sg->kmax * REC0 + 1;
  const PetscReal *two = sg->rec0 + (sg->kmax + 1) * REC0;
  for (PetscInt j = 0; j < REC1; j++) rec[j] = NAN;
  for (PetscInt j = 0; j < 4; j++) rec[OFF_DIRECT + j] = direct[j], rec[OFF_ACC + j] = two[2 + SWEEP_MAX_PARAMS + j];
  for (PetscInt j = 0; j < sg->law->np; j++) rec[OFF_LOSS + j] = two[1 + j];
  for (PetscInt j = 0; j < SWEEP_TASK_MULTI_NP(sg->K); j++) rec[OFF_MULTI + j] = multi[j];
}

/* Whether the rows of weight > 0 hold two different computes: a resample of few models may draw
   one model only, and a model may have one row. */
static PetscBool SpansTwoComputes(const Sigmoid *sg, const PetscReal w[])
{
  PetscReal first = NAN;
  for (PetscInt i = 0; i < sg->n; i++) {
    if (!(w[i] > 0)) continue;
    if (PetscIsInfOrNanReal(first))
      first = sg->x[i];
    else if (sg->x[i] != first)
      return PETSC_TRUE;
  }
  return PETSC_FALSE;
}

/* Replicate i + 1: every law refitted to the resampled models from its fit to all rows. */
static PetscErrorCode FitReplicate(void *ctx, PetscInt i, PetscReal rec[])
{
  Sigmoid  *sg = (Sigmoid *) ctx;
  PetscReal start[REC1], rss, *w;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(sg->n, &w));
  Replicate0(sg, start);
  for (PetscInt j = 0; j < REC1; j++) rec[j] = NAN;
  PetscCall(ReplicateWeights(sg, i + 1, w));
  if (!SpansTwoComputes(sg, w)) { /* all draws of one model at one compute: no law to fit, no band */
    PetscCall(PetscFree(w));
    PetscFunctionReturn(0);
  }
  PetscCall(SweepTaskDirectFit(sg->n, sg->x, sg->acc, w, start + OFF_DIRECT, rec + OFF_DIRECT, &rss));
  PetscCall(SweepTaskMultiFit(sg->n, sg->x, sg->acc, w, sg->K, start + OFF_MULTI, rec + OFF_MULTI, &rss));
  if (sg->twostep) PetscCall(TwoStepFit(sg, w, start, rec + OFF_LOSS, rec + OFF_ACC, NULL));
  PetscCall(PetscFree(w));
  PetscFunctionReturn(0);
}

typedef struct {
  const Sigmoid   *sg;
  const PetscReal *rec; /* a replicate's record */
  PetscInt         law;
} Curve;

static PetscReal CurveAt(void *ctx, PetscReal x)
{
  const Curve *c = (const Curve *) ctx;
  switch (c->law) {
  case 0:
    return SweepTaskDirectEval(c->rec + OFF_DIRECT, x);
  case 1:
    return c->sg->twostep ? SweepTaskTwoStepAtBudget(c->sg->law, c->rec + OFF_LOSS, c->rec + OFF_ACC, x) : NAN;
  default:
    return SweepTaskMultiEval(c->sg->K, c->rec + OFF_MULTI, x);
  }
}

/* The accuracy whose crossing is law l's threshold: the level itself, or floor + level (ceiling -
   floor) of the law (direct: b, a; two-step: b, a + b; multi-plateau: b, b + sum of heights). */
static PetscReal Level(const Sigmoid *sg, const PetscReal rec[], PetscInt l)
{
  PetscReal lo, hi;
  if (!sg->relative) return sg->level;
  if (l == 0)
    lo = rec[OFF_DIRECT], hi = rec[OFF_DIRECT + 1];
  else if (l == 1)
    lo = rec[OFF_ACC + 3], hi = rec[OFF_ACC + 3] + rec[OFF_ACC];
  else {
    lo = hi = rec[OFF_MULTI];
    for (PetscInt j = 0; j < sg->K; j++) hi += rec[OFF_MULTI + 1 + j];
  }
  return lo + sg->level * (hi - lo);
}

/* The accuracy of every target (N, D) by each law of a replicate's record, out[l * ntarget + t]:
   the direct and multi-plateau laws at C = 6 N D, the two-step law through its loss law's L(N, D). */
static PetscErrorCode Predict(const Sigmoid *sg, const PetscReal rec[], PetscReal out[])
{
  PetscFunctionBegin;
  for (PetscInt t = 0; t < sg->ntarget; t++) {
    PetscReal x = PetscLog10Real(6 * sg->tN[t] * sg->tD[t]), L = NAN;
    out[t]                   = SweepTaskDirectEval(rec + OFF_DIRECT, x);
    out[2 * sg->ntarget + t] = SweepTaskMultiEval(sg->K, rec + OFF_MULTI, x);
    out[sg->ntarget + t]     = NAN;
    if (sg->twostep && !PetscIsInfOrNanReal(rec[OFF_LOSS])) {
      PetscCall(SweepLawLoss(sg->law, rec + OFF_LOSS, sg->tN[t], sg->tD[t], &L));
      out[sg->ntarget + t] = SweepTaskLossEval(rec + OFF_ACC, L);
    }
  }
  PetscFunctionReturn(0);
}

/* Root: thresholds, centres, curves, predictions and natural loss-law parameters of every replicate. */
static PetscErrorCode Derive(Sigmoid *sg)
{
  const PetscInt R = sg->B + 1, np = sg->law->np;

  PetscFunctionBegin;
  PetscCall(PetscMalloc5(R * NLAW, &sg->thr, R * sg->K, &sg->centre, R * NLAW * sg->ngrid, &sg->curve, R * np,
                         &sg->lossq, R * NLAW * sg->ntarget + 1, &sg->pred));
  for (PetscInt r = 0; r < R; r++) {
    const PetscReal *rec = sg->rep + r * REC1;
    for (PetscInt l = 0; l < NLAW; l++) {
      Curve c               = {sg, rec, l};
      sg->thr[r * NLAW + l] = SweepTaskCrossing(CurveAt, &c, Level(sg, rec, l), sg->glo, sg->ghi);
      for (PetscInt g = 0; g < sg->ngrid; g++)
        sg->curve[(r * NLAW + l) * sg->ngrid + g] = CurveAt(&c, sg->glo + (sg->ghi - sg->glo) * g / (sg->ngrid - 1));
    }
    SweepTaskMultiCentres(sg->K, rec + OFF_MULTI, sg->centre + r * sg->K);
    PetscCall(Predict(sg, rec, sg->pred + r * NLAW * sg->ntarget));
    if (sg->twostep)
      sg->law->to_natural(rec + OFF_LOSS, sg->lossq + r * np);
    else
      for (PetscInt j = 0; j < np; j++) sg->lossq[r * np + j] = NAN;
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode SigmoidRun(MPI_Comm comm, SweepKindRun run, void *ctx)
{
  Sigmoid    *sg = (Sigmoid *) ctx;
  PetscMPIInt rank;
  PetscReal   m = sg->n;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(PetscMalloc2((sg->kmax + 2) * REC0, &sg->rec0, sg->kmax, &sg->bic));
  PetscCall(SweepKindRunItems(comm, run, 0, "sigmoid fits", sg->kmax + 2, REC0, FitAll, sg, sg->rec0));
  /* every rank needs the fits: the replicates start from them, at the K they choose */
  PetscCallMPI(MPI_Bcast(sg->rec0, (PetscMPIInt) ((sg->kmax + 2) * REC0), MPIU_REAL, 0, comm));
  sg->K = 1;
  for (PetscInt K = 1; K <= sg->kmax; K++) {
    sg->bic[K - 1] = SweepTaskBIC(m, sg->rec0[(K - 1) * REC0], SWEEP_TASK_MULTI_NP(K));
    if (sg->bic[K - 1] < sg->bic[sg->K - 1]) sg->K = K;
  }
  if (!rank) PetscCall(PetscMalloc1((sg->B + 1) * REC1, &sg->rep));
  if (sg->B > 0)
    PetscCall(SweepKindRunItems(comm, run, 1, "sigmoid bootstrap", sg->B, REC1, FitReplicate, sg,
                                rank ? NULL : sg->rep + REC1));
  if (rank) PetscFunctionReturn(0);
  Replicate0(sg, sg->rep);
  PetscCall(Derive(sg));
  PetscFunctionReturn(0);
}

/* ------------------------------------------------------------------ output */

/* x of replicate 0 as name, its quantiles over replicates 1..B as name_q (NaN without replicates). */
static PetscErrorCode PutBand(int ncid, SweepKindRun run, const Sigmoid *sg, const char name[], const char dim[],
                              PetscInt len, const PetscReal all[], PetscInt stride, const char units[],
                              const char long_name[])
{
  const SweepOptions *o  = SweepKindRunOptions(run);
  PetscInt            nq = o->nquantile;
  PetscReal          *x, *q;
  char                qname[256], qlong[512];
  const char         *d1[1] = {dim}, *d2[2] = {dim, "quantile"};

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(len + 1, &x, len * nq + 1, &q));
  for (PetscInt j = 0; j < len; j++) {
    x[j] = all[j];
    if (sg->B > 0)
      PetscCall(SweepKindQuantiles(run, sg->B, all + stride + j, stride, q + j * nq));
    else
      for (PetscInt k = 0; k < nq; k++) q[j * nq + k] = NAN;
  }
  PetscCall(SweepNCPutReal(ncid, name, dim ? 1 : 0, d1, x, units, long_name));
  PetscCall(PetscSNPrintf(qname, sizeof(qname), "%s_q", name));
  PetscCall(PetscSNPrintf(qlong, sizeof(qlong), "%s: bootstrap quantiles over models", long_name));
  PetscCall(SweepNCPutReal(ncid, qname, dim ? 2 : 1, dim ? d2 : d2 + 1, q, units, qlong));
  PetscCall(PetscFree2(x, q));
  PetscFunctionReturn(0);
}

static const char *const RowDim[1] = {"row"};

/* The input rows and the settings of the thresholds. */
static PetscErrorCode WriteData(int ncid, const Sigmoid *sg)
{
  char level[64];

  PetscFunctionBegin;
  PetscCall(SweepNCPutAttText(ncid, NULL, "sigmoid_level_type", sg->level_type));
  PetscCall(PetscSNPrintf(level, sizeof(level), "%g", (double) sg->level));
  PetscCall(SweepNCPutAttText(ncid, NULL, "sigmoid_level", level));
  PetscCall(SweepNCDim(ncid, "row", sg->n));
  PetscCall(SweepNCPutStrings(ncid, "model_name", "model", sg->nmodel, (const char *const *) sg->model_name,
                              "model (the bootstrap unit)"));
  PetscCall(SweepNCPutInt(ncid, "row_model", 1, RowDim, sg->model, "index of the row's model in model_name"));
  PetscCall(SweepNCPutReal(ncid, "log10_compute", 1, RowDim, sg->x, "log10 FLOP", "training compute of the row"));
  PetscCall(SweepNCPutReal(ncid, "accuracy", 1, RowDim, sg->acc, "1", "task accuracy of the row"));
  if (sg->twostep) PetscCall(SweepNCPutReal(ncid, "loss", 1, RowDim, sg->loss, "nats", "loss of the row"));
  PetscFunctionReturn(0);
}

/* The grid, each law's curve and threshold, the direct law's parameters and fitted values. */
static PetscErrorCode WriteCurves(int ncid, SweepKindRun run, const Sigmoid *sg, PetscReal tmp[])
{
  static const char *what[NLAW] = {"accuracy of the direct law",
                                   "accuracy of the two-step law at the loss law's compute-optimal allocation",
                                   "accuracy of the multi-plateau law (K of the lowest BIC)"};
  const char        *dparam[4] = {"b_floor", "a_ceiling", "k_per_decade", "x0_log10_flop"}, *dg[1] = {"grid"};
  char               name[64];

  PetscFunctionBegin;
  PetscCall(SweepNCDim(ncid, "grid", sg->ngrid));
  for (PetscInt g = 0; g < sg->ngrid; g++) tmp[g] = sg->glo + (sg->ghi - sg->glo) * g / (sg->ngrid - 1);
  PetscCall(SweepNCPutReal(ncid, "grid", 1, dg, tmp, "log10 FLOP", "training compute of the curves"));
  for (PetscInt l = 0; l < NLAW; l++) { /* replicate r of point g is at curve[(r * NLAW + l) * ngrid + g] */
    PetscCall(PetscSNPrintf(name, sizeof(name), "curve_%s", LawNames[l]));
    PetscCall(
        PutBand(ncid, run, sg, name, "grid", sg->ngrid, sg->curve + l * sg->ngrid, NLAW * sg->ngrid, "1", what[l]));
  }
  PetscCall(SweepNCPutStrings(ncid, "law_name", "law", NLAW, LawNames, "sigmoid task law"));
  PetscCall(
      PutBand(ncid, run, sg, "threshold", "law", NLAW, sg->thr, NLAW, "log10 FLOP",
              "emergence threshold: compute where accuracy crosses the level (sigmoid_level, sigmoid_level_type)"));
  PetscCall(SweepNCPutStrings(ncid, "direct_param_name", "direct_param", 4, dparam,
                              "acc = b + (a - b) / (1 + exp(-k (log10 C - x0)))"));
  PetscCall(PutBand(ncid, run, sg, "direct_params", "direct_param", 4, sg->rep + OFF_DIRECT, REC1, NULL,
                    "direct law parameters"));
  for (PetscInt i = 0; i < sg->n; i++) tmp[i] = SweepTaskDirectEval(sg->rep + OFF_DIRECT, sg->x[i]);
  PetscCall(SweepNCPutReal(ncid, "fitted_direct", 1, RowDim, tmp, "1", "direct law at the row's compute"));
  PetscFunctionReturn(0);
}

/* The two-step law: both steps' parameters and its prediction at each row's (N, D). */
static PetscErrorCode WriteTwoStep(int ncid, SweepKindRun run, const Sigmoid *sg, PetscReal tmp[])
{
  const char *aparam[4] = {"a_height", "k_per_nat", "L0_nats", "b_floor"};
  PetscInt    np        = sg->law->np;

  PetscFunctionBegin;
  if (!sg->twostep) PetscFunctionReturn(0);
  PetscCall(SweepNCPutStrings(ncid, "loss_param_name", "loss_param", np, sg->law->param_names, sg->law->formula));
  PetscCall(PutBand(ncid, run, sg, "loss_params", "loss_param", np, sg->lossq, np, NULL,
                    "two-step law, step 1: natural parameters of the loss law"));
  PetscCall(SweepNCPutStrings(ncid, "twostep_param_name", "twostep_param", 4, aparam,
                              "acc = a / (1 + exp(-k (L - L0))) + b"));
  PetscCall(PutBand(ncid, run, sg, "twostep_params", "twostep_param", 4, sg->rep + OFF_ACC, REC1, NULL,
                    "two-step law, step 2: accuracy as a sigmoid of loss"));
  for (PetscInt i = 0; i < sg->n; i++) {
    PetscReal L;
    PetscCall(SweepLawLoss(sg->law, sg->rep + OFF_LOSS, sg->N[i], sg->D[i], &L));
    tmp[i] = SweepTaskLossEval(sg->rep + OFF_ACC, L);
  }
  PetscCall(SweepNCPutReal(ncid, "fitted_twostep", 1, RowDim, tmp, "1",
                           "two-step prediction of the row's accuracy from its (N, D)"));
  PetscFunctionReturn(0);
}

/* The multi-plateau law: BIC of every K, the chosen K's floor and steps, its fitted values. */
static PetscErrorCode WriteMulti(int ncid, SweepKindRun run, const Sigmoid *sg, PetscReal tmp[])
{
  const PetscInt K = sg->K, R = sg->B + 1, len = 1 + 2 * K;
  const char    *dK[1] = {"K"};
  PetscInt       ks[SWEEP_TASK_KMAX];

  PetscFunctionBegin;
  PetscCall(SweepNCDim(ncid, "K", sg->kmax));
  for (PetscInt k = 0; k < sg->kmax; k++) ks[k] = k + 1, tmp[k] = sg->rec0[k * REC0];
  PetscCall(SweepNCPutInt(ncid, "K", 1, dK, ks, "steps of the multi-plateau law"));
  PetscCall(SweepNCPutReal(ncid, "multi_bic", 1, dK, sg->bic, "1", "BIC of the multi-plateau fit of K steps"));
  PetscCall(SweepNCPutReal(ncid, "multi_rss", 1, dK, tmp, "1", "residual sum of squares of the fit of K steps"));
  PetscCall(SweepNCPutInt(ncid, "multi_K", 0, NULL, &K, "steps chosen (lowest BIC)"));
  for (PetscInt i = 0; i < sg->n; i++) tmp[i] = SweepTaskMultiEval(K, sg->rep + OFF_MULTI, sg->x[i]);
  PetscCall(SweepNCPutReal(ncid, "fitted_multi", 1, RowDim, tmp, "1", "multi-plateau law at the row's compute"));
  /* floor, heights, slopes of every replicate, gathered: tmp[r * len + j] */
  for (PetscInt r = 0; r < R; r++)
    for (PetscInt j = 0; j < len; j++) tmp[r * len + j] = sg->rep[r * REC1 + OFF_MULTI + j];
  PetscCall(PutBand(ncid, run, sg, "multi_floor", NULL, 1, tmp, len, "1", "floor b of the multi-plateau law"));
  PetscCall(SweepNCDim(ncid, "step", K));
  PetscCall(PutBand(ncid, run, sg, "multi_height", "step", K, tmp + 1, len, "1", "height h_j of each step"));
  PetscCall(PutBand(ncid, run, sg, "multi_slope", "step", K, tmp + 1 + K, len, "1/decade", "slope k_j of each step"));
  PetscCall(PutBand(ncid, run, sg, "multi_centre", "step", K, sg->centre, K, "log10 FLOP",
                    "centre c_j of each step (where it is half way up)"));
  PetscFunctionReturn(0);
}

/* The -sweep_sigmoid_predict targets and each law's predicted accuracy for them. */
static PetscErrorCode WriteTargets(int ncid, SweepKindRun run, const Sigmoid *sg, PetscReal tmp[])
{
  const char *dt[1] = {"target"};
  char        name[64], what[128];

  PetscFunctionBegin;
  if (!sg->ntarget) PetscFunctionReturn(0);
  PetscCall(SweepNCDim(ncid, "target", sg->ntarget));
  PetscCall(SweepNCPutReal(ncid, "target_N", 1, dt, sg->tN, "1", "parameters of the model to predict"));
  PetscCall(SweepNCPutReal(ncid, "target_D", 1, dt, sg->tD, "1", "training tokens of the model to predict"));
  for (PetscInt t = 0; t < sg->ntarget; t++) tmp[t] = PetscLog10Real(6 * sg->tN[t] * sg->tD[t]);
  PetscCall(SweepNCPutReal(ncid, "target_log10_compute", 1, dt, tmp, "log10 FLOP", "6 N D of the model to predict"));
  for (PetscInt l = 0; l < NLAW; l++) { /* replicate r, law l, target t at pred[(r * NLAW + l) * ntarget + t] */
    PetscCall(PetscSNPrintf(name, sizeof(name), "predicted_%s", LawNames[l]));
    PetscCall(PetscSNPrintf(what, sizeof(what), "accuracy of the target predicted by the %s law", LawNames[l]));
    PetscCall(
        PutBand(ncid, run, sg, name, "target", sg->ntarget, sg->pred + l * sg->ntarget, NLAW * sg->ntarget, "1", what));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode SigmoidWrite(int ncid, SweepKindRun run, void *ctx)
{
  Sigmoid   *sg = (Sigmoid *) ctx;
  PetscReal *tmp; /* scratch for any variable: rows, grid, K values, or (B + 1) x (1 + 2 K) */

  PetscFunctionBegin;
  PetscCall(
      PetscMalloc1(PetscMax(PetscMax(sg->n, sg->ngrid), (sg->B + 1) * (1 + 2 * sg->K)) + sg->kmax + MAX_TARGET, &tmp));
  PetscCall(WriteData(ncid, sg));
  PetscCall(WriteCurves(ncid, run, sg, tmp));
  PetscCall(WriteTwoStep(ncid, run, sg, tmp));
  PetscCall(WriteMulti(ncid, run, sg, tmp));
  PetscCall(WriteTargets(ncid, run, sg, tmp));
  PetscCall(PetscFree(tmp));
  PetscFunctionReturn(0);
}

static PetscErrorCode PrintBand(SweepKindRun run, const Sigmoid *sg, FILE *fp, const char what[], const PetscReal all[],
                                PetscInt stride, const char fmt[])
{
  PetscReal lo = NAN, hi = NAN;
  char      line[256];

  PetscFunctionBegin;
  if (sg->B > 0) PetscCall(SweepKindBand(run, sg->B, all + stride, stride, &lo, &hi));
  PetscCall(PetscSNPrintf(line, sizeof(line), "  %-34s %s  [%s, %s]\n", what, fmt, fmt, fmt));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, line, (double) all[0], (double) lo, (double) hi));
  PetscFunctionReturn(0);
}

static PetscErrorCode SigmoidView(SweepKindRun run, void *ctx, FILE *fp)
{
  Sigmoid            *sg = (Sigmoid *) ctx;
  const SweepOptions *o  = SweepKindRunOptions(run);
  const PetscReal    *r0 = sg->rep;
  char                what[128];
  PetscReal           xlo = PETSC_INFINITY, xhi = PETSC_NINFINITY;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < sg->n; i++) xlo = PetscMin(xlo, sg->x[i]), xhi = PetscMax(xhi, sg->x[i]);
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "\nsigmoid task laws: %" PetscInt_FMT " rows, %" PetscInt_FMT
                         " models, log10 C in [%.2f, %.2f]; "
                         "bands: %g-%g quantiles of %" PetscInt_FMT " model resamples\n",
                         sg->n, sg->nmodel, (double) xlo, (double) xhi, (double) o->quantiles[0],
                         (double) o->quantiles[o->nquantile - 1], sg->B));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "direct: acc = %.4f + (%.4f - %.4f) / (1 + exp(-%.4f (log10 C - %.4f)))\n", (double) r0[0],
                         (double) r0[1], (double) r0[0], (double) r0[2], (double) r0[3]));
  if (sg->twostep) {
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "two-step: %s fitted (%s);", sg->law->formula, sg->law->name));
    for (PetscInt j = 0; j < sg->law->np; j++)
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, " %s %.4g", sg->law->param_names[j], (double) sg->lossq[j]));
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "\n          acc = %.4f / (1 + exp(-(%.4f) (L - %.4f))) + %.4f\n",
                           (double) r0[OFF_ACC], (double) r0[OFF_ACC + 1], (double) r0[OFF_ACC + 2],
                           (double) r0[OFF_ACC + 3]));
  } else
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "two-step: not fitted (no '%s' column, or no N)\n", sg->col_loss));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "multi-plateau: BIC by K:"));
  for (PetscInt k = 0; k < sg->kmax; k++)
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, " %" PetscInt_FMT ": %.2f", k + 1, (double) sg->bic[k]));
  PetscCall(
      PetscFPrintf(PETSC_COMM_SELF, fp, "; chosen K = %" PetscInt_FMT ", floor %.4f\n", sg->K, (double) r0[OFF_MULTI]));
  for (PetscInt j = 0; j < sg->K; j++) {
    PetscCall(PetscSNPrintf(what, sizeof(what), "step %" PetscInt_FMT " (height %.3f) centre, log10 C", j + 1,
                            (double) r0[OFF_MULTI + 1 + j]));
    PetscCall(PrintBand(run, sg, fp, what, sg->centre + j, sg->K, "%.3f"));
  }
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "emergence threshold (accuracy %s %g), log10 C:\n",
                         sg->relative ? "at relative level" : "=", (double) sg->level));
  for (PetscInt l = 0; l < NLAW; l++) PetscCall(PrintBand(run, sg, fp, LawNames[l], sg->thr + l, NLAW, "%.3f"));
  for (PetscInt t = 0; t < sg->ntarget; t++) {
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "predicted accuracy of N = %g, D = %g (log10 C %.3f):\n",
                           (double) sg->tN[t], (double) sg->tD[t], (double) PetscLog10Real(6 * sg->tN[t] * sg->tD[t])));
    for (PetscInt l = 0; l < NLAW; l++)
      PetscCall(PrintBand(run, sg, fp, LawNames[l], sg->pred + l * sg->ntarget + t, NLAW * sg->ntarget, "%.4f"));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode SigmoidDestroy(void **ctx)
{
  Sigmoid *sg = (Sigmoid *) *ctx;

  PetscFunctionBegin;
  if (!sg) PetscFunctionReturn(0);
  PetscCall(SweepTableDestroy(&sg->table));
  PetscCall(PetscFree6(sg->N, sg->D, sg->x, sg->acc, sg->loss, sg->w));
  PetscCall(PetscFree2(sg->model, sg->model_name));
  if (sg->law) PetscCall(SweepLawDestroy(&sg->law));
  PetscCall(PetscFree2(sg->rec0, sg->bic));
  PetscCall(PetscFree(sg->rep));
  PetscCall(PetscFree5(sg->thr, sg->centre, sg->curve, sg->lossq, sg->pred));
  PetscCall(PetscFree(*ctx));
  PetscFunctionReturn(0);
}

const SweepKind SweepKindSigmoid = {
    "sigmoid",
    "sigmoid task laws: accuracy against compute (direct, multi-plateau) and against loss (two-step)",
    "Bhagia et al. 2024, Establishing Task Scaling Laws via Compute-Efficient Model Ladders (OLMo ladder, two-step "
    "law); Schwarz 1978 (BIC); see docs/sigmoid.md",
    PETSC_TRUE,
    SigmoidSetUp,
    SigmoidIdentity,
    SigmoidRun,
    SigmoidWrite,
    SigmoidView,
    SigmoidDestroy,
};
