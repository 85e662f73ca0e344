/* test_units.c: the building blocks against independent computations: each law's analytic
   Jacobian and the objective's gradient against central differences, the closed-form optimum
   against a brute-force search along the IsoFLOP line, the Huber loss, ranges, the random
   generator, and the CSV reader on good and bad text. */
#include "fit.h"
#include "options.h"
#include "rng.h"
#include "stats.h"
#include "surface.h"
#include "testing.h"

/* Central differences of logpred at random points of the start box, against the analytic Jacobian.
   With repeated set, the points get unique-token pools (law->logU) from D/20 to 2.7 D, a quarter of
   them unlimited: with and without repetition of data and of parameters. */
static PetscErrorCode CheckLawJacobian(SweepLaw law, PetscBool repeated)
{
  PetscReal logN[16], logD[16], logU[16], out[16], jac[16 * SWEEP_MAX_PARAMS], p[SWEEP_MAX_PARAMS], worst = 0;
  PetscInt  nrep = 0;
  char      what[160];

  PetscFunctionBegin;
  for (PetscInt t = 0; t < 20; t++) {
    for (PetscInt j = 0; j < law->np; j++)
      p[j] = law->start_lo[j] + SweepRandomUniform(7, t, j) * (law->start_hi[j] - law->start_lo[j]);
    for (PetscInt i = 0; i < 16; i++) {
      logN[i] = log(1e7) + SweepRandomUniform(8, t, i) * log(1e5);
      logD[i] = log(1e9) + SweepRandomUniform(9, t, i) * log(1e5);
      logU[i] = i % 4 ? logD[i] - 3 + 4 * SweepRandomUniform(10, t, i) : INFINITY;
      nrep += logU[i] < logD[i];
    }
    law->logU = repeated ? logU : NULL;
    PetscCall(law->logpred(law, p, 16, logN, logD, out, jac));
    for (PetscInt j = 0; j < law->np; j++) {
      PetscReal h = 1e-6 * PetscMax(1.0, PetscAbsReal(p[j])), pp[SWEEP_MAX_PARAMS], hi[16], lo[16];
      PetscCall(PetscArraycpy(pp, p, law->np));
      pp[j] = p[j] + h;
      PetscCall(law->logpred(law, pp, 16, logN, logD, hi, NULL));
      pp[j] = p[j] - h;
      PetscCall(law->logpred(law, pp, 16, logN, logD, lo, NULL));
      for (PetscInt i = 0; i < 16; i++) {
        PetscReal fd = (hi[i] - lo[i]) / (2 * h);
        worst        = PetscMax(worst, PetscAbsReal(fd - jac[i * law->np + j]) / PetscMax(1.0, PetscAbsReal(fd)));
      }
    }
    law->logU = NULL;
  }
  if (repeated) SweepCheck("data_constrained: the Jacobian points include repeated data", nrep > 60 && nrep < 240);
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s%s: Jacobian matches central differences (worst rel. error)",
                          law->name, repeated ? " with unique-token pools" : ""));
  SweepCheckAbs(what, worst, 0, 1e-6);
  PetscFunctionReturn(0);
}

/* The vectorised kernel (fast math) against the strict scalar path, at random points of the start
   box with bootstrap-like weights; and the fallback when the kernel overflows. */
