/* output.c: writes a study as NetCDF-4 with CF-1.10 attributes. Missing values (a law without an
   optimum, a parameter slot a law does not have) are NaN in memory and _FillValue in the file. */
#include "output.h"
#include "stats.h"
#include <errno.h>
#include <math.h>
#include <netcdf.h>
#include <petsctao.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef enum {
  D_CONFIG,
  D_LAW,
  D_PARAM,
  D_PARAM2,
  D_REPLICATE,
  D_QUANTILE,
  D_RUN,
  D_BUDGET,
  D_MODEL,
  D_DATA,
  D_PLANBUDGET,
  D_CONSTRAINT,
  D_ISOGROUP,
  D_ISOMETHOD,
  D_COUNT
} Dim;

static const char *const DimName[D_COUNT] = {"config",      "law",        "param",         "param2",        "replicate",
                                             "quantile",    "run",        "budget",        "model_size",    "data_size",
                                             "plan_budget", "constraint", "isoflop_group", "isoflop_method"};

typedef struct {
  int    ncid;
  int    dim[D_COUNT];
  size_t len[D_COUNT];
  size_t tile;
} Layout;

/* NetCDF reports a missing directory as a permission problem; say what is really wrong. */
static PetscErrorCode CheckDirectory(const char path[])
{
  char        dir[SWEEP_PATH_LEN];
  const char *slash = strrchr(path, '/');
  struct stat st;

  PetscFunctionBegin;
  PetscCheck(path[0] && (!slash || slash[1]), PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN,
             "cannot write output '%s': not a file name", path);
  PetscCall(PetscStrncpy(dir, path, sizeof(dir)));
  if (!slash)
    PetscCall(PetscStrncpy(dir, ".", sizeof(dir)));
  else
    dir[slash == path ? 1 : slash - path] = 0;
  PetscCheck(!stat(dir, &st), PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot write output '%s': directory '%s': %s",
             path, dir, strerror(errno));
  PetscCheck(S_ISDIR(st.st_mode), PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN,
             "cannot write output '%s': '%s' is not a directory", path, dir);
  PetscCheck(!access(dir, W_OK), PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN,
             "cannot write output '%s': directory '%s' is not writable", path, dir);
  PetscCheck(stat(path, &st) || !S_ISDIR(st.st_mode), PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN,
             "cannot write output '%s': it is a directory", path);
  PetscFunctionReturn(0);
}

/*@C
  SweepOutputOpen - creates the temporary file <path>.part beside path (replacing one a killed run
  left); errors name the path. An existing file at path is an error unless overwrite. Not collective.
@*/
PetscErrorCode SweepOutputOpen(const char path[], PetscBool overwrite, SweepOutput *out)
{
  int status;

  PetscFunctionBegin;
  out->ncid = -1;
  PetscCall(PetscStrncpy(out->path, path, sizeof(out->path)));
  PetscCall(CheckDirectory(path));
  PetscCheck(overwrite || access(path, F_OK), PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN,
             "output '%s' exists: give -sweep_overwrite to replace it, or another -sweep_output", path);
  PetscCall(PetscSNPrintf(out->tmp, sizeof(out->tmp), "%s.part", path));
  status = nc_create(out->tmp, NC_NETCDF4 | NC_CLOBBER, &out->ncid);
  if (status != NC_NOERR) out->ncid = -1;
  PetscCheck(status == NC_NOERR, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot write output '%s': %s", path,
             nc_strerror(status));
  PetscFunctionReturn(0);
}

/*@C
  SweepOutputAbort - closes and removes the temporary file; the output path is left untouched.
  Not collective. Safe to call twice.
@*/
void SweepOutputAbort(SweepOutput *out)
{
  if (out->ncid >= 0) nc_close(out->ncid);
  if (out->ncid >= 0 || out->tmp[0]) unlink(out->tmp);
  out->ncid   = -1;
  out->tmp[0] = 0;
}

/*@C
  SweepOutputCommit - closes the file and renames it to the output path. Not collective.
@*/
PetscErrorCode SweepOutputCommit(SweepOutput *out)
{
  PetscFunctionBegin;
  SweepNCCall(nc_close(out->ncid));
  out->ncid = -1;
  PetscCheck(!rename(out->tmp, out->path), PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "cannot move '%s' to '%s': %s",
             out->tmp, out->path, strerror(errno));
  out->tmp[0] = 0;
  PetscFunctionReturn(0);
}

static PetscErrorCode PutText(int ncid, int varid, const char name[], const char text[])
{
  PetscFunctionBegin;
  SweepNCCall(nc_put_att_text(ncid, varid, name, strlen(text), text));
  PetscFunctionReturn(0);
}

/* A variable with its CF attributes. Doubles and ints get _FillValue unless they are coordinate
   variables (CF: coordinates hold no missing values). Variables of two or more dimensions are
   compressed; those along a surface are chunked by tiles (tile x tile points) so that each streamed
   tile fills one whole chunk, and chunks stay few enough that the HDF5 library's own bookkeeping,
   and so the writer's memory, stays flat whatever the grid size. */
static PetscErrorCode DefVar(const Layout *L, const char name[], nc_type type, int ndims, const Dim dims[],
                             const char units[], const char long_name[], int *varid)
{
  int       dimids[NC_MAX_VAR_DIMS];
  size_t    chunk[NC_MAX_VAR_DIMS];
  double    fill  = NC_FILL_DOUBLE;
  int       ifill = NC_FILL_INT;
  PetscBool coord = (PetscBool) (ndims == 1 && !strcmp(name, DimName[dims[0]]));

  PetscFunctionBegin;
  for (int i = 0; i < ndims; i++) {
    dimids[i] = L->dim[dims[i]];
    if (dims[i] == D_MODEL || dims[i] == D_BUDGET || dims[i] == D_DATA)
      chunk[i] = PetscMin(L->tile, L->len[dims[i]]);
    else if (dims[i] == D_CONFIG || dims[i] == D_LAW)
      chunk[i] = 1;
    else
      chunk[i] = L->len[dims[i]];
  }
  SweepNCCall(nc_def_var(L->ncid, name, type, ndims, dimids, varid));
  if (ndims >= 2 && type != NC_STRING) {
    SweepNCCall(nc_def_var_chunking(L->ncid, *varid, NC_CHUNKED, chunk));
    SweepNCCall(nc_def_var_deflate(L->ncid, *varid, 1, 1, 1));
    SweepNCCall(nc_set_var_chunk_cache(L->ncid, *varid, 256 << 10, 521, 0.75f)); /* a 64 x 64 x 3 chunk and change */
  }
  if (type == NC_DOUBLE && !coord) SweepNCCall(nc_put_att_double(L->ncid, *varid, "_FillValue", NC_DOUBLE, 1, &fill));
  if (type == NC_INT && !coord) SweepNCCall(nc_put_att_int(L->ncid, *varid, "_FillValue", NC_INT, 1, &ifill));
  if (units) PetscCall(PutText(L->ncid, *varid, "units", units));
  PetscCall(PutText(L->ncid, *varid, "long_name", long_name));
  PetscFunctionReturn(0);
}

