/* kind_sandwich.c: the Slice-and-Sandwich study kind (-sweep_study sandwich; Wu & Lo 2024,
   docs/sandwich.md). Reads per-difficulty-group target-conditioned Brier scores of many models,
   forms the easy and hard groups, predicts accuracy past a compute threshold from fits below it
   (sandwich.h) beside a sigmoid baseline, and estimates where the easy-group curve turns from
   inverse to standard scaling. Bootstrap replicates (resampling models within each split) are
   scheduler items; everything else is computed identically on every rank. */
#include "kind.h"
#include "numeric.h"
#include "rng.h"
#include "sandwich.h"
#include "table.h"
#include <ctype.h>

#define SANDWICH_EXCLUDE_DEFAULT                                                                                       \
  "microsoft/phi-1_5,microsoft/phi-2,Qwen/Qwen1.5-0.5B,Qwen/Qwen1.5-1.8B,Qwen/Qwen1.5-4B,stabilityai/stablelm-2-1_6b"
#define SANDWICH_MAX_EXCLUDE 64
#define SANDWICH_MAX_GROUP 1000

typedef struct {
  SandwichSettings s;
  char             model_col[SWEEP_NAME_LEN], flops_col[SWEEP_NAME_LEN], acc_col[SWEEP_NAME_LEN];
  char             brier_col[SWEEP_NAME_LEN], suffix[SWEEP_NAME_LEN], easy_text[SWEEP_NAME_LEN];
  char             hard_text[SWEEP_NAME_LEN], exclude_text[4096];
  PetscReal        unit;
  PetscBool        negate;
  PetscInt         easy[2], hard[2], ngrid, seed, nboot;
  char            *exclude[SANDWICH_MAX_EXCLUDE];
  PetscBool        excluded_found[SANDWICH_MAX_EXCLUDE];
  PetscInt         nexclude, nskipped;
  /* the groups, in question order */
  PetscInt   ngroup, *group_col, *group_lo, *group_hi;
  PetscReal *group_fit_mean;
  /* the models kept */
  PetscInt     n;
  char       **name;
  PetscReal   *x, *easy_score, *hard_score, *score, *acc;
  SandwichData d;
  PetscInt    *split_idx, nfit; /* fitting-split models first, then the test split */
  /* results */
  SandwichFit fit;
  PetscReal  *boot; /* [nboot * reclen] on the root */
  PetscReal  *grid;
} Sandwich;

/* "a-b" or "a": group numbers 1..ngroup, for option opt. */
static PetscErrorCode ParseRange(const char text[], const char opt[], PetscInt ngroup, PetscInt r[2])
{
  long a, b;
  int  used = 0;

  PetscFunctionBegin;
  if (sscanf(text, "%ld-%ld%n", &a, &b, &used) == 2 && !text[used])
    r[0] = a, r[1] = b;
  else if (sscanf(text, "%ld%n", &a, &used) == 1 && !text[used])
    r[0] = r[1] = a;
  else
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "option %s: '%s' is not a group range such as 1-3", opt, text);
  PetscCheck(r[0] >= 1 && r[0] <= r[1] && r[1] <= ngroup, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option %s: '%s' is not a range of groups within 1-%" PetscInt_FMT, opt, text, ngroup);
  PetscFunctionReturn(0);
}

