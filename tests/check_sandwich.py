"""Slice-and-Sandwich on the shared ExpEmergence data (tests/sandwich_shared.sh): the output file
against an independent numpy computation of the same pipeline (docs/sandwich.md), and the figures
quoted in the docs within stated bounds. Usage: check_sandwich.py DATA_DIR SCRATCH"""
import sys
import numpy as np
import pandas as pd
import netCDF4

data, scratch = sys.argv[1], sys.argv[2]
EXCLUDE = ["microsoft/phi-1_5", "microsoft/phi-2", "Qwen/Qwen1.5-0.5B", "Qwen/Qwen1.5-1.8B", "Qwen/Qwen1.5-4B",
           "stabilityai/stablelm-2-1_6b"]
failures = passes = 0


def check(what, ok, detail=""):
    global failures, passes
    print(f"{'ok' if ok else 'not ok'} - {what} {detail}")
    passes, failures = passes + bool(ok), failures + (not ok)


def near(what, x, want, tol):
    check(what, abs(x - want) <= tol, f": {x:.6g} (want {want:.6g} +- {tol:.2g})")


def reference(task, threshold, guess):
    """The pipeline in numpy: the ExpEmergence repository's steps on the 10-group file."""
    df = pd.read_csv(f"{data}/expemergence_{task}_10groups.csv")
    groups = sorted([c for c in df.columns if c.endswith("_brier") and c.count("_") == 2], key=lambda c: int(c.split("_")[0]))
    df = df[~df["Model"].isin(EXCLUDE)].dropna(subset=["Model", "FLOPs (1E21)", "acc", "brier"] + groups)
    size = np.array([int(c.split("_")[1]) - int(c.split("_")[0]) for c in groups], float)
    def group(lo, hi):
        return -(df[groups[lo - 1:hi]].values @ size[lo - 1:hi]) / size[lo - 1:hi].sum()
    x, easy, hard = np.log10(df["FLOPs (1E21)"].values), group(1, 3), group(8, 10)
    score, acc = -df["brier"].values, df["acc"].values
    fit = x < threshold
    pe, ph = np.polyfit(x[fit], easy[fit], 5), np.polyfit(x[fit], hard[fit], 2)
    slope, intercept = np.polyfit(acc[fit], score[fit], 1)
    pred = ((np.polyval(pe, x) + np.polyval(ph, x)) / 2 - intercept) / slope
    pred += acc[fit].mean() - pred[fit].mean()
    # the repository's own baseline: OLS of logit(acc - guess) on x (for the docs, not the kind's)
    u = np.clip(acc - guess, 0, 1)
    a, b = np.polyfit(x[fit], np.log((u[fit] + 1e-6) / (1 - u[fit] + 1e-6)), 1)
    repo = 1 / (1 + np.exp(-(a * x + b))) + guess
    turn = np.polyfit(x, easy, 5)
    return dict(names=list(df["Model"]), x=x, acc=acc, pred=pred, fit=fit, easy=pe[::-1], hard=ph[::-1],
                map=(intercept, slope), repo_mse=np.mean((repo - acc)[~fit] ** 2), turncoef=turn[::-1])


