/* kind_infotheory.c: the study kind "infotheory" (Nayak & Varshney 2024, REFERENCE.md 2.4): skills
   learned over an (N, D) grid, the compute-optimal (N, D) per budget and the exponents of N_opt and
   D_opt in C, the giant-component fraction over mean degree, and task accuracy over compute for a
   unimodal and a multimodal distribution of skill levels. A computed study: no input, no random
   draws. Grid rows (phase 0) and budgets (phase 1) are scheduler items; the rest is cheap and done
   on the root. Numerics in infotheory.h; formulas in docs/infotheory.md. */
#include "infotheory.h"
#include "kind.h"
#include "numeric.h"
#include <math.h>

#define IT_MAX_LEVELS 64
#define IT_GRID_REC 5 /* learned, P_B, eps_BP, alpha, skill degree */
#define IT_OPT_REC 10 /* N, D, s, t, skill degree, eps_BP, alpha, P_B, learned, TAO reason */

typedef struct {
  SweepITModel model;
  char         dist[16];
  SweepRange   nrange, drange, crange, scan, krange;
  PetscReal    nskill, uni_mean, uni_sd;
  PetscInt     ncompute, nmulti, nuni;
  PetscReal    multi_level[IT_MAX_LEVELS], multi_weight[IT_MAX_LEVELS];
  PetscReal    uni_level[IT_MAX_LEVELS], uni_weight[IT_MAX_LEVELS];
  /* results (root) */
  PetscReal *N, *D, *C, *k, *grid, *opt, *G, *compute, *acc_uni, *acc_multi;
  PetscReal  expo_n, expo_d, resid_n, resid_d, level_budget[IT_MAX_LEVELS], uni_budget[IT_MAX_LEVELS];
} ITCtx;

/* A real option read as text, so that a bad value is reported with the option's name. */
static PetscErrorCode OptReal(PetscOptionItems *PetscOptionsObject, const char name[], const char help[], PetscReal lo,
                              PetscReal hi, PetscReal *v)
{
  char text[64], *end;

  PetscFunctionBegin;
  (void) snprintf(text, sizeof(text), "%g", (double) *v); /* PETSc's %g would write "6." */
  PetscCall(PetscOptionsString(name, help, "", text, text, sizeof(text), NULL));
  *v = strtod(text, &end);
  PetscCheck(end != text && !*end && isfinite(*v), PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "option %s: '%s' is not a number", name, text);
  PetscCheck(*v >= lo && *v <= hi, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "option %s: %s is not in [%g, %g]", name,
             text, (double) lo, (double) hi);
  PetscFunctionReturn(0);
}

