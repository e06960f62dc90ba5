"""Times the scipy reference fit (../shared/tools/retu_reference_fit.py) per fit, imports and process
start-up excluded, for bench/fit-speed.sh. Usage: python3 reference_fit_timing.py RETU_DIR TOOLS_DIR [REPEATS] [PREFIX]
(PREFIX names the files PREFIXsft_scores.csv, PREFIXrl_branches.csv, PREFIXfit_settings.json; default sft889k_)"""
import collections, csv, json, sys, time, warnings

retu, tools = sys.argv[1], sys.argv[2]
repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 5
prefix = sys.argv[4] if len(sys.argv) > 4 else "sft889k_"
sys.path.insert(0, tools)
import numpy as np
import retu_reference_fit as reference

warnings.filterwarnings("ignore")
scores = {int(r["sft_step"]): float(r["overall"]) for r in csv.DictReader(open(f"{retu}/{prefix}sft_scores.csv"))}
rl = collections.defaultdict(list)
for r in csv.DictReader(open(f"{retu}/{prefix}rl_branches.csv")):
    rl[int(r["sft_step"])].append((float(r["rl_ef"]), float(r["overall"])))
branches = []
for s in json.load(open(f"{retu}/{prefix}fit_settings.json")):
    pts = sorted(rl[s["sft_step"]])
    x = np.array([0.0] + [p[0] for p in pts])
    y = np.array([0.0] + [p[1] - scores[s["sft_step"]] for p in pts])
    branches.append((x, y, s))

for x, y, s in branches:  # warm-up
    reference.fit_curve(x, y, s)
start = time.perf_counter()
fits = 0
for _ in range(repeats):
    for x, y, s in branches:
        reference.fit_curve(x, y, s)
        fits += 1
per_fit = (time.perf_counter() - start) * 1000 / fits
print(f"scipy reference: {fits} fits of {len(branches)} branches, {per_fit:.3f} ms per fit")
