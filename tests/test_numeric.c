/* test_numeric.c: the shared numerics (numeric.h) and the CSV table reader (table.h). */
#include "numeric.h"
#include "table.h"
#include "testing.h"

static PetscErrorCode Rosenbrock(void *ctx, const PetscReal x[], PetscReal *f, PetscReal g[])
{
  PetscFunctionBegin;
  *f   = 100 * PetscSqr(x[1] - x[0] * x[0]) + PetscSqr(1 - x[0]);
  g[0] = -400 * x[0] * (x[1] - x[0] * x[0]) - 2 * (1 - x[0]);
  g[1] = 200 * (x[1] - x[0] * x[0]);
  PetscFunctionReturn(0);
}

static PetscErrorCode NumericTests(void)
{
  PetscReal t[40], y[40], w[40], c[6], A[8], b[4], x[2], S[9] = {2, 1, 0, 1, 2, 0, 0, 0, 3}, lam[3], V[9];
  PetscInt  rank, reason;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < 40; i++) { /* a cubic in t around 21 (log10 FLOPs): conditioning */
    t[i] = 19 + 0.1 * i, w[i] = i == 7 ? 0 : 1;
    y[i] = 1 - 2 * (t[i] - 21) + 0.5 * PetscPowRealInt(t[i] - 21, 3) + (i == 7 ? 100 : 0);
  }
  PetscCall(SweepPolyFit(40, t, y, w, 3, c));
  SweepCheckAbs("cubic through 40 points at t ~ 21 (one zero-weight outlier): value at 22", SweepPolyEval(3, c, 22),
                1 - 2 + 0.5, 1e-7);
  SweepCheckAbs("cubic: value at 19.5", SweepPolyEval(3, c, 19.5), 1 + 3 + 0.5 * -3.375, 1e-7);
  A[0] = 1, A[1] = 0, A[2] = 1, A[3] = 1, A[4] = 1, A[5] = 2, A[6] = 1, A[7] = 3; /* y = 1 + 2 t */
  b[0] = 1, b[1] = 3, b[2] = 5, b[3] = 7;
  PetscCall(SweepLeastSquares(4, 2, A, b, NULL, x, &rank));
  SweepCheckAbs("least squares: intercept", x[0], 1, 1e-12);
  SweepCheckAbs("least squares: slope", x[1], 2, 1e-12);
  SweepCheck("least squares: full rank", rank == 2);
  PetscCall(SweepSymEig(3, S, lam, V));
  SweepCheckAbs("eigenvalues descending: 3", lam[0], 3, 1e-12);
  SweepCheckAbs("eigenvalues descending: 3 (again)", lam[1], 3, 1e-12);
  SweepCheckAbs("eigenvalues descending: 1", lam[2], 1, 1e-12);
  SweepCheckAbs("eigenvector of 1 is (1, -1, 0)/sqrt 2", PetscAbsReal(V[0 * 3 + 2] + V[1 * 3 + 2]), 0, 1e-12);
  x[0] = -1.2, x[1] = 1;
  {
    PetscReal f, lo[2] = {-2, -2}, hi[2] = {2, 3};
    PetscCall(SweepMinimize(2, Rosenbrock, NULL, lo, hi, x, &f, &reason));
    SweepCheckAbs("TAO BLMVM on Rosenbrock: x", x[0], 1, 1e-5);
    SweepCheckAbs("TAO BLMVM on Rosenbrock: y", x[1], 1, 1e-5);
    lo[0] = 1.5;
    x[0] = 1.8, x[1] = 1;
    PetscCall(SweepMinimize(2, Rosenbrock, NULL, lo, hi, x, &f, &reason));
    SweepCheckAbs("bounded: x at its lower bound 1.5", x[0], 1.5, 1e-8);
    SweepCheckAbs("bounded: y = x^2", x[1], 2.25, 1e-4);
  }
  SweepCheckAbs("normal quantile 0.95", SweepNormalQuantile(0.95), 1.6448536269514722, 1e-12);
  SweepCheckAbs("normal quantile 1e-10", SweepNormalQuantile(1e-10), -6.361340902404056, 1e-9);
  SweepCheckAbs("normal CDF(-1.96)", SweepNormalCDF(-1.959963984540054), 0.025, 1e-14);
  PetscFunctionReturn(0);
}

static PetscErrorCode TableTests(void)
{
  SweepTable t;
  PetscReal  v;
  PetscInt   j;

  PetscFunctionBegin;
  PetscCall(
      SweepTableParse("m.csv", "\xEF\xBB\xBFModel,Model Size (B),\"MM,LU\"\r\n\"a \"\"x\"\"\",7,0.5\r\n\nb,13,\n", &t));
  SweepCheck("two rows, three columns", t.nrow == 2 && t.ncol == 3);
  PetscCall(SweepTableColumn(&t, "Model_Size_(B)", "-opt", &j));
  SweepCheck("'_' matches ' ' in a column name", j == 1);
  SweepCheck("quoted cell with \"\"", !strcmp(SweepTableText(&t, 0, 0), "a \"x\""));
  SweepCheck("line numbers skip the blank line", t.line[1] == 4);
  PetscCall(SweepTableReal(&t, 1, 2, PETSC_TRUE, &v));
  SweepCheck("an empty cell reads as NaN when allowed", isnan(v));
  SweepCheckFails("an empty cell is an error otherwise", SweepTableReal(&t, 1, 2, PETSC_FALSE, &v),
                  "m.csv:4: column 'MM,LU' (field 3): empty value");
  SweepCheckFails("range", SweepTableRealIn(&t, 1, 1, PETSC_FALSE, 0, 10, &v), "m.csv:4: column 'Model Size (B)'");
  SweepCheckFails("missing column names the option", SweepTableColumn(&t, "GSM8K", "-sweep_x_col", &j),
                  "no column named 'GSM8K' in the header (choose one with -sweep_x_col)");
  PetscCall(SweepTableDestroy(&t));
  SweepCheckFails("short row", SweepTableParse("s.csv", "a,b\n1\n", &t), "s.csv:2: expected 2 fields");
  SweepCheckFails("NaN", SweepTableParse("n.csv", "a\nnan\n", &t) || SweepTableReal(&t, 0, 0, PETSC_FALSE, &v),
                  "not a finite number");
  PetscCall(SweepTableDestroy(&t));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(NumericTests());
  PetscCall(TableTests());
  PetscCall(PetscFinalize());
  return SweepTestsDone();
}
