"""Summarise a lab study (bench/lab/run-study.sh) for docs/lab-results.md, as Markdown:
the data report per set and per benchmark (data.json), the five SFT runs' validation-loss curves with L_min
and the framework.md §4 regimes (Adaptive / Stable <= 1.02 L_min / Mild < 1.10 L_min / Severe >= 1.10 L_min
after the last Stable checkpoint) and headlines, and the RL runs with the ceilings `headroom fit` gave (fit.json).

Usage: summarize.py STUDY_FOLDER   (STUDY_FOLDER/lab/sft-*/trainer_state.json, lab/rl-*/rl-*.jsonl, data.json, fit.json)
"""
import glob
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
        labels.append("Adaptive" if i < first else "Stable" if i <= last else "Mild" if l < (1 + DELTA2) * l_min else "Severe")
    return l_min, labels


def f(value, digits=3):
    return "–" if value is None or value != value else f"{value:.{digits}f}"


def data_tables(study):
    path = os.path.join(study, "data.json")
    if not os.path.exists(path):
        return []
    d = json.load(open(path))
    p = d["pretraining"]
    out = [f"World v{d['version']}, preset {d['preset']}, seeds {d['seeds']}, threads {d['threads']}, {d['parameters']:,} parameters. "
           f"Pretraining: {p['steps']} steps, {'stopped at its plateau' if p['plateau'] else 'stopped at the cap'} ({p['rule']}); held-out corpus loss {f(p['final_eval_loss'], 4)}.", "",
           "| set | examples | mean steps | mean response tokens | weak win rate (labelled) | distinct answers | top answer share |", "|---|---|---|---|---|---|---|"]
    for s in d["sets"]:
        out.append(f"| {s['name']} | {s['examples']} | {f(s['mean_steps'], 2)} | {f(s['mean_response_tokens'], 1)} | {f(s['weak_win_rate'])} ({s['labelled']}) | {s['distinct_answers']} | {f(s['top_answer_share'])} |")
    out += ["", f"Labelling: {d['labelled']} candidates, {d['attempts']} attempts each; wins 0..{d['attempts']}: {' / '.join(map(str, d['win_rate_histogram']))}. "
            f"Mean win rate by steps 1..{len(d['win_rate_by_steps'])}: {' '.join(f(w, 2) for w in d['win_rate_by_steps'])}; "
            f"of which lucky (a right answer without exact steps): {' '.join(f(w, 3) for w in d.get('lucky_win_rate_by_steps', []))}.", "",
            "| benchmark | mirrors | steps | problems | metric | base score | SE |", "|---|---|---|---|---|---|---|"]
    for b in d["benchmarks"]:
        metric = "pass@1" if b["samples_per_problem"] == 1 else f"Avg@{b['samples_per_problem']}"
        out.append(f"| {b['name']} | {b['mirrors']} | {b['min_steps']}–{b['max_steps']} | {b['problems']} | {metric} | {f(b['base_score'])} | {f(b['se'])} |")
    out += ["", f"Base headline {f(d['headline']['base'])} ± {f(d['headline']['se'])} (SE); validation loss {f(d['base_eval_loss'], 4)}.", ""]
    return out


def sft_tables(lab):
    summary = ["| dataset | examples | L_min | at step | Stable steps | first Mild | first Severe | final / L_min | peak headline ± SE (step) |", "|---|---|---|---|---|---|---|---|---|"]
    details = []
    for name in ["small", "easy", "uniform", "hard", "large"]:
        path = os.path.join(lab, f"sft-{name}", "trainer_state.json")
        if not os.path.exists(path):
            continue
        evals = [e for e in json.load(open(path))["log_history"] if "eval_loss" in e]
        steps, losses = [e["step"] for e in evals], [e["eval_loss"] for e in evals]
        l_min, labels = regimes(losses)
        stable = [s for s, r in zip(steps, labels) if r == "Stable"]
        first = lambda r: next((str(s) for s, x in zip(steps, labels) if x == r), "never")
        best = max(evals, key=lambda e: e.get("eval_headline", -1))
        examples = sum(1 for _ in open(os.path.join(lab, "data", "sft", f"{name}.jsonl")))
        summary.append(f"| {name} | {examples} | {l_min:.4f} | {steps[losses.index(l_min)]} | {stable[0]}–{stable[-1]} | {first('Mild')} | {first('Severe')} | {losses[-1] / l_min:.3f} | {f(best.get('eval_headline'))} ± {f(best.get('eval_headline_se'))} ({best['step']}) |")
        details += [f"\n#### {name} ({examples} trajectories)\n", "| step | epoch | eval_loss | L / L_min | regime | " + " | ".join(BENCHMARKS) + " | headline |", "|---|---|---|---|---|" + "---|" * len(BENCHMARKS) + "---|"]
        for e, r in zip(evals, labels):
            scores = " | ".join(f(e.get(f"eval_{b}_pass1")) for b in BENCHMARKS)
            details.append(f"| {e['step']} | {e['epoch']:.1f} | {e['eval_loss']:.4f} | {e['eval_loss'] / l_min:.3f} | {r} | {scores} | {f(e.get('eval_headline'))} |")
    return summary + details


def rl_tables(study):
    fit = {}
    fit_path = os.path.join(study, "fit.json")
    if os.path.exists(fit_path):
        for branch in json.load(open(fit_path))["fits"]:
            fit[str(branch["group"])] = branch
    out = ["| run | start (P_sft) | final | peak (step) | steps | RL PFLOPs | gen. rounds | A_post (95% CI) | method |", "|---|---|---|---|---|---|---|---|---|"]
    for log in sorted(glob.glob(os.path.join(study, "lab", "rl-*", "rl-*.jsonl"))):
        branch = os.path.basename(os.path.dirname(log))[len("rl-"):]
        entries = [json.loads(line) for line in open(log)]
        evals = [(e["step"], e["data"]["val/headline"], e["data"]["val/headline_se"]) for e in entries if "val/headline" in e["data"]]
        flops = max((e["data"].get("train/total_flos", 0) for e in entries), default=0)
        rounds = sum(e["data"].get("train/num_gen_batches", 0) for e in entries)
        peak = max(evals, key=lambda e: e[1])
        b = fit.get(branch, {})
        ceiling = b.get("a_post")
        interval = b.get("a_post_ci") or []
        ci = f" ({f(interval[0])}–{f(interval[1])})" if interval else ""
        out.append(f"| {branch} | {f(evals[0][1])} ± {f(evals[0][2])} | {f(evals[-1][1])} ± {f(evals[-1][2])} | {f(peak[1])} ({peak[0]}) | {entries[-1]['step']} | {flops / 1e15:.3f} | {rounds:.0f} | {f(ceiling)}{ci} | {b.get('method', '–')} |")
    return out


def main():
    study = sys.argv[1]
    lab = os.path.join(study, "lab")
    print("\n".join(data_tables(study) + sft_tables(lab) + ["", "### RL runs", ""] + rl_tables(study)))


if __name__ == "__main__":
    main()
