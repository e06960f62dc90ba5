#!/usr/bin/env bash
# Reproduces docs/lab-results.md: builds the world and base model, then SFT on the five data sets.
#   bench/lab/run-five.sh OUT [PRESET] [THREADS] [SEED]     (defaults: full, 1, 1)
# Each run resumes if killed; rerun the same command. Summary: python3 bench/lab/summarize.py OUT
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:?usage: run-five.sh OUT [PRESET] [THREADS] [SEED]}
preset=${2:-full}; threads=${3:-1}; seed=${4:-1}
dotnet build -c Release src/Headroom.Lab.Cli -o "$out/bin" -v quiet -nologo >&2
common=(--preset "$preset" --threads "$threads" --seed "$seed" --world "$out/lab" --no-progress)
"$out/bin/headroom-lab" data "${common[@]}" --out "$out/lab" | tee "$out/data.txt"
for dataset in small easy uniform hard large; do
  "$out/bin/headroom-lab" sft "${common[@]}" --dataset "$dataset" --out "$out/lab/sft-$dataset" | tee "$out/sft-$dataset.txt"
done
python3 bench/lab/summarize.py "$out/lab"