/* Writes a hyperslab of doubles, NaN and Inf becoming _FillValue. */
static PetscErrorCode PutSlab(int ncid, const char name[], const size_t start[], const size_t count[], size_t n,
                              const PetscReal x[])
{
  int     varid;
  double *buf;

  PetscFunctionBegin;
  SweepNCCall(nc_inq_varid(ncid, name, &varid));
  PetscCall(PetscMalloc1(n ? n : 1, &buf));
  for (size_t i = 0; i < n; i++) buf[i] = isfinite(x[i]) ? x[i] : NC_FILL_DOUBLE;
  if (start)
    SweepNCCall(nc_put_vara_double(ncid, varid, start, count, buf));
  else
    SweepNCCall(nc_put_var_double(ncid, varid, buf));
  PetscCall(PetscFree(buf));
  PetscFunctionReturn(0);
}

static PetscErrorCode PutDoubles(int ncid, const char name[], size_t n, const PetscReal x[])
{
  PetscFunctionBegin;
  PetscCall(PutSlab(ncid, name, NULL, NULL, n, x));
  PetscFunctionReturn(0);
}

static PetscErrorCode PutInts(int ncid, const char name[], const int x[])
{
  int varid;

  PetscFunctionBegin;
  SweepNCCall(nc_inq_varid(ncid, name, &varid));
  SweepNCCall(nc_put_var_int(ncid, varid, x));
  PetscFunctionReturn(0);
}

static PetscErrorCode PutStrings(int ncid, const char name[], const char *s[])
{
  int varid;

  PetscFunctionBegin;
  SweepNCCall(nc_inq_varid(ncid, name, &varid));
  SweepNCCall(nc_put_var_string(ncid, varid, s));
  PetscFunctionReturn(0);
}

static PetscErrorCode DefStatusAttributes(int ncid, int varid)
{
  /* The TaoConvergedReason values of PETSc 3.18 (petsctao.h), with TAO's own names; 0 is a fit
     that never ran a start (it cannot happen in a complete file). */
  const int   values[] = {3, 4, 5, 6, 7, 8, -2, -4, -5, -6, -7, -8};
  const char *meanings = "converged_gatol converged_grtol converged_gttol converged_steptol converged_minf "
                         "converged_user diverged_maxits diverged_nan diverged_maxfcn diverged_ls_failure "
                         "diverged_tr_reduction diverged_user";

  PetscFunctionBegin;
  SweepNCCall(nc_put_att_int(ncid, varid, "flag_values", NC_INT, sizeof(values) / sizeof(values[0]), values));
  PetscCall(PutText(ncid, varid, "flag_meanings", meanings));
  PetscCall(PutText(ncid, varid, "comment", "TaoConvergedReason of the best start: > 0 converged, < 0 diverged"));
  PetscFunctionReturn(0);
}

static PetscErrorCode DefDimensions(Layout *L, const SweepStudy *s)
{
  PetscFunctionBegin;
  L->len[D_CONFIG] = (size_t) s->nconfig, L->len[D_LAW] = (size_t) s->nlaws, L->len[D_PARAM] = (size_t) s->nparam;
  L->len[D_PARAM2] = (size_t) s->nparam, L->len[D_REPLICATE] = (size_t) s->nrep;
  L->len[D_QUANTILE] = (size_t) s->opt.nquantile, L->len[D_RUN] = (size_t) s->runs.n;
  L->len[D_BUDGET] = (size_t) s->grids.nb, L->len[D_MODEL] = (size_t) s->grids.nm,
  L->len[D_DATA]       = (size_t) s->grids.nd;
  L->len[D_PLANBUDGET] = (size_t) s->opt.nsummary, L->len[D_CONSTRAINT] = (size_t) s->nplan;
  L->len[D_ISOGROUP] = (size_t) PetscMax(1, s->niso), L->len[D_ISOMETHOD] = SWEEP_ISO_NMETHOD;
  L->tile = (size_t) s->opt.tile;
  for (int d = 0; d < D_COUNT; d++) SweepNCCall(nc_def_dim(L->ncid, DimName[d], L->len[d], &L->dim[d]));
  PetscFunctionReturn(0);
}

static PetscErrorCode DefCoordinates(Layout *L)
{
  const Dim dc[] = {D_CONFIG}, db[] = {D_BUDGET}, dm[] = {D_MODEL}, dd[] = {D_DATA}, dr[] = {D_REPLICATE},
            dq[] = {D_QUANTILE}, dl[] = {D_LAW}, dlp[] = {D_LAW, D_PARAM};
  int v;

  PetscFunctionBegin;
  PetscCall(DefVar(L, "budget", NC_DOUBLE, 1, db, "FLOP", "training compute budget C = 6 N D", &v));
  PetscCall(DefVar(L, "model_size", NC_DOUBLE, 1, dm, "1", "model size N (parameters)", &v));
  PetscCall(DefVar(L, "data_size", NC_DOUBLE, 1, dd, "1", "data size D (training tokens)", &v));
  PetscCall(DefVar(L, "replicate", NC_INT, 1, dr, NULL, "replicate: 0 fits all runs, r >= 1 a bootstrap resample", &v));
  PetscCall(DefVar(L, "quantile", NC_DOUBLE, 1, dq, "1", "quantile of the bootstrap distribution", &v));
  PetscCall(DefVar(L, "config", NC_INT, 1, dc, NULL, "ablation config index", &v));
  PetscCall(DefVar(L, "huber_delta", NC_DOUBLE, 1, dc, "1", "Huber threshold of the config", &v));
  PetscCall(DefVar(L, "drop_highest", NC_INT, 1, dc, NULL, "highest-loss runs dropped by the config", &v));
  PetscCall(DefVar(L, "min_budget", NC_DOUBLE, 1, dc, "FLOP", "smallest compute of a fitted run (0: no bound)", &v));
  PetscCall(DefVar(L, "max_budget", NC_DOUBLE, 1, dc, "FLOP", "largest compute of a fitted run (0: no bound)", &v));
  PetscCall(DefVar(L, "tao_type", NC_STRING, 1, dc, NULL, "TAO solver type of the config", &v));
  PetscCall(DefVar(L, "law_name", NC_STRING, 1, dl, NULL, "scaling law", &v));
  PetscCall(DefVar(L, "law_formula", NC_STRING, 1, dl, NULL, "formula of the law", &v));
  PetscCall(DefVar(L, "param_name", NC_STRING, 2, dlp, NULL, "parameter name (empty where a law has fewer)", &v));
  PetscFunctionReturn(0);
}