/* The options, inside PetscOptionsBegin/End (so -help lists them). */
static PetscErrorCode ReadOptions(PetscOptionItems *PetscOptionsObject, Sandwich *c)
{
  SandwichSettings *s = &c->s;

  PetscFunctionBegin;
  PetscCall(PetscOptionsString("-sweep_sandwich_model_col", "Column of model names", "", c->model_col, c->model_col,
                               sizeof(c->model_col), NULL));
  PetscCall(PetscOptionsString("-sweep_sandwich_flops_col", "Column of training FLOPs ('_' matches a space)", "",
                               c->flops_col, c->flops_col, sizeof(c->flops_col), NULL));
  PetscCall(PetscOptionsReal("-sweep_sandwich_flops_unit", "FLOPs per unit of the FLOPs column", "", c->unit, &c->unit,
                             NULL));
  PetscCall(PetscOptionsString("-sweep_sandwich_acc_col", "Column of overall accuracy", "", c->acc_col, c->acc_col,
                               sizeof(c->acc_col), NULL));
  PetscCall(PetscOptionsString("-sweep_sandwich_brier_col", "Column of the overall Brier score", "", c->brier_col,
                               c->brier_col, sizeof(c->brier_col), NULL));
  PetscCall(PetscOptionsString("-sweep_sandwich_group_suffix",
                               "Group columns are named <first>_<end><suffix> (questions first..end-1)", "", c->suffix,
                               c->suffix, sizeof(c->suffix), NULL));
  PetscCall(PetscOptionsBool("-sweep_sandwich_negate", "The file holds Brier scores (lower is better): negate them", "",
                             c->negate, &c->negate, NULL));
  PetscCall(PetscOptionsString("-sweep_sandwich_easy", "Groups forming the easy group (1 = easiest), a-b", "",
                               c->easy_text, c->easy_text, sizeof(c->easy_text), NULL));
  PetscCall(PetscOptionsString("-sweep_sandwich_hard", "Groups forming the hard group, a-b", "", c->hard_text,
                               c->hard_text, sizeof(c->hard_text), NULL));
  PetscCall(PetscOptionsString("-sweep_sandwich_exclude", "Models left out, comma separated (none: keep all)", "",
                               c->exclude_text, c->exclude_text, sizeof(c->exclude_text), NULL));
  PetscCall(PetscOptionsReal("-sweep_sandwich_threshold", "Emergence threshold, log10(FLOPs / 1e21): fit below it", "",
                             s->threshold, &s->threshold, NULL));
  PetscCall(PetscOptionsInt("-sweep_sandwich_easy_degree", "Degree of the easy group's polynomial", "", s->deg_easy,
                            &s->deg_easy, NULL));
  PetscCall(PetscOptionsInt("-sweep_sandwich_hard_degree", "Degree of the hard group's polynomial", "", s->deg_hard,
                            &s->deg_hard, NULL));
  PetscCall(PetscOptionsInt("-sweep_sandwich_turn_degree",
                            "Degree of the easy-group polynomial over all models for the turning point", "",
                            s->deg_turn, &s->deg_turn, NULL));
  PetscCall(PetscOptionsBool("-sweep_sandwich_shift", "Shift predicted accuracy to the fitting split's mean", "",
                             s->shift, &s->shift, NULL));
  PetscCall(PetscOptionsReal("-sweep_sandwich_guess", "Random-guess accuracy: the sigmoid baseline's floor", "",
                             s->guess, &s->guess, NULL));
  PetscCall(PetscOptionsReal("-sweep_sandwich_horizon", "Errors also over test models within this many decades", "",
                             s->horizon, &s->horizon, NULL));
  PetscCall(PetscOptionsInt("-sweep_sandwich_grid", "Points of the log10 FLOPs grid of the curves", "", c->ngrid,
                            &c->ngrid, NULL));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckOptions(Sandwich *c)
{
  const SandwichSettings *s = &c->s;

  PetscFunctionBegin;
  PetscCheck(c->unit > 0 && isfinite(c->unit), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option -sweep_sandwich_flops_unit: %g is not a positive number", (double) c->unit);
  PetscCheck(isfinite(s->threshold), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option -sweep_sandwich_threshold: not a finite number");
  PetscCheck(s->deg_easy >= 0 && s->deg_easy <= SANDWICH_MAX_DEG, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option -sweep_sandwich_easy_degree: %" PetscInt_FMT " is not in 0-%d", s->deg_easy, SANDWICH_MAX_DEG);
  PetscCheck(s->deg_hard >= 0 && s->deg_hard <= SANDWICH_MAX_DEG, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option -sweep_sandwich_hard_degree: %" PetscInt_FMT " is not in 0-%d", s->deg_hard, SANDWICH_MAX_DEG);
  PetscCheck(s->deg_turn >= 2 && s->deg_turn <= SANDWICH_MAX_DEG, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option -sweep_sandwich_turn_degree: %" PetscInt_FMT " is not in 2-%d (a minimum needs degree 2)",
             s->deg_turn, SANDWICH_MAX_DEG);
  PetscCheck(s->guess >= 0 && s->guess < 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option -sweep_sandwich_guess: %g is not in [0, 1)", (double) s->guess);
  PetscCheck(s->horizon > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option -sweep_sandwich_horizon: %g is not positive", (double) s->horizon);
  PetscCheck(c->ngrid >= 2 && c->ngrid <= 100000, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option -sweep_sandwich_grid: %" PetscInt_FMT " is not in 2-100000", c->ngrid);
  PetscFunctionReturn(0);
}

/* The comma-separated exclusion list, split in place. */
static PetscErrorCode SplitExclude(Sandwich *c)
{
  char *p = c->exclude_text;

  PetscFunctionBegin;
  if (!strcmp(p, "none") || !p[0]) PetscFunctionReturn(0);
  while (p) {
    char *comma = strchr(p, ',');
    if (comma) *comma = 0;
    PetscCheck(p[0], PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "option -sweep_sandwich_exclude: an empty model name");
    PetscCheck(c->nexclude < SANDWICH_MAX_EXCLUDE, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
               "option -sweep_sandwich_exclude: more than %d names", SANDWICH_MAX_EXCLUDE);
    c->exclude[c->nexclude++] = p;
    p                         = comma ? comma + 1 : NULL;
  }
  PetscFunctionReturn(0);
}

/* The group columns: headers "<lo>_<hi><suffix>", sorted by lo. */
static PetscErrorCode FindGroups(Sandwich *c, const SweepTable *t)
{
  PetscFunctionBegin;
  PetscCall(
      PetscCalloc4(t->ncol, &c->group_col, t->ncol, &c->group_lo, t->ncol, &c->group_hi, t->ncol, &c->group_fit_mean));
  for (PetscInt j = 0; j < t->ncol; j++) {
    long   lo, hi;
    int    used = 0;
    size_t len = strlen(t->header[j]), slen = strlen(c->suffix);
    if (len < slen || strcmp(t->header[j] + len - slen, c->suffix) ||
        (!slen && !isdigit((unsigned char) t->header[j][0])))
      continue;
    /* a column with the suffix is a group: dropping a misnamed one would shift every group number */
    PetscCheck(sscanf(t->header[j], "%ld_%ld%n", &lo, &hi, &used) == 2 && !strcmp(t->header[j] + used, c->suffix) &&
                   lo >= 0 && hi > lo,
               PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "%s:1:%" PetscInt_FMT ": column '%s' ends in '%s' but is not <first>_<end>%s with 0 <= first < end "
               "(a question group; choose the suffix with -sweep_sandwich_group_suffix)",
               t->path, j + 1, t->header[j], c->suffix, c->suffix);
    PetscInt k = c->ngroup++;
    while (k > 0 && c->group_lo[k - 1] > lo) { /* insertion: groups stay sorted by their first question */
      c->group_col[k] = c->group_col[k - 1], c->group_lo[k] = c->group_lo[k - 1], c->group_hi[k] = c->group_hi[k - 1];
      k--;
    }
    c->group_col[k] = j, c->group_lo[k] = lo, c->group_hi[k] = hi;
  }
  for (PetscInt k = 1; k < c->ngroup; k++) /* overlapping groups would count their common questions twice */
    PetscCheck(c->group_lo[k] >= c->group_hi[k - 1], PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "%s:1:%" PetscInt_FMT ": question group '%s' overlaps '%s'", t->path, c->group_col[k] + 1,
               t->header[c->group_col[k]], t->header[c->group_col[k - 1]]);
  PetscCheck(c->ngroup >= 2, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: %" PetscInt_FMT " columns named <first>_<end>%s (question groups), need 2 or more "
             "(choose the suffix with -sweep_sandwich_group_suffix)",
             t->path, c->ngroup, c->suffix);
  PetscCheck(c->ngroup <= SANDWICH_MAX_GROUP, PETSC_COMM_SELF, PETSC_ERR_SUP, "%s: more than %d question groups",
             t->path, SANDWICH_MAX_GROUP);
  PetscCall(ParseRange(c->easy_text, "-sweep_sandwich_easy", c->ngroup, c->easy));
  PetscCall(ParseRange(c->hard_text, "-sweep_sandwich_hard", c->ngroup, c->hard));
  PetscFunctionReturn(0);
}

/* The question-weighted mean score of groups r[0]..r[1] of row i (NaN if a cell is empty). */
static PetscErrorCode GroupScore(Sandwich *c, const SweepTable *t, PetscInt i, const PetscInt r[2], PetscReal *v)
{
  PetscReal sum = 0, nq = 0, lo = c->negate ? 0 : -1, hi = c->negate ? 1 : 0;

  PetscFunctionBegin;
  for (PetscInt g = r[0] - 1; g < r[1]; g++) {
    PetscReal b, w = (PetscReal) (c->group_hi[g] - c->group_lo[g]);
    PetscCall(SweepTableRealIn(t, i, c->group_col[g], PETSC_TRUE, lo, hi, &b));
    sum += w * (c->negate ? -b : b), nq += w;
  }
  *v = sum / nq;
  PetscFunctionReturn(0);
}

static PetscErrorCode ExcludedName(Sandwich *c, const char name[], PetscBool *out)
{
  PetscFunctionBegin;
  *out = PETSC_FALSE;
  for (PetscInt k = 0; k < c->nexclude; k++)
    if (!strcmp(name, c->exclude[k])) *out = PETSC_TRUE, c->excluded_found[k] = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* Row i: a new model, or counted as skipped (a cell it needs is empty) or left out (excluded by
   name). Cells with text that is not a number, or a number out of range, are errors naming file,
   line and column, also in rows that are not used. Sums the group scores of the fitting split (for
   the summary's group means). */
static PetscErrorCode ReadRow(Sandwich *c, const SweepTable *t, const PetscInt col[4], PetscInt i)
{
  PetscReal   flops, acc, brier, e, h, v[SANDWICH_MAX_GROUP];
  PetscInt    m    = c->n;
  const char *name = SweepTableText(t, i, col[0]);
  PetscBool   out;

  PetscFunctionBegin;
  PetscCall(SweepTableReal(t, i, col[1], PETSC_TRUE, &flops));
  PetscCheck(!(flops <= 0), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s:%" PetscInt_FMT ": column '%s' (field %" PetscInt_FMT "): training FLOPs must be positive, not %g",
             t->path, t->line[i], t->header[col[1]], col[1] + 1, (double) flops);
  PetscCall(SweepTableRealIn(t, i, col[2], PETSC_TRUE, 0, 1, &acc));
  PetscCall(SweepTableRealIn(t, i, col[3], PETSC_TRUE, c->negate ? 0 : -1, c->negate ? 1 : 0, &brier));
  PetscCall(GroupScore(c, t, i, c->easy, &e));
  PetscCall(GroupScore(c, t, i, c->hard, &h));
  for (PetscInt g = 0; g < c->ngroup; g++) PetscCall(SweepTableRealIn(t, i, c->group_col[g], PETSC_TRUE, -1, 1, &v[g]));
  if (!(name[0] && isfinite(flops) && isfinite(acc) && isfinite(brier) && isfinite(e) && isfinite(h))) {
    c->nskipped++;
    PetscFunctionReturn(0);
  }
  PetscCall(ExcludedName(c, name, &out));
  if (out) PetscFunctionReturn(0);
  c->x[m] = PetscLog10Real(flops * c->unit / 1e21), c->acc[m] = acc, c->score[m] = c->negate ? -brier : brier;
  c->easy_score[m] = e, c->hard_score[m] = h;
  if (c->x[m] < c->s.threshold)
    for (PetscInt g = 0; g < c->ngroup; g++) c->group_fit_mean[g] += c->negate ? -v[g] : v[g];
  PetscCall(PetscStrallocpy(name, &c->name[m]));
  c->n++;
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadTable(Sandwich *c, const SweepTable *t)
{
  PetscInt col[4];

  PetscFunctionBegin;
  PetscCall(SweepTableColumn(t, c->model_col, "-sweep_sandwich_model_col", &col[0]));
  PetscCall(SweepTableColumn(t, c->flops_col, "-sweep_sandwich_flops_col", &col[1]));
  PetscCall(SweepTableColumn(t, c->acc_col, "-sweep_sandwich_acc_col", &col[2]));
  PetscCall(SweepTableColumn(t, c->brier_col, "-sweep_sandwich_brier_col", &col[3]));
  PetscCall(FindGroups(c, t));
  PetscCall(PetscCalloc1(t->nrow + 1, &c->name));
  PetscCall(PetscMalloc5(t->nrow + 1, &c->x, t->nrow + 1, &c->easy_score, t->nrow + 1, &c->hard_score, t->nrow + 1,
                         &c->score, t->nrow + 1, &c->acc));
  for (PetscInt i = 0; i < t->nrow; i++) PetscCall(ReadRow(c, t, col, i));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadInput(Sandwich *c, const char path[])
{
  SweepTable     t;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(SweepTableRead(path, &t));
  ierr = ReadTable(c, &t); /* the table is freed on a rejected row or column too (the error is already raised) */
  PetscCall(SweepTableDestroy(&t));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

/* The splits as index lists (for the stratified bootstrap) and the data view. */
static PetscErrorCode Organise(Sandwich *c, const char path[])
{
  PetscInt k = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(c->n + 1, &c->split_idx));
  for (PetscInt pass = 0; pass < 2; pass++)
    for (PetscInt i = 0; i < c->n; i++)
      if ((c->x[i] < c->s.threshold) == !pass) c->split_idx[k++] = i;
  for (PetscInt i = 0; i < c->n; i++) c->nfit += c->x[i] < c->s.threshold;
  PetscCheck(c->nfit > PetscMax(c->s.deg_easy, c->s.deg_hard) + 1, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "%s: %" PetscInt_FMT
             " models below -sweep_sandwich_threshold %g, need more than the polynomial degree + 1",
             path, c->nfit, (double) c->s.threshold);
  PetscCheck(c->n > c->s.deg_turn + 1, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "%s: %" PetscInt_FMT " models, need more than -sweep_sandwich_turn_degree + 1", path, c->n);
  c->d.n = c->n, c->d.x = c->x, c->d.easy = c->easy_score, c->d.hard = c->hard_score, c->d.score = c->score;
  c->d.acc = c->acc;
  for (PetscInt g = 0; g < c->ngroup; g++) c->group_fit_mean[g] /= c->nfit; /* sums from ReadRow */
  PetscFunctionReturn(0);
}

static PetscErrorCode SandwichSetUp(MPI_Comm comm, const SweepOptions *opt, void **ctx)
{
  Sandwich      *c;
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(1, &c));
  *ctx = c;
  PetscCall(PetscStrncpy(c->model_col, "Model", sizeof(c->model_col)));
  PetscCall(PetscStrncpy(c->flops_col, "FLOPs_(1E21)", sizeof(c->flops_col)));
  PetscCall(PetscStrncpy(c->acc_col, "acc", sizeof(c->acc_col)));
  PetscCall(PetscStrncpy(c->brier_col, "brier", sizeof(c->brier_col)));
  PetscCall(PetscStrncpy(c->suffix, "_brier", sizeof(c->suffix)));
  PetscCall(PetscStrncpy(c->easy_text, "1-3", sizeof(c->easy_text)));
  PetscCall(PetscStrncpy(c->hard_text, "8-10", sizeof(c->hard_text)));
  PetscCall(PetscStrncpy(c->exclude_text, SANDWICH_EXCLUDE_DEFAULT, sizeof(c->exclude_text)));
  c->unit = 1e21, c->negate = PETSC_TRUE, c->ngrid = 61;
  c->s.deg_easy = 5, c->s.deg_hard = 2, c->s.deg_turn = 5, c->s.threshold = 1.5, c->s.guess = 0.25;
  c->s.horizon = 0.5, c->s.shift = PETSC_TRUE;
  c->seed = opt->seed, c->nboot = opt->bootstrap;
  /* PetscOptionsBegin() allocates a title that only PetscOptionsEnd() frees: errors wait until after */
  PetscOptionsBegin(comm, NULL, "Slice-and-Sandwich (-sweep_study sandwich, docs/sandwich.md)", "");
  ierr = ReadOptions(PetscOptionsObject, c);
  PetscOptionsEnd();
  PetscCall(ierr);
  PetscCall(CheckOptions(c));
  PetscCall(SplitExclude(c));
  PetscCall(ReadInput(c, opt->input));
  PetscCall(Organise(c, opt->input));
  PetscFunctionReturn(0);
}

static PetscErrorCode SandwichIdentity(void *ctx, char id[], size_t idlen)
{
  Sandwich *c = (Sandwich *) ctx;
  char      line[8192];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(line, sizeof(line),
                          "sandwich_columns %s|%s|%s|%s|%s\nsandwich_groups %s %s\nsandwich_unit %.17g negate %d\n"
                          "sandwich_fit threshold %.17g degrees %" PetscInt_FMT " %" PetscInt_FMT " %" PetscInt_FMT
                          " shift %d guess %.17g horizon %.17g grid %" PetscInt_FMT "\nsandwich_models %" PetscInt_FMT
                          "\n",
                          c->model_col, c->flops_col, c->acc_col, c->brier_col, c->suffix, c->easy_text, c->hard_text,
                          (double) c->unit, (int) c->negate, (double) c->s.threshold, c->s.deg_easy, c->s.deg_hard,
                          c->s.deg_turn, (int) c->s.shift, (double) c->s.guess, (double) c->s.horizon, c->ngrid, c->n));
  PetscCall(PetscStrlcat(id, line, idlen));
  for (PetscInt k = 0; k < c->nexclude; k++) {
    PetscCall(PetscSNPrintf(line, sizeof(line), "sandwich_exclude %s\n", c->exclude[k]));
    PetscCall(PetscStrlcat(id, line, idlen));
  }
  PetscFunctionReturn(0);
}

/* Bootstrap replicate i: the fitting and the test split each resampled with replacement (counter-
   based draws keyed by (seed, i)), everything refitted. */
static PetscErrorCode BootItem(void *ctx, PetscInt i, PetscReal rec[])
{
  Sandwich   *c = (Sandwich *) ctx;
  PetscReal  *w;
  SandwichFit f;
  PetscInt    ntest = c->n - c->nfit;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(c->n, &w));
  for (PetscInt j = 0; j < c->nfit; j++) {
    PetscInt k = (PetscInt) (SweepRandomUniform((uint64_t) c->seed, (uint64_t) i, (uint64_t) j) * c->nfit);
    w[c->split_idx[PetscMin(k, c->nfit - 1)]] += 1;
  }
  for (PetscInt j = 0; j < ntest; j++) {
    PetscInt k = (PetscInt) (SweepRandomUniform((uint64_t) c->seed, (uint64_t) i, (uint64_t) (c->nfit + j)) * ntest);
    w[c->split_idx[c->nfit + PetscMin(k, ntest - 1)]] += 1;
  }
  PetscCall(SandwichFitData(&c->s, &c->d, w, &f));
  SandwichPack(&c->s, &f, rec);
  PetscCall(PetscFree(w));
  PetscFunctionReturn(0);
}

static PetscErrorCode SandwichRun(MPI_Comm comm, SweepKindRun run, void *ctx)
{
  Sandwich   *c = (Sandwich *) ctx;
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(SandwichFitData(&c->s, &c->d, NULL, &c->fit));
  if (!rank) PetscCall(PetscMalloc1(c->nboot * SandwichRecordLength(&c->s) + 1, &c->boot));
  PetscCall(SweepKindRunItems(comm, run, 0, "bootstrap", c->nboot, SandwichRecordLength(&c->s), BootItem, c,
                              rank ? NULL : c->boot));
  PetscFunctionReturn(0);
}

/* ------------------------------------------------------------------ output */

typedef PetscReal (*Curve)(const SandwichSettings *, const SandwichFit *, PetscReal);

static PetscReal EasyCurve(const SandwichSettings *s, const SandwichFit *f, PetscReal x)
{
  return SweepPolyEval(s->deg_easy, f->easy, x);
}

static PetscReal HardCurve(const SandwichSettings *s, const SandwichFit *f, PetscReal x)
{
  return SweepPolyEval(s->deg_hard, f->hard, x);
}

/* A variable over dim (length m) holding curve(xs[k]) of the point fit, and name_q with its bootstrap
   quantiles. */
static PetscErrorCode PutCurve(int ncid, SweepKindRun run, Sandwich *c, const char name[], const char dim[], PetscInt m,
                               const PetscReal xs[], Curve curve, const char units[], const char long_name[])
{
  const SweepOptions *o    = SweepKindRunOptions(run);
  const char         *d1[] = {dim}, *d2[] = {dim, "quantile"};
  PetscInt            len = SandwichRecordLength(&c->s);
  PetscReal          *v, *b, *q;
  char                qname[256], qlong[512];

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(m, &v, c->nboot + 1, &b, m * o->nquantile, &q));
  for (PetscInt k = 0; k < m; k++) {
    v[k] = curve(&c->s, &c->fit, xs[k]);
    for (PetscInt r = 0; r < c->nboot; r++) {
      SandwichFit f;
      SandwichUnpack(&c->s, c->boot + r * len, &f);
      b[r] = curve(&c->s, &f, xs[k]);
    }
    PetscCall(SweepKindQuantiles(run, c->nboot, b, 1, q + k * o->nquantile));
  }
  PetscCall(SweepNCPutReal(ncid, name, 1, d1, v, units, long_name));
  PetscCall(PetscSNPrintf(qname, sizeof(qname), "%s_q", name));
  PetscCall(PetscSNPrintf(qlong, sizeof(qlong), "%s: bootstrap quantiles", long_name));
  PetscCall(SweepNCPutReal(ncid, qname, 2, d2, q, units, qlong));
  PetscCall(PetscFree3(v, b, q));
  PetscFunctionReturn(0);
}

/* The record entries [off, off + m) of the point fit as a variable over dim, with bootstrap quantiles. */
static PetscErrorCode PutParams(int ncid, SweepKindRun run, Sandwich *c, const char name[], const char dim[],
                                PetscInt off, PetscInt m, const char units[], const char long_name[])
{
  const SweepOptions *o    = SweepKindRunOptions(run);
  PetscInt            len  = SandwichRecordLength(&c->s);
  const char         *d1[] = {dim}, *d2[] = {dim, "quantile"}, *d0[] = {"quantile"};
  PetscReal          *rec, *q;
  char                qname[256], qlong[512];

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(len, &rec, m * o->nquantile + 1, &q));
  SandwichPack(&c->s, &c->fit, rec);
  for (PetscInt k = 0; k < m; k++)
    PetscCall(SweepKindQuantiles(run, c->nboot, c->boot + off + k, len, q + k * o->nquantile));
  if (dim) PetscCall(SweepNCDim(ncid, dim, m));
  PetscCall(SweepNCPutReal(ncid, name, dim ? 1 : 0, d1, rec + off, units, long_name));
  PetscCall(PetscSNPrintf(qname, sizeof(qname), "%s_q", name));
  PetscCall(PetscSNPrintf(qlong, sizeof(qlong), "%s: bootstrap quantiles", long_name));
  PetscCall(SweepNCPutReal(ncid, qname, dim ? 2 : 1, dim ? d2 : d0, q, units, qlong));
  PetscCall(PetscFree2(rec, q));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteModels(int ncid, SweepKindRun run, Sandwich *c)
{
  const char *dm[] = {"model"}, *dg[] = {"group"};
  PetscInt   *split, *nq;

  PetscFunctionBegin;
  PetscCall(SweepNCPutStrings(ncid, "model_name", "model", c->n, (const char *const *) c->name, "model"));
  PetscCall(SweepNCPutReal(ncid, "log10_flops", 1, dm, c->x, "1", "log10 of training FLOPs / 1e21"));
  PetscCall(PetscMalloc2(c->n + 1, &split, c->ngroup, &nq));
  for (PetscInt i = 0; i < c->n; i++) split[i] = c->x[i] < c->s.threshold;
  for (PetscInt g = 0; g < c->ngroup; g++) nq[g] = c->group_hi[g] - c->group_lo[g];
  PetscCall(SweepNCPutInt(ncid, "fitting_split", 1, dm, split, "1: below the threshold (fitted), 0: predicted"));
  PetscCall(SweepNCPutReal(ncid, "easy_score", 1, dm, c->easy_score, "1", "easy group: negated TC Brier score"));
  PetscCall(SweepNCPutReal(ncid, "hard_score", 1, dm, c->hard_score, "1", "hard group: negated TC Brier score"));
  PetscCall(SweepNCPutReal(ncid, "overall_score", 1, dm, c->score, "1", "negated overall TC Brier score"));
  PetscCall(SweepNCPutReal(ncid, "accuracy", 1, dm, c->acc, "1", "observed accuracy"));
  PetscCall(SweepNCPutAttText(ncid, "easy_score", "groups", c->easy_text));
  PetscCall(SweepNCPutAttText(ncid, "hard_score", "groups", c->hard_text));
  PetscCall(SweepNCDim(ncid, "group", c->ngroup));
  PetscCall(SweepNCPutInt(ncid, "group_questions", 1, dg, nq, "questions in the group"));
  PetscCall(SweepNCPutReal(ncid, "group_fit_mean", 1, dg, c->group_fit_mean, "1",
                           "mean negated TC Brier score over the fitting split"));
  PetscCall(PetscFree2(split, nq));
  PetscCall(PutCurve(ncid, run, c, "predicted_accuracy", "model", c->n, c->x, SandwichAccuracy, "1",
                     "Slice-and-Sandwich predicted accuracy"));
  PetscCall(PutCurve(ncid, run, c, "sigmoid_accuracy", "model", c->n, c->x, SandwichSigmoid, "1",
                     "sigmoid baseline accuracy"));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteCurves(int ncid, SweepKindRun run, Sandwich *c)
{
  const char *dg[] = {"grid"};
  PetscReal   lo = PETSC_MAX_REAL, hi = PETSC_MIN_REAL;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < c->n; i++) lo = PetscMin(lo, c->x[i]), hi = PetscMax(hi, c->x[i]);
  PetscCall(PetscMalloc1(c->ngrid, &c->grid));
  for (PetscInt k = 0; k < c->ngrid; k++) c->grid[k] = lo + (hi - lo) * k / (c->ngrid - 1);
  PetscCall(SweepNCDim(ncid, "grid", c->ngrid));
  PetscCall(SweepNCPutReal(ncid, "grid", 1, dg, c->grid, "1", "log10 of training FLOPs / 1e21"));
  PetscCall(PutCurve(ncid, run, c, "easy_curve", "grid", c->ngrid, c->grid, EasyCurve, "1",
                     "easy-group polynomial (fitting split)"));
  PetscCall(PutCurve(ncid, run, c, "hard_curve", "grid", c->ngrid, c->grid, HardCurve, "1",
                     "hard-group polynomial (fitting split)"));
  PetscCall(PutCurve(ncid, run, c, "score_curve", "grid", c->ngrid, c->grid, SandwichScore, "1",
                     "sandwich: predicted overall negated TC Brier score"));
  PetscCall(PutCurve(ncid, run, c, "accuracy_curve", "grid", c->ngrid, c->grid, SandwichAccuracy, "1",
                     "Slice-and-Sandwich predicted accuracy"));
  PetscCall(PutCurve(ncid, run, c, "sigmoid_curve", "grid", c->ngrid, c->grid, SandwichSigmoid, "1",
                     "sigmoid baseline accuracy"));
  PetscFunctionReturn(0);
}

static const char *const ErrorNames[SANDWICH_NERR] = {
    "sandwich_mse",         "sandwich_mae",         "sigmoid_mse",         "sigmoid_mae",
    "sandwich_mse_horizon", "sandwich_mae_horizon", "sigmoid_mse_horizon", "sigmoid_mae_horizon"};

static PetscErrorCode SandwichWrite(int ncid, SweepKindRun run, void *ctx)
{
  Sandwich         *c   = (Sandwich *) ctx;
  SandwichSettings *s   = &c->s;
  PetscInt          off = 0;
  char              text[64];

  PetscFunctionBegin;
  PetscCall(WriteModels(ncid, run, c));
  PetscCall(WriteCurves(ncid, run, c));
  PetscCall(PutParams(ncid, run, c, "easy_coef", "easy_power", off, s->deg_easy + 1, "1",
                      "easy-group polynomial coefficients of x^k, x = log10(FLOPs / 1e21)"));
  off += s->deg_easy + 1;
  PetscCall(PutParams(ncid, run, c, "hard_coef", "hard_power", off, s->deg_hard + 1, "1",
                      "hard-group polynomial coefficients of x^k"));
  off += s->deg_hard + 1;
  PetscCall(PutParams(ncid, run, c, "turn_coef", "turn_power", off, s->deg_turn + 1, "1",
                      "easy-group polynomial over all models (turning point) coefficients of x^k"));
  off += s->deg_turn + 1;
  PetscCall(PutParams(ncid, run, c, "score_map", "map_param", off, 2, "1",
                      "overall score = score_map[0] + score_map[1] accuracy (fitting split)"));
  PetscCall(PutParams(ncid, run, c, "accuracy_shift", NULL, off + 2, 1, "1", "shift added to the inverted map"));
  PetscCall(PutParams(ncid, run, c, "sigmoid_params", "sigmoid_param", off + 3, 2, "1",
                      "baseline acc = guess + (1 - guess) sigmoid(p[0] + p[1] x)"));
  PetscCall(PutParams(ncid, run, c, "threshold_estimate", NULL, off + 5, 1, "1",
                      "estimated emergence threshold: where the easy curve turns up, log10(FLOPs / 1e21)"));
  PetscCall(SweepNCPutStrings(ncid, "error_name", "error", SANDWICH_NERR, ErrorNames, "error measure"));
  PetscCall(PutParams(ncid, run, c, "error", "error", off + 6, SANDWICH_NERR, "1",
                      "accuracy errors over the test split (and within the horizon)"));
  PetscCall(SweepNCPutReal(ncid, "threshold", 0, NULL, &s->threshold, "1", "fitting threshold, log10(FLOPs / 1e21)"));
  PetscCall(PetscSNPrintf(text, sizeof(text), "%g", (double) s->horizon));
  PetscCall(SweepNCPutAttText(ncid, "error", "horizon_decades", text));
  PetscCall(SweepNCPutAttText(ncid, NULL, "sandwich_easy_groups", c->easy_text));
  PetscCall(SweepNCPutAttText(ncid, NULL, "sandwich_hard_groups", c->hard_text));
  PetscFunctionReturn(0);
}

/* ------------------------------------------------------------------ summary */

/* "value [lo, hi]" of record entry off. */
static PetscErrorCode ViewBand(SweepKindRun run, Sandwich *c, FILE *fp, const char label[], PetscReal v, PetscInt off)
{
  PetscReal lo = NAN, hi = NAN;

  PetscFunctionBegin;
  PetscCall(SweepKindBand(run, c->nboot, c->boot + off, SandwichRecordLength(&c->s), &lo, &hi));
  PetscCall(
      PetscFPrintf(PETSC_COMM_SELF, fp, "  %-44s %10.4f  [%.4f, %.4f]\n", label, (double) v, (double) lo, (double) hi));
  PetscFunctionReturn(0);
}

static PetscErrorCode ViewData(Sandwich *c, FILE *fp)
{
  PetscInt found = 0;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < c->nexclude; k++) found += c->excluded_found[k];
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "Slice-and-Sandwich: %" PetscInt_FMT " models (%" PetscInt_FMT " below the threshold 10^%g x "
                         "1e21 FLOPs, %" PetscInt_FMT " above); %" PetscInt_FMT
                         " rows with empty cells skipped; %" PetscInt_FMT " of %" PetscInt_FMT
                         " listed models excluded\n",
                         c->n, c->nfit, (double) c->s.threshold, c->n - c->nfit, c->nskipped, found, c->nexclude));
  for (PetscInt k = 0; k < c->nexclude; k++)
    if (!c->excluded_found[k])
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "  (-sweep_sandwich_exclude: '%s' is not among the models)\n",
                             c->exclude[k]));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "  groups: %" PetscInt_FMT "; easy %s, hard %s; mean score below the threshold:", c->ngroup,
                         c->easy_text, c->hard_text));
  for (PetscInt g = 0; g < c->ngroup; g++)
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, " %.3f", (double) c->group_fit_mean[g]));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "\n"));
  PetscFunctionReturn(0);
}

