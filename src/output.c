/* output.c: writes a study as NetCDF-4 with CF-1.10 attributes. Missing values (a law without an
   optimum, a parameter slot a law does not have) are NaN in memory and _FillValue in the file. */
#include "output.h"
#include <errno.h>
#include <math.h>
#include <netcdf.h>
#include <petsctao.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef enum { D_LAW, D_PARAM, D_REPLICATE, D_RUN, D_BUDGET, D_MODEL, D_DATA, D_COUNT } Dim;

typedef struct {
  int ncid;
  int dim[D_COUNT];
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
  if (!slash) PetscCall(PetscStrncpy(dir, ".", sizeof(dir)));
  else dir[slash == path ? 1 : slash - path] = 0;
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
  SweepOutputOpen - creates the temporary file beside path; errors name the path. Not collective.
@*/
PetscErrorCode SweepOutputOpen(const char path[], SweepOutput *out)
{
  int status;

  PetscFunctionBegin;
  out->ncid = -1;
  PetscCall(PetscStrncpy(out->path, path, sizeof(out->path)));
  PetscCall(CheckDirectory(path));
  PetscCall(PetscSNPrintf(out->tmp, sizeof(out->tmp), "%s.tmp.%d", path, (int) getpid()));
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

/* A variable with its CF attributes; doubles get _FillValue, large ones are compressed. */
static PetscErrorCode DefVar(const Layout *L, const char name[], nc_type type, int ndims, const Dim dims[],
                             const char units[], const char long_name[], int *varid)
{
  int    dimids[NC_MAX_VAR_DIMS];
  double fill = NC_FILL_DOUBLE;
  int    ifill = NC_FILL_INT;

  PetscFunctionBegin;
  for (int i = 0; i < ndims; i++) dimids[i] = L->dim[dims[i]];
  SweepNCCall(nc_def_var(L->ncid, name, type, ndims, dimids, varid));
  if (ndims >= 2 && type == NC_DOUBLE) SweepNCCall(nc_def_var_deflate(L->ncid, *varid, 1, 1, 1));
  /* CF: coordinate variables (named after their one dimension) hold no missing values. */
  PetscBool coord = (PetscBool) (ndims == 1 && !strcmp(name, dims[0] == D_BUDGET ? "budget" : dims[0] == D_MODEL ? "model_size"
                                                           : dims[0] == D_DATA ? "data_size" : dims[0] == D_REPLICATE ? "replicate" : ""));
  if (type == NC_DOUBLE && !coord) SweepNCCall(nc_put_att_double(L->ncid, *varid, "_FillValue", NC_DOUBLE, 1, &fill));
  if (type == NC_INT && !coord) SweepNCCall(nc_put_att_int(L->ncid, *varid, "_FillValue", NC_INT, 1, &ifill));
  if (units) PetscCall(PutText(L->ncid, *varid, "units", units));
  PetscCall(PutText(L->ncid, *varid, "long_name", long_name));
  PetscFunctionReturn(0);
}

/* Writes n doubles, NaN and Inf becoming _FillValue. */
static PetscErrorCode PutDoubles(int ncid, const char name[], size_t n, const PetscReal x[])
{
  int     varid;
  double *buf;

  PetscFunctionBegin;
  SweepNCCall(nc_inq_varid(ncid, name, &varid));
  PetscCall(PetscMalloc1(n ? n : 1, &buf));
  for (size_t i = 0; i < n; i++) buf[i] = isfinite(x[i]) ? x[i] : NC_FILL_DOUBLE;
  SweepNCCall(nc_put_var_double(ncid, varid, buf));
  PetscCall(PetscFree(buf));
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

static PetscErrorCode DefStatusAttributes(int ncid, int varid)
{
  /* The TaoConvergedReason values scalesweep can store, with TAO's own names. */
  const int   values[] = {2, 3, 4, 5, 6, 7, 8, -2, -4, -5, -6, -7, -8};
  const char *meanings = "converged_gatol converged_grtol converged_gttol converged_steptol converged_minf "
                         "converged_user converged_fatol diverged_maxits diverged_nan diverged_maxfcn "
                         "diverged_ls_failure diverged_tr_reduction diverged_user";

  PetscFunctionBegin;
  SweepNCCall(nc_put_att_int(ncid, varid, "flag_values", NC_INT, sizeof(values) / sizeof(values[0]), values));
  PetscCall(PutText(ncid, varid, "flag_meanings", meanings));
  PetscCall(PutText(ncid, varid, "comment", "TaoConvergedReason of the best start: > 0 converged, < 0 diverged"));
  PetscFunctionReturn(0);
}

static PetscErrorCode DefCoordinates(Layout *L, const SweepStudy *s)
{
  const Dim db[] = {D_BUDGET}, dm[] = {D_MODEL}, dd[] = {D_DATA}, dr[] = {D_REPLICATE}, dl[] = {D_LAW},
            dlp[] = {D_LAW, D_PARAM};
  int v;

  PetscFunctionBegin;
  SweepNCCall(nc_def_dim(L->ncid, "law", (size_t) s->nlaws, &L->dim[D_LAW]));
  SweepNCCall(nc_def_dim(L->ncid, "param", (size_t) s->nparam, &L->dim[D_PARAM]));
  SweepNCCall(nc_def_dim(L->ncid, "replicate", 1, &L->dim[D_REPLICATE]));
  SweepNCCall(nc_def_dim(L->ncid, "run", (size_t) s->runs.n, &L->dim[D_RUN]));
  SweepNCCall(nc_def_dim(L->ncid, "budget", (size_t) s->grids.nb, &L->dim[D_BUDGET]));
  SweepNCCall(nc_def_dim(L->ncid, "model_size", (size_t) s->grids.nm, &L->dim[D_MODEL]));
  SweepNCCall(nc_def_dim(L->ncid, "data_size", (size_t) s->grids.nd, &L->dim[D_DATA]));
  PetscCall(DefVar(L, "budget", NC_DOUBLE, 1, db, "FLOP", "training compute budget C = 6 N D", &v));
  PetscCall(DefVar(L, "model_size", NC_DOUBLE, 1, dm, "1", "model size N (parameters)", &v));
  PetscCall(DefVar(L, "data_size", NC_DOUBLE, 1, dd, "1", "data size D (training tokens)", &v));
  PetscCall(DefVar(L, "replicate", NC_INT, 1, dr, NULL, "replicate: 0 is the fit to all runs", &v));
  PetscCall(DefVar(L, "law_name", NC_STRING, 1, dl, NULL, "scaling law", &v));
  PetscCall(DefVar(L, "law_formula", NC_STRING, 1, dl, NULL, "formula of the law", &v));
  PetscCall(DefVar(L, "param_name", NC_STRING, 2, dlp, NULL, "parameter name (empty where a law has fewer)", &v));
  PetscFunctionReturn(0);
}

static PetscErrorCode DefFitVariables(Layout *L)
{
  const Dim dlrp[] = {D_LAW, D_REPLICATE, D_PARAM}, dlr[] = {D_LAW, D_REPLICATE};
  int       v;

  PetscFunctionBegin;
  PetscCall(DefVar(L, "params", NC_DOUBLE, 3, dlrp, NULL, "fitted parameters, natural scale (A, not log A)", &v));
  PetscCall(DefVar(L, "objective", NC_DOUBLE, 2, dlr, "1", "sum of Huber losses of log residuals at the fit", &v));
  PetscCall(DefVar(L, "status", NC_INT, 2, dlr, NULL, "TAO converged reason of the best start", &v));
  PetscCall(DefStatusAttributes(L->ncid, v));
  PetscCall(DefVar(L, "iterations", NC_INT, 2, dlr, NULL, "TAO iterations of the best start", &v));
  PetscCall(DefVar(L, "best_start", NC_INT, 2, dlr, NULL, "index of the start point that gave the fit", &v));
  PetscCall(DefVar(L, "starts_converged", NC_INT, 2, dlr, NULL, "start points whose TAO solve converged", &v));
  PetscCall(DefVar(L, "starts_total", NC_INT, 2, dlr, NULL, "start points tried", &v));
  PetscFunctionReturn(0);
}

static PetscErrorCode DefSurfaceVariables(Layout *L)
{
  const Dim dlb[] = {D_LAW, D_BUDGET}, dlbm[] = {D_LAW, D_BUDGET, D_MODEL}, dldm[] = {D_LAW, D_DATA, D_MODEL};
  int       v;

  PetscFunctionBegin;
  PetscCall(DefVar(L, "n_opt", NC_DOUBLE, 2, dlb, "1", "compute-optimal model size N_opt (parameters)", &v));
  PetscCall(DefVar(L, "d_opt", NC_DOUBLE, 2, dlb, "1", "compute-optimal data size D_opt (tokens)", &v));
  PetscCall(DefVar(L, "loss_opt", NC_DOUBLE, 2, dlb, "1", "predicted loss at the compute-optimal allocation", &v));
  PetscCall(DefVar(L, "tokens_per_param", NC_DOUBLE, 2, dlb, "1", "D_opt / N_opt", &v));
  PetscCall(DefVar(L, "isoflop_loss", NC_DOUBLE, 3, dlbm, "1", "predicted loss at N with D = C / (6 N)", &v));
  PetscCall(DefVar(L, "loss_surface", NC_DOUBLE, 3, dldm, "1", "predicted loss over (D, N)", &v));
  PetscFunctionReturn(0);
}

static PetscErrorCode DefRunVariables(Layout *L)
{
  const Dim dr[] = {D_RUN}, dlr[] = {D_LAW, D_RUN};
  const int flags[] = {0, 1};
  int       v;

  PetscFunctionBegin;
  PetscCall(DefVar(L, "run_n", NC_DOUBLE, 1, dr, "1", "model size N of the training run (parameters)", &v));
  PetscCall(DefVar(L, "run_d", NC_DOUBLE, 1, dr, "1", "data size D of the training run (tokens)", &v));
  PetscCall(DefVar(L, "run_loss", NC_DOUBLE, 1, dr, "1", "final loss of the training run", &v));
  PetscCall(DefVar(L, "run_used", NC_INT, 1, dr, NULL, "whether the run was fitted", &v));
  SweepNCCall(nc_put_att_int(L->ncid, v, "flag_values", NC_INT, 2, flags));
  PetscCall(PutText(L->ncid, v, "flag_meanings", "dropped used"));
  PetscCall(DefVar(L, "residual", NC_DOUBLE, 2, dlr, "1", "log residual log Lhat - log L of each run", &v));
  PetscFunctionReturn(0);
}

static PetscErrorCode DefGlobalAttributes(int ncid, const SweepStudy *s, const SweepProvenance *prov)
{
  char title[512];
  double delta = s->opt.huber_delta;
  int    drop  = (int) s->opt.drop_highest;

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
  SweepNCCall(nc_put_att_double(ncid, NC_GLOBAL, "huber_delta", NC_DOUBLE, 1, &delta));
  SweepNCCall(nc_put_att_int(ncid, NC_GLOBAL, "drop_highest", NC_INT, 1, &drop));
  PetscFunctionReturn(0);
}

static PetscErrorCode PutStrings(const SweepStudy *s, int ncid)
{
  const char *names[SWEEP_MAX_LAWS], *formulas[SWEEP_MAX_LAWS], **pnames;
  int         v;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(s->nlaws * s->nparam, &pnames));
  for (PetscInt l = 0; l < s->nlaws; l++) {
    names[l]    = s->law[l]->name;
    formulas[l] = s->law[l]->formula;
    for (PetscInt j = 0; j < s->nparam; j++) pnames[l * s->nparam + j] = j < s->law[l]->np ? s->law[l]->param_names[j] : "";
  }
  SweepNCCall(nc_inq_varid(ncid, "law_name", &v));
  SweepNCCall(nc_put_var_string(ncid, v, names));
  SweepNCCall(nc_inq_varid(ncid, "law_formula", &v));
  SweepNCCall(nc_put_var_string(ncid, v, formulas));
  SweepNCCall(nc_inq_varid(ncid, "param_name", &v));
  SweepNCCall(nc_put_var_string(ncid, v, pnames));
  PetscCall(PetscFree(pnames));
  PetscFunctionReturn(0);
}

static PetscErrorCode PutFits(const SweepStudy *s, int ncid)
{
  PetscReal *params, *obj;
  int       *status, *its, *start, *nconv, *ntot;
  PetscInt   nl = s->nlaws, np = s->nparam;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(nl * np, &params, nl, &obj));
  PetscCall(PetscMalloc5(nl, &status, nl, &its, nl, &start, nl, &nconv, nl, &ntot));
  for (PetscInt l = 0; l < nl; l++) {
    PetscReal q[SWEEP_MAX_PARAMS];
    s->law[l]->to_natural(s->fit[l].p, q);
    for (PetscInt j = 0; j < np; j++) params[l * np + j] = j < s->law[l]->np ? q[j] : NAN;
    obj[l] = s->fit[l].objective, status[l] = (int) s->fit[l].reason, its[l] = (int) s->fit[l].iterations;
    start[l] = (int) s->fit[l].start, nconv[l] = (int) s->fit[l].nconverged, ntot[l] = (int) s->fit[l].nstarts;
  }
  PetscCall(PutDoubles(ncid, "params", (size_t) (nl * np), params));
  PetscCall(PutDoubles(ncid, "objective", (size_t) nl, obj));
  PetscCall(PutInts(ncid, "status", status));
  PetscCall(PutInts(ncid, "iterations", its));
  PetscCall(PutInts(ncid, "best_start", start));
  PetscCall(PutInts(ncid, "starts_converged", nconv));
  PetscCall(PutInts(ncid, "starts_total", ntot));
  PetscCall(PetscFree2(params, obj));
  PetscCall(PetscFree5(status, its, start, nconv, ntot));
  PetscFunctionReturn(0);
}

static PetscErrorCode PutRuns(const SweepStudy *s, int ncid)
{
  int *used;
  int  zero = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(s->runs.n, &used));
  for (PetscInt i = 0; i < s->runs.n; i++) used[i] = s->weight[i] > 0;
  PetscCall(PutDoubles(ncid, "run_n", (size_t) s->runs.n, s->runs.N));
  PetscCall(PutDoubles(ncid, "run_d", (size_t) s->runs.n, s->runs.D));
  PetscCall(PutDoubles(ncid, "run_loss", (size_t) s->runs.n, s->runs.loss));
  PetscCall(PutInts(ncid, "run_used", used));
  PetscCall(PutInts(ncid, "replicate", &zero));
  PetscCall(PutDoubles(ncid, "residual", (size_t) (s->nlaws * s->runs.n), s->resid));
  PetscCall(PetscFree(used));
  PetscFunctionReturn(0);
}

