/* test_sandwich.c: the Slice-and-Sandwich numerics (sandwich.h): the turning point of known
   polynomials, the whole pipeline on noise-free synthetic curves (exact), the sigmoid baseline, and
   the recovery of the easy curve's turning point over many noisy simulated studies, with the
   coverage of its bootstrap band. */
#include "numeric.h"
#include "rng.h"
#include "sandwich.h"
#include "stats.h"
#include "testing.h"

#define NMODEL 60
#define XLO -1.0
#define XHI 2.8

typedef struct {
  PetscReal    x[NMODEL], easy[NMODEL], hard[NMODEL], score[NMODEL], acc[NMODEL];
  SandwichData d;
} Study;

/* A simulated study from the truth t (the generator's models): easy = groups 1-3, hard = 8-10. */
static void Simulate(const SandwichTruth *t, PetscInt seed, Study *s)
{
  for (PetscInt i = 0; i < NMODEL; i++) {
    PetscReal g[10];
    SandwichTruthModel(t, NMODEL, i, XLO, XHI, seed, &s->x[i], g, &s->acc[i]);
    s->easy[i] = (g[0] + g[1] + g[2]) / 3, s->hard[i] = (g[7] + g[8] + g[9]) / 3, s->score[i] = 0;
    for (PetscInt k = 0; k < 10; k++) s->score[i] += g[k] / 10;
  }
  s->d.n = NMODEL, s->d.x = s->x, s->d.easy = s->easy, s->d.hard = s->hard, s->d.score = s->score, s->d.acc = s->acc;
}

static void Settings(SandwichSettings *s)
{
  s->deg_easy = 5, s->deg_hard = 2, s->deg_turn = 5, s->threshold = 1.5, s->guess = 0.25, s->horizon = 0.5;
  s->shift = PETSC_TRUE;
}

static PetscErrorCode TurnTests(void)
{
  PetscReal     quartic[5] = {1, 0.1, -2, 0, 1}, line[2] = {0, 1}, t[40], y[40], c[4];
  SandwichTruth tr;

  PetscFunctionBegin;
  /* (x^2 - 1)^2 + 0.1 x: minima near -1 and +1, the one near -1 lower */
  SweepCheckAbs("quartic: the lower of two minima", SandwichTurn(4, quartic, -2, 2), -1.0125, 2e-3);
  SweepCheckAbs("quartic on [0, 2]: the only minimum there", SandwichTurn(4, quartic, 0, 2), 0.9873, 2e-3);
  SweepCheck("a line has no turning point (NaN)", PetscIsNanReal(SandwichTurn(1, line, -1, 1)));
  SweepCheck("a minimum outside the range is not found", PetscIsNanReal(SandwichTurn(4, quartic, 1.2, 2)));
  SandwichTruthDefault(&tr);
  for (PetscInt i = 0; i < 40; i++) t[i] = XLO + (XHI - XLO) * i / 39, y[i] = SandwichTruthEasy(&tr, t[i]);
  PetscCall(SweepPolyFit(40, t, y, NULL, 3, c));
  SweepCheckAbs("the synthetic easy curve turns at its 'turn' (1.5)", SandwichTurn(3, c, XLO, XHI), tr.turn, 1e-8);
  PetscFunctionReturn(0);
}

/* Noise-free truth: the easy curve is a cubic, the hard one a quadratic, the overall score their
   mean and accuracy linear in it, so every fit is exact and the prediction past the threshold is the
   truth itself. */
static PetscErrorCode ExactTests(void)
{
  SandwichTruth    tr;
  SandwichSettings s;
  SandwichFit      f, g;
  Study            st;
  PetscReal        worst = 0, rec[64];

  PetscFunctionBegin;
  SandwichTruthDefault(&tr);
  tr.noise = tr.acc_noise = 0;
  Settings(&s);
  Simulate(&tr, 7, &st);
  PetscCall(SandwichFitData(&s, &st.d, NULL, &f));
  for (PetscInt i = 0; i < NMODEL; i++)
    worst = PetscMax(worst, PetscAbsReal(SandwichAccuracy(&s, &f, st.x[i]) - st.acc[i]));
  SweepCheckAbs("noise-free: sandwich accuracy equals the truth at every model", worst, 0, 1e-7);
  SweepCheckAbs("noise-free: sandwich MSE past the threshold", f.err[SANDWICH_MSE], 0, 1e-14);
  SweepCheckAbs("noise-free: map slope (score = 0.75 acc - 0.75)", f.slope, 0.75, 1e-9);
  SweepCheckAbs("noise-free: map intercept", f.intercept, -0.75, 1e-9);
  SweepCheckAbs("noise-free: shift", f.shift, 0, 1e-9);
  SweepCheckAbs("noise-free: turning point", f.turn, tr.turn, 1e-6);
  SweepCheckAbs("noise-free: hard curve at x = 2.5 (extrapolated)", SweepPolyEval(2, f.hard, 2.5),
                SandwichTruthHard(&tr, 2.5), 1e-9);
  SweepCheck("the record length fits the test's buffer", SandwichRecordLength(&s) <= 64);
  SandwichPack(&s, &f, rec);
  SandwichUnpack(&s, rec, &g);
  SweepCheck("pack/unpack round trip", !memcmp(f.easy, g.easy, (s.deg_easy + 1) * sizeof(PetscReal)) &&
                                           f.turn == g.turn && f.err[SANDWICH_NERR - 1] == g.err[SANDWICH_NERR - 1] &&
                                           f.sig[1] == g.sig[1]);
  PetscFunctionReturn(0);
}