/* A comma-separated list of reals in [lo, hi]. */
static PetscErrorCode OptList(PetscOptionItems *PetscOptionsObject, const char name[], const char help[],
                              const char def[], PetscReal lo, PetscReal hi, PetscInt *n, PetscReal v[])
{
  char text[1024], items[IT_MAX_LEVELS][64], *end;

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(text, def, sizeof(text)));
  PetscCall(PetscOptionsString(name, help, "", text, text, sizeof(text), NULL));
  PetscCall(SweepSplitList(name, text, IT_MAX_LEVELS, 64, &items[0][0], n));
  for (PetscInt i = 0; i < *n; i++) {
    v[i] = strtod(items[i], &end);
    PetscCheck(end != items[i] && !*end && isfinite(v[i]), PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
               "option %s: '%s' is not a number", name, items[i]);
    PetscCheck(v[i] >= lo && v[i] <= hi, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "option %s: %s is not in [%g, %g]",
               name, items[i], (double) lo, (double) hi);
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode OptRange(PetscOptionItems *PetscOptionsObject, const char name[], const char help[],
                               const char def[], SweepRange *r)
{
  char text[256];

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(text, def, sizeof(text)));
  PetscCall(PetscOptionsString(name, help, "", text, text, sizeof(text), NULL));
  PetscCall(SweepRangeParse(name, text, r));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadModel(PetscOptionItems *PetscOptionsObject, ITCtx *c)
{
  SweepITModel *m = &c->model;

  PetscFunctionBegin;
  PetscCall(PetscOptionsString("-sweep_infotheory_degrees",
                               "Degree distributions of skills and texts: binomial or poisson (its large-n limit)", "",
                               c->dist, c->dist, sizeof(c->dist), NULL));
  PetscCheck(!strcmp(c->dist, "binomial") || !strcmp(c->dist, "poisson"), PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "option -sweep_infotheory_degrees: '%s' is not binomial or poisson", c->dist);
  m->type = strcmp(c->dist, "binomial") ? SWEEP_IT_POISSON : SWEEP_IT_BINOMIAL;
  PetscCall(OptReal(PetscOptionsObject, "-sweep_infotheory_params_per_skill", "Parameters per skill: N = s x this", 1,
                    1e30, &m->param_per_skill));
  PetscCall(OptReal(PetscOptionsObject, "-sweep_infotheory_tokens_per_text", "Tokens per text: D = t x this", 1, 1e30,
                    &m->tokens_per_text));
  PetscCall(OptReal(PetscOptionsObject, "-sweep_infotheory_text_degree", "Skills still to learn per text (mean)", 1,
                    1e6, &m->text_degree));
  PetscCall(OptReal(PetscOptionsObject, "-sweep_infotheory_erasure",
                    "Erasure probability: fraction of the concepts still unknown", 1e-6, 1 - 1e-6, &m->erasure));
  PetscCall(OptReal(PetscOptionsObject, "-sweep_infotheory_alpha",
                    "Finite-length scaling constant alpha; 0: computed per point (Amraoui et al. 2009)", 0, 1e6,
                    &m->alpha));
  PetscCall(OptReal(PetscOptionsObject, "-sweep_infotheory_xmin",
                    "Fixed points of density evolution are sought in [xmin, 1] (0: (0, 1])", 0, 0.99, &m->xmin));
  PetscFunctionReturn(0);
}

/* Unimodal levels: a normal bump of the given mean and sd on nuni levels spread over [0, 1]. */
static PetscErrorCode UnimodalLevels(ITCtx *c)
{
  PetscReal sum = 0;

  PetscFunctionBegin;
  c->nuni = 41;
  for (PetscInt i = 0; i < c->nuni; i++) {
    c->uni_level[i]  = (PetscReal) i / (c->nuni - 1);
    c->uni_weight[i] = exp(-0.5 * PetscSqr((c->uni_level[i] - c->uni_mean) / c->uni_sd));
    sum += c->uni_weight[i];
  }
  for (PetscInt i = 0; i < c->nuni; i++) c->uni_weight[i] /= sum;
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadStudy(PetscOptionItems *PetscOptionsObject, ITCtx *c)
{
  PetscReal uni[2] = {0.5, 0.1}, sum = 0;
  PetscInt  nu = 2, nw;

  PetscFunctionBegin;
  PetscCall(ReadModel(PetscOptionsObject, c));
  PetscCall(OptRange(PetscOptionsObject, "-sweep_infotheory_model_size", "Model sizes N lo:hi:n (log-spaced)",
                     "1e8:1e12:25", &c->nrange));
  PetscCall(OptRange(PetscOptionsObject, "-sweep_infotheory_data_size", "Data sizes D lo:hi:n (tokens, log-spaced)",
                     "2e9:2e13:25", &c->drange));
  PetscCheck(
      c->nrange.lo >= c->model.param_per_skill && c->drange.lo >= c->model.tokens_per_text, PETSC_COMM_SELF,
      PETSC_ERR_ARG_OUTOFRANGE,
      "options -sweep_infotheory_model_size, -sweep_infotheory_data_size: the grid starts below one skill or one "
      "text (N >= %g, D >= %g)",
      (double) c->model.param_per_skill, (double) c->model.tokens_per_text);
  PetscCall(OptRange(PetscOptionsObject, "-sweep_infotheory_budget", "Compute budgets C = 6 N D lo:hi:n (FLOP)",
                     "1e18:1e26:17", &c->crange));
  /* one budget (or lo = hi) would give the exponents a slope through a single point */
  PetscCheck(c->crange.n >= 2 && c->crange.hi > c->crange.lo, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option -sweep_infotheory_budget: the exponents need at least 2 different budgets (lo < hi, n >= 2)");
  PetscCall(OptRange(PetscOptionsObject, "-sweep_infotheory_scan",
                     "Skill degrees scanned for each budget's optimum lo:hi:n", "1:1000:61", &c->scan));
  PetscCheck(c->scan.n >= 3, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option -sweep_infotheory_scan: at least 3 points");
  PetscCall(OptRange(PetscOptionsObject, "-sweep_infotheory_mean_degree",
                     "Mean degrees k of the skill graph for G(k) lo:hi:n", "0.1:10:101", &c->krange));
  c->ncompute = 201;
  PetscCall(PetscOptionsInt("-sweep_infotheory_compute_points", "Points of the accuracy-over-compute curves", "",
                            c->ncompute, &c->ncompute, NULL));
  PetscCheck(c->ncompute >= 2 && c->ncompute <= 100000, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "option -sweep_infotheory_compute_points: %" PetscInt_FMT " is not in [2, 100000]", c->ncompute);
  c->nskill = 4;
  PetscCall(OptReal(PetscOptionsObject, "-sweep_infotheory_task_skills", "Skills a task needs: it succeeds w.p. G^n", 1,
                    1000, &c->nskill));
  PetscCall(OptList(PetscOptionsObject, "-sweep_infotheory_unimodal",
                    "Unimodal skill levels: mean,sd of a normal bump over levels in [0, 1]", "0.5,0.1", 0, 1, &nu,
                    uni));
  PetscCheck(nu == 2 && uni[1] > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "option -sweep_infotheory_unimodal: give mean,sd with sd > 0");
  c->uni_mean = uni[0], c->uni_sd = uni[1];
  PetscCall(UnimodalLevels(c));
  PetscCall(OptList(PetscOptionsObject, "-sweep_infotheory_multimodal_levels", "Multimodal skill levels in [0, 1]",
                    "0.2,0.6,0.95", 0, 1, &c->nmulti, c->multi_level));
  PetscCall(OptList(PetscOptionsObject, "-sweep_infotheory_multimodal_weights",
                    "Weights of the multimodal levels (normalised to sum 1)", "0.4,0.4,0.2", 0, 1e6, &nw,
                    c->multi_weight));
  PetscCheck(nw == c->nmulti, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "option -sweep_infotheory_multimodal_weights: %" PetscInt_FMT " weights for %" PetscInt_FMT " levels", nw,
             c->nmulti);
  for (PetscInt i = 0; i < nw; i++) sum += c->multi_weight[i];
  PetscCheck(sum > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "option -sweep_infotheory_multimodal_weights: all zero");
  for (PetscInt i = 0; i < nw; i++) c->multi_weight[i] /= sum;
  PetscFunctionReturn(0);
}

static PetscErrorCode ITSetUp(MPI_Comm comm, const SweepOptions *opt, void **ctx)
{
  ITCtx         *c;
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(1, &c));
  *ctx = c;
  PetscCall(PetscStrncpy(c->dist, "binomial", sizeof(c->dist)));
  c->model = (SweepITModel){SWEEP_IT_BINOMIAL, 2e5, 8e5, 6, 0.5, 0, 0.1};
  PetscOptionsBegin(comm, NULL, "scalesweep infotheory study (Nayak & Varshney 2024)", "");
  ierr = ReadStudy(PetscOptionsObject, c);
  PetscOptionsEnd();
  PetscCall(ierr);
  PetscCheck(!opt->bootstrap, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "option -sweep_bootstrap: the infotheory study is computed, with nothing to resample (use 0)");
  PetscFunctionReturn(0);
}

/* The settings of the journalled items (grid rows, budgets). G(k), the levels and the accuracy curves
   are recomputed from the replayed items on every run, so their options are not part of it. */
static PetscErrorCode ITIdentity(void *ctx, char id[], size_t idlen)
{
  ITCtx              *c = (ITCtx *) ctx;
  const SweepITModel *m = &c->model;
  char                line[512];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(line, sizeof(line),
                          "infotheory_model %s %.17g %.17g %.17g %.17g %.17g %.17g\n"
                          "infotheory_grid %.17g %.17g %" PetscInt_FMT " %.17g %.17g %" PetscInt_FMT "\n"
                          "infotheory_budget %.17g %.17g %" PetscInt_FMT " scan %.17g %.17g %" PetscInt_FMT "\n",
                          c->dist, m->param_per_skill, m->tokens_per_text, m->text_degree, m->erasure, m->alpha,
                          m->xmin, c->nrange.lo, c->nrange.hi, c->nrange.n, c->drange.lo, c->drange.hi, c->drange.n,
                          c->crange.lo, c->crange.hi, c->crange.n, c->scan.lo, c->scan.hi, c->scan.n));
  PetscCall(PetscStrlcat(id, line, idlen));
  PetscFunctionReturn(0);
}

/* Phase 0 item: row i of the (N, D) grid. */
static PetscErrorCode GridRow(void *ctx, PetscInt i, PetscReal rec[])
{
  ITCtx *c = (ITCtx *) ctx;

  PetscFunctionBegin;
  for (PetscInt j = 0; j < c->drange.n; j++) {
    SweepITPoint pt;
    PetscCall(SweepITEvaluate(&c->model, c->N[i], c->D[j], &pt));
    rec[j * IT_GRID_REC + 0] = pt.learned, rec[j * IT_GRID_REC + 1] = pt.pb, rec[j * IT_GRID_REC + 2] = pt.eps_bp;
    rec[j * IT_GRID_REC + 3] = pt.alpha, rec[j * IT_GRID_REC + 4] = pt.skill_degree;
  }
  PetscFunctionReturn(0);
}

/* Phase 1 item: the compute-optimal point at budget i. */
static PetscErrorCode Budget(void *ctx, PetscInt i, PetscReal rec[])
{
  ITCtx       *c = (ITCtx *) ctx;
  SweepITPoint pt;
  PetscInt     reason;

  PetscFunctionBegin;
  PetscCall(SweepITOptimum(&c->model, c->C[i], c->scan.lo, c->scan.hi, c->scan.n, &pt, &reason));
  rec[0] = pt.N, rec[1] = pt.D, rec[2] = pt.s, rec[3] = pt.t, rec[4] = pt.skill_degree, rec[5] = pt.eps_bp;
  rec[6] = pt.alpha, rec[7] = pt.pb, rec[8] = pt.learned, rec[9] = (PetscReal) reason;
  PetscFunctionReturn(0);
}

/* Slope of log y on log C by least squares, and the largest |residual| in decades. */
static PetscErrorCode PowerFit(PetscInt n, const PetscReal C[], const PetscReal y[], PetscInt stride, PetscReal *slope,
                               PetscReal *resid)
{
  PetscReal *A, *b, x[2];

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(2 * n, &A, n, &b));
  for (PetscInt i = 0; i < n; i++) A[2 * i] = 1, A[2 * i + 1] = log10(C[i]), b[i] = log10(y[i * stride]);
  PetscCall(SweepLeastSquares(n, 2, A, b, NULL, x, NULL));
  *slope = x[1], *resid = 0;
  for (PetscInt i = 0; i < n; i++) *resid = PetscMax(*resid, PetscAbsReal(x[0] + x[1] * A[2 * i + 1] - b[i]));
  PetscCall(PetscFree2(A, b));
  PetscFunctionReturn(0);
}

/* Root: G over k, the level budgets and the accuracy curves over compute, from the optimal texts. */
static PetscErrorCode Emergence(ITCtx *c)
{
  PetscInt   nb = c->crange.n;
  PetscReal *logC, *logt, lc0 = log(c->crange.lo), lc1 = log(c->crange.hi), k[IT_MAX_LEVELS];

  PetscFunctionBegin;
  for (PetscInt i = 0; i < c->krange.n; i++) PetscCall(SweepITGiant(c->k[i], &c->G[i], NULL));
  PetscCall(PetscMalloc2(nb, &logC, nb, &logt));
  for (PetscInt i = 0; i < nb; i++) logC[i] = log(c->C[i]), logt[i] = log(c->opt[i * IT_OPT_REC + 3]);
  for (PetscInt l = 0; l < c->nmulti; l++) c->level_budget[l] = exp(lc0 + c->multi_level[l] * (lc1 - lc0));
  for (PetscInt l = 0; l < c->nuni; l++) c->uni_budget[l] = exp(lc0 + c->uni_level[l] * (lc1 - lc0));
  for (PetscInt i = 0; i < c->ncompute; i++) {
    PetscReal lc  = lc0 + (lc1 - lc0) * i / (c->ncompute - 1);
    c->compute[i] = exp(lc);
    for (PetscInt l = 0; l < c->nmulti; l++) k[l] = SweepITLevelDegree(nb, logC, logt, c->multi_level[l], lc);
    PetscCall(SweepITAccuracy(c->nmulti, c->multi_weight, k, c->nskill, &c->acc_multi[i]));
    for (PetscInt l = 0; l < c->nuni; l++) k[l] = SweepITLevelDegree(nb, logC, logt, c->uni_level[l], lc);
    PetscCall(SweepITAccuracy(c->nuni, c->uni_weight, k, c->nskill, &c->acc_uni[i]));
  }
  PetscCall(PetscFree2(logC, logt));
  PetscFunctionReturn(0);
}

static PetscErrorCode ITRun(MPI_Comm comm, SweepKindRun run, void *ctx)
{
  ITCtx      *c = (ITCtx *) ctx;
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(PetscMalloc4(c->nrange.n, &c->N, c->drange.n, &c->D, c->crange.n, &c->C, c->krange.n, &c->k));
  PetscCall(SweepRangeFill(&c->nrange, c->N));
  PetscCall(SweepRangeFill(&c->drange, c->D));
  PetscCall(SweepRangeFill(&c->crange, c->C));
  PetscCall(SweepRangeFill(&c->krange, c->k));
  PetscCall(PetscCalloc2(c->nrange.n * c->drange.n * IT_GRID_REC, &c->grid, c->crange.n * IT_OPT_REC, &c->opt));
  PetscCall(
      PetscCalloc4(c->krange.n, &c->G, c->ncompute, &c->compute, c->ncompute, &c->acc_uni, c->ncompute, &c->acc_multi));
  PetscCall(
      SweepKindRunItems(comm, run, 0, "(N, D) grid rows", c->nrange.n, c->drange.n * IT_GRID_REC, GridRow, c, c->grid));
  PetscCall(SweepKindRunItems(comm, run, 1, "compute-optimal budgets", c->crange.n, IT_OPT_REC, Budget, c, c->opt));
  if (rank) PetscFunctionReturn(0);
  PetscCall(PowerFit(c->crange.n, c->C, &c->opt[0], IT_OPT_REC, &c->expo_n, &c->resid_n));
  PetscCall(PowerFit(c->crange.n, c->C, &c->opt[1], IT_OPT_REC, &c->expo_d, &c->resid_d));
  PetscCall(Emergence(c));
  PetscFunctionReturn(0);
}

/* Column f of the optimum records. */
static PetscErrorCode PutOpt(int ncid, ITCtx *c, const char name[], PetscInt f, const char units[], const char ln[])
{
  const char *dims[] = {"budget"};
  PetscReal  *v;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(c->crange.n, &v));
  for (PetscInt i = 0; i < c->crange.n; i++) v[i] = c->opt[i * IT_OPT_REC + f];
  PetscCall(SweepNCPutReal(ncid, name, 1, dims, v, units, ln));
  PetscCall(PetscFree(v));
  PetscFunctionReturn(0);
}

