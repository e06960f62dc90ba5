"""Makes the issue-8 regression curve and its expected A_post from the scipy reference.

A simulated RL branch of the shape that broke paper mode: a free offset (the RL trend starts 2 points below
the measured P_sft), a training window that starts late ([6, 34) of 41 points, branch point included), and a
collapse tail inside the window (the last 6 training points fall away by up to 4 points, and stay down on
the validation points after it), fitted with LTS 0.75 and tau 2.5.

Writes, in the layout of ../shared/retu (so the reference script runs on them unchanged):
  issue8_sft_scores.csv, issue8_branch_curves.csv, issue8_fit_settings.json
then runs ../shared/tools/retu_reference_fit.py on them and keeps its output in issue8_expected_reference.csv.
Run from the repository root with Debian's python3 (numpy, scipy):
  /usr/bin/python3 tests/Headroom.Core.Tests/Data/Regressions/Issue8/make_curve.py
"""
import json, os, subprocess, sys
import numpy as np
from scipy.special import expit

HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCE = os.path.join(HERE, "..", "..", "..", "..", "..", "..", "shared", "tools", "retu_reference_fit.py")

P_SFT, EPS, PL, C_MID, B = 70.0, -2.0, 9.0, 12.0, 1.6
POINTS, MAX_COMPUTE, NOISE = 40, 60.0, 0.5
TRAIN = (6, 34)
TAIL, DROP = 6, 4.0
SEED = 23

rng = np.random.default_rng(SEED)
x = MAX_COMPUTE * np.arange(1, POINTS + 1) / POINTS
gain = EPS + (PL - EPS) * expit(B * (np.log(x) - np.log(C_MID))) + NOISE * rng.normal(size=POINTS)
for j in range(POINTS):
    into_tail = (j + 1) - (TRAIN[1] - TAIL)  # index in the fit data, the branch point being 0
    if into_tail >= 0:
        gain[j] -= DROP * min(into_tail + 1, TAIL) / TAIL

with open(os.path.join(HERE, "issue8_sft_scores.csv"), "w") as f:
    f.write("sft_step,overall\n1,%.4f\n" % P_SFT)
with open(os.path.join(HERE, "issue8_branch_curves.csv"), "w") as f:
    f.write("sft_step,rl_ef,overall\n")
    for xi, gi in zip(x, gain):
        f.write("1,%.4f,%.4f\n" % (xi, P_SFT + gi))
settings = [{"sft_step": 1, "fit_points_num": TRAIN[1], "train_split": list(TRAIN), "lts_alpha": 0.75,
             "outlier_threshold": 2.5, "free_c0": True}]
with open(os.path.join(HERE, "issue8_fit_settings.json"), "w") as f:
    json.dump(settings, f, indent=1)
    f.write("\n")

out = subprocess.run([sys.executable, REFERENCE, "issue8_sft_scores.csv", "issue8_branch_curves.csv", "issue8_fit_settings.json"],
                     cwd=HERE, check=True, capture_output=True, text=True).stdout
with open(os.path.join(HERE, "issue8_expected_reference.csv"), "w") as f:
    f.write(out)
print(out, end="")
