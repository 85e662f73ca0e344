/* plot.c: scalesweep-plot FILE.nc [-o DIR] [-c CONFIG] draws a result file with gnuplot (Debian's
   gnuplot-nox: small, no X11, and its cairo terminals write PNG and SVG). It reads the file with
   the NetCDF library, writes the plotted series as text tables (*.dat) beside the pictures, so
   every curve can be checked against the file, and pipes one gnuplot script per terminal:
     frontier      N_opt and D_opt against C, median and band, a line per law, the runs as points;
     tokens        tokens per parameter against C, with band;
     isoflop       loss against N at six budgets (first law), the runs as points, optima marked;
     contours      loss over (N, D) (first law) with iso-FLOP lines and the compute-optimal path;
     params        the bootstrap distribution of each parameter of the first law, and alpha-beta;
     residuals     log-loss residuals of the fitted runs against C, per law.
   Exit status 0, or 1 after one line naming the file or option at fault. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <netcdf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const Colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};

static void Die(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fputs("scalesweep-plot: error: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(1);
}

typedef struct {
  int     ncid;
  size_t  nb, nm, nd, nlaw, nrep, nq, nrun, nconfig, nparam;
  double *budget, *model_size, *data_size, *quantile;
  char  **law, **param;           /* [nlaw], [nlaw * nparam] */
  char  **label;                  /* [nlaw] law names for gnuplot's enhanced text ('_' escaped) */
  size_t  c;                      /* the config drawn */
  size_t  qlo, qhi;               /* the band: the lowest and highest quantile */
  int    *has_opt;                /* [nlaw] the law has a compute-optimal split (finite n_opt somewhere) */
  double  cmin, cmax, lmin, lmax; /* compute and loss ranges of the runs the config fits */
  size_t  shown[6];               /* budgets of the IsoFLOP profiles */
} File;

static size_t Dim(const File *f, const char *name, const char *path)
{
  int    id;
  size_t n;
  if (nc_inq_dimid(f->ncid, name, &id) || nc_inq_dimlen(f->ncid, id, &n))
    Die("%s: no dimension '%s' (is it a scalesweep output?)", path, name);
  return n;
}

/* A hyperslab of a double variable: start/count given for its dimensions in order. */
static double *Get(const File *f, const char *name, const size_t *start, const size_t *count, int ndims)
{
  int    id;
  size_t n = 1;
  for (int i = 0; i < ndims; i++) n *= count[i];
  double *v = malloc(n * sizeof(double));
  if (!v) Die("out of memory");
  if (nc_inq_varid(f->ncid, name, &id) || nc_get_vara_double(f->ncid, id, start, count, v))
    Die("cannot read variable '%s'", name);
  return v;
}

/* A number for gnuplot: non-finite values (a law without an optimum, a fill value) as '?', missing. */
static const char *Num(double x, char buf[32])
{
  if (!isfinite(x) || fabs(x) > 1e35) return "?";
  snprintf(buf, 32, "%.17g", x);
  return buf;
}

static FILE *Open(const char *dir, const char *name)
{
  char  path[4096];
  FILE *fp;
  snprintf(path, sizeof(path), "%s/%s", dir, name);
  if (!(fp = fopen(path, "w"))) Die("cannot write '%s': %s", path, strerror(errno));
  return fp;
}