static PetscErrorCode PutGrid(int ncid, ITCtx *c, const char name[], PetscInt f, const char units[], const char ln[])
{
  const char *dims[] = {"model_size", "data_size"};
  PetscInt    n      = c->nrange.n * c->drange.n;
  PetscReal  *v;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(n, &v));
  for (PetscInt i = 0; i < n; i++) v[i] = c->grid[i * IT_GRID_REC + f];
  PetscCall(SweepNCPutReal(ncid, name, 2, dims, v, units, ln));
  PetscCall(PetscFree(v));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteOptima(int ncid, ITCtx *c)
{
  const char *b[] = {"budget"};
  PetscInt   *reason;

  PetscFunctionBegin;
  PetscCall(SweepNCDim(ncid, "budget", c->crange.n));
  PetscCall(SweepNCPutReal(ncid, "budget", 1, b, c->C, "FLOP", "compute budget C = 6 N D"));
  PetscCall(PutOpt(ncid, c, "n_opt", 0, "1", "compute-optimal model size (parameters)"));
  PetscCall(PutOpt(ncid, c, "d_opt", 1, "1", "compute-optimal data size (tokens)"));
  PetscCall(PutOpt(ncid, c, "skills_opt", 2, "1", "skills s = N / params_per_skill at the optimum"));
  PetscCall(PutOpt(ncid, c, "texts_opt", 3, "1", "texts t = D / tokens_per_text at the optimum"));
  PetscCall(PutOpt(ncid, c, "skill_degree_opt", 4, "1", "mean skill degree d_s at the optimum"));
  PetscCall(PutOpt(ncid, c, "eps_bp_opt", 5, "1", "BP threshold at the optimum"));
  PetscCall(PutOpt(ncid, c, "alpha_opt", 6, "1", "finite-length scaling constant at the optimum"));
  PetscCall(PutOpt(ncid, c, "block_error_opt", 7, "1", "block error P_B at the optimum"));
  PetscCall(PutOpt(ncid, c, "skills_learned_opt", 8, "1", "skills learned s (1 - P_B) at the optimum"));
  PetscCall(PetscMalloc1(c->crange.n, &reason));
  for (PetscInt i = 0; i < c->crange.n; i++) reason[i] = (PetscInt) c->opt[i * IT_OPT_REC + 9];
  PetscCall(
      SweepNCPutInt(ncid, "tao_reason", 1, b, reason, "TAO converged reason of the refinement (0: scan point kept)"));
  PetscCall(PetscFree(reason));
  PetscCall(SweepNCPutReal(ncid, "exponent_n", 0, NULL, &c->expo_n, "1", "a of the least-squares fit N_opt ~ C^a"));
  PetscCall(SweepNCPutReal(ncid, "exponent_d", 0, NULL, &c->expo_d, "1", "b of the least-squares fit D_opt ~ C^b"));
  PetscCall(SweepNCPutReal(ncid, "exponent_n_residual", 0, NULL, &c->resid_n, "decades",
                           "largest |residual| of the fit of log10 N_opt"));
  PetscCall(SweepNCPutReal(ncid, "exponent_d_residual", 0, NULL, &c->resid_d, "decades",
                           "largest |residual| of the fit of log10 D_opt"));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteEmergence(int ncid, ITCtx *c)
{
  const char *k[] = {"mean_degree"}, *cc[] = {"compute"}, *lv[] = {"level"}, *lu[] = {"level_unimodal"};

  PetscFunctionBegin;
  PetscCall(SweepNCDim(ncid, "mean_degree", c->krange.n));
  PetscCall(SweepNCPutReal(ncid, "mean_degree", 1, k, c->k, "1", "mean degree k of the skill graph"));
  PetscCall(SweepNCPutReal(ncid, "giant_fraction", 1, k, c->G, "1", "giant-component fraction G: G = 1 - exp(-k G)"));
  PetscCall(SweepNCDim(ncid, "compute", c->ncompute));
  PetscCall(SweepNCPutReal(ncid, "compute", 1, cc, c->compute, "FLOP", "compute of the accuracy curves"));
  PetscCall(SweepNCPutReal(ncid, "accuracy_unimodal", 1, cc, c->acc_uni, "1",
                           "task accuracy sum_l q_l G_l^n, unimodal level distribution"));
  PetscCall(SweepNCPutReal(ncid, "accuracy_multimodal", 1, cc, c->acc_multi, "1",
                           "task accuracy sum_l q_l G_l^n, multimodal level distribution"));
  PetscCall(SweepNCDim(ncid, "level", c->nmulti));
  PetscCall(SweepNCPutReal(ncid, "level", 1, lv, c->multi_level, "1", "multimodal skill level l"));
  PetscCall(SweepNCPutReal(ncid, "level_weight", 1, lv, c->multi_weight, "1", "weight q_l of the level"));
  PetscCall(SweepNCPutReal(ncid, "level_budget", 1, lv, c->level_budget, "FLOP",
                           "compute C_l at which the level's skill graph reaches mean degree 1"));
  PetscCall(SweepNCDim(ncid, "level_unimodal", c->nuni));
  PetscCall(SweepNCPutReal(ncid, "level_unimodal", 1, lu, c->uni_level, "1", "unimodal skill level l"));
  PetscCall(SweepNCPutReal(ncid, "level_unimodal_weight", 1, lu, c->uni_weight, "1", "weight q_l of the level"));
  PetscCall(SweepNCPutReal(ncid, "level_unimodal_budget", 1, lu, c->uni_budget, "FLOP",
                           "compute C_l at which the level's skill graph reaches mean degree 1"));
  PetscFunctionReturn(0);
}

static PetscErrorCode ITWrite(int ncid, SweepKindRun run, void *ctx)
{
  ITCtx      *c    = (ITCtx *) ctx;
  const char *dn[] = {"model_size"}, *dd[] = {"data_size"};
  char        att[512];

  PetscFunctionBegin;
  PetscCall(
      PetscSNPrintf(att, sizeof(att),
                    "%s degrees; N = s x %.6g; D = t x %.6g; text degree %.6g; erasure %.6g; alpha %s; fixed points in "
                    "[%.6g, 1]; task skills %.6g",
                    c->dist, (double) c->model.param_per_skill, (double) c->model.tokens_per_text,
                    (double) c->model.text_degree, (double) c->model.erasure, c->model.alpha > 0 ? "fixed" : "computed",
                    (double) c->model.xmin, (double) c->nskill));
  PetscCall(SweepNCPutAttText(ncid, NULL, "infotheory_model", att));
  PetscCall(SweepNCDim(ncid, "model_size", c->nrange.n));
  PetscCall(SweepNCDim(ncid, "data_size", c->drange.n));
  PetscCall(SweepNCPutReal(ncid, "model_size", 1, dn, c->N, "1", "model size N (parameters)"));
  PetscCall(SweepNCPutReal(ncid, "data_size", 1, dd, c->D, "1", "data size D (tokens)"));
  PetscCall(PutGrid(ncid, c, "skills_learned", 0, "1", "skills learned s (1 - P_B)"));
  PetscCall(PutGrid(ncid, c, "block_error", 1, "1", "block error P_B = Q(sqrt(n) (eps_BP - eps) / alpha)"));
  PetscCall(PutGrid(ncid, c, "eps_bp", 2, "1", "BP threshold of the skill-text graph"));
  PetscCall(PutGrid(ncid, c, "alpha", 3, "1", "finite-length scaling constant"));
  PetscCall(PutGrid(ncid, c, "skill_degree", 4, "1", "mean skill degree d_s = text_degree t / s"));
  PetscCall(WriteOptima(ncid, c));
  PetscCall(WriteEmergence(ncid, c));
  PetscFunctionReturn(0);
}

/* The first compute at which acc reaches level (NaN if never). */
static PetscReal Crossing(const ITCtx *c, const PetscReal acc[], PetscReal level)
{
  for (PetscInt i = 0; i < c->ncompute; i++)
    if (acc[i] >= level) return c->compute[i];
  return NAN;
}

static PetscErrorCode ITView(SweepKindRun run, void *ctx, FILE *fp)
{
  ITCtx    *c = (ITCtx *) ctx;
  PetscReal G;

  PetscFunctionBegin;
  PetscCall(PetscFPrintf(
      PETSC_COMM_SELF, fp,
      "\ninfotheory: %s degrees, N = s x %.6g, D = t x %.6g, text degree %.6g, erasure %.6g, alpha %s, "
      "fixed points in [%.6g, 1]\n",
      c->dist, (double) c->model.param_per_skill, (double) c->model.tokens_per_text, (double) c->model.text_degree,
      (double) c->model.erasure, c->model.alpha > 0 ? "fixed" : "computed", (double) c->model.xmin));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "  (N, D) grid %" PetscInt_FMT " x %" PetscInt_FMT
                         ": skills learned in skills_learned(model_size, data_size)\n",
                         c->nrange.n, c->drange.n));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "  budget [FLOP]   N_opt       D_opt       D/N     d_s      eps_BP     P_B        learned\n"));
  for (PetscInt i = 0; i < c->crange.n; i++) {
    const PetscReal *o = &c->opt[i * IT_OPT_REC];
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "  %-14.3g  %-10.4g  %-10.4g  %-6.2f  %-7.3f  %-9.6f  %-9.3e  %.5g\n",
                           (double) c->C[i], (double) o[0], (double) o[1], (double) (o[1] / o[0]), (double) o[4],
                           (double) o[5], (double) o[7], (double) o[8]));
  }
  {
    PetscReal step = pow(c->scan.hi / c->scan.lo, 1.0 / (c->scan.n - 1));
    PetscInt  edge = 0;
    for (PetscInt i = 0; i < c->crange.n; i++)
      edge += c->opt[i * IT_OPT_REC + 4] <= c->scan.lo * step || c->opt[i * IT_OPT_REC + 4] >= c->scan.hi / step;
    if (edge)
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                             "  warning: at %" PetscInt_FMT
                             " budget(s) the optimum is in the first or last interval of "
                             "-sweep_infotheory_scan: widen it\n",
                             edge));
  }
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "  exponents: N_opt ~ C^%.4f, D_opt ~ C^%.4f (sum %.6f: N D = C / 6); largest residuals %.3g "
                         "and %.3g decades\n",
                         (double) c->expo_n, (double) c->expo_d, (double) (c->expo_n + c->expo_d), (double) c->resid_n,
                         (double) c->resid_d));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "  emergence: G(k) = 0 for k <= 1;"));
  for (PetscReal k = 1.01; k < 5; k *= 2) {
    PetscCall(SweepITGiant(k, &G, NULL));
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, " G(%.6g) = %.6f", (double) k, (double) G));
  }
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "\n  accuracy of a task needing %.6g skills, over C in [%.6g, %.6g] FLOP (%" PetscInt_FMT
                         " points)\n    unimodal (levels ~ normal(%.6g, %.6g)): reaches 0.1, 0.5, 0.9 at %.3g, %.3g, "
                         "%.3g FLOP\n    multimodal:",
                         (double) c->nskill, (double) c->crange.lo, (double) c->crange.hi, c->ncompute,
                         (double) c->uni_mean, (double) c->uni_sd, (double) Crossing(c, c->acc_uni, 0.1),
                         (double) Crossing(c, c->acc_uni, 0.5), (double) Crossing(c, c->acc_uni, 0.9)));
  for (PetscInt l = 0; l < c->nmulti; l++) {
    PetscInt i = (PetscInt) PetscFloorReal(c->multi_level[l] * (c->ncompute - 1));
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, " level %.6g (q %.3g) emerges at %.3g FLOP from a plateau of %.4f;",
                           (double) c->multi_level[l], (double) c->multi_weight[l], (double) c->level_budget[l],
                           (double) c->acc_multi[i]));
  }
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, " %.4f at the top budget\n", (double) c->acc_multi[c->ncompute - 1]));
  PetscFunctionReturn(0);
}

