/* isoflop.c: Hoffmann et al.'s "Approach 2" (IsoFLOP profiles). Owns the three arrays of a
   SweepIsoGroups. Invariants of a group set: groups in ascending C; within a group, runs in
   ascending N (ties by run index); every group has at least min_runs runs and 3 distinct N.
   The fits use only runs with weight > 0, so a zero weight is the same as deleting the run and an
   integer weight the same as repeating it (bootstrap multiplicities). */
#include "isoflop.h"
#include <math.h>

#define ISO_DISTINCT 1e-9  /* two log N closer than this are one model size */
#define ISO_BANDWIDTH 0.25 /* the smoother's Gaussian standard deviation, as a fraction of the log N range */
#define ISO_GRID 241       /* points of the smoothed curve over the group's log N range */

const char *const SweepIsoMethods[] = {"parabola", "smooth", "SweepIsoMethod", "SWEEP_ISO_", NULL};

/* Sorts idx[0..k) by (logN, index): the order a group's runs are stored in. */
static PetscErrorCode SortByN(const SweepRuns *runs, PetscInt k, PetscInt idx[])
{
  PetscReal *key;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(k, &key));
  for (PetscInt j = 0; j < k; j++) key[j] = runs->logN[idx[j]];
  PetscCall(PetscSortRealWithArrayInt(k, key, idx));
  for (PetscInt j = 0, e; j < k; j = e) { /* equal N: by run index, so the order never depends on the sort */
    for (e = j + 1; e < k && key[e] == key[j]; e++) {
    }
    PetscCall(PetscSortInt(e - j, idx + j));
  }
  PetscCall(PetscFree(key));
  PetscFunctionReturn(0);
}

/* Labels the selected runs sel[0..nsel) (sorted here by C) by single linkage on log C: a gap larger
   than log(1 + tol) starts a new group. labelC gets the geometric mean of each label's C. */
static PetscErrorCode LabelByLinkage(const SweepRuns *runs, PetscInt nsel, PetscInt sel[], PetscReal tol,
                                     PetscInt label[], PetscInt *nlabel, PetscReal labelC[])
{
  PetscReal *key;
  PetscInt   nl = 0, first = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(nsel, &key));
  for (PetscInt j = 0; j < nsel; j++) key[j] = log(runs->C[sel[j]]);
  PetscCall(PetscSortRealWithArrayInt(nsel, key, sel));
  for (PetscInt j = 0; j <= nsel; j++) {
    if (j > first && (j == nsel || key[j] - key[j - 1] > log1p(tol))) {
      PetscReal sum = 0;
      for (PetscInt i = first; i < j; i++) sum += key[i];
      labelC[nl++] = exp(sum / (j - first));
      first        = j;
    }
    if (j < nsel) label[j] = nl;
  }
  *nlabel = nl;
  PetscCall(PetscFree(key));
  PetscFunctionReturn(0);
}

/* Labels each selected run with the nearest budget in log C (budgets sorted ascending into labelC),
   or -1 when that one is more than tol decades away. */
static PetscErrorCode LabelByBudget(const SweepRuns *runs, PetscInt nsel, const PetscInt sel[], PetscInt nbudget,
                                    const PetscReal budgets[], PetscReal tol, PetscInt label[], PetscReal labelC[])
{
  PetscFunctionBegin;
  for (PetscInt b = 0; b < nbudget; b++) {
    PetscCheck(budgets[b] > 0 && isfinite(budgets[b]), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
               "IsoFLOP budget %" PetscInt_FMT " is %g: budgets must be finite and > 0", b, (double) budgets[b]);
    labelC[b] = budgets[b];
  }
  PetscCall(PetscSortReal(nbudget, labelC));
  for (PetscInt j = 0; j < nsel; j++) {
    PetscReal lc = log10(runs->C[sel[j]]), best = PETSC_MAX_REAL;
    label[j] = -1;
    for (PetscInt b = 0; b < nbudget; b++) {
      PetscReal d = PetscAbsReal(lc - log10(labelC[b]));
      if (d < best) best = d, label[j] = b;
    }
    if (best > tol) label[j] = -1;
  }
  PetscFunctionReturn(0);
}