static PetscErrorCode DefFitVariables(Layout *L)
{
  const Dim dfp[] = {D_CONFIG, D_LAW, D_REPLICATE, D_PARAM}, df[] = {D_CONFIG, D_LAW, D_REPLICATE},
            dpq[] = {D_CONFIG, D_LAW, D_PARAM, D_QUANTILE}, dpp[] = {D_CONFIG, D_LAW, D_PARAM, D_PARAM2};
  int v;

  PetscFunctionBegin;
  PetscCall(DefVar(L, "params", NC_DOUBLE, 4, dfp, NULL, "fitted parameters, natural scale (A, not log A)", &v));
  PetscCall(DefVar(L, "objective", NC_DOUBLE, 3, df, "1", "sum of Huber losses of log residuals at the fit", &v));
  PetscCall(DefVar(L, "status", NC_INT, 3, df, NULL, "TAO converged reason of the best start", &v));
  PetscCall(DefStatusAttributes(L->ncid, v));
  PetscCall(DefVar(L, "iterations", NC_INT, 3, df, NULL, "TAO iterations of the best start", &v));
  PetscCall(DefVar(L, "best_start", NC_INT, 3, df, NULL, "index of the start point that gave the fit", &v));
  PetscCall(DefVar(L, "starts_converged", NC_INT, 3, df, NULL, "start points whose TAO solve converged", &v));
  PetscCall(DefVar(L, "starts_total", NC_INT, 3, df, NULL, "start points tried", &v));
  PetscCall(
      DefVar(L, "params_q", NC_DOUBLE, 4, dpq, NULL, "quantiles of the parameters across bootstrap replicates", &v));
  PetscCall(
      DefVar(L, "params_cov", NC_DOUBLE, 4, dpp, NULL, "covariance of the parameters across bootstrap replicates", &v));
  PetscFunctionReturn(0);
}

/* A surface variable and its banded twin name_q with a trailing quantile dimension. */
static PetscErrorCode DefBanded(Layout *L, const char name[], int ndims, const Dim dims[], const char units[],
                                const char long_name[])
{
  Dim  dq[NC_MAX_VAR_DIMS];
  char qname[NC_MAX_NAME], qlong[256];
  int  v;

  PetscFunctionBegin;
  PetscCall(DefVar(L, name, NC_DOUBLE, ndims, dims, units, long_name, &v));
  for (int i = 0; i < ndims; i++) dq[i] = dims[i];
  dq[ndims] = D_QUANTILE;
  PetscCall(PetscSNPrintf(qname, sizeof(qname), "%s_q", name));
  PetscCall(PetscSNPrintf(qlong, sizeof(qlong), "%s: quantiles across bootstrap replicates", long_name));
  PetscCall(DefVar(L, qname, NC_DOUBLE, ndims + 1, dq, units, qlong, &v));
  PetscFunctionReturn(0);
}

static PetscErrorCode DefSurfaceVariables(Layout *L)
{
  const Dim dlb[] = {D_CONFIG, D_LAW, D_BUDGET}, dlbm[] = {D_CONFIG, D_LAW, D_BUDGET, D_MODEL},
            dldm[] = {D_CONFIG, D_LAW, D_DATA, D_MODEL};

  PetscFunctionBegin;
  PetscCall(DefBanded(L, "n_opt", 3, dlb, "1", "compute-optimal model size N_opt (parameters)"));
  PetscCall(DefBanded(L, "d_opt", 3, dlb, "1", "compute-optimal data size D_opt (tokens)"));
  PetscCall(DefBanded(L, "loss_opt", 3, dlb, "1", "predicted loss at the compute-optimal allocation"));
  PetscCall(DefBanded(L, "tokens_per_param", 3, dlb, "1", "D_opt / N_opt"));
  PetscCall(DefBanded(L, "isoflop_loss", 4, dlbm, "1", "predicted loss at N with D = C / (6 N)"));
  PetscCall(DefBanded(L, "loss_surface", 4, dldm, "1", "predicted loss over (D, N)"));
  PetscFunctionReturn(0);
}

static PetscErrorCode DefRunVariables(Layout *L)
{
  const Dim dr[] = {D_RUN}, dcr[] = {D_CONFIG, D_RUN}, dclr[] = {D_CONFIG, D_LAW, D_RUN};
  const int flags[] = {0, 1};
  int       v;

  PetscFunctionBegin;
  PetscCall(DefVar(L, "run_n", NC_DOUBLE, 1, dr, "1", "model size N of the training run (parameters)", &v));
  PetscCall(DefVar(L, "run_d", NC_DOUBLE, 1, dr, "1", "data size D of the training run (tokens)", &v));
  PetscCall(DefVar(L, "run_c", NC_DOUBLE, 1, dr, "FLOP", "compute C of the training run", &v));
  PetscCall(DefVar(L, "run_loss", NC_DOUBLE, 1, dr, "1", "final loss of the training run", &v));
  PetscCall(DefVar(L, "run_used", NC_INT, 2, dcr, NULL, "whether the config fitted the run", &v));
  SweepNCCall(nc_put_att_int(L->ncid, v, "flag_values", NC_INT, 2, flags));
  PetscCall(PutText(L->ncid, v, "flag_meanings", "dropped used"));
  PetscCall(
      DefVar(L, "residual", NC_DOUBLE, 3, dclr, "1", "log residual log Lhat - log L of each run (replicate 0)", &v));
  PetscFunctionReturn(0);
}

