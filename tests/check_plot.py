"""Checks scalesweep-plot's output against the result file it drew: each picture is a valid,
non-trivial PNG (signature, 900 x 600 IHDR) and SVG (900 x 600), and the plotted series (*.dat,
and gnuplot's own table output of the frontier) equal the file's variables, read with the NetCDF
library. Usage: check_plot.py FILE.nc DIR GNUPLOT_TABLE"""
import struct
import sys

import netCDF4
import numpy

nc, out, table = sys.argv[1:4]
passes = failures = 0


def check(what, ok):
    global passes, failures
    print(f"{'ok' if ok else 'not ok'} - {what}")
    passes, failures = passes + bool(ok), failures + (not ok)


def close(a, b, rtol=1e-12):
    """Equal to rtol, with NaN (and the file's fill values, read as masked) matching NaN."""
    a, b = (numpy.ma.filled(numpy.ma.asarray(x, dtype=float), numpy.nan) for x in (a, b))
    both = numpy.isfinite(a) & numpy.isfinite(b)
    return a.shape == b.shape and numpy.array_equal(numpy.isfinite(a), numpy.isfinite(b)) and numpy.allclose(
        a[both], b[both], rtol=rtol, atol=0)


def load(name):
    return numpy.genfromtxt(f"{out}/{name}", comments="#", missing_values="?", filling_values=numpy.nan)


for plot in ["frontier", "tokens", "isoflop", "contours", "params", "residuals"]:
    png = open(f"{out}/{plot}.png", "rb").read()
    w, h = struct.unpack(">II", png[16:24]) if len(png) > 24 else (0, 0)
    check(f"{plot}.png: PNG, 900 x 600, {len(png)} bytes (> 15000)",
          png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR" and (w, h) == (900, 600) and len(png) > 15000)
    svg = open(f"{out}/{plot}.svg").read()
    check(f"{plot}.svg: SVG, 900 x 600, {len(svg)} bytes (> 15000)",
          "<svg" in svg and "</svg>" in svg and 'width="900"' in svg and 'height="600"' in svg and len(svg) > 15000)

with netCDF4.Dataset(nc) as ds:
    laws = [str(x) for x in ds["law_name"][:]]
    q = numpy.asarray(ds["quantile"][:])
    for l, law in enumerate(laws):
        fr = load(f"frontier_{law}.dat")
        n, nq = ds["n_opt"][0, l, :], ds["n_opt_q"][0, l, :, :]
        t, tq = ds["tokens_per_param"][0, l, :], ds["tokens_per_param_q"][0, l, :, :]
        check(f"frontier_{law}.dat: C, N_opt and its band, tokens per parameter equal the file",
              close(fr[:, 0], ds["budget"][:]) and close(fr[:, 1], n) and close(fr[:, 2], nq[:, 0]) and
              close(fr[:, 3], nq[:, -1]) and close(fr[:, 4], ds["d_opt"][0, l, :]) and close(fr[:, 7], t) and
              close(fr[:, 8], tq[:, 0]) and close(fr[:, 9], tq[:, -1]))
    runs = load("runs.dat")
    check("runs.dat: the runs and each law's residuals equal the file",
          close(runs[:, 1], ds["run_n"][:]) and close(runs[:, 3], ds["run_loss"][:]) and
          all(close(runs[:, 5 + l], ds["residual"][0, l, :]) for l in range(len(laws))))
    opt = load("isoflop_opt.dat")
    budget = numpy.asarray(ds["budget"][:])
    shown = [int(numpy.argmin(abs(numpy.log(budget / c)))) for c in opt[:, 0]]
    iso = numpy.asarray(ds["isoflop_loss"][0, 0, :, :])
    blocks = open(f"{out}/isoflop.dat").read().strip().split("\n\n\n")
    same = len(blocks) == len(shown) >= 2
    for b, block in zip(shown, blocks):
        rows = numpy.array([[float(v) for v in line.split()] for line in block.splitlines() if not line.startswith("#")])
        same = same and close(rows[:, 0], ds["model_size"][:]) and close(rows[:, 1], iso[b, :])
    check(f"isoflop.dat: {len(shown)} IsoFLOP profiles equal isoflop_loss at their budgets", same)
    check("isoflop_opt.dat: the optima equal n_opt and loss_opt",
          close(opt[:, 1], ds["n_opt"][0, 0, shown]) and close(opt[:, 2], ds["loss_opt"][0, 0, shown]))
    p = load("params.dat")
    check("params.dat: the resamples' parameters equal params",
          close(p[:, 1:6], ds["params"][0, 0, 1:, :5]))
    tab = numpy.genfromtxt(table, comments="#", usecols=(0, 1))
    check("gnuplot's table output of the N_opt series equals n_opt of the file",
          close(tab[:, 0], budget, 1e-9) and close(tab[:, 1], ds["n_opt"][0, 0, :], 1e-9))
print(f"{passes} passed, {failures} failed")
sys.exit(1 if failures else 0)
