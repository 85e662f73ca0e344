#!/usr/bin/env python3
"""check_plan.py OUT.nc [EXPONENT]: the planning report of a scalesweep output against brute-force grid searches
written here, from the fitted parameters stored in the same file (replicate 0 of config 0).

For the chinchilla law at each plan budget: the unconstrained optimum, the unique-token cap (D is
capped at U and N grows where the cap binds), inference tokens (N shrinks below the Chinchilla
optimum), the inference target form and all constraints at once, each against a scan of 400001
points of log N: N, D, loss and FLOPs within 0.1% (issue 6). The compute-only law: the split is
undetermined without constraints and N = C / (6 U + 2 D_inf) with both. Also: every selection and
Approach 2 variable is present and sane, and with EXPONENT (the
generator's beta / (alpha + beta)) both Approach 2 exponents are within 0.02 of it. Exit 0 when every check passes."""
import sys

import numpy as np
from netCDF4 import Dataset

TOL = 1e-3
failed = 0


def check(what, ok):
    global failed
    print(("ok - " if ok else "not ok - ") + what)
    failed += 0 if ok else 1


def rel(what, x, want, tol=TOL):
    ok = np.isfinite(x) and np.isfinite(want) and abs(x - want) <= tol * abs(want)
    check(f"{what}: {x:.7g} (want {want:.7g}, rel. {tol:g})", ok)


def chinchilla(q):
    A, B, E, alpha, beta = q[:5]
    return lambda N, D: E + A / N**alpha + B / D**beta


def brute(L, C, U=0.0, Nmax=0.0, Dinf=0.0):
    """Minimise L over N on a fine log grid, D = (C - 2 N Dinf) / (6 N), D <= U, N <= Nmax."""
    N = np.exp(np.linspace(np.log(C / 6) / 2 - 14, np.log(C / 6) / 2 + 14, 400001))
    D = (C - 2 * N * Dinf) / (6 * N)
    ok = D > 0
    if U > 0:
        ok &= D <= U
    if Nmax > 0:
        ok &= N <= Nmax
    loss = np.where(ok, L(N, np.where(ok, D, 1.0)), np.inf)
    i = int(np.argmin(loss))
    # refine on a finer grid around the best point
    Nf = np.exp(np.linspace(np.log(N[max(i - 1, 0)]), np.log(N[min(i + 1, N.size - 1)]), 20001))
    Df = (C - 2 * Nf * Dinf) / (6 * Nf)
    okf = Df > 0
    if U > 0:
        okf &= Df <= U * (1 + 1e-12)
    if Nmax > 0:
        okf &= Nf <= Nmax
    lf = np.where(okf, L(Nf, np.where(okf, Df, 1.0)), np.inf)
    j = int(np.argmin(lf))
    return Nf[j], Df[j], lf[j]


def brute_target(L, target, Dinf):
    """The smallest 6 N D + 2 N Dinf with L(N, D) = target: D by bisection for each N."""
    best = (np.inf, np.nan, np.nan)
    for N in np.exp(np.linspace(np.log(1e6), np.log(1e14), 8001)):
        lo, hi = np.log(1e6), np.log(1e20)
        if L(N, np.exp(hi)) > target:
            continue
        for _ in range(80):
            m = 0.5 * (lo + hi)
            lo, hi = (m, hi) if L(N, np.exp(m)) > target else (lo, m)
        D = np.exp(hi)
        C = 6 * N * D + 2 * N * Dinf
        if C < best[0]:
            best = (C, N, D)
    return best