/* Builds g from the labels: each label's runs sorted by N, labels with too few runs or sizes dropped. */
static PetscErrorCode GroupsFromLabels(const SweepRuns *runs, PetscInt nsel, const PetscInt sel[],
                                       const PetscInt label[], PetscInt nlabel, const PetscReal labelC[],
                                       PetscInt min_runs, SweepIsoGroups *g)
{
  PetscInt *start, *fill, *byl, *keep, ng = 0, nrun = 0;

  PetscFunctionBegin;
  PetscCall(PetscCalloc4(nlabel + 1, &start, nlabel, &fill, PetscMax(nsel, 1), &byl, nlabel, &keep));
  for (PetscInt j = 0; j < nsel; j++)
    if (label[j] >= 0) start[label[j] + 1]++;
  for (PetscInt l = 0; l < nlabel; l++) start[l + 1] += start[l];
  for (PetscInt j = 0; j < nsel; j++)
    if (label[j] >= 0) byl[start[label[j]] + fill[label[j]]++] = sel[j];
  for (PetscInt l = 0; l < nlabel; l++) {
    PetscInt k = start[l + 1] - start[l], distinct = k > 0;
    PetscCall(SortByN(runs, k, byl + start[l]));
    for (PetscInt j = start[l] + 1; j < start[l + 1]; j++)
      if (runs->logN[byl[j]] - runs->logN[byl[j - 1]] > ISO_DISTINCT) distinct++;
    keep[l] = k >= min_runs && distinct >= 3;
    if (keep[l]) ng++, nrun += k;
  }
  g->ngroup = ng;
  PetscCall(PetscMalloc1(ng, &g->C));
  PetscCall(PetscMalloc1(ng + 1, &g->offset));
  PetscCall(PetscMalloc1(nrun, &g->run));
  g->offset[0] = 0;
  for (PetscInt l = 0, q = 0; l < nlabel; l++) {
    if (!keep[l]) continue;
    g->C[q] = labelC[l];
    PetscCall(PetscArraycpy(g->run + g->offset[q], byl + start[l], start[l + 1] - start[l]));
    g->offset[q + 1] = g->offset[q] + start[l + 1] - start[l];
    q++;
  }
  PetscCall(PetscFree4(start, fill, byl, keep));
  PetscFunctionReturn(0);
}

/*@C
  SweepIsoGroupsCreate - groups the runs with mask[i] > 0 (all runs when mask is NULL) by budget.

  nbudget == 0: runs whose C agree within relative tolerance tol (e.g. 1e-3, for exact IsoFLOP
  designs) form a group: single linkage on sorted log C, a run joining its neighbour's group when
  their C differ by at most a factor 1 + tol; the group's C is the geometric mean of its runs'.
  nbudget > 0: each run joins the given budget nearest in log10 C when |log10(C_i / budget)| <= tol
  (tol in decades), else no group; the group's C is that budget.
  Groups with fewer than min_runs runs or fewer than 3 distinct N are dropped. Groups come in
  ascending C, their runs in ascending N. Free with SweepIsoGroupsDestroy(). Not collective.
@*/
PetscErrorCode SweepIsoGroupsCreate(const SweepRuns *runs, const PetscReal mask[], PetscInt nbudget,
                                    const PetscReal budgets[], PetscReal tol, PetscInt min_runs, SweepIsoGroups *g)
{
  PetscInt  *sel, *label, nsel = 0, nlabel = nbudget;
  PetscReal *labelC;

  PetscFunctionBegin;
  PetscCheck(nbudget >= 0 && (!nbudget || budgets), PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "IsoFLOP grouping: %" PetscInt_FMT " budgets given without an array", nbudget);
  PetscCheck(tol >= 0 && isfinite(tol), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "IsoFLOP grouping: tolerance %g must be finite and >= 0", (double) tol);
  PetscCall(PetscMemzero(g, sizeof(*g)));
  PetscCall(
      PetscMalloc3(PetscMax(runs->n, 1), &sel, PetscMax(runs->n, 1), &label, PetscMax(runs->n, nbudget) + 1, &labelC));
  for (PetscInt i = 0; i < runs->n; i++) {
    if (mask && !(mask[i] > 0)) continue;
    PetscCheck(runs->C[i] > 0 && isfinite(runs->C[i]), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
               "run %" PetscInt_FMT " (line %" PetscInt_FMT " of '%s') has compute %g: IsoFLOP groups need C > 0", i,
               runs->line[i], runs->path, (double) runs->C[i]);
    sel[nsel++] = i;
  }
  if (nbudget)
    PetscCall(LabelByBudget(runs, nsel, sel, nbudget, budgets, tol, label, labelC));
  else
    PetscCall(LabelByLinkage(runs, nsel, sel, tol, label, &nlabel, labelC));
  PetscCall(GroupsFromLabels(runs, nsel, sel, label, nlabel, labelC, min_runs, g));
  PetscCall(PetscFree3(sel, label, labelC));
  PetscFunctionReturn(0);
}

