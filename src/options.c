/* options.c: reads and checks the -sweep_* options. Reals, integers and ranges are read as text
   and converted here, so that a bad value is reported with the option's name and the reason. */
#include "options.h"
#include "fit.h"
#include "kind.h"
#include "law.h"
#include <errno.h>
#include <math.h>
#include <string.h>

static PetscErrorCode ParseReal(const char option[], const char text[], PetscReal *v)
{
  char *end;

  PetscFunctionBegin;
  errno = 0;
  *v    = strtod(text, &end);
  PetscCheck(end != text && !*end, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "option %s: '%s' is not a number", option,
             text);
  PetscCheck(isfinite(*v) && errno != ERANGE, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option %s: '%s' is not a finite number", option, text);
  PetscFunctionReturn(0);
}

static PetscErrorCode ParseInt(const char option[], const char text[], PetscInt lo, PetscInt *v)
{
  char *end;
  long  k;

  PetscFunctionBegin;
  errno = 0;
  k     = strtol(text, &end, 10);
  PetscCheck(end != text && !*end && errno != ERANGE, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "option %s: '%s' is not a whole number", option, text);
  PetscCheck(k >= lo && k <= PETSC_MAX_INT, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option %s: %ld is out of range (at least %" PetscInt_FMT ")", option, k, lo);
  *v = (PetscInt) k;
  PetscFunctionReturn(0);
}

/*@C
  SweepRangeParse - parses "lo:hi:n" (0 < lo <= hi, n >= 1; n == 1 needs lo == hi). Not collective.
@*/
PetscErrorCode SweepRangeParse(const char option[], const char text[], SweepRange *r)
{
  char buf[256], *hi, *n;

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(buf, text, sizeof(buf)));
  hi = strchr(buf, ':');
  n  = hi ? strchr(hi + 1, ':') : NULL;
  PetscCheck(hi && n, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "option %s: '%s' is not of the form lo:hi:n", option, text);
  *hi++ = 0, *n++ = 0;
  PetscCall(ParseReal(option, buf, &r->lo));
  PetscCall(ParseReal(option, hi, &r->hi));
  PetscCall(ParseInt(option, n, 1, &r->n));
  PetscCheck(r->lo > 0 && r->hi >= r->lo, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option %s: '%s' needs 0 < lo <= hi", option, text);
  PetscCheck(r->n > 1 || r->lo == r->hi, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option %s: '%s' has one point but lo != hi", option, text);
  PetscCheck(r->n <= 1000000, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "option %s: '%s' has too many points", option,
             text);
  PetscFunctionReturn(0);
}

/*@C
  SweepRangeFill - the n log-spaced points of a range, exactly lo and hi at the ends. Not collective.
@*/
PetscErrorCode SweepRangeFill(const SweepRange *r, PetscReal x[])
{
  PetscFunctionBegin;
  for (PetscInt i = 0; i < r->n; i++) {
    PetscReal t = r->n > 1 ? (PetscReal) i / (PetscReal) (r->n - 1) : 0;
    x[i]        = exp(log(r->lo) + t * (log(r->hi) - log(r->lo)));
  }
  x[0] = r->lo, x[r->n - 1] = r->hi;
  PetscFunctionReturn(0);
}

/*@C
  SweepSplitList - splits a comma-separated option value into at most max items of len characters
  each; an empty item or list is an error naming the option. Not collective.
@*/
PetscErrorCode SweepSplitList(const char option[], const char text[], PetscInt max, size_t len, char *items,
                              PetscInt *n)
{
  const char *p = text;

  PetscFunctionBegin;
  *n = 0;
  while (*p) {
    const char *comma = strchr(p, ',');
    size_t      k     = comma ? (size_t) (comma - p) : strlen(p);
    PetscCheck(k > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "option %s: '%s' has an empty item", option, text);
    PetscCheck(*n < max, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "option %s: more than %" PetscInt_FMT " items",
               option, max);
    PetscCheck(k < len, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "option %s: item '%.*s' is too long", option,
               (int) k, p);
    memcpy(items + *n * len, p, k);
    items[*n * len + k] = 0;
    (*n)++;
    p += k + (comma ? 1 : 0);
    PetscCheck(!comma || *p, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "option %s: '%s' ends with a comma", option, text);
  }
  PetscCheck(*n > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "option %s: give at least one item", option);
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadLaws(PetscOptionItems *PetscOptionsObject, SweepOptions *opt)
{
  char text[SWEEP_MAX_LAWS * SWEEP_NAME_LEN] = "chinchilla,compute_only";

  PetscFunctionBegin;
  PetscCall(PetscOptionsString("-sweep_laws", "Laws to fit, comma separated", "", text, text, sizeof(text), NULL));
  PetscCall(SweepSplitList("-sweep_laws", text, SWEEP_MAX_LAWS, SWEEP_NAME_LEN, &opt->laws[0][0], &opt->nlaws));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckLaws(const SweepOptions *opt)
{
  char known[256];

  PetscFunctionBegin;
  PetscCall(SweepLawList(known, sizeof(known)));
  for (PetscInt i = 0; i < opt->nlaws; i++) {
    SweepLaw  law = NULL;
    PetscBool same;
    PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
    PetscErrorCode ierr = SweepLawCreate(opt->laws[i], &law);
    PetscCall(PetscPopErrorHandler());
    PetscCheck(!ierr, PETSC_COMM_SELF, PETSC_ERR_ARG_UNKNOWN_TYPE,
               "option -sweep_laws: unknown law '%s' (known laws: %s)", opt->laws[i], known);
    PetscCall(SweepLawDestroy(&law));
    for (PetscInt j = 0; j < i; j++) {
      PetscCall(PetscStrcmp(opt->laws[i], opt->laws[j], &same));
      PetscCheck(!same, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "option -sweep_laws: law '%s' is given twice",
                 opt->laws[i]);
    }
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode OptionInt(PetscOptionItems *PetscOptionsObject, const char name[], const char help[], PetscInt lo,
                                PetscInt *v)
{
  char      text[256];
  PetscBool set;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(text, sizeof(text), "%" PetscInt_FMT, *v));
  PetscCall(PetscOptionsString(name, help, "", text, text, sizeof(text), &set));
  if (set) PetscCall(ParseInt(name, text, lo, v));
  PetscFunctionReturn(0);
}

static PetscErrorCode OptionRange(PetscOptionItems *PetscOptionsObject, const char name[], const char help[],
                                  const char def[], SweepRange *r)
{
  char text[256];

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(text, def, sizeof(text))); /* PetscOptionsString leaves text alone when unset */
  PetscCall(PetscOptionsString(name, help, "", text, text, sizeof(text), NULL));
  PetscCall(SweepRangeParse(name, text, r));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadSummaryBudgets(PetscOptionItems *PetscOptionsObject, SweepOptions *opt)
{
  char text[1024] = "1e20,1e21,1e22,1e23,1e24,1e25,1e26", items[SWEEP_MAX_SUMMARY][64];

  PetscFunctionBegin;
  PetscCall(PetscOptionsString("-sweep_summary_budgets", "Budgets (FLOP) of the printed allocation table", "", text,
                               text, sizeof(text), NULL));
  PetscCall(SweepSplitList("-sweep_summary_budgets", text, SWEEP_MAX_SUMMARY, 64, &items[0][0], &opt->nsummary));
  for (PetscInt i = 0; i < opt->nsummary; i++) {
    PetscCall(ParseReal("-sweep_summary_budgets", items[i], &opt->summary_budgets[i]));
    PetscCheck(opt->summary_budgets[i] > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
               "option -sweep_summary_budgets: budget %s must be > 0", items[i]);
  }
  PetscFunctionReturn(0);
}

/* A list of positive budgets (FLOP) into x[*n]; an empty text gives none. */
static PetscErrorCode BudgetList(const char option[], const char text[], PetscReal x[], PetscInt *n)
{
  char items[SWEEP_MAX_SUMMARY][64];

  PetscFunctionBegin;
  *n = 0;
  if (!text[0]) PetscFunctionReturn(0);
  PetscCall(SweepSplitList(option, text, SWEEP_MAX_SUMMARY, 64, &items[0][0], n));
  for (PetscInt i = 0; i < *n; i++) {
    PetscCall(ParseReal(option, items[i], &x[i]));
    PetscCheck(x[i] > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "option %s: budget %s must be > 0", option,
               items[i]);
  }
  PetscFunctionReturn(0);
}

/* A real >= 0 read as text, so that a bad value is named; 0 (the default) means "not set". */
static PetscErrorCode OptionNonNegative(PetscOptionItems *PetscOptionsObject, const char name[], const char help[],
                                        PetscReal *v)
{
  char      text[256] = "0";
  PetscBool set;

  PetscFunctionBegin;
  PetscCall(PetscOptionsString(name, help, "", text, text, sizeof(text), &set));
  if (!set) PetscFunctionReturn(0);
  PetscCall(ParseReal(name, text, v));
  PetscCheck(*v >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "option %s: %s must be >= 0 (0: none)", name, text);
  PetscFunctionReturn(0);
}

static PetscBool OneOf(const char text[], const char *const words[]);

/* Constraints of the plan, model selection and the IsoFLOP analysis (issue 6). */
static PetscErrorCode ReadAnalysis(PetscOptionItems *PetscOptionsObject, SweepOptions *opt)
{
  const char *const ranks[]    = {"aic", "bic", "loo", "kfold", "backtest", NULL};
  char              text[1024] = "";
  PetscBool         set;

  PetscFunctionBegin;
  PetscCall(OptionNonNegative(PetscOptionsObject, "-sweep_unique_tokens",
                              "Cap on unique training tokens U for the plan (0: none)", &opt->limits.unique_tokens));
  PetscCall(OptionNonNegative(PetscOptionsObject, "-sweep_max_params", "Cap on model size for the plan (0: none)",
                              &opt->limits.max_params));
  PetscCall(OptionNonNegative(PetscOptionsObject, "-sweep_inference_tokens",
                              "Tokens to be served, 2 N D_inf FLOPs, for the plan (0: none)",
                              &opt->limits.inference_tokens));
  opt->cv_folds = 5;
  PetscCall(
      OptionInt(PetscOptionsObject, "-sweep_cv_folds", "k of k-fold cross-validation (0: none)", 0, &opt->cv_folds));
  PetscCheck(opt->cv_folds != 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option -sweep_cv_folds: 1 fold leaves nothing to fit (give 0 for none, or 2 or more)");
  opt->cv_loo = PETSC_TRUE;
  PetscCall(PetscOptionsBool("-sweep_cv_loo", "Leave-one-out cross-validation", "", opt->cv_loo, &opt->cv_loo, NULL));
  PetscCall(OptionNonNegative(PetscOptionsObject, "-sweep_backtest_cutoff",
                              "Backtest: fit runs with C <= cutoff (FLOP), predict the rest (0: none)",
                              &opt->backtest_cutoff));
  PetscCall(PetscStrncpy(opt->rank_by, "bic", sizeof(opt->rank_by)));
  PetscCall(PetscOptionsString("-sweep_rank_by", "Rank laws by aic, bic, loo, kfold or backtest", "", opt->rank_by,
                               opt->rank_by, sizeof(opt->rank_by), NULL));
  PetscCheck(OneOf(opt->rank_by, ranks), PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "option -sweep_rank_by: '%s' is not aic, bic, loo, kfold or backtest", opt->rank_by);
  PetscCall(PetscOptionsString("-sweep_isoflop_budgets",
                               "IsoFLOP budgets (FLOP) runs are grouped by (default: groups of equal C)", "", text,
                               text, sizeof(text), NULL));
  PetscCall(BudgetList("-sweep_isoflop_budgets", text, opt->iso_budgets, &opt->niso));
  PetscCall(PetscSNPrintf(text, sizeof(text), "%g", opt->niso ? 0.1 : 1e-3));
  PetscCall(PetscOptionsString("-sweep_isoflop_tol",
                               "IsoFLOP grouping tolerance: decades around a given budget, else relative (0.1 or 1e-3)",
                               "", text, text, sizeof(text), &set));
  PetscCall(ParseReal("-sweep_isoflop_tol", text, &opt->iso_tol));
  PetscCheck(opt->iso_tol > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "option -sweep_isoflop_tol: %s must be > 0",
             text);
  opt->iso_min_runs = 5;
  PetscCall(OptionInt(PetscOptionsObject, "-sweep_isoflop_min_runs", "Smallest IsoFLOP group fitted (at least 3)", 3,
                      &opt->iso_min_runs));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadColumns(PetscOptionItems *PetscOptionsObject, SweepOptions *opt)
{
  PetscBool dset, cset;

  PetscFunctionBegin;
  PetscCall(SweepColumnsDefault(&opt->cols));
  PetscCall(PetscOptionsString("-sweep_col_n", "Column holding the model size N (parameters)", "", opt->cols.n,
                               opt->cols.n, sizeof(opt->cols.n), NULL));
  PetscCall(PetscOptionsString("-sweep_col_d", "Column holding the data size D (tokens)", "", opt->cols.d, opt->cols.d,
                               sizeof(opt->cols.d), &dset));
  PetscCall(PetscOptionsString("-sweep_col_c",
                               "Column holding the compute C (FLOP); D = C/(6N) instead of -sweep_col_d", "",
                               opt->cols.c, opt->cols.c, sizeof(opt->cols.c), &cset));
  PetscCall(PetscOptionsString("-sweep_col_loss", "Column holding the final loss", "", opt->cols.loss, opt->cols.loss,
                               sizeof(opt->cols.loss), NULL));
  PetscCall(PetscOptionsString("-sweep_col_unique",
                               "Column holding the unique tokens available to each run (law data_constrained); "
                               "none: no repetition",
                               "", opt->cols.unique, opt->cols.unique, sizeof(opt->cols.unique), NULL));
  PetscCheck(!(dset && cset && opt->cols.c[0]), PETSC_COMM_SELF, PETSC_ERR_ARG_INCOMP,
             "options -sweep_col_d and -sweep_col_c: give one of them (D is derived from C when -sweep_col_c is set)");
  PetscCheck(opt->cols.n[0] && opt->cols.loss[0] && (opt->cols.c[0] || opt->cols.d[0]), PETSC_COMM_SELF,
             PETSC_ERR_ARG_WRONG, "options -sweep_col_*: a column name must not be empty");
  PetscFunctionReturn(0);
}

/* Whether text is one of the words in a NULL-terminated list. */
static PetscBool OneOf(const char text[], const char *const words[])
{
  for (; *words; words++)
    if (!strcmp(text, *words)) return PETSC_TRUE;
  return PETSC_FALSE;
}

static PetscErrorCode CheckValues(const SweepOptions *opt)
{
  const char *const progress[] = {"auto", "bar", "lines", "none", NULL}, *const fit0[] = {"fit0", NULL};
  PetscInt       k;
  PetscErrorCode ierr = 0;

  const SweepKind *kind;

  PetscFunctionBegin;
  PetscCall(SweepKindFind(opt->study, &kind));
  PetscCheck(!kind || (!opt->nshard && !opt->merge), PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "options -sweep_shard and -sweep_merge: the %s study does not run in shards (they split loss-law fits)",
             opt->study);
  PetscCall(SweepParseStarts(opt->starts, &k, NULL));
  if (!OneOf(opt->bstarts, fit0)) {
    PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
    ierr = SweepParseStarts(opt->bstarts, &k, NULL);
    PetscCall(PetscPopErrorHandler());
  }
  PetscCheck(!ierr, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "option -sweep_bootstrap_starts: '%s' is not fit0, hoffmann, hoffmann_exhaustive or random:K",
             opt->bstarts);
  PetscCheck(OneOf(opt->progress, progress), PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "option -sweep_progress: '%s' is not auto, bar, lines or none", opt->progress);
  PetscCall(CheckLaws(opt));
  PetscCheck(opt->input[0], PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "option -sweep_input: give an input CSV file");
  PetscCheck(opt->output[0], PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "option -sweep_output: give an output path");
  PetscFunctionReturn(0);
}

/* A list of reals, each >= lo (> lo when strict). */
static PetscErrorCode RealList(PetscOptionItems *PetscOptionsObject, const char name[], const char help[],
                               const char def[], PetscReal lo, PetscBool strict, PetscReal x[], PetscInt *n)
{
  char text[1024], items[SWEEP_MAX_AXIS][64];

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(text, def, sizeof(text)));
  PetscCall(PetscOptionsString(name, help, "", text, text, sizeof(text), NULL));
  PetscCall(SweepSplitList(name, text, SWEEP_MAX_AXIS, 64, &items[0][0], n));
  for (PetscInt i = 0; i < *n; i++) {
    PetscCall(ParseReal(name, items[i], &x[i]));
    PetscCheck(strict ? x[i] > lo : x[i] >= lo, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
               "option %s: %s must be %s %g", name, items[i], strict ? ">" : ">=", (double) lo);
  }
  PetscFunctionReturn(0);
}

/* The ablation axes. -sweep_tao_type is read here as a list and then removed from the options
   database, so that TAO's own TaoSetFromOptions() does not see the list; each config sets its type. */
static PetscErrorCode ReadAxes(PetscOptionItems *PetscOptionsObject, SweepAxes *a)
{
  PetscReal drop[SWEEP_MAX_AXIS];
  char      text[1024] = "lmvm";

  PetscFunctionBegin;
  PetscCall(RealList(PetscOptionsObject, "-sweep_huber_delta",
                     "Huber loss threshold on log residuals (a list is an axis)", "1e-3", 0, PETSC_TRUE, a->huber,
                     &a->nhuber));
  PetscCall(RealList(PetscOptionsObject, "-sweep_drop_highest",
                     "Drop the K highest-loss runs before fitting (a list is an axis)", "0", 0, PETSC_FALSE, drop,
                     &a->ndrop));
  for (PetscInt i = 0; i < a->ndrop; i++) {
    PetscCheck(drop[i] <= PETSC_MAX_INT, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
               "option -sweep_drop_highest: %g is out of range", (double) drop[i]);
    PetscCheck(drop[i] == (PetscInt) drop[i], PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
               "option -sweep_drop_highest: %g is not a whole number", (double) drop[i]);
    a->drop[i] = (PetscInt) drop[i];
  }
  PetscCall(RealList(PetscOptionsObject, "-sweep_min_budget",
                     "Fit only runs with C >= this, FLOP; 0: no bound (a list is an axis)", "0", 0, PETSC_FALSE,
                     a->min_budget, &a->nmin));
  PetscCall(RealList(PetscOptionsObject, "-sweep_max_budget",
                     "Fit only runs with C <= this, FLOP; 0: no bound (a list is an axis)", "0", 0, PETSC_FALSE,
                     a->max_budget, &a->nmax));
  PetscCall(PetscOptionsString("-sweep_tao_type", "TAO solver type (a list is an axis)", "TaoSetType", text, text,
                               sizeof(text), NULL));
  PetscCall(SweepSplitList("-sweep_tao_type", text, SWEEP_MAX_AXIS, SWEEP_NAME_LEN, &a->tao[0][0], &a->ntao));
  PetscCall(PetscOptionsClearValue(NULL, "-sweep_tao_type"));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadQuantiles(PetscOptionItems *PetscOptionsObject, SweepOptions *opt)
{
  PetscFunctionBegin;
  PetscCall(RealList(PetscOptionsObject, "-sweep_quantiles", "Quantiles of the bootstrap bands, in [0, 1]",
                     "0.05,0.5,0.95", 0, PETSC_FALSE, opt->quantiles, &opt->nquantile));
  for (PetscInt i = 0; i < opt->nquantile; i++)
    PetscCheck(opt->quantiles[i] <= 1 && (!i || opt->quantiles[i] > opt->quantiles[i - 1]), PETSC_COMM_SELF,
               PETSC_ERR_ARG_OUTOFRANGE, "option -sweep_quantiles: values must rise within [0, 1]");
  PetscFunctionReturn(0);
}

/* -sweep_shard i/n */
static PetscErrorCode ParseShard(const char text[], PetscInt *i, PetscInt *n)
{
  char buf[256], *slash;

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(buf, text, sizeof(buf)));
  slash = strchr(buf, '/');
  PetscCheck(slash, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "option -sweep_shard: '%s' is not of the form i/n", text);
  *slash++ = 0;
  PetscCall(ParseInt("-sweep_shard", buf, 0, i));
  PetscCall(ParseInt("-sweep_shard", slash, 1, n));
  PetscCheck(*i < *n, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option -sweep_shard: shard %" PetscInt_FMT " of %" PetscInt_FMT " (shards are numbered 0 to n-1)", *i,
             *n);
  PetscFunctionReturn(0);
}

/*@C
  SweepShardPath - the file of shard i of n: the output's path with .shard-i-of-n appended. Not collective.
@*/
PetscErrorCode SweepShardPath(const SweepOptions *opt, PetscInt i, PetscInt n, char path[], size_t len)
{
  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(path, len, "%s.shard-%" PetscInt_FMT "-of-%" PetscInt_FMT, opt->output, i, n));
  PetscFunctionReturn(0);
}

/* Checkpoint, resume, overwrite, failure policy, shards and merge (docs/resilience.md). */
static PetscErrorCode ReadResilience(PetscOptionItems *PetscOptionsObject, SweepOptions *opt)
{
  char      resume[64] = "no", policy[64] = "record", shard[256] = "";
  PetscBool set, ckpt_set;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(opt->checkpoint, sizeof(opt->checkpoint), "%s.ckpt", opt->output));
  PetscCall(PetscOptionsString("-sweep_checkpoint",
                               "Journal of finished tasks, for -sweep_resume (default <output>.ckpt; none: no journal)",
                               "", opt->checkpoint, opt->checkpoint, sizeof(opt->checkpoint), &ckpt_set));
  PetscCall(PetscOptionsBool("-sweep_checkpoint_keep", "Keep the journal after the output is written", "",
                             opt->checkpoint_keep, &opt->checkpoint_keep, NULL));
  PetscCall(PetscOptionsString(
      "-sweep_resume", "Resume from the journal: yes (it must exist; also given alone), auto (if it exists), no", "",
      resume, resume, sizeof(resume), &set));
  if (set && !resume[0]) PetscCall(PetscStrncpy(resume, "yes", sizeof(resume)));
  PetscCheck(!strcmp(resume, "yes") || !strcmp(resume, "auto") || !strcmp(resume, "no") || !strcmp(resume, "true") ||
                 !strcmp(resume, "false"),
             PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "option -sweep_resume: '%s' is not yes, auto or no", resume);
  opt->resume = !strcmp(resume, "auto")                               ? SWEEP_RESUME_AUTO
                : (!strcmp(resume, "yes") || !strcmp(resume, "true")) ? SWEEP_RESUME_YES
                                                                      : SWEEP_RESUME_NO;
  PetscCall(PetscOptionsBool("-sweep_overwrite", "Replace an existing output file (and checkpoint journal)", "",
                             opt->overwrite, &opt->overwrite, NULL));
  PetscCall(PetscOptionsString("-sweep_on_failure",
                               "A failed fit (NaN objective, diverged solve, law error): record (store it with its "
                               "status, go on) or abort (stop the run)",
                               "", policy, policy, sizeof(policy), NULL));
  PetscCheck(!strcmp(policy, "record") || !strcmp(policy, "abort"), PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "option -sweep_on_failure: '%s' is not record or abort", policy);
  opt->abort_on_failure = (PetscBool) !strcmp(policy, "abort");
  PetscCall(PetscOptionsString("-sweep_shard",
                               "Run shard i of n of the study's fits (an array job), into <output>.shard-i-of-n", "",
                               shard, shard, sizeof(shard), &set));
  if (set) PetscCall(ParseShard(shard, &opt->shard, &opt->nshard));
  PetscCall(OptionInt(PetscOptionsObject, "-sweep_merge",
                      "Merge the n shard files <output>.shard-i-of-n into the output (0: no merge)", 0, &opt->merge));
  PetscCheck(!(opt->nshard && opt->merge), PETSC_COMM_SELF, PETSC_ERR_ARG_INCOMP,
             "options -sweep_shard and -sweep_merge: a run is a shard or a merge, not both");
  PetscCheck(!opt->nshard || !ckpt_set, PETSC_COMM_SELF, PETSC_ERR_ARG_INCOMP,
             "options -sweep_checkpoint and -sweep_shard: a shard's journal is its result, always "
             "<output>.shard-i-of-n (where -sweep_merge looks for it)");
  if (opt->nshard) PetscCall(SweepShardPath(opt, opt->shard, opt->nshard, opt->checkpoint, sizeof(opt->checkpoint)));
  if (!strcmp(opt->checkpoint, "none")) {
    PetscCheck(opt->resume == SWEEP_RESUME_NO, PETSC_COMM_SELF, PETSC_ERR_ARG_INCOMP,
               "options -sweep_checkpoint none and -sweep_resume: there is no journal to resume from");
    opt->checkpoint[0] = 0;
  }
  PetscCall(PetscOptionsString("-sweep_test_faults",
                               "For the test law test_faults: replicate:kind,... (kind nan, error or diverge)", "",
                               opt->faults, opt->faults, sizeof(opt->faults), NULL));
  if (opt->faults[0]) PetscCall(SweepTestFaultsCheck());
  PetscFunctionReturn(0);
}

/* Appends "name value\n" to the identity text. */
static PetscErrorCode Line(char **text, size_t *len, const char name[], const char value[])
{
  size_t need = strlen(*text) + strlen(name) + strlen(value) + 3;

  PetscFunctionBegin;
  if (need > *len) {
    *len = 2 * need;
    PetscCall(PetscRealloc(*len, text));
  }
  PetscCall(PetscStrlcat(*text, name, *len));
  PetscCall(PetscStrlcat(*text, " ", *len));
  PetscCall(PetscStrlcat(*text, value, *len));
  PetscCall(PetscStrlcat(*text, "\n", *len));
  PetscFunctionReturn(0);
}

static void Reals(const PetscReal x[], PetscInt n, char buf[], size_t len)
{
  buf[0] = 0;
  for (PetscInt i = 0; i < n; i++) {
    size_t k = strlen(buf);
    snprintf(buf + k, len - k, "%s%.17g", i ? "," : "", (double) x[i]);
  }
}

/*@C
  SweepOptionsIdentity - what makes a study's results what they are, as "name value" lines: every
  option that changes a fitted or stored number (at full precision, defaults included), TAO's own
  -sweep_tao_ options, the input's SHA-256 and the shard. A checkpoint journal carries it, and a
  resume or a merge refuses a journal whose identity differs (journal.c names the difference).
  Options that change only how the run goes (ranks, chunk sizes, progress, paths) are left out.
  Not collective.
@*/
PetscErrorCode SweepOptionsIdentity(const SweepOptions *opt, const char input_sha256[], char **text)
{
  const SweepAxes *a   = &opt->axes;
  size_t           len = 4096;
  char             buf[4096], *all, *p;
  PetscReal        drop[SWEEP_MAX_AXIS];

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(len, text));
  PetscCall(PetscSNPrintf(buf, sizeof(buf), "%s (%d-byte PetscInt)", SweepVersion, (int) sizeof(PetscInt)));
  PetscCall(Line(text, &len, "format", buf));
  PetscCall(Line(text, &len, "input_sha256", input_sha256));
  PetscCall(Line(text, &len, "-sweep_study", opt->study));
  PetscCall(PetscSNPrintf(buf, sizeof(buf), "%" PetscInt_FMT "/%" PetscInt_FMT, opt->shard, opt->nshard));
  PetscCall(Line(text, &len, "shard", opt->nshard ? buf : "none"));
  PetscCall(Line(text, &len, "-sweep_col_n", opt->cols.n));
  PetscCall(Line(text, &len, "-sweep_col_d", opt->cols.c[0] ? "" : opt->cols.d));
  PetscCall(Line(text, &len, "-sweep_col_c", opt->cols.c));
  PetscCall(Line(text, &len, "-sweep_col_loss", opt->cols.loss));
  PetscCall(Line(text, &len, "-sweep_col_unique", opt->cols.unique));
  buf[0] = 0;
  for (PetscInt l = 0; l < opt->nlaws; l++) {
    if (l) PetscCall(PetscStrlcat(buf, ",", sizeof(buf)));
    PetscCall(PetscStrlcat(buf, opt->laws[l], sizeof(buf)));
  }
  PetscCall(Line(text, &len, "-sweep_laws", buf));
  Reals(a->huber, a->nhuber, buf, sizeof(buf));
  PetscCall(Line(text, &len, "-sweep_huber_delta", buf));
  for (PetscInt i = 0; i < a->ndrop; i++) drop[i] = (PetscReal) a->drop[i];
  Reals(drop, a->ndrop, buf, sizeof(buf));
  PetscCall(Line(text, &len, "-sweep_drop_highest", buf));
  Reals(a->min_budget, a->nmin, buf, sizeof(buf));
  PetscCall(Line(text, &len, "-sweep_min_budget", buf));
  Reals(a->max_budget, a->nmax, buf, sizeof(buf));
  PetscCall(Line(text, &len, "-sweep_max_budget", buf));
  buf[0] = 0;
  for (PetscInt t = 0; t < a->ntao; t++) {
    if (t) PetscCall(PetscStrlcat(buf, ",", sizeof(buf)));
    PetscCall(PetscStrlcat(buf, a->tao[t], sizeof(buf)));
  }
  PetscCall(Line(text, &len, "-sweep_tao_type", buf));
  PetscCall(Line(text, &len, "-sweep_starts", opt->starts));
  PetscCall(Line(text, &len, "-sweep_bootstrap_starts", opt->bstarts));
  PetscCall(PetscSNPrintf(buf, sizeof(buf), "%" PetscInt_FMT, opt->seed));
  PetscCall(Line(text, &len, "-sweep_seed", buf));
  PetscCall(PetscSNPrintf(buf, sizeof(buf), "%" PetscInt_FMT, opt->bootstrap));
  PetscCall(Line(text, &len, "-sweep_bootstrap", buf));
  PetscCall(PetscSNPrintf(buf, sizeof(buf), "%" PetscInt_FMT, opt->patience));
  PetscCall(Line(text, &len, "-sweep_search_patience", buf));
  Reals(opt->quantiles, opt->nquantile, buf, sizeof(buf));
  PetscCall(Line(text, &len, "-sweep_quantiles", buf));
  PetscCall(PetscSNPrintf(buf, sizeof(buf), "%" PetscInt_FMT, opt->tile));
  PetscCall(Line(text, &len, "-sweep_tile", buf));
  const SweepRange *r[3]    = {&opt->budget, &opt->model_size, &opt->data_size};
  const char       *name[3] = {"-sweep_budget", "-sweep_model_size", "-sweep_data_size"};
  for (int k = 0; k < 3; k++) {
    PetscCall(
        PetscSNPrintf(buf, sizeof(buf), "%.17g:%.17g:%" PetscInt_FMT, (double) r[k]->lo, (double) r[k]->hi, r[k]->n));
    PetscCall(Line(text, &len, name[k], buf));
  }
  PetscCall(Line(text, &len, "-sweep_test_faults", opt->faults));
  Reals(opt->summary_budgets, opt->nsummary, buf, sizeof(buf));
  PetscCall(Line(text, &len, "-sweep_summary_budgets", buf));
  const PetscReal lim[3]   = {opt->limits.unique_tokens, opt->limits.max_params, opt->limits.inference_tokens};
  const char     *limit[3] = {"-sweep_unique_tokens", "-sweep_max_params", "-sweep_inference_tokens"};
  for (int k = 0; k < 3; k++) {
    Reals(&lim[k], 1, buf, sizeof(buf));
    PetscCall(Line(text, &len, limit[k], buf));
  }
  PetscCall(PetscSNPrintf(buf, sizeof(buf), "%" PetscInt_FMT, opt->cv_folds));
  PetscCall(Line(text, &len, "-sweep_cv_folds", buf));
  PetscCall(Line(text, &len, "-sweep_cv_loo", opt->cv_loo ? "true" : "false"));
  Reals(&opt->backtest_cutoff, 1, buf, sizeof(buf));
  PetscCall(Line(text, &len, "-sweep_backtest_cutoff", buf));
  /* TAO's own options behind the prefix, e.g. -sweep_tao_gatol 1e-9, as given */
  PetscCall(PetscOptionsGetAll(NULL, &all));
  for (p = strstr(all, "-sweep_tao_"); p; p = strstr(p + 1, "-sweep_tao_")) {
    char   opt_name[256] = "", value[256] = "";
    size_t k = strcspn(p, " ");
    if (p != all && p[-1] != ' ') continue;
    PetscCall(PetscStrncpy(opt_name, p, PetscMin(k + 1, sizeof(opt_name))));
    if (strstr(opt_name, "monitor") || strstr(opt_name, "view") || strstr(opt_name, "draw") ||
        strstr(opt_name, "converged_reason"))
      continue; /* what TAO prints changes no result */
    if (p[k] == ' ' && p[k + 1] != '-') {
      size_t v = strcspn(p + k + 1, " ");
      PetscCall(PetscStrncpy(value, p + k + 1, PetscMin(v + 1, sizeof(value))));
    }
    PetscCall(Line(text, &len, opt_name, value[0] ? value : "(set)"));
  }
  PetscCall(PetscFree(all));
  PetscFunctionReturn(0);
}

/* The body of SweepOptionsSetFromOptions()'s PetscOptionsBegin/End block. */
static PetscErrorCode ReadOptions(PetscOptionItems *PetscOptionsObject, SweepOptions *opt)
{
  char kinds[1024], help[1100];

  PetscFunctionBegin;
  PetscCall(SweepKindList(kinds, sizeof(kinds)));
  PetscCall(PetscSNPrintf(help, sizeof(help), "What the run computes: %s (docs/studies.md)", kinds));
  PetscCall(PetscOptionsString("-sweep_study", help, "", opt->study, opt->study, sizeof(opt->study), NULL));
  PetscCall(PetscOptionsString("-sweep_input", "Input CSV of training runs", "", opt->input, opt->input,
                               sizeof(opt->input), NULL));
  PetscCall(PetscOptionsString("-sweep_job", "Job name: names the default output and the summary", "", opt->job,
                               opt->job, sizeof(opt->job), NULL));
  PetscCall(PetscSNPrintf(opt->output, sizeof(opt->output), "outputs/%s.nc", opt->job));
  PetscCall(PetscOptionsString("-sweep_output", "Output NetCDF file (default outputs/<job>.nc)", "", opt->output,
                               opt->output, sizeof(opt->output), NULL));
  PetscCall(ReadColumns(PetscOptionsObject, opt));
  PetscCall(ReadLaws(PetscOptionsObject, opt));
  PetscCall(ReadAxes(PetscOptionsObject, &opt->axes));
  PetscCall(PetscOptionsString("-sweep_starts",
                               "Start points: hoffmann (each law's grid, screened), hoffmann_exhaustive (a solve from "
                               "every grid point) or random:K",
                               "", opt->starts, opt->starts, sizeof(opt->starts), NULL));
  PetscCall(OptionInt(PetscOptionsObject, "-sweep_seed", "Seed of random starts", 0, &opt->seed));
  PetscCall(OptionInt(PetscOptionsObject, "-sweep_bootstrap", "Bootstrap replicates B (replicate 0 fits all runs)", 0,
                      &opt->bootstrap));
  PetscCall(PetscOptionsString(
      "-sweep_bootstrap_starts",
      "Starts of replicates >= 1: fit0 (replicate 0's optimum), hoffmann, hoffmann_exhaustive or random:K", "",
      opt->bstarts, opt->bstarts, sizeof(opt->bstarts), NULL));
  PetscCall(OptionInt(PetscOptionsObject, "-sweep_search_patience",
                      "hoffmann: stop after this many solves in a row that do not improve the best", 1,
                      &opt->patience));
  PetscCall(ReadQuantiles(PetscOptionsObject, opt));
  PetscCall(OptionInt(PetscOptionsObject, "-sweep_tile",
                      "Surface tasks are tile x tile grid points (and one chunk of the file)", 1, &opt->tile));
  PetscCall(
      OptionInt(PetscOptionsObject, "-sweep_max_chunk", "Start points per fit task, at most", 1, &opt->max_chunk));
  PetscCall(PetscOptionsString("-sweep_progress",
                               "Progress on stderr: auto (bar on a terminal, else lines), bar, lines, none", "",
                               opt->progress, opt->progress, sizeof(opt->progress), NULL));
  PetscCall(OptionRange(PetscOptionsObject, "-sweep_budget", "Compute budgets lo:hi:n (FLOP, log-spaced)",
                        "1e18:1e26:81", &opt->budget));
  PetscCall(OptionRange(PetscOptionsObject, "-sweep_model_size", "Model sizes lo:hi:n (parameters, log-spaced)",
                        "1e7:1e13:61", &opt->model_size));
  PetscCall(OptionRange(PetscOptionsObject, "-sweep_data_size", "Data sizes lo:hi:n (tokens, log-spaced)",
                        "1e9:1e15:61", &opt->data_size));
  PetscCall(ReadSummaryBudgets(PetscOptionsObject, opt));
  PetscCall(ReadAnalysis(PetscOptionsObject, opt));
  PetscCall(ReadResilience(PetscOptionsObject, opt));
  PetscCall(PetscOptionsBool("-sweep_quiet", "Print no launch line and no summary", "", opt->quiet, &opt->quiet, NULL));
  PetscCall(PetscOptionsBool("-sweep_view",
                             "Print the study's plan (sizes, tasks, an estimate of its cost) and stop; writes nothing",
                             "", opt->view, &opt->view, NULL));
  PetscCall(
      PetscOptionsBool("-sweep_traceback", "On error, print PETSc's full traceback", "", PETSC_FALSE, NULL, NULL));
  PetscFunctionReturn(0);
}

/*@C
  SweepOptionsSetFromOptions - reads and checks every -sweep_* option. Collective on comm (the
  options database is global: every rank reads the same values).
@*/
PetscErrorCode SweepOptionsSetFromOptions(MPI_Comm comm, SweepOptions *opt)
{
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(opt, sizeof(*opt)));
  PetscCall(PetscOptionsHasHelp(NULL, &opt->help));
  PetscCall(PetscStrncpy(opt->study, "loss", sizeof(opt->study)));
  PetscCall(PetscStrncpy(opt->input, "inputs/ladder.csv", sizeof(opt->input)));
  PetscCall(PetscStrncpy(opt->job, "scalesweep", sizeof(opt->job)));
  PetscCall(PetscStrncpy(opt->starts, "hoffmann", sizeof(opt->starts)));
  PetscCall(PetscStrncpy(opt->bstarts, "fit0", sizeof(opt->bstarts)));
  PetscCall(PetscStrncpy(opt->progress, "auto", sizeof(opt->progress)));
  opt->tile      = 64;
  opt->max_chunk = 256;
  opt->patience  = 8;

  /* PetscOptionsBegin() allocates a title that only PetscOptionsEnd() frees, so an error inside the
     block is raised after the block (a return from inside it would leak the title) */
  PetscOptionsBegin(comm, NULL, "scalesweep: scaling-law fits and compute allocation", "");
  if (!ierr) ierr = ReadOptions(PetscOptionsObject, opt);
  PetscOptionsEnd();
  PetscCall(ierr);
  PetscCall(CheckValues(opt));
  PetscFunctionReturn(0);
}

/*@C
  SweepOptionsCheckUnused - rejects any -sweep_* option that nothing read (a typo such as
  -sweep_budgte), naming it. Call after SweepOptionsSetFromOptions() and SweepFitCheckTaoOptions().
  Not collective.
@*/
PetscErrorCode SweepOptionsCheckUnused(void)
{
  PetscFunctionBegin;
  PetscCall(SweepOptionsCheckUnusedPrefix("sweep_"));
  PetscFunctionReturn(0);
}

/*@C
  SweepOptionsCheckUnusedPrefix - the same for the options that start with -prefix (the input
  generators' -gen_, -sim_, ...). Not collective.
@*/
PetscErrorCode SweepOptionsCheckUnusedPrefix(const char prefix[])
{
  PetscInt n;
  size_t   len;
  char   **names, **values, unknown[256] = "";

  PetscFunctionBegin;
  PetscCall(PetscStrlen(prefix, &len));
  PetscCall(PetscOptionsLeftGet(NULL, &n, &names, &values));
  for (PetscInt i = 0; i < n && !unknown[0]; i++)
    if (!strncmp(names[i], prefix, len)) PetscCall(PetscStrncpy(unknown, names[i], sizeof(unknown)));
  PetscCall(PetscOptionsLeftRestore(NULL, &n, &names, &values)); /* before the error: it frees the lists */
  PetscCheck(!unknown[0], PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "unknown option -%s (see -help for the -%s options)",
             unknown, prefix);
  PetscFunctionReturn(0);
}