def task_checks(task, threshold, guess, want):
    ref = reference(task, threshold, guess)
    nc = netCDF4.Dataset(f"{scratch}/{task}.nc")
    v = lambda name: np.ma.filled(nc[name][:], np.nan)
    names = list(nc["model_name"][:])
    err = dict(zip(list(nc["error_name"][:]), v("error")))
    errq = dict(zip(list(nc["error_name"][:]), v("error_q")))
    check(f"{task}: the same {len(ref['names'])} models as pandas' dropna", names == ref["names"])
    check(f"{task}: fitting split {want['nfit']} models, test split {want['ntest']}",
          int(v("fitting_split").sum()) == want["nfit"] and len(names) - int(v("fitting_split").sum()) == want["ntest"])
    near(f"{task}: easy coefficients agree with numpy.polyfit (max rel. diff)",
         np.max(np.abs(v("easy_coef") - ref["easy"]) / np.abs(ref["easy"])), 0, 1e-10)
    near(f"{task}: hard coefficients agree with numpy.polyfit", np.max(np.abs(v("hard_coef") - ref["hard"])), 0, 1e-9)
    near(f"{task}: score map intercept", v("score_map")[0], ref["map"][0], 1e-9)
    near(f"{task}: score map slope", v("score_map")[1], ref["map"][1], 1e-9)
    near(f"{task}: predicted accuracy at every model agrees with numpy", np.max(np.abs(v("predicted_accuracy") - ref["pred"])), 0, 1e-10)
    test = ~ref["fit"]
    mse = np.mean((ref["pred"] - ref["acc"])[test] ** 2)
    near(f"{task}: sandwich MSE past the threshold = numpy's", err["sandwich_mse"], mse, 1e-9 * max(1, mse))
    # the sigmoid baseline is a least-squares optimum: no better in-sample fit nearby, none from the repo's start
    p = v("sigmoid_params")
    x, acc, fit = ref["x"], ref["acc"], ref["fit"]
    insample = lambda q: np.mean((guess + (1 - guess) / (1 + np.exp(-(q[0] + q[1] * x[fit]))) - acc[fit]) ** 2)
    best = min(insample(p + d) for d in [(1e-3, 0), (-1e-3, 0), (0, 1e-3), (0, -1e-3)])
    check(f"{task}: sigmoid baseline is a local least-squares optimum", insample(p) <= best + 1e-12,
          f": in-sample MSE {insample(p):.6g}")
    for k, (lo, hi) in want["bounds"].items():
        check(f"{task}: {k} in [{lo}, {hi}]", lo <= err[k] <= hi, f": {err[k]:.4f}")
        check(f"{task}: {k} has a finite bootstrap band around it", np.all(np.isfinite(errq[k])) and errq[k][0] <= errq[k][-1],
              f": [{errq[k][0]:.4f}, {errq[k][-1]:.4f}]")
    for better, worse in want["better"]:
        check(f"{task}: observed {better} < {worse}", err[better] < err[worse], f": {err[better]:.4f} < {err[worse]:.4f}")
    pq = v("predicted_accuracy_q")
    check(f"{task}: every test model's predicted accuracy has a finite band", np.all(np.isfinite(pq[test])))
    t, tq = float(v("threshold_estimate")), v("threshold_estimate_q")
    near(f"{task}: threshold estimate (easy curve's turning point)", t, want["turn"], 0.005)
    check(f"{task}: threshold band [{tq[0]:.3f}, {tq[-1]:.3f}] holds the estimate", tq[0] <= t <= tq[-1])
    near(f"{task}: threshold estimate within 0.5 decades of the paper's {threshold}", t, threshold, 0.5)
    print(f"# {task}: the repository's logit-OLS baseline (not the kind's) has test MSE {ref['repo_mse']:.4f}")
    nc.close()


task_checks("mmlu", 1.5, 0.25, dict(
    nfit=32, ntest=27, turn=1.1234,
    bounds={"sandwich_mse": (2.55, 2.67), "sandwich_mae": (0.84, 0.87), "sigmoid_mse": (0.045, 0.055),
            "sigmoid_mae": (0.165, 0.185), "sandwich_mse_horizon": (0.045, 0.052), "sigmoid_mse_horizon": (0.010, 0.013)},
    better=[("sigmoid_mse", "sandwich_mse"), ("sigmoid_mae", "sandwich_mae"), ("sigmoid_mse_horizon", "sandwich_mse_horizon")]))
task_checks("arithmetic", 1.8, 0.145, dict(
    nfit=44, ntest=14, turn=1.5291,
    bounds={"sandwich_mse": (0.245, 0.256), "sandwich_mae": (0.219, 0.229), "sigmoid_mse": (0.064, 0.074),
            "sigmoid_mae": (0.20, 0.22), "sandwich_mse_horizon": (0.0090, 0.0105), "sigmoid_mse_horizon": (0.026, 0.032)},
    better=[("sigmoid_mse", "sandwich_mse"), ("sigmoid_mae", "sandwich_mae"), ("sandwich_mse_horizon", "sigmoid_mse_horizon"),
            ("sandwich_mae_horizon", "sigmoid_mae_horizon")]))
print(f"{passes} passed, {failures} failed")
sys.exit(1 if failures else 0)