static PetscErrorCode DefGlobalAttributes(int ncid, const SweepStudy *s, const SweepProvenance *prov)
{
  char title[512];
  int  seed = (int) s->opt.seed, boot = (int) s->opt.bootstrap;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(title, sizeof(title), "scalesweep %s: scaling-law fits and compute-optimal allocation",
                          s->opt.job));
  PetscCall(PutText(ncid, NC_GLOBAL, "Conventions", "CF-1.10"));
  PetscCall(PutText(ncid, NC_GLOBAL, "title", title));
  PetscCall(PutText(ncid, NC_GLOBAL, "source", prov->source));
  PetscCall(PutText(ncid, NC_GLOBAL, "history", prov->history));
  PetscCall(PutText(ncid, NC_GLOBAL, "references",
                    "Hoffmann et al. 2022 (arXiv:2203.15556); Besiroglu et al. 2024 (arXiv:2404.10102); "
                    "Guo 2024, More Compute Is What You Need (arXiv:2404.19484)"));
  PetscCall(PutText(ncid, NC_GLOBAL, "job", s->opt.job));
  PetscCall(PutText(ncid, NC_GLOBAL, "input_file", s->opt.input));
  PetscCall(PutText(ncid, NC_GLOBAL, "input_sha256", prov->input_sha256));
  PetscCall(PutText(ncid, NC_GLOBAL, "scalesweep_options", prov->options ? prov->options : ""));
  PetscCall(PutText(ncid, NC_GLOBAL, "starts", s->opt.starts));
  PetscCall(PutText(ncid, NC_GLOBAL, "bootstrap_starts", s->opt.bstarts));
  SweepNCCall(nc_put_att_int(ncid, NC_GLOBAL, "bootstrap", NC_INT, 1, &boot));
  SweepNCCall(nc_put_att_int(ncid, NC_GLOBAL, "seed", NC_INT, 1, &seed));
  PetscFunctionReturn(0);
}

/* Coordinates and everything that does not depend on a fit. */
static PetscErrorCode PutStatic(int ncid, const SweepStudy *s)
{
  const char **pnames, *names[SWEEP_MAX_LAWS], *formulas[SWEEP_MAX_LAWS], **tao;
  PetscReal   *hd, *lo, *hi;
  int         *idx, *drop, *used;
  PetscInt     nc = s->nconfig, n = s->runs.n, nmax = PetscMax(PetscMax(nc, s->nrep), nc * n);

  PetscFunctionBegin;
  PetscCall(PutDoubles(ncid, "budget", (size_t) s->grids.nb, s->grids.budget));
  PetscCall(PutDoubles(ncid, "model_size", (size_t) s->grids.nm, s->grids.model_size));
  PetscCall(PutDoubles(ncid, "data_size", (size_t) s->grids.nd, s->grids.data_size));
  PetscCall(PutDoubles(ncid, "quantile", (size_t) s->opt.nquantile, s->opt.quantiles));
  PetscCall(PetscMalloc4(nmax, &idx, nc, &drop, nc * n, &used, nc, &tao));
  PetscCall(PetscMalloc3(nc, &hd, nc, &lo, nc, &hi));
  for (PetscInt i = 0; i < nmax; i++) idx[i] = (int) i;
  PetscCall(PutInts(ncid, "replicate", idx));
  PetscCall(PutInts(ncid, "config", idx));
  for (PetscInt c = 0; c < nc; c++) {
    hd[c] = s->config[c].huber_delta, drop[c] = (int) s->config[c].drop_highest, tao[c] = s->config[c].tao_type;
    lo[c] = s->config[c].min_budget, hi[c] = s->config[c].max_budget;
  }
  for (PetscInt i = 0; i < nc * n; i++) used[i] = s->mask[i] > 0;
  PetscCall(PutDoubles(ncid, "huber_delta", (size_t) nc, hd));
  PetscCall(PutInts(ncid, "drop_highest", drop));
  PetscCall(PutDoubles(ncid, "min_budget", (size_t) nc, lo));
  PetscCall(PutDoubles(ncid, "max_budget", (size_t) nc, hi));
  PetscCall(PutStrings(ncid, "tao_type", tao));
  PetscCall(PutInts(ncid, "run_used", used));
  PetscCall(PetscFree4(idx, drop, used, tao));
  PetscCall(PetscFree3(hd, lo, hi));
  PetscCall(PetscMalloc1(s->nlaws * s->nparam, &pnames));
  for (PetscInt l = 0; l < s->nlaws; l++) {
    names[l] = s->law[l]->name, formulas[l] = s->law[l]->formula;
    for (PetscInt j = 0; j < s->nparam; j++)
      pnames[l * s->nparam + j] = j < s->law[l]->np ? s->law[l]->param_names[j] : "";
  }
  PetscCall(PutStrings(ncid, "law_name", names));
  PetscCall(PutStrings(ncid, "law_formula", formulas));
  PetscCall(PutStrings(ncid, "param_name", pnames));
  PetscCall(PetscFree(pnames));
  PetscCall(PutDoubles(ncid, "run_n", (size_t) n, s->runs.N));
  PetscCall(PutDoubles(ncid, "run_d", (size_t) n, s->runs.D));
  PetscCall(PutDoubles(ncid, "run_c", (size_t) n, s->runs.C));
  PetscCall(PutDoubles(ncid, "run_loss", (size_t) n, s->runs.loss));
  PetscCall(PutDoubles(ncid, "plan_budget", (size_t) s->opt.nsummary, s->opt.summary_budgets));
  const char *kinds[SWEEP_PLAN_NKIND];
  for (PetscInt k = 0; k < s->nplan; k++) kinds[k] = SweepPlanKindNames[s->plan_kind[k]];
  PetscCall(PutStrings(ncid, "constraint", kinds));
  PetscCall(PutStrings(ncid, "isoflop_method", (const char **) SweepIsoMethods));
  PetscFunctionReturn(0);
}