/* Per law: frontier and tokens per parameter against C, with the band (lowest and highest quantile). */
static void WriteFrontier(File *f, const char *dir, size_t l)
{
  const size_t s3[3] = {f->c, l, 0}, c3[3] = {1, 1, f->nb}, s4[4] = {f->c, l, 0, 0}, c4[4] = {1, 1, f->nb, f->nq};
  double *n = Get(f, "n_opt", s3, c3, 3), *d = Get(f, "d_opt", s3, c3, 3), *t = Get(f, "tokens_per_param", s3, c3, 3);
  double *nq = Get(f, "n_opt_q", s4, c4, 4), *dq = Get(f, "d_opt_q", s4, c4, 4),
         *tq = Get(f, "tokens_per_param_q", s4, c4, 4);
  char name[256];
  snprintf(name, sizeof(name), "frontier_%s.dat", f->law[l]);
  FILE *fp = Open(dir, name);
  fprintf(fp, "# C  n_opt n_lo n_hi  d_opt d_lo d_hi  tokens_per_param t_lo t_hi   (law %s, config %zu)\n", f->law[l],
          f->c);
  for (size_t b = 0; b < f->nb; b++) {
    const double v[10] = {
        f->budget[b],           n[b], nq[b * f->nq + f->qlo], nq[b * f->nq + f->qhi], d[b], dq[b * f->nq + f->qlo],
        dq[b * f->nq + f->qhi], t[b], tq[b * f->nq + f->qlo], tq[b * f->nq + f->qhi]};
    char buf[32];
    for (int k = 0; k < 10; k++) fprintf(fp, "%s%s", Num(v[k], buf), k < 9 ? " " : "\n");
  }
  fclose(fp);
  for (size_t b = 0; b < f->nb; b++) f->has_opt[l] |= isfinite(n[b]) && fabs(n[b]) < 1e35;
  free(n), free(d), free(t), free(nq), free(dq), free(tq);
}

/* The runs: C, N, D, loss, used by the config, and each law's residual. */
static void WriteRuns(File *f, const char *dir)
{
  const size_t s1[1] = {0}, c1[1] = {f->nrun}, s3[3] = {f->c, 0, 0}, c3[3] = {1, f->nlaw, f->nrun};
  double      *N = Get(f, "run_n", s1, c1, 1), *D = Get(f, "run_d", s1, c1, 1), *C = Get(f, "run_c", s1, c1, 1);
  double      *L = Get(f, "run_loss", s1, c1, 1), *r = Get(f, "residual", s3, c3, 3);
  int         *used  = malloc(f->nrun * sizeof(int)), id;
  const size_t s2[2] = {f->c, 0}, c2[2] = {1, f->nrun};
  if (nc_inq_varid(f->ncid, "run_used", &id) || nc_get_vara_int(f->ncid, id, s2, c2, used))
    Die("cannot read 'run_used'");
  FILE *fp = Open(dir, "runs.dat");
  fprintf(fp, "# C N D loss used residual(law 0..%zu)\n", f->nlaw - 1);
  for (size_t i = 0; i < f->nrun; i++) {
    fprintf(fp, "%.17g %.17g %.17g %.17g %d", C[i], N[i], D[i], L[i], used[i]);
    if (used[i]) {
      f->cmin = fmin(f->cmin, C[i]), f->cmax = fmax(f->cmax, C[i]);
      f->lmin = fmin(f->lmin, L[i]), f->lmax = fmax(f->lmax, L[i]);
    }
    char buf[32];
    for (size_t l = 0; l < f->nlaw; l++) fprintf(fp, " %s", Num(r[l * f->nrun + i], buf));
    fputc('\n', fp);
  }
  fclose(fp);
  free(N), free(D), free(C), free(L), free(r), free(used);
}

/* First law: IsoFLOP profiles at six budgets spread over the grid, the optimum of each, the loss
   surface over (N, D) for contours, and the bootstrap replicates of the parameters. */
