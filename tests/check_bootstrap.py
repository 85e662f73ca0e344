"""Checks a bootstrap study of the Chinchilla data against Epoch AI's published 95% intervals
(Besiroglu et al. 2024: alpha 0.317-0.373, beta 0.331-0.415, E 1.769-1.871): each of our intervals
(quantiles 0.025 and 0.975 across replicates) must overlap the published one, and the median
tokens per parameter at 1e24 FLOP must lie between 15 and 25. Usage: check_bootstrap.py FILE.nc"""
import sys

import xarray

ds = xarray.open_dataset(sys.argv[1])
q = ds.params_q.sel(config=0, law=0)
names = [str(x) for x in ds.param_name.sel(law=0).values]
published = {"alpha": (0.317, 0.373), "beta": (0.331, 0.415), "E": (1.769, 1.871)}
passes = failures = 0
for name, (lo, hi) in published.items():
    ours = q.isel(param=names.index(name))
    qlo, qhi = float(ours.sel(quantile=0.025)), float(ours.sel(quantile=0.975))
    ok = qlo <= hi and qhi >= lo
    print(f"{'ok' if ok else 'not ok'} - {name}: 95% interval [{qlo:.4f}, {qhi:.4f}] overlaps Epoch AI's [{lo}, {hi}]")
    passes, failures = passes + ok, failures + (not ok)
tpp = float(ds.tokens_per_param_q.sel(config=0, law=0, quantile=0.5).sel(budget=1e24, method="nearest"))
ok = 15 <= tpp <= 25 and abs(float(ds.budget.sel(budget=1e24, method="nearest")) - 1e24) < 1e12
print(f"{'ok' if ok else 'not ok'} - median tokens per parameter at 1e24 FLOP: {tpp:.2f} (want 15 to 25)")
passes, failures = passes + ok, failures + (not ok)
nrep = ds.sizes["replicate"] - 1
print(f"# {nrep} replicates; status > 0 (converged) in {int((ds.status.sel(config=0, law=0) > 0).sum())}")
print(f"{passes} passed, {failures} failed")
sys.exit(1 if failures else 0)