/* The analyses (analysis.c): the plan, model selection, the IsoFLOP analysis. */
static PetscErrorCode DefAnalysisVariables(Layout *L, const SweepStudy *s)
{
  const Dim dpb[] = {D_PLANBUDGET}, dk[] = {D_CONSTRAINT}, dim[] = {D_ISOMETHOD},
            dplan[] = {D_CONFIG, D_LAW, D_CONSTRAINT, D_PLANBUDGET}, dcl[] = {D_CONFIG, D_LAW},
            dcg[] = {D_CONFIG, D_ISOGROUP}, dcmg[] = {D_CONFIG, D_ISOMETHOD, D_ISOGROUP},
            dcm[]           = {D_CONFIG, D_ISOMETHOD};
  const SweepConstraints *k = &s->opt.limits;
  int                     v, folds = (int) s->opt.cv_folds;

  PetscFunctionBegin;
  PetscCall(DefVar(L, "plan_budget", NC_DOUBLE, 1, dpb, "FLOP",
                   "budgets of the planning report (-sweep_summary_budgets)", &v));
  PetscCall(DefVar(L, "constraint", NC_STRING, 1, dk, NULL, "constraints a plan row is under", &v));
  PetscCall(PutText(L->ncid, v, "comment",
                    "none: compute-optimal; unique_tokens: D <= U unique tokens (repeated where the law models it); "
                    "max_params: N <= N_max; inference: the budget also pays 2 N D_inf FLOPs of serving; "
                    "inference_target: the smallest training plus serving budget reaching the unconstrained optimum's "
                    "loss; all: every constraint at once"));
  PetscCall(DefBanded(L, "plan_n", 4, dplan, "1", "model size N of the plan (parameters)"));
  PetscCall(DefBanded(L, "plan_d", 4, dplan, "1", "training tokens D of the plan"));
  PetscCall(DefBanded(L, "plan_loss", 4, dplan, "1", "predicted loss of the plan"));
  PetscCall(DefBanded(L, "plan_tokens_per_param", 4, dplan, "1", "D / N of the plan"));
  PetscCall(
      DefBanded(L, "plan_flop", 4, dplan, "FLOP", "FLOPs of the plan: the budget, or the total of inference_target"));
  PetscCall(DefVar(L, "sel_aic", NC_DOUBLE, 2, dcl, "1", "AIC under the Huber likelihood with a fitted scale", &v));
  PetscCall(DefVar(L, "sel_bic", NC_DOUBLE, 2, dcl, "1", "BIC under the Huber likelihood with a fitted scale", &v));
  PetscCall(DefVar(L, "sel_nll", NC_DOUBLE, 2, dcl, "1", "negative log-likelihood of replicate 0's fit", &v));
  PetscCall(DefVar(L, "sel_scale", NC_DOUBLE, 2, dcl, "1",
                   "maximum-likelihood scale s of the Huber density exp(-H(r)/s)/Z(s)", &v));
  PetscCall(DefVar(L, "sel_k", NC_INT, 2, dcl, NULL, "parameters counted: the law's plus the scale", &v));
  PetscCall(DefVar(L, "sel_rank", NC_INT, 2, dcl, NULL, "rank of the law within its config (1 best)", &v));
  PetscCall(PutText(L->ncid, v, "rank_by", s->opt.rank_by));
  PetscCall(DefVar(L, "cv_loo_rmse", NC_DOUBLE, 2, dcl, "1", "leave-one-out RMS log residual of held-out runs", &v));
  PetscCall(DefVar(L, "cv_kfold_rmse", NC_DOUBLE, 2, dcl, "1", "k-fold RMS log residual of held-out runs", &v));
  SweepNCCall(nc_put_att_int(L->ncid, v, "folds", NC_INT, 1, &folds));
  PetscCall(DefVar(L, "cv_failed", NC_INT, 2, dcl, NULL, "held-out refits that failed (left out of the errors)", &v));
  PetscCall(DefVar(L, "backtest_rmse", NC_DOUBLE, 2, dcl, "1",
                   "RMS log residual of the runs above the cutoff, fitted on those below", &v));
  SweepNCCall(nc_put_att_double(L->ncid, v, "cutoff", NC_DOUBLE, 1, &s->opt.backtest_cutoff));
  PetscCall(DefVar(L, "backtest_bias", NC_DOUBLE, 2, dcl, "1", "mean log residual of the runs above the cutoff", &v));
  PetscCall(DefVar(L, "backtest_train_runs", NC_INT, 2, dcl, NULL, "runs at or below the cutoff", &v));
  PetscCall(DefVar(L, "backtest_test_runs", NC_INT, 2, dcl, NULL, "runs above the cutoff", &v));
  PetscCall(
      DefVar(L, "isoflop_method", NC_STRING, 1, dim, NULL, "Approach 2 fit of loss against log N per budget", &v));
  PetscCall(DefVar(L, "isoflop_budget", NC_DOUBLE, 2, dcg, "FLOP", "budget of the IsoFLOP group", &v));
  PetscCall(DefVar(L, "isoflop_runs", NC_INT, 2, dcg, NULL, "runs in the IsoFLOP group", &v));
  PetscCall(DefBanded(L, "approach2_n_opt", 3, dcmg, "1", "loss-minimising N of the IsoFLOP group"));
  PetscCall(DefBanded(L, "approach2_loss_min", 3, dcmg, "1", "fitted loss at the group's N_opt"));
  PetscCall(DefBanded(L, "approach2_exponent", 2, dcm, "1", "exponent a of N_opt = k C^a across the groups"));
  PetscCall(DefBanded(L, "approach2_coefficient", 2, dcm, "1", "coefficient k of N_opt = k C^a"));
  PetscCall(DefBanded(L, "approach3_exponent", 2, dcl, "1", "d log N_opt / d log C of the fitted law (Approach 3)"));
  SweepNCCall(nc_put_att_double(L->ncid, NC_GLOBAL, "unique_tokens", NC_DOUBLE, 1, &k->unique_tokens));
  SweepNCCall(nc_put_att_double(L->ncid, NC_GLOBAL, "max_params", NC_DOUBLE, 1, &k->max_params));
  SweepNCCall(nc_put_att_double(L->ncid, NC_GLOBAL, "inference_tokens", NC_DOUBLE, 1, &k->inference_tokens));
  PetscFunctionReturn(0);
}

/*@C
  SweepOutputDefine - defines the whole layout and writes what is known before the fits. Not collective.
@*/
PetscErrorCode SweepOutputDefine(SweepOutput *out, const SweepStudy *s, const SweepProvenance *prov)
{
  Layout L;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(&L, sizeof(L)));
  L.ncid = out->ncid;
  PetscCall(DefDimensions(&L, s));
  PetscCall(DefCoordinates(&L));
  PetscCall(DefFitVariables(&L));
  PetscCall(DefSurfaceVariables(&L));
  PetscCall(DefRunVariables(&L));
  PetscCall(DefAnalysisVariables(&L, s));
  PetscCall(DefGlobalAttributes(L.ncid, s, prov));
  SweepNCCall(nc_enddef(L.ncid));
  PetscCall(PutStatic(L.ncid, s));
  PetscFunctionReturn(0);
}