/*@C
  SweepIsoGroupsDestroy - frees the arrays of a group set and zeroes it. Not collective.
@*/
PetscErrorCode SweepIsoGroupsDestroy(SweepIsoGroups *g)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(g->C));
  PetscCall(PetscFree(g->offset));
  PetscCall(PetscFree(g->run));
  g->ngroup = 0;
  PetscFunctionReturn(0);
}

/* Solves the symmetric 3x3 system M c = r by Gaussian elimination with partial pivoting; false
   when M is singular to working precision. M and r are overwritten. */
static PetscBool Solve3(PetscReal M[3][3], PetscReal r[3], PetscReal c[3])
{
  PetscReal scale = 0;

  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) scale = PetscMax(scale, PetscAbsReal(M[i][j]));
  for (int k = 0; k < 3; k++) {
    int p = k;
    for (int i = k + 1; i < 3; i++)
      if (PetscAbsReal(M[i][k]) > PetscAbsReal(M[p][k])) p = i;
    if (!(PetscAbsReal(M[p][k]) > 1e-13 * scale)) return PETSC_FALSE;
    for (int j = 0; j < 3; j++) {
      PetscReal t = M[k][j];
      M[k][j]     = M[p][j];
      M[p][j]     = t;
    }
    PetscReal t = r[k];
    r[k]        = r[p];
    r[p]        = t;
    for (int i = k + 1; i < 3; i++) {
      PetscReal f = M[i][k] / M[k][k];
      for (int j = k; j < 3; j++) M[i][j] -= f * M[k][j];
      r[i] -= f * r[k];
    }
  }
  for (int k = 2; k >= 0; k--) {
    c[k] = r[k];
    for (int j = k + 1; j < 3; j++) c[k] -= M[k][j] * c[j];
    c[k] /= M[k][k];
  }
  return PETSC_TRUE;
}

/* Weighted least-squares quadratic y = c0 + c1 u + c2 u^2 in u = (x - x0) / h, each point's weight
   w[i] times the kernel exp(-u^2 / 2) when kernel is true; false when the system is singular. */
static PetscBool Quadratic(PetscInt n, const PetscReal x[], const PetscReal y[], const PetscReal w[], PetscReal x0,
                           PetscReal h, PetscBool kernel, PetscReal c[3])
{
  PetscReal S[5] = {0}, T[3] = {0}, M[3][3];

  for (PetscInt i = 0; i < n; i++) {
    PetscReal u = (x[i] - x0) / h, wi = kernel ? w[i] * exp(-0.5 * u * u) : w[i], p = wi;
    for (int k = 0; k < 5; k++, p *= u) {
      S[k] += p;
      if (k < 3) T[k] += p * y[i];
    }
  }
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) M[i][j] = S[i + j];
  return Solve3(M, T, c);
}