static PetscErrorCode CheckKernel(SweepLaw law)
{
  PetscReal      N[243], D[243], L[243], w[243], p[SWEEP_MAX_PARAMS], gk[SWEEP_MAX_PARAMS], gs[SWEEP_MAX_PARAMS];
  PetscReal      fk, fs, worst = 0;
  SweepRuns      runs;
  SweepObjective fast, strict;
  char           what[128];

  PetscFunctionBegin;
  for (PetscInt i = 0; i < 243; i++) { /* 243: not a multiple of any vector width */
    N[i] = 1e7 * pow(1e4, SweepRandomUniform(5, 0, i));
    D[i] = 1e9 * pow(1e4, SweepRandomUniform(5, 1, i));
    L[i] = 1.8 + 2 * SweepRandomUniform(5, 2, i);
    w[i] = (PetscReal) (i % 4);
  }
  PetscCall(SweepRunsCreateFromArrays(243, N, D, NULL, L, &runs));
  PetscCall(SweepObjectiveCreate(law, &runs, w, 1e-3, &fast));
  PetscCall(SweepObjectiveCreate(law, &runs, w, 1e-3, &strict));
  strict.strict = PETSC_TRUE;
  for (PetscInt t = 0; t < 200; t++) {
    for (PetscInt j = 0; j < law->np; j++)
      p[j] = law->start_lo[j] + SweepRandomUniform(6, t, j) * (law->start_hi[j] - law->start_lo[j]);
    PetscCall(SweepObjectiveEval(&fast, p, &fk, gk));
    PetscCall(SweepObjectiveEval(&strict, p, &fs, gs));
    worst = PetscMax(worst, PetscAbsReal(fk - fs) / PetscMax(1e-300, PetscAbsReal(fs)));
    for (PetscInt j = 0; j < law->np; j++)
      worst = PetscMax(worst, PetscAbsReal(gk[j] - gs[j]) / PetscMax(1e-12, PetscAbsReal(gs[j])));
  }
  PetscCall(PetscSNPrintf(what, sizeof(what),
                          "%s: vectorised kernel equals the scalar objective and gradient (worst rel.)", law->name));
  SweepCheckAbs(what, worst, 0, 1e-12);
  /* a = 800 overflows exp in the kernel; the objective falls back on the log-sum-exp with a max */
  for (PetscInt j = 0; j < law->np; j++) p[j] = 0.1;
  p[0] = 800;
  PetscCall(SweepObjectiveEval(&fast, p, &fk, gk));
  PetscCall(SweepObjectiveEval(&strict, p, &fs, gs));
  PetscCall(
      PetscSNPrintf(what, sizeof(what), "%s: an overflow in the kernel falls back on the scalar path", law->name));
  SweepCheck(what, fk == fs && !PetscIsInfOrNanReal(fk) && gk[0] == gs[0]);
  PetscCall(SweepObjectiveDestroy(&fast));
  PetscCall(SweepObjectiveDestroy(&strict));
  PetscCall(SweepRunsDestroy(&runs));
  PetscFunctionReturn(0);
}

/* The objective's gradient (Huber included, with residuals on both sides of delta). */
static PetscErrorCode CheckObjectiveGradient(SweepLaw law, const PetscReal at[])
{
  PetscReal      N[40], D[40], L[40], p[SWEEP_MAX_PARAMS], g[SWEEP_MAX_PARAMS], f, worst = 0;
  SweepRuns      runs;
  SweepObjective obj;
  char           what[128];

  PetscFunctionBegin;
  for (PetscInt j = 0; j < law->np; j++) p[j] = at ? at[j] : 0.5 * (law->start_lo[j] + law->start_hi[j]) * 0.3 + 0.1;
  for (PetscInt i = 0; i < 40; i++) {
    N[i] = 1e7 * pow(1e4, SweepRandomUniform(3, 0, i));
    D[i] = 1e9 * pow(1e4, SweepRandomUniform(3, 1, i));
    PetscCall(SweepLawLoss(law, p, N[i], D[i], &L[i]));
    L[i] *= exp(0.004 * SweepRandomNormal(3, 2, i)); /* some |r| below delta = 3e-3, some above */
  }
  PetscCall(SweepRunsCreateFromArrays(40, N, D, NULL, L, &runs));
  for (PetscInt i = 0; i < 40; i += 2) runs.logU[i] = runs.logD[i] - 2; /* pools for data_constrained */
  PetscCall(SweepObjectiveCreate(law, &runs, NULL, 3e-3, &obj));
  for (PetscInt j = 0; j < law->np; j++) p[j] += 0.01; /* off the data's own parameters */
  PetscCall(SweepObjectiveEval(&obj, p, &f, g));
  for (PetscInt j = 0; j < law->np; j++) {
    PetscReal pp[SWEEP_MAX_PARAMS], fh, fl, h = 1e-7;
    PetscCall(PetscArraycpy(pp, p, law->np));
    pp[j] = p[j] + h;
    PetscCall(SweepObjectiveEval(&obj, pp, &fh, NULL));
    pp[j] = p[j] - h;
    PetscCall(SweepObjectiveEval(&obj, pp, &fl, NULL));
    worst = PetscMax(worst, PetscAbsReal((fh - fl) / (2 * h) - g[j]) / PetscMax(1e-3, PetscAbsReal(g[j])));
  }
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: objective gradient matches central differences", law->name));
  SweepCheckAbs(what, worst, 0, 1e-5);
  PetscCall(SweepObjectiveDestroy(&obj));
  PetscCall(SweepRunsDestroy(&runs));
  PetscFunctionReturn(0);
}