/*@C
  SweepOutputPutTile - writes one surface tile (see SweepStudySurfaces() for the record's layout).
  Not collective.
@*/
PetscErrorCode SweepOutputPutTile(SweepOutput *out, const SweepTile *t, PetscInt nq, const PetscReal rec[])
{
  const char *alloc[]  = {"n_opt", "d_opt", "loss_opt", "tokens_per_param"};
  const char *name     = t->kind == SWEEP_TILE_ISOFLOP ? "isoflop_loss" : "loss_surface";
  PetscInt    nk       = t->kind == SWEEP_TILE_ALLOCATION ? 4 : 1;
  size_t      start[5] = {(size_t) t->config, (size_t) t->law, 0, 0, 0}, count[5] = {1, 1, 1, 1, (size_t) nq};
  size_t      npt = (size_t) (t->nrow * t->ncol);
  int         nd;

  PetscFunctionBegin;
  if (t->kind == SWEEP_TILE_ALLOCATION)
    start[2] = (size_t) t->col0, count[2] = (size_t) t->ncol, nd = 3;
  else {
    start[2] = (size_t) t->row0, count[2] = (size_t) t->nrow;
    start[3] = (size_t) t->col0, count[3] = (size_t) t->ncol, nd = 4;
  }
  for (PetscInt k = 0; k < nk; k++) {
    const PetscReal *block = rec + k * npt * (1 + nq);
    char             qname[NC_MAX_NAME];
    const char      *v = nk == 4 ? alloc[k] : name;
    PetscCall(PetscSNPrintf(qname, sizeof(qname), "%s_q", v));
    PetscCall(PutSlab(out->ncid, v, start, count, npt, block));
    count[nd] = (size_t) nq, start[nd] = 0;
    PetscCall(PutSlab(out->ncid, qname, start, count, npt * nq, block + npt));
    count[nd] = 1;
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode PutFitArrays(int ncid, const SweepStudy *s)
{
  PetscInt   nu = s->nconfig * s->nlaws * s->nrep, np = s->nparam;
  PetscReal *params, *obj;
  int       *status, *its, *start, *nconv, *ntot;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(nu * np, &params, nu, &obj));
  PetscCall(PetscMalloc5(nu, &status, nu, &its, nu, &start, nu, &nconv, nu, &ntot));
  for (PetscInt u = 0; u < nu; u++) {
    const SweepFitResult *f   = &s->fit[u];
    SweepLaw              law = s->law[(u / s->nrep) % s->nlaws];
    PetscReal             q[SWEEP_MAX_PARAMS];
    law->to_natural(f->p, q);
    for (PetscInt j = 0; j < np; j++) params[u * np + j] = j < law->np ? q[j] : NAN;
    obj[u] = f->objective, status[u] = (int) f->reason, its[u] = (int) f->iterations;
    start[u] = (int) f->start, nconv[u] = (int) f->nconverged, ntot[u] = (int) f->nstarts;
  }
  PetscCall(PutDoubles(ncid, "params", (size_t) (nu * np), params));
  PetscCall(PutDoubles(ncid, "objective", (size_t) nu, obj));
  PetscCall(PutInts(ncid, "status", status));
  PetscCall(PutInts(ncid, "iterations", its));
  PetscCall(PutInts(ncid, "best_start", start));
  PetscCall(PutInts(ncid, "starts_converged", nconv));
  PetscCall(PutInts(ncid, "starts_total", ntot));
  PetscCall(PetscFree2(params, obj));
  PetscCall(PetscFree5(status, its, start, nconv, ntot));
  PetscFunctionReturn(0);
}

/* params_q and params_cov of each (config, law) over the resamples (replicate 0 alone without). */
static PetscErrorCode PutParamBands(int ncid, const SweepStudy *s)
{
  PetscInt   np = s->nparam, nq = s->opt.nquantile, ncl = s->nconfig * s->nlaws, first = s->nrep > 1 ? 1 : 0;
  PetscInt   m = s->nrep - first;
  PetscReal *Q, *col, *pq, *cov;

  PetscFunctionBegin;
  PetscCall(PetscMalloc4(s->nrep * np, &Q, s->nrep, &col, ncl * np * nq, &pq, ncl * np * np, &cov));
  for (PetscInt cl = 0; cl < ncl; cl++) {
    SweepLaw law = s->law[cl % s->nlaws];
    for (PetscInt k = 0; k < s->nrep * np; k++) Q[k] = NAN;
    for (PetscInt r = 0; r < s->nrep; r++) law->to_natural(s->fit[cl * s->nrep + r].p, Q + r * np);
    for (PetscInt j = 0; j < np; j++) {
      for (PetscInt r = 0; r < m; r++) col[r] = Q[(first + r) * np + j];
      PetscCall(SweepQuantiles(m, col, nq, s->opt.quantiles, pq + (cl * np + j) * nq));
    }
    /* over the law's own parameters: the unused slots of a smaller law are NaN in every replicate */
    PetscReal lawcov[SWEEP_MAX_PARAMS * SWEEP_MAX_PARAMS];
    PetscCall(SweepCovariance(m, law->np, np, Q + first * np, lawcov));
    for (PetscInt j = 0; j < np; j++)
      for (PetscInt k = 0; k < np; k++)
        cov[(cl * np + j) * np + k] = j < law->np && k < law->np && m >= 2 ? lawcov[j * law->np + k] : NAN;
  }
  PetscCall(PutDoubles(ncid, "params_q", (size_t) (ncl * np * nq), pq));
  PetscCall(PutDoubles(ncid, "params_cov", (size_t) (ncl * np * np), cov));
  PetscCall(PetscFree4(Q, col, pq, cov));
  PetscFunctionReturn(0);
}

static PetscErrorCode PutResiduals(int ncid, const SweepStudy *s)
{
  PetscInt   n = s->runs.n, ncl = s->nconfig * s->nlaws;
  PetscReal *res;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(ncl * n, &res));
  for (PetscInt cl = 0; cl < ncl; cl++) {
    PetscCall(SweepStudyResiduals(s, cl % s->nlaws, s->fit[cl * s->nrep].p, res + cl * n));
  }
  PetscCall(PutDoubles(ncid, "residual", (size_t) (ncl * n), res));
  PetscCall(PetscFree(res));
  PetscFunctionReturn(0);
}

/*@C
  SweepOutputPutFits - writes every fit, the parameter bands and the residuals. Not collective.
@*/
PetscErrorCode SweepOutputPutFits(SweepOutput *out, const SweepStudy *s)
{
  PetscFunctionBegin;
  PetscCall(PutFitArrays(out->ncid, s));
  PetscCall(PutParamBands(out->ncid, s));
  PetscCall(PutResiduals(out->ncid, s));
  PetscFunctionReturn(0);
}

/* name (point values, replicate 0) and name_q (quantiles over the resamples) from vals[point][nrep]. */
static PetscErrorCode PutBanded(int ncid, const SweepStudy *s, const char name[], PetscInt npoint,
                                const PetscReal vals[])
{
  PetscInt   nrep = s->nrep, nq = s->opt.nquantile, first = nrep > 1 ? 1 : 0;
  PetscReal *v0, *q, *col;
  char       qname[NC_MAX_NAME];

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(npoint, &v0, npoint * nq, &q, nrep, &col));
  for (PetscInt p = 0; p < npoint; p++) {
    v0[p] = vals[p * nrep];
    PetscCall(PetscArraycpy(col, vals + p * nrep + first, nrep - first));
    PetscCall(SweepQuantiles(nrep - first, col, nq, s->opt.quantiles, q + p * nq));
  }
  PetscCall(PutDoubles(ncid, name, (size_t) npoint, v0));
  PetscCall(PetscSNPrintf(qname, sizeof(qname), "%s_q", name));
  PetscCall(PutDoubles(ncid, qname, (size_t) (npoint * nq), q));
  PetscCall(PetscFree3(v0, q, col));
  PetscFunctionReturn(0);
}

