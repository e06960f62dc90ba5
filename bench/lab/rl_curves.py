"""Turns the lab's RL runs (verl file-logger JSONL) into the CSVs `headroom fit` reads: one row per
evaluation with the branch, the RL compute since the branch point in PFLOPs (1e15, framework.md §6 as
the trainer logged it in train/total_flos) and the headline; and the branch points' scores (P_sft).

Usage: rl_curves.py LAB_FOLDER CURVES_CSV START_CSV   (runs in LAB_FOLDER/rl-*/rl-*.jsonl)
"""
import csv
import glob
import json
import os
import sys


def main():
    lab, curves_path, start_path = sys.argv[1:4]
    with open(curves_path, "w", newline="") as curves, open(start_path, "w", newline="") as start:
        c, s = csv.writer(curves), csv.writer(start)
        c.writerow(["branch", "step", "rl_pflops", "headline", "headline_se"])
        s.writerow(["branch", "headline"])
        for log in sorted(glob.glob(os.path.join(lab, "rl-*", "rl-*.jsonl"))):
            branch = os.path.basename(os.path.dirname(log))[len("rl-"):]
            flops = 0.0
            for line in open(log):
                entry = json.loads(line)
                data = entry["data"]
                flops = data.get("train/total_flos", flops)
                if "val/headline" in data:
                    c.writerow([branch, entry["step"], f"{flops / 1e15:.9g}", data["val/headline"], data["val/headline_se"]])
                    if entry["step"] == 0:
                        s.writerow([branch, data["val/headline"]])


if __name__ == "__main__":
    main()