/*@C
  SweepOutputWriteStudy - defines the layout and writes every variable of a study. Not collective.
@*/
PetscErrorCode SweepOutputWriteStudy(SweepOutput *out, const SweepStudy *s, const SweepProvenance *prov)
{
  Layout          L  = {out->ncid, {0}};
  const SweepGrids *g = &s->grids;
  size_t          nl = (size_t) s->nlaws;

  PetscFunctionBegin;
  PetscCall(DefCoordinates(&L, s));
  PetscCall(DefFitVariables(&L));
  PetscCall(DefSurfaceVariables(&L));
  PetscCall(DefRunVariables(&L));
  PetscCall(DefGlobalAttributes(L.ncid, s, prov));
  SweepNCCall(nc_enddef(L.ncid));
  PetscCall(PutDoubles(L.ncid, "budget", (size_t) g->nb, g->budget));
  PetscCall(PutDoubles(L.ncid, "model_size", (size_t) g->nm, g->model_size));
  PetscCall(PutDoubles(L.ncid, "data_size", (size_t) g->nd, g->data_size));
  PetscCall(PutStrings(s, L.ncid));
  PetscCall(PutFits(s, L.ncid));
  PetscCall(PutDoubles(L.ncid, "n_opt", nl * g->nb, s->nopt));
  PetscCall(PutDoubles(L.ncid, "d_opt", nl * g->nb, s->dopt));
  PetscCall(PutDoubles(L.ncid, "loss_opt", nl * g->nb, s->lopt));
  PetscCall(PutDoubles(L.ncid, "tokens_per_param", nl * g->nb, s->tpp));
  PetscCall(PutDoubles(L.ncid, "isoflop_loss", nl * g->nb * g->nm, s->iso));
  PetscCall(PutDoubles(L.ncid, "loss_surface", nl * g->nd * g->nm, s->surf));
  PetscCall(PutRuns(s, L.ncid));
  PetscFunctionReturn(0);
}