static PetscErrorCode PutPlan(int ncid, const SweepStudy *s)
{
  const char *names[5] = {"plan_n", "plan_d", "plan_loss", "plan_tokens_per_param", "plan_flop"};
  PetscInt    ns = s->opt.nsummary, nk = s->nplan, ncl = s->nconfig * s->nlaws, nrep = s->nrep;
  PetscInt    npoint = ncl * nk * ns;
  PetscReal  *vals;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(npoint * nrep, &vals));
  for (PetscInt q = 0; q < 5; q++) {
    for (PetscInt cl = 0; cl < ncl; cl++)
      for (PetscInt k = 0; k < nk; k++)
        for (PetscInt b = 0; b < ns; b++)
          for (PetscInt r = 0; r < nrep; r++) {
            const PetscReal *e = s->plan + (((cl * nrep + r) * ns + b) * nk + k) * SWEEP_PLAN_NQ;
            PetscReal       *v = vals + ((cl * nk + k) * ns + b) * nrep + r;
            *v                 = q == 3 ? e[1] / e[0] : q == 4 ? e[3] : e[q];
          }
    PetscCall(PutBanded(ncid, s, names[q], npoint, vals));
  }
  PetscCall(PetscFree(vals));
  PetscFunctionReturn(0);
}

static PetscErrorCode PutSelection(int ncid, const SweepStudy *s)
{
  PetscInt   ncl = s->nconfig * s->nlaws;
  PetscReal *d;
  int       *x;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(ncl * 10, &d, ncl * 6, &x));
  for (PetscInt cl = 0; cl < ncl; cl++) {
    const SweepSelection *e = &s->sel[cl];
    d[cl] = e->ic.aic, d[ncl + cl] = e->ic.bic, d[2 * ncl + cl] = e->ic.nll, d[3 * ncl + cl] = e->ic.scale;
    d[4 * ncl + cl] = e->loo_rmse, d[5 * ncl + cl] = e->kfold_rmse, d[6 * ncl + cl] = e->backtest_rmse;
    d[7 * ncl + cl] = e->backtest_bias;
    x[cl] = (int) e->ic.k, x[ncl + cl] = (int) e->rank, x[2 * ncl + cl] = (int) e->failed;
    x[3 * ncl + cl] = (int) e->backtest_train, x[4 * ncl + cl] = (int) e->backtest_test;
  }
  const char *dn[8] = {"sel_aic",     "sel_bic",       "sel_nll",       "sel_scale",
                       "cv_loo_rmse", "cv_kfold_rmse", "backtest_rmse", "backtest_bias"};
  const char *in[5] = {"sel_k", "sel_rank", "cv_failed", "backtest_train_runs", "backtest_test_runs"};
  for (int k = 0; k < 8; k++) PetscCall(PutDoubles(ncid, dn[k], (size_t) ncl, d + k * ncl));
  for (int k = 0; k < 5; k++) PetscCall(PutInts(ncid, in[k], x + k * ncl));
  PetscCall(PetscFree2(d, x));
  PetscFunctionReturn(0);
}

static PetscErrorCode PutIsoFLOP(int ncid, const SweepStudy *s)
{
  PetscInt   G = PetscMax(1, s->niso), nc = s->nconfig, nrep = s->nrep, M = SWEEP_ISO_NMETHOD;
  PetscReal *b, *vals;
  int       *runs;

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(nc * G, &b, nc * G, &runs, nc * M * G * nrep + nc * s->nlaws * nrep, &vals));
  for (PetscInt c = 0; c < nc; c++)
    for (PetscInt g = 0; g < G; g++) {
      const SweepIsoGroups *iso = &s->iso[c];
      b[c * G + g]              = g < iso->ngroup ? iso->C[g] : NAN;
      runs[c * G + g]           = g < iso->ngroup ? (int) (iso->offset[g + 1] - iso->offset[g]) : NC_FILL_INT;
    }
  PetscCall(PutDoubles(ncid, "isoflop_budget", (size_t) (nc * G), b));
  PetscCall(PutInts(ncid, "isoflop_runs", runs));
  const PetscReal *src[2]  = {s->iso_nopt, s->iso_lmin};
  const char      *name[2] = {"approach2_n_opt", "approach2_loss_min"};
  for (int k = 0; k < 2; k++) { /* stored [c][m][r][g], written [c][m][g] x replicates */
    for (PetscInt cm = 0; cm < nc * M; cm++)
      for (PetscInt g = 0; g < G; g++)
        for (PetscInt r = 0; r < nrep; r++) vals[(cm * G + g) * nrep + r] = src[k][(cm * nrep + r) * G + g];
    PetscCall(PutBanded(ncid, s, name[k], nc * M * G, vals));
  }
  PetscCall(PutBanded(ncid, s, "approach2_exponent", nc * M, s->iso_exp));
  PetscCall(PutBanded(ncid, s, "approach2_coefficient", nc * M, s->iso_coef));
  PetscCall(PutBanded(ncid, s, "approach3_exponent", nc * s->nlaws, s->a3));
  PetscCall(PetscFree3(b, runs, vals));
  PetscFunctionReturn(0);
}

/*@C
  SweepOutputPutAnalysis - writes the plan, the model selection and the IsoFLOP analysis (root, after
  SweepStudyAnalyse()). Not collective.
@*/
PetscErrorCode SweepOutputPutAnalysis(SweepOutput *out, const SweepStudy *s)
{
  PetscFunctionBegin;
  PetscCall(PutPlan(out->ncid, s));
  PetscCall(PutSelection(out->ncid, s));
  PetscCall(PutIsoFLOP(out->ncid, s));
  PetscFunctionReturn(0);
}

/* ------------------------------------------------------------ study kinds (kind.h) */

/*@C
  SweepNCDim - defines dimension name of length len, or checks that an existing one has that length.
  Not collective.
@*/
PetscErrorCode SweepNCDim(int ncid, const char name[], size_t len)
{
  int    id;
  size_t have;

  PetscFunctionBegin;
  if (nc_inq_dimid(ncid, name, &id) == NC_NOERR) {
    SweepNCCall(nc_inq_dimlen(ncid, id, &have));
    PetscCheck(have == len, PETSC_COMM_SELF, PETSC_ERR_PLIB, "NetCDF dimension '%s' has length %zu, not %zu", name,
               have, len);
  } else
    SweepNCCall(nc_def_dim(ncid, name, len, &id));
  PetscFunctionReturn(0);
}

