#!/usr/bin/env python3
"""The tables of docs/lab-findings.md from a `headroom analyze` report of a `headroom lab study`.

    python3 bench/lab/findings.py REPORT_DIR [--seed 1] [--resamples 10000]

Reads REPORT_DIR/results.json and prints, finding by finding (issue 12): the ceiling of each paradigm with its
interval and its stability; A_post by the regime of the SFT checkpoint each branch started from; A_post across
the data sets; and Pearson r / Spearman rho between minimum validation loss and best A_post with a percentile
bootstrap interval over data sets (resampled with replacement; degenerate resamples with a constant column
are drawn again). Scores are in points (the report's percent).
"""
import argparse
import json
import random
import statistics


def pearson(x, y):
    mx, my = statistics.fmean(x), statistics.fmean(y)
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / (sxx * syy) ** 0.5


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            result[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return result


def spearman(x, y):
    return pearson(ranks(x), ranks(y))


def bootstrap(x, y, statistic, resamples, seed, level=0.95):
    rng = random.Random(seed)
    n, values = len(x), []
    while len(values) < resamples:
        idx = [rng.randrange(n) for _ in range(n)]
        bx, by = [x[i] for i in idx], [y[i] for i in idx]
        if len(set(bx)) < 2 or len(set(by)) < 2:
            continue
        values.append(statistic(bx, by))
    values.sort()
    lo = values[int((1 - level) / 2 * resamples)]
    hi = values[int((1 + level) / 2 * resamples) - 1]
    return lo, hi


def fmt(v, digits=1):
    return "–" if v is None else f"{v:.{digits}f}"


def interval(ci):
    # results.json writes an interval as [low, high] (null for an unbounded end)
    return "–" if not ci else f"[{fmt(ci[0])}, {fmt(ci[1])}]"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("report")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--resamples", type=int, default=10000)
    args = parser.parse_args()
    results = json.load(open(f"{args.report}/results.json"))

    print("## 1. Ceilings and stability by paradigm\n")
    print("| paradigm | best run | ceiling | 95% interval | kind | peak observed | runs | detrended spread | collapses |")
    print("|---|---|---:|---|---|---:|---:|---:|---:|")
    for p in results["paradigms"]:
        print(f"| {p['label']} | {p['best_run']} | {fmt(p['ceiling'])} | {interval(p.get('ceiling_ci'))} "
              f"| {'peak' if p['is_peak'] else 'fitted' if p.get('identified') else 'not identified'} | {fmt(p.get('peak_observed'))} | {p['runs']} | {fmt(p.get('detrended_spread'), 2)} | {p.get('collapses', 0)} |")

    print("\n## 2. A_post by the regime of the branch point\n")
    print("| SFT run | step | regime | val loss | P_sft | A_post | 95% interval | method | flags |")
    print("|---|---:|---|---:|---:|---:|---|---|---|")
    for b in results["branches"]:
        if b["paradigm"] != "sft_then_rl" and b.get("sft_step") is None:
            continue
        print(f"| {b['from'].split('@')[0]} | {fmt(b.get('sft_step'), 0)} | {b.get('regime') or '–'} | {fmt(b.get('val_loss'), 4)} | {fmt(b['p_sft'])} "
              f"| {fmt(b['a_post'])} | {interval(b.get('a_post_ci'))} | {b['method']} | {', '.join(b.get('flags', []))} |")

    print("\n## 3. Data scale and difficulty\n")
    print("| data set | size | difficulty | min val loss | best A_post | best branch |")
    print("|---|---:|---|---:|---:|---|")
    rows = [d for d in results["datasets"] if d.get("min_val_loss") is not None and d.get("best_a_post") is not None]
    for d in results["datasets"]:
        print(f"| {d['name']} | {fmt(d.get('size'), 0)} | {d.get('difficulty') or '–'} | {fmt(d.get('min_val_loss'), 4)} | {fmt(d.get('best_a_post'))} | {d.get('best_branch') or '–'} |")

    print("\n## 4. Minimum validation loss against best A_post\n")
    if len(rows) < 3:
        print(f"Only {len(rows)} data set(s) with both numbers: no correlation.")
        return
    x = [d["min_val_loss"] for d in rows]
    y = [d["best_a_post"] for d in rows]
    r, rho = pearson(x, y), spearman(x, y)
    r_ci = bootstrap(x, y, pearson, args.resamples, args.seed)
    rho_ci = bootstrap(x, y, spearman, args.resamples, args.seed)
    print(f"n = {len(rows)} data sets; Pearson r = {r:.3f} (95% bootstrap [{r_ci[0]:.3f}, {r_ci[1]:.3f}]); "
          f"Spearman rho = {rho:.3f} (95% bootstrap [{rho_ci[0]:.3f}, {rho_ci[1]:.3f}]); "
          f"{args.resamples} resamples of data sets, seed {args.seed}. Paper: r = -0.92 (five data sets, Qwen2.5-7B).")
    sel = results.get("selection") or {}
    if sel.get("pearson_r") is not None:
        print(f"(headroom analyze: Pearson r = {sel['pearson_r']:.3f}, p = {fmt(sel.get('pearson_p_value'), 3)}, Spearman rho = {fmt(sel.get('spearman_rho'), 3)}.)")


if __name__ == "__main__":
    main()