/* The band of curve(x) over the bootstrap replicates. */
static PetscErrorCode CurveBand(SweepKindRun run, Sandwich *c, Curve curve, PetscReal x, PetscReal *lo, PetscReal *hi)
{
  PetscReal *b;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(c->nboot + 1, &b));
  for (PetscInt r = 0; r < c->nboot; r++) {
    SandwichFit f;
    SandwichUnpack(&c->s, c->boot + r * SandwichRecordLength(&c->s), &f);
    b[r] = curve(&c->s, &f, x);
  }
  PetscCall(SweepKindBand(run, c->nboot, b, 1, lo, hi));
  PetscCall(PetscFree(b));
  PetscFunctionReturn(0);
}

/* The models past the threshold, in order of compute: observed and predicted accuracy with bands. */
static PetscErrorCode ViewPredictions(SweepKindRun run, Sandwich *c, FILE *fp)
{
  PetscInt nt = c->n - c->nfit, *order;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(nt + 1, &order));
  for (PetscInt k = 0; k < nt; k++) { /* insertion by x; ties keep the file's order */
    PetscInt i = c->split_idx[c->nfit + k], j = k;
    for (; j > 0 && c->x[order[j - 1]] > c->x[i]; j--) order[j] = order[j - 1];
    order[j] = i;
  }
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "  %-40s %6s %6s  %-24s %s\n", "model past the threshold", "x", "acc",
                         "sandwich [band]", "sigmoid [band]"));
  for (PetscInt k = 0; k < nt; k++) {
    PetscInt  i = order[k];
    PetscReal l1, h1, l2, h2;
    PetscCall(CurveBand(run, c, SandwichAccuracy, c->x[i], &l1, &h1));
    PetscCall(CurveBand(run, c, SandwichSigmoid, c->x[i], &l2, &h2));
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "  %-40.40s %6.3f %6.3f  %6.3f [%6.3f, %6.3f]  %6.3f [%6.3f, %6.3f]\n",
                           c->name[i], (double) c->x[i], (double) c->acc[i],
                           (double) SandwichAccuracy(&c->s, &c->fit, c->x[i]), (double) l1, (double) h1,
                           (double) SandwichSigmoid(&c->s, &c->fit, c->x[i]), (double) l2, (double) h2));
  }
  PetscCall(PetscFree(order));
  PetscFunctionReturn(0);
}

