"""Summarise lab SFT runs for docs/lab-results.md: validation-loss curves with L_min and the
framework.md §4 regimes (Adaptive / Stable <= 1.02 L_min / Mild < 1.10 L_min / Severe >= 1.10 L_min after
the last Stable checkpoint), and benchmark scores per checkpoint, as Markdown.

Usage: summarize.py LAB_FOLDER [DATASET...]   (runs in LAB_FOLDER/sft-DATASET/trainer_state.json)
"""
import json
import os
import sys

DELTA, DELTA2 = 0.02, 0.10
BENCHMARKS = ["arith", "olympiad", "products", "chains", "aime_a", "aime_b"]


def regimes(losses):
    l_min = min(losses)
    stable = [i for i, l in enumerate(losses) if l <= (1 + DELTA) * l_min]
    first, last = stable[0], stable[-1]
    labels = []
    for i, l in enumerate(losses):
        if i < first:
            labels.append("Adaptive")
        elif i <= last:
            labels.append("Stable")
        elif l < (1 + DELTA2) * l_min:
            labels.append("Mild")
        else:
            labels.append("Severe")
    return l_min, labels


def main():
    lab, datasets = sys.argv[1], sys.argv[2:] or ["small", "easy", "uniform", "hard", "large"]
    summary = ["| dataset | examples | L_min | at step | Stable steps | first Mild | first Severe | final / L_min | peak headline (step) |", "|---|---|---|---|---|---|---|---|---|"]
    details = []
    for name in datasets:
        path = os.path.join(lab, f"sft-{name}", "trainer_state.json")
        if not os.path.exists(path):
            continue
        state = json.load(open(path))
        evals = [e for e in state["log_history"] if "eval_loss" in e]
        steps = [e["step"] for e in evals]
        losses = [e["eval_loss"] for e in evals]
        l_min, labels = regimes(losses)
        stable = [s for s, r in zip(steps, labels) if r == "Stable"]
        first = lambda r: next((str(s) for s, x in zip(steps, labels) if x == r), "never")
        best = max(evals, key=lambda e: e.get("eval_headline", -1))
        examples = sum(1 for _ in open(os.path.join(lab, "data", "sft", f"{name}.jsonl")))
        summary.append(f"| {name} | {examples} | {l_min:.4f} | {steps[losses.index(l_min)]} | {stable[0]}–{stable[-1]} | {first('Mild')} | {first('Severe')} | {losses[-1] / l_min:.3f} | {best.get('eval_headline', float('nan')):.3f} ({best['step']}) |")
        details.append(f"\n#### {name} ({examples} trajectories)\n")
        details.append("| step | epoch | eval_loss | L / L_min | regime | " + " | ".join(BENCHMARKS) + " | headline |")
        details.append("|---|---|---|---|---|" + "---|" * len(BENCHMARKS) + "---|")
        for e, r in zip(evals, labels):
            scores = " | ".join(f"{e.get('eval_' + b + '_pass1', float('nan')):.3f}" for b in BENCHMARKS)
            details.append(f"| {e['step']} | {e['epoch']:.1f} | {e['eval_loss']:.4f} | {e['eval_loss'] / l_min:.3f} | {r} | {scores} | {e.get('eval_headline', float('nan')):.3f} |")
    print("\n".join(summary))
    print("\n".join(details))


if __name__ == "__main__":
    main()
