#!/usr/bin/python3
"""Peer benchmark: Epoch AI's replication of the Chinchilla "Approach 3" fit.

Fits L(N, D) = E + A / N^alpha + B / D^beta to the 240 runs Epoch AI
recovered from the Chinchilla paper's SVG figure, exactly as their
replication does: in log space, with a summed Huber loss (delta = 1e-3) and
L-BFGS-B started from every point of a 4500-point grid.  scalesweep is
benchmarked against this script, so it deliberately stays a plain
numpy/scipy transcription of that procedure.

Output is one "name value" line per quantity, for scripts to parse.
"""

import argparse
import csv
import itertools
import math
import pathlib
import time

import numpy as np
from scipy.optimize import minimize

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_CSV = REPO_ROOT.parent / "shared" / "data" / "chinchilla_epoch_svg.csv"

# Compute budgets (FLOPs) at which tokens per parameter are reported.
BUDGETS = (("1e21", 1e21), ("5.76e23", 5.76e23), ("1e24", 1e24))


def load_runs(path, drop_highest):
    """Return (log N, log D, log L), without the drop_highest worst runs."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    n = np.array([float(r["Model Size"]) for r in rows])
    flops = np.array([float(r["Training FLOP"]) for r in rows])
    loss = np.array([float(r["loss"]) for r in rows])
    # Epoch drops the highest-loss runs: they are outliers from the smallest,
    # most undertrained models and would dominate the fit.
    keep = np.argsort(loss, kind="stable")[: len(loss) - drop_highest]
    d = flops / (6.0 * n)
    return np.log(n[keep]), np.log(d[keep]), np.log(loss[keep])


class Objective:
    """Summed Huber loss of log-space residuals, with its analytic gradient.

    Counts every evaluation, including those scipy makes for its
    finite-difference gradient, so both modes report comparable work.
    """

    def __init__(self, log_n, log_d, log_l, delta):
        self.log_n = log_n
        self.log_d = log_d
        self.log_l = log_l
        self.delta = delta
        self.evaluations = 0

    def _terms(self, p):
        a, b, e, alpha, beta = p
        t = np.empty((3, self.log_n.size))
        t[0] = a - alpha * self.log_n
        t[1] = b - beta * self.log_d
        t[2] = e
        # Stable log-sum-exp over the three terms; the shifted exponentials
        # normalised are the softmax weights the gradient needs.
        m = t.max(axis=0)
        w = np.exp(t - m)
        s = w.sum(axis=0)
        return m + np.log(s) - self.log_l, w / s

    def _huber(self, r):
        ar = np.abs(r)
        return np.where(ar <= self.delta,
                        0.5 * r * r,
                        self.delta * (ar - 0.5 * self.delta)).sum()

    def value(self, p):
        self.evaluations += 1
        r, _ = self._terms(p)
        return self._huber(r)

    def value_and_grad(self, p):
        self.evaluations += 1
        r, w = self._terms(p)
        psi = np.clip(r, -self.delta, self.delta)
        pw = psi * w
        grad = np.array([
            pw[0].sum(),                   # d/da
            pw[1].sum(),                   # d/db
            pw[2].sum(),                   # d/de
            -(pw[0] * self.log_n).sum(),   # d/dalpha
            -(pw[1] * self.log_d).sum(),   # d/dbeta
        ])
        return self._huber(r), grad


def start_grid():
    """Epoch's 4500 starts as (a, b, e, alpha, beta), alpha varying slowest."""
    alphas = betas = (0.0, 0.5, 1.0, 1.5, 2.0)
    es = (-1.0, -0.5, 0.0, 0.5, 1.0)
    abs_ = (0.0, 5.0, 10.0, 15.0, 20.0, 25.0)
    return [np.array([a, b, e, alpha, beta])
            for alpha, beta, e, a, b
            in itertools.product(alphas, betas, es, abs_, abs_)]


def tokens_per_param(A, B, alpha, beta, flops):
    """D_opt / N_opt minimising the fitted loss subject to C = 6 N D."""
    g = (alpha * A / (beta * B)) ** (1.0 / (alpha + beta))
    n_opt = g * (flops / 6.0) ** (beta / (alpha + beta))
    d_opt = (flops / 6.0) / n_opt
    return d_opt / n_opt


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv", nargs="?", default=str(DEFAULT_CSV),
                    help="Epoch's chinchilla_svg_extracted_data CSV")
    ap.add_argument("--drop-highest", type=int, default=5, metavar="K",
                    help="drop the K runs with the highest loss (default 5)")
    ap.add_argument("--delta", type=float, default=1e-3,
                    help="Huber delta (default 1e-3)")
    ap.add_argument("--starts", type=int, default=None, metavar="K",
                    help="use only the first K grid starts")
    ap.add_argument("--numerical-grad", action="store_true",
                    help="finite-difference gradient, as Epoch's notebook")
    args = ap.parse_args()

    obj = Objective(*load_runs(args.csv, args.drop_highest), args.delta)
    starts = start_grid()[: args.starts]
    if args.numerical_grad:
        fun, jac = obj.value, None
    else:
        fun, jac = obj.value_and_grad, True

    best = None
    converged = 0
    t0 = time.perf_counter()
    # Starts far from the optimum make L-BFGS-B probe huge steps where exp
    # overflows; the resulting inf/nan just ends that start, so stay quiet.
    with np.errstate(over="ignore", invalid="ignore"):
        for x0 in starts:
            res = minimize(fun, x0, method="L-BFGS-B", jac=jac)
            converged += bool(res.success)
            if np.isfinite(res.fun) and (best is None or res.fun < best.fun):
                best = res
    seconds = time.perf_counter() - t0

    a, b, e, alpha, beta = best.x
    A, B, E = math.exp(a), math.exp(b), math.exp(e)
    print(f"objective {best.fun:.12g}")
    print(f"A {A:.10g}")
    print(f"B {B:.10g}")
    print(f"E {E:.10g}")
    print(f"alpha {alpha:.10g}")
    print(f"beta {beta:.10g}")
    print(f"a {a:.10g}")
    print(f"b {b:.10g}")
    print(f"e {e:.10g}")
    for name, flops in BUDGETS:
        print(f"tpp_{name} {tokens_per_param(A, B, alpha, beta, flops):.6g}")
    print(f"runs {obj.log_n.size}")
    print(f"evaluations {obj.evaluations}")
    print(f"converged {converged}/{len(starts)}")
    print(f"seconds {seconds:.3f}")


if __name__ == "__main__":
    main()
