#!/usr/bin/env bash
# The observational study on the shared table of Ruan, Maddison and Hashimoto (2024), through the
# program (jobs/observational_shared.opts at 2 ranks; the variants without bootstrap at 1): the variance explained by the first three
# components of the 124 complete models against the paper (unstandardised 84.3 / 10.0 / 3.1%,
# standardised 78.1 / 13.9 / 3.9%, +- 0.3 points), the missing-cell counts of the file, and the
# backtest at 8.4e22 FLOPs for GSM8K and MMLU: the link's mean absolute error on the 46 held-out
# models beside the log-compute sigmoid's (the numbers measured when the test was written, +- 0.005,
# and the link better), also with the target left out of the components.
# Usage: observational_shared.sh SCALESWEEP SCRATCH. Exits 77 without the shared data.
set -euo pipefail
bin=$1 scratch=$2
data=${SWEEP_SHARED_DATA:-../shared/data}/obsscaling_base_llm_benchmark_eval.csv
[ -r "$data" ] || { echo "skipped: $data is absent"; exit 77; }
rm -rf "$scratch" && mkdir -p "$scratch"
run() { # ranks, output, then extra options (one rank: no mpiexec, which is slow to start)
  local np=$1 out=$2; shift 2
  local pre=()
  [ "$np" -gt 1 ] && pre=(mpiexec --oversubscribe -n "$np")
  timeout 300 ${pre[@]+"${pre[@]}"} "$bin" -options_file jobs/observational_shared.opts -sweep_input "$data" \
    -sweep_output "$scratch/$out" -sweep_quiet -sweep_progress none "$@"
}
run 2 main.nc
run 1 std.nc -sweep_bootstrap 0 -sweep_observational_standardize
all=MMLU,ARC-C,HellaSwag,Winograd,TruthfulQA,GSM8K,XWinograd,HumanEval
run 1 nogsm.nc -sweep_bootstrap 0 -sweep_observational_targets GSM8K -sweep_observational_metrics ${all/GSM8K,/}
run 1 nommlu.nc -sweep_bootstrap 0 -sweep_observational_targets MMLU -sweep_observational_metrics ${all/MMLU,/}
for f in main std nogsm nommlu; do ncdump "$scratch/$f.nc" > "$scratch/$f.cdl"; done
python3 - "$scratch" <<'PY'
import re, sys
d = sys.argv[1]
fails = 0
def var(f, name):
    t = open(f"{d}/{f}.cdl").read().split("data:", 1)[1]
    m = re.search(r"\n " + re.escape(name) + r" =\s*(.*?);", t, re.S)
    return [float("nan") if v.strip() == "_" else float(v) for v in m.group(1).replace("\n", " ").split(",")]
def check(what, ok, got):
    global fails
    print(("ok" if ok else "not ok") + f" - {what}: {got}")
    fails += not ok
def near(what, x, want, tol):
    check(f"{what} (want {want} +- {tol})", abs(x - want) <= tol, round(x, 4))
hdr = open(f"{d}/main.cdl").read()
check("124 complete models", 'variance_explained_complete:models = "124"' in hdr, "")
for f, want in (("main", (0.843, 0.100, 0.031)), ("std", (0.781, 0.139, 0.039))):
    ve = var(f, "variance_explained_complete")
    for k in range(3):
        near(f"{f}: variance explained by PC{k + 1}, complete models", ve[k], want[k], 0.003)
check("missing cells per metric (MMLU ARC-C HellaSwag Winograd TruthfulQA GSM8K XWinograd HumanEval)",
      var("main", "missing_count") == [0, 3, 0, 0, 0, 0, 16, 21], var("main", "missing_count"))
split = var("main", "backtest_split")
check("46 held-out models per target (FLOPs > 8.4e22)", split.count(2) == 92, split.count(2))
link, base = var("main", "backtest_mae"), var("main", "baseline_mae")
lq, bq = var("main", "backtest_mae_q"), var("main", "baseline_mae_q")
nq = len(lq) // 2
for k, (name, wl, wb) in enumerate((("GSM8K", 0.1043, 0.2034), ("MMLU", 0.0339, 0.1727))):
    near(f"{name}: backtest MAE of the link on PC1-3", link[k], wl, 0.005)
    near(f"{name}: backtest MAE of the log-compute sigmoid", base[k], wb, 0.005)
    check(f"{name}: the link beats the log-compute sigmoid", link[k] < base[k], (link[k], base[k]))
    check(f"{name}: MAEs within sanity bounds (0, 0.3)", 0 < link[k] < 0.3 and 0 < base[k] < 0.3, "")
    lo, hi = lq[k * nq], lq[k * nq + nq - 1]
    check(f"{name}: link MAE bootstrap band ordered and holding the point", lo <= link[k] <= hi, (lo, hi))
    check(f"{name}: baseline band ordered", bq[k * nq] <= bq[k * nq + nq - 1], (bq[k * nq], bq[k * nq + nq - 1]))
for f, name, wl in (("nogsm", "GSM8K", 0.1627), ("nommlu", "MMLU", 0.0556)):
    l, b = var(f, "backtest_mae")[0], var(f, "baseline_mae")[0]
    near(f"{name} left out of the components: link MAE", l, wl, 0.005)
    check(f"{name} left out: the link still beats the log-compute sigmoid", l < b, (l, b))
print(f"{'all passed' if not fails else str(fails) + ' failed'}")
sys.exit(1 if fails else 0)
PY