static PetscErrorCode ITDestroy(void **ctx)
{
  ITCtx *c = (ITCtx *) *ctx;

  PetscFunctionBegin;
  if (!c) PetscFunctionReturn(0);
  PetscCall(PetscFree4(c->N, c->D, c->C, c->k));
  PetscCall(PetscFree2(c->grid, c->opt));
  PetscCall(PetscFree4(c->G, c->compute, c->acc_uni, c->acc_multi));
  PetscCall(PetscFree(c));
  *ctx = NULL;
  PetscFunctionReturn(0);
}

const SweepKind SweepKindInfotheory = {
    "infotheory",
    "skills learned, compute-optimal sizes, emergence and plateaus from LDPC decoding (Nayak & Varshney 2024)",
    "A. K. Nayak and L. R. Varshney, An Information Theory of Compute-Optimal Size Scaling, Emergence, and Plateaus "
    "in Language Models, arXiv:2410.01243 (2024); A. Amraoui, A. Montanari, T. Richardson and R. Urbanke, "
    "Finite-Length Scaling for Iteratively Decoded LDPC Ensembles, IEEE Trans. Inf. Theory 55(2) (2009)",
    PETSC_FALSE,
    ITSetUp,
    ITIdentity,
    ITRun,
    ITWrite,
    ITView,
    ITDestroy};
