"""Opens a scalesweep output with xarray (Debian's python3-xarray, run by /usr/bin/python3) and
checks it against an independent computation: the compute-optimal allocation and the loss
surfaces are recomputed here from the stored parameters and compared with the stored arrays.
Usage: read_xarray.py FILE.nc"""
import sys

import numpy as np
import xarray

ds = xarray.open_dataset(sys.argv[1])
failures = passes = 0


def check(what, ok):
    global failures, passes
    print(("ok" if ok else "not ok") + " - " + what)
    failures += 0 if ok else 1
    passes += 1 if ok else 0


laws = [str(x) for x in ds.law_name.values]
check("law_name lists chinchilla and compute_only", laws == ["chinchilla", "compute_only"])
check("budget is a coordinate in FLOP", "budget" in ds.coords and ds.budget.attrs["units"] == "FLOP")
check("Conventions CF-1.10", ds.attrs.get("Conventions") == "CF-1.10")

ch = ds.sel(config=0, law=0, replicate=0)
names = [str(x) for x in ch.param_name.values]
A, B, E, alpha, beta = (float(ch.params.values[names.index(k)]) for k in ("A", "B", "E", "alpha", "beta"))

C = ds.budget.values
G = (alpha * A / (beta * B)) ** (1 / (alpha + beta))
n_opt = G * (C / 6) ** (beta / (alpha + beta))
d_opt = C / (6 * n_opt)
check("n_opt equals G (C/6)^(beta/(alpha+beta)) from the stored params",
      np.allclose(ch.n_opt.values, n_opt, rtol=1e-10))
check("tokens_per_param equals D_opt/N_opt", np.allclose(ch.tokens_per_param.values, d_opt / n_opt, rtol=1e-10))
loss = E + A * n_opt ** -alpha + B * d_opt ** -beta
check("loss_opt equals L(N_opt, D_opt)", np.allclose(ch.loss_opt.values, loss, rtol=1e-10))

N = ds.model_size.values
iso = E + A * N[None, :] ** -alpha + B * (C[:, None] / (6 * N[None, :])) ** -beta
check("isoflop_loss(budget, model_size) equals L(N, C/(6N))", np.allclose(ch.isoflop_loss.values, iso, rtol=1e-10))
D = ds.data_size.values
surf = E + A * N[None, :] ** -alpha + B * D[:, None] ** -beta
check("loss_surface(data_size, model_size) equals L(N, D)", np.allclose(ch.loss_surface.values, surf, rtol=1e-10))

co = ds.sel(config=0, law=1, replicate=0)
check("compute_only n_opt is all missing (NaN through _FillValue)", bool(np.isnan(co.n_opt.values).all()))
cnames = [str(x) for x in co.param_name.values]
check("compute_only has 3 parameters, the other slots empty", cnames[3:] == ["", ""] and
      bool(np.isnan(co.params.values[3:]).all()))
Ac, Ec, gamma = (float(co.params.values[cnames.index(k)]) for k in ("A", "E", "gamma"))
check("compute_only loss_opt equals E + A C^-gamma", np.allclose(co.loss_opt.values, Ec + Ac * C ** -gamma, rtol=1e-10))

pred = np.log(E + A * ds.run_n.values ** -alpha + B * ds.run_d.values ** -beta)
check("residual equals log Lhat - log L of each run",
      np.allclose(ch.residual.values, pred - np.log(ds.run_loss.values), atol=1e-12))
by_name = ds.set_coords("law_name").swap_dims(law="law_name").sel(config=0)
tpp = by_name.tokens_per_param.sel(law_name="chinchilla").sel(budget=1e24, method="nearest")
check("select by law name and nearest budget (the docs' example)", float(tpp) == float(ch.tokens_per_param.values[
    int(np.argmin(abs(C - 1e24)))]))
q = ds.tokens_per_param_q.sel(config=0, law=0)
check("bands: tokens_per_param_q has the quantile axis and brackets the point estimate",
      q.dims == ("budget", "quantile") and bool((q.isel(quantile=0) <= ch.tokens_per_param + 1e-9).all()) and
      bool((q.isel(quantile=-1) >= ch.tokens_per_param - 1e-9).all()))
print(f"{passes} passed, {failures} failed")
sys.exit(1 if failures else 0)