static PetscErrorCode SandwichView(SweepKindRun run, void *ctx, FILE *fp)
{
  Sandwich               *c   = (Sandwich *) ctx;
  const SandwichSettings *s   = &c->s;
  PetscInt                off = s->deg_easy + s->deg_hard + s->deg_turn + 3, nf = 0;
  char                    label[128];

  PetscFunctionBegin;
  PetscCall(ViewData(c, fp));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "  fits: easy degree %" PetscInt_FMT ", hard degree %" PetscInt_FMT
                         "; score = %.4f + %.4f acc; shift %+.4f; %" PetscInt_FMT " bootstrap replicates\n",
                         s->deg_easy, s->deg_hard, (double) c->fit.intercept, (double) c->fit.slope,
                         (double) c->fit.shift, c->nboot));
  PetscCall(ViewPredictions(run, c, fp));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "  %-44s %10s  band\n", "accuracy past the threshold", "value"));
  for (PetscInt k = 0; k < SANDWICH_NERR; k++) {
    PetscCall(PetscSNPrintf(label, sizeof(label), "%s%s", ErrorNames[k],
                            k >= SANDWICH_NERR_METHOD ? " (within the horizon)" : ""));
    PetscCall(ViewBand(run, c, fp, label, c->fit.err[k], off + 6 + k));
  }
  for (PetscInt r = 0; r < c->nboot; r++) nf += isfinite(c->boot[r * SandwichRecordLength(s) + off + 5]) ? 1 : 0;
  PetscCall(PetscSNPrintf(label, sizeof(label), "threshold estimate (degree %" PetscInt_FMT ")", s->deg_turn));
  PetscCall(ViewBand(run, c, fp, label, c->fit.turn, off + 5));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "  (log10 FLOPs / 1e21; a turning point found in %" PetscInt_FMT " of %" PetscInt_FMT
                         " replicates)\n",
                         nf, c->nboot));
  PetscFunctionReturn(0);
}

