"""The options reference (docs/options.md) matches -help: the same -sweep_ options (scalesweep's and
TAO's behind the prefix, and each study kind's -sweep_<kind>_ options as `-sweep_study <kind> -help`
lists them), each with the default that -help prints. Usage: options_doc.py SCALESWEEP [docs/options.md]"""
import re
import subprocess
import sys

helptext = subprocess.run([sys.argv[1], "-help"], capture_output=True, text=True, check=True).stdout
# scalesweep's own section, then TAO's options behind the sweep_ prefix; the first listing counts
section = helptext.split("scalesweep: scaling-law fits and compute allocation:")[1]
shown = {}
for line in section.splitlines():
    m = re.match(r"\s+(-sweep_\w+):? <(.*?)>", line)
    if m:
        value = m.group(2)
        value = re.sub(r"^now (.*) : formerly .*$", r"\1", value)
        value = re.sub(r"^(\S*) : \S*$", r"\1", value)
        shown.setdefault(m.group(1), value.strip())

# each study kind's own options (-sweep_<kind>_*), which -help lists when that kind is chosen
kinds = re.search(r"What the run computes: ([\w, ]+)", section).group(1).strip().split(", ")
for kind in kinds[1:]:
    text = subprocess.run([sys.argv[1], "-sweep_study", kind, "-help"], capture_output=True, text=True).stdout
    for line in text.splitlines():
        m = re.match(r"\s+(-sweep_" + kind + r"_\w+):? <(.*?)>", line)
        if m:
            value = m.group(2)
            value = re.sub(r"^now (.*) : formerly .*$", r"\1", value)
            value = re.sub(r"^(\S*) : \S*$", r"\1", value)
            shown.setdefault(m.group(1), value.strip())

doc = open(sys.argv[2] if len(sys.argv) > 2 else "docs/options.md").read()
documented = {m.group(1): m.group(2) for m in re.finditer(r"^\| `(-sweep_\w+)` \| `([^`]*)` \|", doc, re.M)}

failures = passes = 0
for name in sorted(set(shown) | set(documented)):
    if name not in documented:
        print(f"not ok - {name} is in -help but not in docs/options.md"); failures += 1
    elif name not in shown:
        print(f"not ok - {name} is documented but -help does not list it"); failures += 1
    elif documented[name] != shown[name]:
        print(f"not ok - {name}: docs say default '{documented[name]}', -help says '{shown[name]}'"); failures += 1
    else:
        passes += 1
print(f"# {len(shown)} options in -help, {len(documented)} in docs/options.md")
print(f"{passes} passed, {failures} failed")
sys.exit(1 if failures or not shown else 0)