static void WriteFirstLaw(const File *f, const char *dir, size_t nshow, size_t *shown)
{
  const size_t s4[4] = {f->c, 0, 0, 0}, ci[4] = {1, 1, f->nb, f->nm}, cs[4] = {1, 1, f->nd, f->nm};
  const size_t s3[3] = {f->c, 0, 0}, c3[3] = {1, 1, f->nb};
  double      *iso = Get(f, "isoflop_loss", s4, ci, 4), *surf = Get(f, "loss_surface", s4, cs, 4);
  double      *n = Get(f, "n_opt", s3, c3, 3), *lo = Get(f, "loss_opt", s3, c3, 3);
  FILE        *fp = Open(dir, "isoflop.dat"), *fo = Open(dir, "isoflop_opt.dat");
  fprintf(fp, "# per budget (blocks separated by two blank lines): N loss   (law %s)\n", f->law[0]);
  fprintf(fo, "# C N_opt loss_opt\n");
  for (size_t k = 0; k < nshow; k++) {
    size_t b = shown[k];
    fprintf(fp, "# C = %.6g\n", f->budget[b]);
    char buf[32];
    for (size_t m = 0; m < f->nm; m++) fprintf(fp, "%.17g %s\n", f->model_size[m], Num(iso[b * f->nm + m], buf));
    fprintf(fp, "\n\n");
    char b1[32], b2[32];
    fprintf(fo, "%.17g %s %s\n", f->budget[b], Num(n[b], b1), Num(lo[b], b2));
  }
  fclose(fp), fclose(fo);
  fp = Open(dir, "surface.dat");
  fprintf(fp, "# N D loss (rows of equal D)   (law %s)\n", f->law[0]);
  for (size_t d = 0; d < f->nd; d++) {
    char buf[32];
    for (size_t m = 0; m < f->nm; m++)
      fprintf(fp, "%.17g %.17g %s\n", f->model_size[m], f->data_size[d], Num(surf[d * f->nm + m], buf));
    fputc('\n', fp);
  }
  fclose(fp);
  const size_t sp[4] = {f->c, 0, 0, 0}, cp[4] = {1, 1, f->nrep, f->nparam};
  double      *p = Get(f, "params", sp, cp, 4);
  fp             = Open(dir, "params.dat");
  fprintf(fp, "# replicate");
  for (size_t j = 0; j < f->nparam; j++) fprintf(fp, " %s", f->param[j][0] ? f->param[j] : "-");
  fputc('\n', fp);
  for (size_t r = 1; r < f->nrep; r++) {
    fprintf(fp, "%zu", r);
    char buf[32];
    for (size_t j = 0; j < f->nparam; j++) fprintf(fp, " %s", Num(p[r * f->nparam + j], buf));
    fputc('\n', fp);
  }
  fclose(fp);
  free(iso), free(surf), free(n), free(lo), free(p);
}