/* Accuracy exactly on a sigmoid: the TAO fit recovers its parameters. */
static PetscErrorCode SigmoidTests(void)
{
  SandwichSettings s;
  SandwichFit      f;
  Study            st;

  PetscFunctionBegin;
  Settings(&s);
  s.threshold = 2.5;
  for (PetscInt i = 0; i < NMODEL; i++) {
    st.x[i]    = XLO + (XHI - XLO) * i / (NMODEL - 1);
    st.acc[i]  = 0.25 + 0.75 / (1 + PetscExpReal(-(-3 + 2 * st.x[i])));
    st.easy[i] = st.hard[i] = st.score[i] = -0.75 + 0.75 * st.acc[i];
  }
  st.d.n = NMODEL, st.d.x = st.x, st.d.easy = st.easy, st.d.hard = st.hard, st.d.score = st.score, st.d.acc = st.acc;
  PetscCall(SandwichFitData(&s, &st.d, NULL, &f));
  SweepCheckAbs("sigmoid baseline: intercept -3", f.sig[0], -3, 1e-4);
  SweepCheckAbs("sigmoid baseline: slope 2", f.sig[1], 2, 1e-4);
  SweepCheckAbs("sigmoid baseline: test MSE", f.err[SIGMOID_MSE], 0, 1e-9);
  PetscFunctionReturn(0);
}

/* Many noisy studies with the turning point drawn in [1.2, 1.8]: the degree-5 fit over all models
   finds it within 0.1 decades in at least 95% of them, and a 90% bootstrap band (resampling models)
   covers it in at least 80% of a subset. */
static PetscErrorCode RecoveryTests(void)
{
  const PetscInt   nstudy = 400, ncover = 60, nboot = 100;
  const PetscReal  tol = 0.1;
  SandwichSettings s;
  PetscInt         hit = 0, covered = 0, found = 0;
  PetscReal        abserr[400], w[NMODEL], b[100], c[SANDWICH_MAX_DEG + 1], sumerr = 0;

  PetscFunctionBegin;
  Settings(&s);
  for (PetscInt k = 0; k < nstudy; k++) {
    SandwichTruth tr;
    SandwichFit   f;
    Study         st;
    SandwichTruthDefault(&tr);
    tr.turn = 1.2 + 0.6 * SweepRandomUniform(99, (uint64_t) k, 0);
    Simulate(&tr, 1000 + k, &st);
    PetscCall(SandwichFitData(&s, &st.d, NULL, &f));
    abserr[k] = PetscIsNanReal(f.turn) ? PETSC_MAX_REAL : PetscAbsReal(f.turn - tr.turn);
    hit += abserr[k] <= tol, found += !PetscIsNanReal(f.turn), sumerr += PetscMin(abserr[k], 10);
    if (k >= ncover) continue;
    for (PetscInt r = 0; r < nboot; r++) { /* the turning-point fit alone, on resampled models */
      for (PetscInt i = 0; i < NMODEL; i++) w[i] = 0;
      for (PetscInt j = 0; j < NMODEL; j++)
        w[(PetscInt) (SweepRandomUniform(5000 + k, (uint64_t) r, (uint64_t) j) * NMODEL)] += 1;
      PetscCall(SweepPolyFit(NMODEL, st.x, st.easy, w, s.deg_turn, c));
      b[r] = SandwichTurn(s.deg_turn, c, XLO, XHI);
    }
    {
      PetscReal q[2], lvl[2] = {0.05, 0.95};
      PetscCall(SweepQuantiles(nboot, b, 2, lvl, q));
      covered += q[0] <= tr.turn && tr.turn <= q[1];
    }
  }
  printf("# turning point: found in %d of %d studies, within %.2f decades in %d (%.1f%%), mean |error| %.4f; "
         "90%% bootstrap band covers it in %d of %d\n",
         (int) found, (int) nstudy, (double) tol, (int) hit, 100.0 * hit / nstudy, (double) (sumerr / nstudy),
         (int) covered, (int) ncover);
  SweepCheck("turning point found in every study", found == nstudy);
  SweepCheck("turning point within 0.1 decades in >= 95% of 400 studies", hit >= 0.95 * nstudy);
  SweepCheck("90% bootstrap band covers the true turning point in >= 80% of 60 studies", covered >= 0.8 * ncover);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(TurnTests());
  PetscCall(ExactTests());
  PetscCall(SigmoidTests());
  PetscCall(RecoveryTests());
  int status = SweepTestsDone();
  PetscCall(PetscFinalize());
  return status;
}
