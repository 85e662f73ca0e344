"""Checks that the screened search (-sweep_starts hoffmann) reaches the optimum of the exhaustive
one (hoffmann_exhaustive, a solve from every grid start) on every fit of every pair of files:
objective(config, law, replicate) within 1e-9 relative, or lower. Reads the files with the NetCDF
library. Usage: check_search.py LABEL SEARCH.nc EXHAUSTIVE.nc [LABEL SEARCH.nc EXHAUSTIVE.nc ...]"""
import sys

import netCDF4
import numpy

RTOL = 1e-9
args = sys.argv[1:]
fits = worse = lower = 0
worst = 0.0
solves = []
for i in range(0, len(args), 3):
    label, fast, full = args[i : i + 3]
    with netCDF4.Dataset(fast) as a, netCDF4.Dataset(full) as b:
        fa, fb = numpy.asarray(a["objective"][:]).ravel(), numpy.asarray(b["objective"][:]).ravel()
        laws = [str(x) for x in a["law_name"][:]]
        solves += list(numpy.asarray(a["starts_total"][:]).ravel())
        if fa.shape != fb.shape or not numpy.all(numpy.isfinite(fa)) or not numpy.all(numpy.isfinite(fb)):
            print(f"not ok - {label}: objectives missing or of different shapes")
            worse += 1
            continue
        rel = (fa - fb) / numpy.abs(fb)
        bad = rel > RTOL
        fits += fa.size
        worse += int(bad.sum())
        lower += int((rel < -RTOL).sum())
        worst = max(worst, float(numpy.abs(rel).max()))
        for k in numpy.flatnonzero(bad):
            print(f"#   {label}: fit {k} ({laws[(k // (fa.size // a.dimensions['config'].size // len(laws) or 1)) % len(laws)]}): "
                  f"search {fa[k]:.13g}, exhaustive {fb[k]:.13g}")
ok = worse == 0 and fits > 0
print(f"{'ok' if ok else 'not ok'} - {fits} fits in {len(args) // 3} studies: screened search within {RTOL:g} "
      f"relative of the exhaustive optimum (worst |rel. difference| {worst:.2e}; {lower} fits lower, {worse} higher)")
print(f"# solves per screened fit: mean {numpy.mean(solves):.1f}, max {int(numpy.max(solves))} "
      f"(the exhaustive search solves from every start)")
print(f"{int(ok)} passed, {int(not ok)} failed")
sys.exit(0 if ok else 1)