/* PARABOLA on one group's points (x = log N ascending, in [lo, hi]). */
static void FitParabola(PetscInt n, const PetscReal x[], const PetscReal y[], const PetscReal w[], PetscReal lo,
                        PetscReal hi, PetscReal *xopt, PetscReal *lopt)
{
  PetscReal c[3], mid = 0.5 * (lo + hi), half = 0.5 * (hi - lo), t;

  *xopt = *lopt = NAN;
  if (!Quadratic(n, x, y, w, mid, half, PETSC_FALSE, c) || !(c[2] > 0)) return;
  t = -c[1] / (2 * c[2]); /* in half-widths from the centre: [lo, hi] widened by half its width is |t| <= 2 */
  if (!(PetscAbsReal(t) <= 2)) return;
  *xopt = mid + half * t;
  *lopt = c[0] + c[1] * t + c[2] * t * t;
}

/* SMOOTH on one group's points: the local-quadratic curve on ISO_GRID points over [lo, hi]. */
static void FitSmooth(PetscInt n, const PetscReal x[], const PetscReal y[], const PetscReal w[], PetscReal lo,
                      PetscReal hi, PetscReal *xopt, PetscReal *lopt)
{
  PetscReal f[ISO_GRID], c[3], step = (hi - lo) / (ISO_GRID - 1), h = ISO_BANDWIDTH * (hi - lo), d, delta;
  PetscInt  k = 0;

  *xopt = *lopt = NAN;
  for (PetscInt j = 0; j < ISO_GRID; j++) {
    if (!Quadratic(n, x, y, w, lo + j * step, h, PETSC_TRUE, c) || !isfinite(c[0])) return;
    f[j] = c[0];
    if (f[j] < f[k]) k = j;
  }
  if (k == 0 || k == ISO_GRID - 1) return; /* the minimum is at an end: not bracketed by the runs */
  d     = f[k - 1] - 2 * f[k] + f[k + 1];
  delta = d > 0 ? 0.5 * (f[k - 1] - f[k + 1]) / d : 0; /* in grid steps, within [-1/2, 1/2] */
  *xopt = lo + (k + delta) * step;
  *lopt = f[k] - 0.25 * (f[k - 1] - f[k + 1]) * delta;
}

