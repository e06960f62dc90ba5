#!/usr/bin/env bash
# Reproduces docs/lab-results.md: the world and base model, SFT on the five data sets, then RL (GRPO,
# DAPO_d, DAPO_dc) from the base model and DAPO_dc from two SFT checkpoints (the switch points that
# `headroom regimes` recommends for the uniform and large runs), and `headroom fit` on the RL curves.
#   bench/lab/run-study.sh OUT [PRESET] [THREADS] [SEED]     (defaults: small, 1, 1)
# Every stage resumes if killed; rerun the same command. Tables: python3 bench/lab/summarize.py OUT
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:?usage: run-study.sh OUT [PRESET] [THREADS] [SEED]}
preset=${2:-small}; threads=${3:-1}; seed=${4:-1}
mkdir -p "$out"
# `headroom lab ...` runs the headroom-lab built beside it
for project in src/Headroom.Cli src/Headroom.Lab.Cli; do dotnet build -c Release "$project" -o "$out/bin" -v quiet -nologo >&2; done
headroom="$out/bin/headroom"
common=(--preset "$preset" --threads "$threads" --seed "$seed" --no-progress)
"$headroom" lab data "${common[@]}" --out "$out/lab" --format json > "$out/data.json"
"$headroom" lab data "${common[@]}" --out "$out/lab" > "$out/data.txt"
for dataset in small easy uniform hard large; do
  "$headroom" lab sft "${common[@]}" --world "$out/lab" --dataset "$dataset" --out "$out/lab/sft-$dataset" --format json > "$out/sft-$dataset.json"
done
for algorithm in grpo dapo_d dapo_dc; do
  "$headroom" lab rl "${common[@]}" --world "$out/lab" --from base --algorithm "$algorithm" --out "$out/lab/rl-base-$algorithm" --format json > "$out/rl-base-$algorithm.json"
done
for dataset in uniform large; do
  # the recommended switch point, or the first checkpoint when step 0 (the base model) already is one
  step=$("$headroom" regimes "$out/lab/sft-$dataset" --format json | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["recommended_switch"]["step"])')
  [ "$step" = 0 ] && step=$(ls -d "$out/lab/sft-$dataset"/checkpoint-* | sed 's/.*checkpoint-//' | sort -n | head -1)
  "$headroom" lab rl "${common[@]}" --from "$out/lab/sft-$dataset/checkpoint-$step" --algorithm dapo_dc --out "$out/lab/rl-$dataset-$step-dapo_dc" --format json > "$out/rl-$dataset-dapo_dc.json"
done
/usr/bin/python3 bench/lab/rl_curves.py "$out/lab" "$out/rl_curves.csv" "$out/rl_start.csv"
"$headroom" fit "$out/rl_curves.csv" --x rl_pflops --y headline --group branch --p-sft-from "$out/rl_start.csv" --seed 1 --format json > "$out/fit.json"
"$headroom" fit "$out/rl_curves.csv" --x rl_pflops --y headline --group branch --p-sft-from "$out/rl_start.csv" --seed 1 > "$out/fit.txt"
/usr/bin/python3 bench/lab/summarize.py "$out"