static PetscErrorCode SandwichDestroy(void **ctx)
{
  Sandwich *c = (Sandwich *) *ctx;

  PetscFunctionBegin;
  if (!c) PetscFunctionReturn(0);
  for (PetscInt i = 0; i < c->n; i++) PetscCall(PetscFree(c->name[i]));
  PetscCall(PetscFree(c->name));
  PetscCall(PetscFree5(c->x, c->easy_score, c->hard_score, c->score, c->acc));
  PetscCall(PetscFree4(c->group_col, c->group_lo, c->group_hi, c->group_fit_mean));
  PetscCall(PetscFree(c->split_idx));
  PetscCall(PetscFree(c->boot));
  PetscCall(PetscFree(c->grid));
  PetscCall(PetscFree(c));
  *ctx = NULL;
  PetscFunctionReturn(0);
}

const SweepKind SweepKindSandwich = {
    "sandwich",
    "Slice-and-Sandwich: emergence from easy and hard question groups",
    "Wu & Lo 2024, U-shaped and inverted-U scaling behind emergent abilities of large language models "
    "(arXiv:2410.01692); code github.com/tony10101105/ExpEmergence",
    PETSC_TRUE,
    SandwichSetUp,
    SandwichIdentity,
    SandwichRun,
    SandwichWrite,
    SandwichView,
    SandwichDestroy};