/* Golden-section search of L(N, C/(6N)) over log N, against the closed form. */
static PetscErrorCode CheckOptimum(void)
{
  SweepLaw        law;
  const PetscReal q[5] = {406.4, 410.7, 1.69, 0.34, 0.28}, budgets[3] = {1e19, 5.76e23, 1e26};
  PetscReal       p[5];

  PetscFunctionBegin;
  PetscCall(SweepLawCreate("chinchilla", &law));
  law->from_natural(q, p);
  for (int b = 0; b < 3; b++) {
    PetscReal C = budgets[b], lo = log(1e3), hi = log(1e15), N, D, L, gr = (sqrt(5.0) - 1) / 2;
    for (int it = 0; it < 200; it++) {
      PetscReal x1 = hi - gr * (hi - lo), x2 = lo + gr * (hi - lo), f1, f2;
      PetscCall(SweepLawLoss(law, p, exp(x1), C / (6 * exp(x1)), &f1));
      PetscCall(SweepLawLoss(law, p, exp(x2), C / (6 * exp(x2)), &f2));
      if (f1 < f2)
        hi = x2;
      else
        lo = x1;
    }
    PetscCall(SweepAllocation(law, p, C, &N, &D, &L));
    SweepCheckRel("chinchilla: closed-form N_opt equals the brute-force IsoFLOP minimum", N, exp(0.5 * (lo + hi)),
                  1e-5);
    SweepCheckRel("chinchilla: C = 6 N_opt D_opt", 6 * N * D, C, 1e-12);
  }
  PetscCall(SweepLawDestroy(&law));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckRangesAndRandom(void)
{
  SweepRange r;
  PetscReal  x[81], mean = 0, var = 0;

  PetscFunctionBegin;
  PetscCall(SweepRangeParse("-sweep_budget", "1e18:1e26:81", &r));
  PetscCall(SweepRangeFill(&r, x));
  SweepCheck("range: ends are exactly lo and hi", x[0] == 1e18 && x[80] == 1e26);
  SweepCheckRel("range: log-spaced, point 30 is 1e21", x[30], 1e21, 1e-13);
  SweepCheckFails("range: lo > hi is refused", SweepRangeParse("-sweep_budget", "1e22:1e20:3", &r), "lo <= hi");
  SweepCheck("random: a draw depends only on (seed, stream, counter)",
             SweepRandomBits(1, 2, 3) == SweepRandomBits(1, 2, 3) &&
                 SweepRandomBits(1, 2, 3) != SweepRandomBits(1, 2, 4));
  for (int i = 0; i < 100000; i++) {
    PetscReal z = SweepRandomNormal(11, 0, i);
    mean += z / 100000, var += z * z / 100000;
  }
  SweepCheckAbs("random: normal draws have mean 0", mean, 0, 0.015);
  SweepCheckAbs("random: normal draws have variance 1", var, 1, 0.02);
  SweepCheckAbs("huber: quadratic inside delta", SweepHuber(0.5e-3, 1e-3), 0.125e-6, 1e-18);
  SweepCheckAbs("huber: linear outside delta", SweepHuber(-3e-3, 1e-3), 1e-3 * (3e-3 - 0.5e-3), 1e-18);
  PetscFunctionReturn(0);
}

/* Quantiles by selection against a full sort, on arrays with ties and NaNs. */
static PetscErrorCode CheckQuantiles(void)
{
  const PetscReal q[4] = {0.0, 0.05, 0.5, 0.975};
  PetscBool       same = PETSC_TRUE;

  PetscFunctionBegin;
  for (PetscInt t = 0; t < 200; t++) {
    PetscInt  n = 1 + (PetscInt) (SweepRandomUniform(5, t, 0) * 300), m = 0;
    PetscReal x[301], y[301], got[4];
    for (PetscInt i = 0; i < n; i++) {
      x[i] = floor(SweepRandomUniform(6, t, i) * 20); /* many ties */
      if (i % 17 == 3) x[i] = NAN;
      if (isfinite(x[i])) y[m++] = x[i];
    }
    PetscCall(SweepQuantiles(n, x, 4, q, got));
    PetscCall(PetscSortReal(m, y));
    for (PetscInt k = 0; k < 4 && m; k++) {
      PetscReal h  = q[k] * (m - 1), want;
      PetscInt  lo = (PetscInt) floor(h), hi = PetscMin(lo + 1, m - 1);
      want = y[lo] + (h - lo) * (y[hi] - y[lo]);
      same = (PetscBool) (same && got[k] == want);
    }
  }
  SweepCheck("quantiles by selection equal those of a full sort, bit for bit (200 arrays, ties, NaN)", same);
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckCSV(void)
{
  SweepColumns cols;
  SweepRuns    runs;

  PetscFunctionBegin;
  PetscCall(SweepColumnsDefault(&cols));
  PetscCall(SweepRunsParse("good.csv",
                           "\xEF\xBB\xBFname,N,\"D\",loss,note\r\n\"a, quoted\",1e8,2e9,3.5,\"say "
                           "\"\"hi\"\"\"\r\n\r\nb,2e8,4e9,3.25,x\r\n\n",
                           &cols, &runs));
  SweepCheck("csv: BOM, CRLF, quotes with commas and \"\" escapes, blank lines, extra columns",
             runs.n == 2 && runs.N[1] == 2e8 && runs.D[0] == 2e9 && runs.loss[1] == 3.25 && runs.line[1] == 4);
  PetscCall(SweepRunsDestroy(&runs));
  PetscCall(PetscStrncpy(cols.n, "Model_Size", sizeof(cols.n)));
  PetscCall(PetscStrncpy(cols.c, "Training FLOP", sizeof(cols.c)));
  PetscCall(SweepRunsParse("c.csv", "Model Size,Training FLOP,loss\n1e9,6e19,2.5\n", &cols, &runs));
  SweepCheckRel("csv: D = C / (6 N) from a compute column; '_' matches a space", runs.D[0], 1e10, 1e-15);
  PetscCall(SweepRunsDestroy(&runs));
  PetscCall(SweepColumnsDefault(&cols));
  PetscCall(SweepRunsParse("c.csv", "N,D,loss\n1e9,6e19,2.5\n", &cols, &runs));
  SweepCheck("csv: without -sweep_col_unique every run has an unlimited pool", isinf(runs.logU[0]) && runs.logU[0] > 0);
  PetscCall(SweepRunsDestroy(&runs));
  PetscCall(PetscStrncpy(cols.unique, "U", sizeof(cols.unique)));
  PetscCall(SweepRunsParse("u.csv", "N,D,loss,U\n1e8,2e9,3.5,5e8\n", &cols, &runs));
  SweepCheckRel("csv: -sweep_col_unique gives log U", runs.logU[0], log(5e8), 1e-15);
  SweepCheckFails("csv: a bad unique-token count is refused with line and column",
                  SweepRunsParse("u.csv", "N,D,loss,U\n1e8,2e9,3.5,5e8\n1e8,2e9,3.5,0\n", &cols, &runs),
                  "u.csv:3: column 'U' (field 4): 0 must be > 0");
  SweepCheckFails("csv: a missing unique-token column names the option",
                  SweepRunsParse("u.csv", "N,D,loss\n1e8,2e9,3.5\n", &cols, &runs),
                  "(choose one with -sweep_col_unique)");
  PetscCall(SweepColumnsDefault(&cols));
  SweepCheckFails("csv: a missing column is named", SweepRunsParse("m.csv", "N,D\n1,2\n", &cols, &runs),
                  "m.csv:1: no column named 'loss'");
  SweepCheckFails("csv: NaN is refused with line and column",
                  SweepRunsParse("n.csv", "N,D,loss\n1,2,3\n1,nan,3\n", &cols, &runs),
                  "n.csv:3: column 'D' (field 2): 'nan' is not a finite number");
  SweepCheckFails("csv: a value <= 0 is refused", SweepRunsParse("z.csv", "N,D,loss\n-1,2,3\n", &cols, &runs),
                  "z.csv:2: column 'N' (field 1): -1 must be > 0");
  SweepCheckFails("csv: header only", SweepRunsParse("h.csv", "N,D,loss\n", &cols, &runs),
                  "h.csv: a header row but no data rows");
  SweepCheckFails("csv: empty", SweepRunsParse("e.csv", "", &cols, &runs), "e.csv: the file is empty");
  SweepCheckFails("csv: an unclosed quote", SweepRunsParse("q.csv", "N,D,loss\n1,\"2,3\n", &cols, &runs),
                  "q.csv:2: field 2: quoted field is never closed");
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const char *laws[] = {"chinchilla", "compute_only", "kaplan", "compute_loglinear", "data_constrained"};
  /* compute_loglinear's gradient is checked where its prediction is positive (c - k log10 C >= 1.7) */
  const PetscReal loglinear[2] = {5.0, 0.13};

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  for (int l = 0; l < 5; l++) {
    SweepLaw law;
    PetscCall(SweepLawCreate(laws[l], &law));
    PetscCall(CheckLawJacobian(law, PETSC_FALSE));
    if (!strcmp(laws[l], "data_constrained")) PetscCall(CheckLawJacobian(law, PETSC_TRUE));
    PetscCall(CheckObjectiveGradient(law, strcmp(laws[l], "compute_loglinear") ? NULL : loglinear));
    if (law->kernel) PetscCall(CheckKernel(law));
    PetscCall(SweepLawDestroy(&law));
  }
  PetscCall(CheckOptimum());
  PetscCall(CheckRangesAndRandom());
  PetscCall(CheckQuantiles());
  PetscCall(CheckCSV());
  int status = SweepTestsDone();
  PetscCall(PetscFinalize());
  return status;
}