static void Script(FILE *gp, const File *f, const char *dir, const char *term, const char *ext, size_t nshow)
{
  size_t np0 = 0;
  for (size_t j = 0; j < f->nparam; j++) np0 += f->param[j][0] != 0;
  fprintf(gp, "set terminal %s size 900,600 font 'sans,11'\nset datafile missing '?'\nset key top left\n", term);
  fprintf(gp, "set grid\nset logscale xy\nset format x '10^{%%L}'\nset format y '10^{%%L}'\n");
  /* frontier */
  fprintf(gp, "set output '%s/frontier.%s'\nset title 'Compute-optimal allocation (band: quantiles %g-%g)'\n", dir, ext,
          f->quantile[f->qlo], f->quantile[f->qhi]);
  fprintf(gp, "set xlabel 'compute C [FLOP]'\nset ylabel 'N_{opt} [parameters], D_{opt} [tokens]'\nplot ");
  for (size_t l = 0; l < f->nlaw; l++)
    if (f->has_opt[l])
      fprintf(gp,
              "'%s/frontier_%s.dat' u 1:3:4 w filledcurves fc '%s' fs transparent solid 0.2 notitle, "
              "'' u 1:2 w l lw 2 lc '%s' t '%s N_{opt}', '' u 1:6:7 w filledcurves fc '%s' fs transparent solid 0.2 "
              "notitle, "
              "'' u 1:5 w l lw 2 dt 2 lc '%s' t '%s D_{opt}', ",
              dir, f->law[l], Colours[l % 6], Colours[l % 6], f->label[l], Colours[l % 6], Colours[l % 6], f->label[l]);
  fprintf(gp, "'%s/runs.dat' u 1:2 w p pt 7 ps 0.6 lc 'black' t 'runs (C, N)'\n", dir);
  /* tokens per parameter */
  fprintf(gp, "set output '%s/tokens.%s'\nset title 'Tokens per parameter at the optimum'\n", dir, ext);
  fprintf(gp, "unset logscale y\nset format y '%%g'\nset ylabel 'D_{opt} / N_{opt}'\nplot ");
  for (size_t l = 0, first = 1; l < f->nlaw; l++)
    if (f->has_opt[l]) {
      fprintf(
          gp,
          "%s'%s/frontier_%s.dat' u 1:9:10 w filledcurves fc '%s' fs transparent solid 0.2 notitle, '' u 1:8 w l lw 2 "
          "lc '%s' t '%s'",
          first ? "" : ", ", dir, f->law[l], Colours[l % 6], Colours[l % 6], f->label[l]);
      first = 0;
    }
  fprintf(gp, "\n");
  /* IsoFLOP profiles */
  fprintf(gp, "set output '%s/isoflop.%s'\nset title 'IsoFLOP profiles (%s)'\nset xlabel 'model size N [parameters]'\n",
          dir, ext, f->label[0]);
  fprintf(gp,
          "set ylabel 'loss [nats/token]'\nset logscale x\nunset logscale y\nset format y '%%g'\nset key top right\n");
  fprintf(gp, "set yrange [%g:%g]\nplot ", 0.97 * f->lmin, 1.1 * f->lmax);
  for (size_t k = 0; k < nshow; k++)
    fprintf(gp, "'%s/isoflop.dat' index %zu u 1:2 w l lw 2 lc '%s' t 'C = %.2g FLOP', ", dir, k, Colours[k % 6],
            f->budget[f->shown[k]]);
  fprintf(gp,
          "'%s/isoflop_opt.dat' u 2:3 w p pt 9 ps 1.6 lc 'black' t 'optimum', '%s/runs.dat' u 2:($5 > 0 ? $4 : 1/0) w "
          "p pt 7 "
          "ps 0.5 lc 'gray40' t 'runs'\nset autoscale y\nset key top left\n",
          dir, dir);
  /* contours */
  fprintf(
      gp,
      "set output '%s/contours.%s'\nset title 'Loss over (N, D) (%s): iso-FLOP lines dashed, compute-optimal path'\n",
      dir, ext, f->label[0]);
  /* the contour lines as a table (in plain number formats), then drawn in the log-log plane */
  fprintf(gp,
          "set format x '%%.10g'\nset format y '%%.10g'\nset logscale xy\nset view map\nset contour base\n"
          "set cntrparam levels 14\nunset surface\nset table '%s/contours_table.dat'\n"
          "splot '%s/surface.dat' u 1:2:3 w l\nunset table\nunset contour\nset format x '10^{%%L}'\nset format y "
          "'10^{%%L}'\n",
          dir, dir);
  fprintf(gp, "set xrange [%g:%g]\nset yrange [%g:%g]\n", f->model_size[0], f->model_size[f->nm - 1], f->data_size[0],
          f->data_size[f->nd - 1]);
  fprintf(gp, "set xlabel 'model size N [parameters]'\nset ylabel 'data size D [tokens]'\n");
  fprintf(gp,
          "plot '%s/contours_table.dat' u 1:2 w l lc 'gray30' t 'loss contours', "
          "for [e=18:26:2] (10**e)/(6*x) w l dt 2 lc 'gray60' notitle, '%s/frontier_%s.dat' u 2:5 w l lw 3 lc '%s' t "
          "'compute-optimal path', "
          "'%s/runs.dat' u 2:3 w p pt 7 ps 0.5 lc 'black' t 'runs'\n",
          dir, dir, f->law[0], Colours[0], dir);
  fprintf(gp, "set autoscale xy\n");
  /* parameters: only when the file has bootstrap resamples */
  if (f->nrep > 1) {
    fprintf(gp, "set output '%s/params.%s'\nunset logscale\nset format x '%%g'\nset format y '%%g'\nset key off\n", dir,
            ext);
    fprintf(gp,
            "set xtics rotate by 30 right font 'sans,9'\nset multiplot layout 2,%zu title 'Bootstrap distribution of "
            "the parameters (%s, %zu resamples)'\n",
            (np0 + 2) / 2, f->label[0], f->nrep - 1);
    for (size_t j = 0; j < np0; j++)
      fprintf(gp,
              "set title '%s'\nset xlabel '%s'\nset ylabel 'resamples'\nstats '%s/params.dat' u %zu "
              "nooutput\nbw=(STATS_max-STATS_min)/30+1e-300\n"
              "plot '%s/params.dat' u (bw*floor($%zu/bw)+bw/2):(1) smooth freq w boxes fs solid 0.5 lc '%s'\n",
              f->param[j], f->param[j], dir, j + 2, dir, j + 2, Colours[0]);
    if (np0 >= 5)
      fprintf(gp,
              "set title 'alpha against beta'\nset xlabel 'alpha'\nset ylabel 'beta'\nplot '%s/params.dat' u 5:6 w p "
              "pt 7 ps 0.3 lc '%s'\n",
              dir, Colours[0]);
    fprintf(gp, "unset multiplot\nset xtics norotate font 'sans,11'\nset key top left\n");
  }
  /* residuals */
  fprintf(gp,
          "set output '%s/residuals.%s'\nset title 'Residuals of the fitted runs: log fitted - log observed loss'\nset "
          "logscale x\n"
          "set format x '10^{%%L}'\nset xlabel 'compute C [FLOP]'\nset ylabel 'residual'\nplot ",
          dir, ext);
  for (size_t l = 0; l < f->nlaw; l++)
    fprintf(gp, "'%s/runs.dat' u 1:($5 > 0 ? $%zu : 1/0) w p pt 7 ps 0.6 lc '%s' t '%s'%s", dir, l + 6, Colours[l % 6],
            f->label[l], l + 1 < f->nlaw ? ", " : "\n");
  fprintf(gp, "set output\n");
}