/*@C
  SweepIsoFit - N_opt and the loss there for each group, from the runs' losses with weights w[i]
  (bootstrap multiplicities; runs with w = 0 are left out, as if deleted). A group's log N range
  [lo, hi] is that of its runs with w > 0; with fewer than 3 distinct N among them, NaN.

  SWEEP_ISO_PARABOLA: weighted least squares of loss against x = log N, L = c0 + c1 x + c2 x^2;
  N_opt = exp(-c1 / (2 c2)) when c2 > 0 and the vertex lies in [lo, hi] widened by half its width
  on each side, else NaN; lmin = the parabola at its vertex.

  SWEEP_ISO_SMOOTH: local quadratic regression (LOESS-like) with a Gaussian kernel of standard
  deviation h = 0.25 (hi - lo), evaluated on 241 points over [lo, hi]; N_opt = the argmin of that
  curve refined by the parabola through the grid minimum and its two neighbours; NaN when the
  minimum is at an end of the range; lmin = the smoothed loss there. Why this smoother: a local
  quadratic (not local linear) fit has no bias at a minimum whose curvature it can follow, so on a
  parabolic profile it returns the parabola's answer, and it departs from the global parabola only
  where the profile is asymmetric (the parabola's known bias) or has far-off runs that should not
  pull the vertex. A Gaussian rather than a tricube kernel gives every run some weight at every
  grid point, so the local system never loses rank on a sparse or uneven design. With h a quarter
  of the range, 95% of the kernel's weight lies within a window as wide as the whole range: each
  local fit sees about half the runs, wide enough that 0.3-1% noise on the loss does not move the
  argmin much, narrow enough that the ends of a wide, asymmetric profile do not set the minimum.

  nopt and lmin have g->ngroup entries. Not collective; allocates nothing that outlives the call.
@*/
PetscErrorCode SweepIsoFit(const SweepIsoGroups *g, const SweepRuns *runs, const PetscReal w[], SweepIsoMethod m,
                           PetscReal nopt[], PetscReal lmin[])
{
  PetscReal *x, *y, *wt;
  PetscInt   most = 0;

  PetscFunctionBegin;
  PetscCheck(m >= 0 && m < SWEEP_ISO_NMETHOD, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "unknown IsoFLOP method %d",
             (int) m);
  for (PetscInt q = 0; q < g->ngroup; q++) most = PetscMax(most, g->offset[q + 1] - g->offset[q]);
  PetscCall(PetscMalloc3(PetscMax(most, 1), &x, PetscMax(most, 1), &y, PetscMax(most, 1), &wt));
  for (PetscInt q = 0; q < g->ngroup; q++) {
    PetscInt  n = 0, distinct = 0;
    PetscReal xopt = NAN, lopt = NAN;
    for (PetscInt j = g->offset[q]; j < g->offset[q + 1]; j++) {
      PetscInt i = g->run[j];
      PetscCheck(w[i] >= 0 && isfinite(w[i]), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
                 "run %" PetscInt_FMT ": IsoFLOP weight %g must be finite and >= 0", i, (double) w[i]);
      if (!(w[i] > 0)) continue;
      if (!n || runs->logN[i] - x[n - 1] > ISO_DISTINCT) distinct++;
      x[n] = runs->logN[i], y[n] = runs->loss[i], wt[n] = w[i], n++;
    }
    if (distinct >= 3) {
      if (m == SWEEP_ISO_PARABOLA)
        FitParabola(n, x, y, wt, x[0], x[n - 1], &xopt, &lopt);
      else
        FitSmooth(n, x, y, wt, x[0], x[n - 1], &xopt, &lopt);
    }
    nopt[q] = isfinite(xopt) ? exp(xopt) : NAN;
    lmin[q] = isfinite(xopt) ? lopt : NAN;
  }
  PetscCall(PetscFree3(x, y, wt));
  PetscFunctionReturn(0);
}

/*@C
  SweepIsoExponent - the power law N_opt = k C^a by least squares of log N_opt on log C over the
  groups with finite, positive nopt (at least 2 with distinct C, else *a = *k = NaN). Not collective.
@*/
PetscErrorCode SweepIsoExponent(PetscInt ngroup, const PetscReal C[], const PetscReal nopt[], PetscReal *a,
                                PetscReal *k)
{
  PetscReal sx = 0, sy = 0, sxx = 0, sxy = 0, mx, my;
  PetscInt  n = 0;

  PetscFunctionBegin;
  *a = *k = NAN;
  for (PetscInt q = 0; q < ngroup; q++)
    if (isfinite(nopt[q]) && nopt[q] > 0 && C[q] > 0 && isfinite(C[q])) n++, sx += log(C[q]), sy += log(nopt[q]);
  if (n < 2) PetscFunctionReturn(0);
  mx = sx / n, my = sy / n;
  for (PetscInt q = 0; q < ngroup; q++) {
    if (!(isfinite(nopt[q]) && nopt[q] > 0 && C[q] > 0 && isfinite(C[q]))) continue;
    sxx += (log(C[q]) - mx) * (log(C[q]) - mx);
    sxy += (log(C[q]) - mx) * (log(nopt[q]) - my);
  }
  if (!(sxx > 0)) PetscFunctionReturn(0);
  *a = sxy / sxx;
  *k = exp(my - *a * mx);
  PetscFunctionReturn(0);
}
