#!/usr/bin/env python3
"""check_selection.py OUT.nc: the law comparison of jobs/chinchilla_selection.opts on the 240 runs
Epoch AI kept from Chinchilla's Figure 4 (docs/planning.md quotes these figures).

- Chinchilla's law ranks first by BIC, ahead of the next law by more than 100 (measured: 371), and
  its leave-one-out, 10-fold and backtest errors are the smallest of the four laws.
- Approach 3's exponent of the chinchilla law is Epoch AI's a = 0.513 (to 0.005: same data, same
  objective, so the same optimum as test epoch_chinchilla checks to 4 digits).
- Approach 2 on Hoffmann et al.'s nine IsoFLOP budgets: both exponents in [0.45, 0.56] (the
  digitised losses sit on levels ~0.01 apart, so a tight tolerance would test the digitiser), and
  the parabola's bootstrap band holds Hoffmann et al.'s published Approach 2 value 0.49."""
import sys

import numpy as np
from netCDF4 import Dataset

failed = 0


def check(what, ok):
    global failed
    print(("ok - " if ok else "not ok - ") + what)
    failed += 0 if ok else 1


d = Dataset(sys.argv[1])
laws = [str(x) for x in d["law_name"][:]]
rank = list(d["sel_rank"][0])
bic = np.ma.filled(d["sel_bic"][0], np.nan)
ci = laws.index("chinchilla")
print("laws", laws, "BIC", np.round(bic, 2), "rank", rank)
check("ranked by bic", d["sel_rank"].rank_by == "bic")
check("chinchilla ranks first by BIC", rank[ci] == 1)
second = sorted(b for i, b in enumerate(bic) if i != ci)[0]
check(f"and leads the next law by dBIC {second - bic[ci]:.1f} > 100", second - bic[ci] > 100)
for v in ("cv_loo_rmse", "cv_kfold_rmse", "backtest_rmse"):
    x = np.ma.filled(d[v][0], np.nan)
    check(f"{v}: chinchilla's {x[ci]:.5f} is the smallest of {np.round(x, 5)}",
          np.all(np.isfinite(x)) and x[ci] == x.min())
a3 = float(d["approach3_exponent"][0, ci])
check(f"Approach 3 exponent of chinchilla {a3:.4f} is Epoch AI's 0.513 (+-0.005)", abs(a3 - 0.513) <= 0.005)
a2 = np.ma.filled(d["approach2_exponent"][0], np.nan)
q = np.ma.filled(d["approach2_exponent_q"][0], np.nan)
for m, a in zip(("parabola", "smooth"), a2):
    check(f"Approach 2 {m} exponent {a:.4f} in [0.45, 0.56]", 0.45 <= a <= 0.56)
check(f"the parabola's band [{q[0, 0]:.3f}, {q[0, -1]:.3f}] holds Hoffmann et al.'s 0.49", q[0, 0] <= 0.49 <= q[0, -1])
groups = np.ma.filled(d["isoflop_runs"][0], 0)
check(f"nine IsoFLOP groups with {int(groups.sum())} runs", int((groups > 0).sum()) == 9)
print(f"{failed} failed")
sys.exit(1 if failed else 0)