int main(int argc, char **argv)
{
  const char *dir    = "outputs/plots", *path;
  File        f      = {0};
  long        config = 0;
  int         opt, id;

  path = NULL;
  while (optind < argc) { /* POSIX getopt stops at the first operand: take it, and go on */
    if ((opt = getopt(argc, argv, "o:c:h")) == -1) {
      if (path) Die("give one result file (usage: scalesweep-plot FILE.nc [-o DIR] [-c CONFIG])");
      path = argv[optind++];
      continue;
    }
    if (opt == 'o')
      dir = optarg;
    else if (opt == 'c') {
      char *end;
      config = strtol(optarg, &end, 10);
      if (*end || config < 0) Die("option -c: '%s' is not a config number", optarg);
    } else {
      fprintf(stderr, "usage: scalesweep-plot FILE.nc [-o DIR (default outputs/plots)] [-c CONFIG (default 0)]\n");
      return opt == 'h' ? 0 : 1;
    }
  }
  if (!path) Die("give one result file (usage: scalesweep-plot FILE.nc [-o DIR] [-c CONFIG])");
  if (nc_open(path, NC_NOWRITE, &f.ncid)) Die("%s: cannot open as NetCDF", path);
  f.nb = Dim(&f, "budget", path), f.nm = Dim(&f, "model_size", path), f.nd = Dim(&f, "data_size", path);
  f.nlaw = Dim(&f, "law", path), f.nrep = Dim(&f, "replicate", path), f.nq = Dim(&f, "quantile", path);
  f.nrun = Dim(&f, "run", path), f.nconfig = Dim(&f, "config", path), f.nparam = Dim(&f, "param", path);
  if ((size_t) config >= f.nconfig) Die("option -c: %s has %zu config(s), 0 to %zu", path, f.nconfig, f.nconfig - 1);
  f.c               = (size_t) config;
  const size_t z[1] = {0};
  size_t       cnt[1];
  cnt[0] = f.nb, f.budget = Get(&f, "budget", z, cnt, 1);
  cnt[0] = f.nm, f.model_size = Get(&f, "model_size", z, cnt, 1);
  cnt[0] = f.nd, f.data_size = Get(&f, "data_size", z, cnt, 1);
  cnt[0] = f.nq, f.quantile = Get(&f, "quantile", z, cnt, 1);
  f.law   = calloc(f.nlaw, sizeof(char *));
  f.param = calloc(f.nlaw * f.nparam, sizeof(char *));
  if (nc_inq_varid(f.ncid, "law_name", &id) || nc_get_var_string(f.ncid, id, f.law))
    Die("%s: cannot read 'law_name'", path);
  if (nc_inq_varid(f.ncid, "param_name", &id) || nc_get_var_string(f.ncid, id, f.param))
    Die("%s: cannot read 'param_name'", path);
  f.label = calloc(f.nlaw, sizeof(char *));
  for (size_t l = 0; l < f.nlaw; l++) { /* "compute_only" -> "compute\_only" */
    char *o = f.label[l] = calloc(2 * strlen(f.law[l]) + 1, 1);
    for (const char *c = f.law[l]; *c; c++) {
      if (*c == '_' || *c == '^' || *c == '{' || *c == '}' || *c == '@' || *c == '&' || *c == '~') *o++ = '\\';
      *o++ = *c;
    }
  }
  for (size_t j = 0; j < f.nlaw * f.nparam; j++)
    if (!f.param[j]) f.param[j] = "";
  f.qlo = 0, f.qhi = f.nq - 1;
  f.has_opt = calloc(f.nlaw, sizeof(int));
  if (mkdir(dir, 0777) && errno != EEXIST) Die("-o: cannot create directory '%s': %s", dir, strerror(errno));

  for (size_t l = 0; l < f.nlaw; l++) WriteFrontier(&f, dir, l);
  if (!f.has_opt[0])
    Die("%s: the first law (%s) has no compute-optimal split to draw; put another first in -sweep_laws", path,
        f.law[0]);
  f.cmin = f.lmin = INFINITY, f.cmax = f.lmax = -INFINITY;
  WriteRuns(&f, dir);
  if (!(f.cmax > 0)) Die("%s: config %zu fits no runs", path, f.c);
  /* six budgets of the grid, log-spaced over the runs' compute range, for the IsoFLOP profiles */
  size_t nshow = 0;
  for (size_t k = 0; k < 6; k++) {
    double target = exp(log(f.cmin) + k * (log(f.cmax) - log(f.cmin)) / 5), best = INFINITY;
    size_t at = 0;
    for (size_t b = 0; b < f.nb; b++)
      if (fabs(log(f.budget[b] / target)) < best) best = fabs(log(f.budget[b] / target)), at = b;
    if (!nshow || at != f.shown[nshow - 1]) f.shown[nshow++] = at;
  }
  WriteFirstLaw(&f, dir, nshow, f.shown);
  nc_close(f.ncid);

  const char *const terms[2][2] = {{"pngcairo", "png"}, {"svg dynamic", "svg"}};
  for (int t = 0; t < 2; t++) {
    FILE *gp = popen("gnuplot", "w");
    if (!gp) Die("cannot start gnuplot (install Debian's gnuplot-nox)");
    Script(gp, &f, dir, terms[t][0], terms[t][1], nshow);
    if (pclose(gp)) Die("gnuplot failed (is gnuplot-nox installed?)");
  }
  printf("scalesweep-plot: %s -> %s/{frontier,tokens,isoflop,contours,%sresiduals}.{png,svg} and the plotted series "
         "(*.dat)\n",
         path, dir, f.nrep > 1 ? "params," : "");
  if (f.nrep <= 1) printf("scalesweep-plot: no bootstrap resamples in %s: no params plot\n", path);
  return 0;
}