def main(path, true_exponent=None):
    d = Dataset(path)
    laws = [str(x) for x in d["law_name"][:]]
    rows = [str(x) for x in d["constraint"][:]]
    budgets = d["plan_budget"][:]
    U, Dinf, Nmax = d.unique_tokens, d.inference_tokens, d.max_params
    check(f"constraints in the file: U = {U:g}, D_inf = {Dinf:g}, rows {rows}",
          U > 0 and Dinf > 0 and "unique_tokens" in rows and "inference" in rows and "inference_target" in rows)
    plan = {v: np.ma.filled(d[v][0], np.nan) for v in ("plan_n", "plan_d", "plan_loss", "plan_flop")}
    params = np.ma.filled(d["params"][0, :, 0, :], np.nan)

    li = laws.index("chinchilla")
    L = chinchilla(params[li])
    for b, C in enumerate(budgets):
        C = float(C)
        at = {r: tuple(plan[v][li, k, b] for v in ("plan_n", "plan_d", "plan_loss", "plan_flop")) for k, r in enumerate(rows)}
        N0, D0, L0 = brute(L, C)
        rel(f"chinchilla {C:g}: N_opt against brute force", at["none"][0], N0)
        rel(f"chinchilla {C:g}: loss at the optimum", at["none"][2], L0, 1e-6)
        Nu, Du, Lu = brute(L, C, U=U)
        rel(f"chinchilla {C:g}, U={U:g}: N against brute force", at["unique_tokens"][0], Nu)
        rel(f"chinchilla {C:g}, U={U:g}: D against brute force", at["unique_tokens"][1], Du)
        if D0 > U:
            rel(f"chinchilla {C:g}: D_opt {D0:.3g} > U, so D is capped at U", at["unique_tokens"][1], U)
            check(f"chinchilla {C:g}: and N grows ({at['unique_tokens'][0]:.4g} > N_opt {N0:.4g})", at["unique_tokens"][0] > N0)
        Ni, Di, Li = brute(L, C, Dinf=Dinf)
        rel(f"chinchilla {C:g}, D_inf={Dinf:g}: N against brute force", at["inference"][0], Ni)
        rel(f"chinchilla {C:g}, D_inf={Dinf:g}: D against brute force", at["inference"][1], Di)
        check(f"chinchilla {C:g}: with inference N shrinks ({at['inference'][0]:.4g} < N_opt {N0:.4g})", at["inference"][0] < N0)
        Na, Da, La = brute(L, C, U=U, Nmax=Nmax, Dinf=Dinf)
        rel(f"chinchilla {C:g}, all constraints: N against brute force", at["all"][0], Na)
        Ct, Nt, Dt = brute_target(L, L0, Dinf)
        rel(f"chinchilla {C:g}, target loss {L0:.4f}: total FLOPs against brute force", at["inference_target"][3], Ct)
        rel(f"chinchilla {C:g}, target: N against brute force (8001-point scan: 0.2%)", at["inference_target"][0], Nt, 2e-3)
        check(f"chinchilla {C:g}, target: N below N_opt", at["inference_target"][0] < N0)

    if "compute_only" in laws:
        lc = laws.index("compute_only")
        for b, C in enumerate(budgets):
            k = rows.index
            check(f"compute_only {C:g}: no constraint leaves the split undetermined",
                  np.isnan(plan["plan_n"][lc, k("none"), b]) and np.isfinite(plan["plan_loss"][lc, k("none"), b]))
            rel(f"compute_only {C:g}: U and D_inf give N = C / (6 U + 2 D_inf)", plan["plan_n"][lc, k("all"), b],
                float(C) / (6 * U + 2 * Dinf), 1e-9)

    rank = d["sel_rank"][0]
    check(f"sel_rank is a permutation: {list(rank)}", sorted(rank) == list(range(1, len(laws) + 1)))
    for v in ("sel_aic", "sel_bic", "sel_scale", "cv_loo_rmse", "cv_kfold_rmse", "backtest_rmse"):
        x = np.ma.filled(d[v][0], np.nan)
        check(f"{v} finite and positive where it should be: {x}", np.all(np.isfinite(x)) and (v.startswith("sel_a") or v.startswith("sel_b") or np.all(x > 0)))
    a2 = np.ma.filled(d["approach2_exponent"][0], np.nan)
    q = np.ma.filled(d["approach2_exponent_q"][0], np.nan)
    check(f"approach2 exponents {a2} inside their bands {q.tolist()}", np.all((q[:, 0] <= a2) & (a2 <= q[:, -1])))
    if true_exponent is not None:
        for m, a in zip(("parabola", "smooth"), a2):
            check(f"approach2 {m} exponent {a:.4f} within 0.02 of the generator's {true_exponent:.4f}",
                  abs(a - true_exponent) <= 0.02)
    print(f"{failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else None))