/* Defines variable name over the named dimensions (which must exist), with CF attributes; returns the
   number of values it holds. */
static PetscErrorCode KindDefVar(int ncid, const char name[], nc_type type, int ndims, const char *const dims[],
                                 const char units[], const char long_name[], int *varid, size_t *count)
{
  int       dimids[NC_MAX_VAR_DIMS];
  PetscBool coord = (PetscBool) (ndims == 1 && !strcmp(name, dims[0]));
  double    fill  = NC_FILL_DOUBLE;
  int       ifill = NC_FILL_INT;

  PetscFunctionBegin;
  PetscCheck(ndims >= 0 && ndims <= NC_MAX_VAR_DIMS, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "variable '%s': %d dims", name, ndims);
  *count = 1;
  for (int i = 0; i < ndims; i++) {
    size_t len;
    PetscCheck(nc_inq_dimid(ncid, dims[i], &dimids[i]) == NC_NOERR, PETSC_COMM_SELF, PETSC_ERR_PLIB,
               "variable '%s': no dimension '%s' (SweepNCDim first)", name, dims[i]);
    SweepNCCall(nc_inq_dimlen(ncid, dimids[i], &len));
    *count *= len;
  }
  SweepNCCall(nc_def_var(ncid, name, type, ndims, dimids, varid));
  if (ndims >= 2 && type != NC_STRING && *count > 0) SweepNCCall(nc_def_var_deflate(ncid, *varid, 1, 1, 1));
  if (type == NC_DOUBLE && !coord) SweepNCCall(nc_put_att_double(ncid, *varid, "_FillValue", NC_DOUBLE, 1, &fill));
  if (type == NC_INT && !coord) SweepNCCall(nc_put_att_int(ncid, *varid, "_FillValue", NC_INT, 1, &ifill));
  if (units) PetscCall(PutText(ncid, *varid, "units", units));
  if (long_name) PetscCall(PutText(ncid, *varid, "long_name", long_name));
  PetscFunctionReturn(0);
}

/*@C
  SweepNCPutReal - defines and writes a double variable over existing dimensions; NaN and Inf are
  written as _FillValue. units may be NULL (no units attribute). Not collective.
@*/
PetscErrorCode SweepNCPutReal(int ncid, const char name[], int ndims, const char *const dims[], const PetscReal x[],
                              const char units[], const char long_name[])
{
  int    varid;
  size_t n;

  PetscFunctionBegin;
  PetscCall(KindDefVar(ncid, name, NC_DOUBLE, ndims, dims, units, long_name, &varid, &n));
  if (n) PetscCall(PutDoubles(ncid, name, n, x));
  PetscFunctionReturn(0);
}

/*@C
  SweepNCPutInt - defines and writes an int variable over existing dimensions. Not collective.
@*/
PetscErrorCode SweepNCPutInt(int ncid, const char name[], int ndims, const char *const dims[], const PetscInt x[],
                             const char long_name[])
{
  int    varid, *buf;
  size_t n;

  PetscFunctionBegin;
  PetscCall(KindDefVar(ncid, name, NC_INT, ndims, dims, NULL, long_name, &varid, &n));
  PetscCall(PetscMalloc1(n + 1, &buf));
  for (size_t i = 0; i < n; i++) buf[i] = (int) x[i];
  if (n) SweepNCCall(nc_put_var_int(ncid, varid, buf));
  PetscCall(PetscFree(buf));
  PetscFunctionReturn(0);
}

/*@C
  SweepNCPutStrings - defines and writes a 1-D string variable along dim (created with length n if
  absent). Not collective.
@*/
PetscErrorCode SweepNCPutStrings(int ncid, const char name[], const char dim[], size_t n, const char *const s[],
                                 const char long_name[])
{
  int         varid;
  size_t      count;
  const char *dims[1] = {dim};

  PetscFunctionBegin;
  PetscCall(SweepNCDim(ncid, dim, n));
  PetscCall(KindDefVar(ncid, name, NC_STRING, 1, dims, NULL, long_name, &varid, &count));
  if (n) SweepNCCall(nc_put_var_string(ncid, varid, (const char **) s));
  PetscFunctionReturn(0);
}

/*@C
  SweepNCPutAttText - a text attribute on variable var, or a global one when var is NULL. Not collective.
@*/
PetscErrorCode SweepNCPutAttText(int ncid, const char var[], const char att[], const char text[])
{
  int varid = NC_GLOBAL;

  PetscFunctionBegin;
  if (var) SweepNCCall(nc_inq_varid(ncid, var, &varid));
  PetscCall(PutText(ncid, varid, att, text));
  PetscFunctionReturn(0);
}

/*@C
  SweepOutputDefineKind - the global attributes of a study kind's file (CF conventions and
  provenance) and the quantile coordinate; the kind defines its own variables after its run.
  Not collective.
@*/
PetscErrorCode SweepOutputDefineKind(SweepOutput *out, const SweepKind *kind, const SweepOptions *opt,
                                     const SweepProvenance *prov)
{
  int         ncid = out->ncid, seed = (int) opt->seed, boot = (int) opt->bootstrap;
  char        title[512];
  const char *dims[1] = {"quantile"};

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(title, sizeof(title), "scalesweep %s: %s", opt->job, kind->title));
  PetscCall(PutText(ncid, NC_GLOBAL, "Conventions", "CF-1.10"));
  PetscCall(PutText(ncid, NC_GLOBAL, "title", title));
  PetscCall(PutText(ncid, NC_GLOBAL, "source", prov->source));
  PetscCall(PutText(ncid, NC_GLOBAL, "history", prov->history));
  PetscCall(PutText(ncid, NC_GLOBAL, "references", kind->references));
  PetscCall(PutText(ncid, NC_GLOBAL, "study", kind->name));
  PetscCall(PutText(ncid, NC_GLOBAL, "job", opt->job));
  PetscCall(PutText(ncid, NC_GLOBAL, "input_file", kind->needs_input ? opt->input : ""));
  PetscCall(PutText(ncid, NC_GLOBAL, "input_sha256", prov->input_sha256));
  PetscCall(PutText(ncid, NC_GLOBAL, "scalesweep_options", prov->options ? prov->options : ""));
  SweepNCCall(nc_put_att_int(ncid, NC_GLOBAL, "bootstrap", NC_INT, 1, &boot));
  SweepNCCall(nc_put_att_int(ncid, NC_GLOBAL, "seed", NC_INT, 1, &seed));
  PetscCall(SweepNCDim(ncid, "quantile", (size_t) opt->nquantile));
  PetscCall(SweepNCPutReal(ncid, "quantile", 1, dims, opt->quantiles, "1", "bootstrap quantile level"));
  PetscFunctionReturn(0);
}
