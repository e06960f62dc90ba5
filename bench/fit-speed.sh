#!/usr/bin/env bash
# Fit speed benchmark (issue 2), run by hand:
#  1. per fit, paper mode, in-process (start-up and imports excluded): Headroom vs the scipy reference
#     ../shared/tools/retu_reference_fit.py on the paper's 13 SFT889K branches, same machine, same run;
#  2. one bounded least-squares fit: Headroom's variable-projection LM against MathNet's LM (library baseline);
#  3. whole process: `headroom fit` on those branches in paper mode with 1000-resample bootstrap
#     intervals each (target: under 10 s on 2 cores).
# Needs Debian's python3-scipy (installed if missing) and ../shared/retu.
set -euo pipefail
cd "$(dirname "$0")/.."
retu=../shared/retu
tools=../shared/tools
[ -d "$retu" ] || { echo "fit-speed: $retu is absent; nothing to measure."; exit 1; }
if ! /usr/bin/python3 -c "import scipy" 2>/dev/null; then
  echo "installing python3-scipy (Debian) for the reference..."
  apt-get install -y python3-scipy >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "building (Release)..."
dotnet build -c Release bench/FitSpeed -o "$work/bench" -v quiet -nologo >/dev/null
dotnet build -c Release src/Headroom.Cli -o "$work/cli" -v quiet -nologo >/dev/null

ours=$(dotnet "$work/bench/FitSpeed.dll" paper "$retu" 50)
theirs=$(/usr/bin/python3 bench/reference_fit_timing.py "$retu" "$tools" 5)
echo "$ours"
echo "$theirs"
ours_ms=$(sed -n 's/.*, \([0-9.]*\) ms per fit/\1/p' <<<"$ours")
theirs_ms=$(sed -n 's/.*, \([0-9.]*\) ms per fit/\1/p' <<<"$theirs")
echo "speed-up per fit: $(awk -v a="$theirs_ms" -v b="$ours_ms" 'BEGIN { printf "%.1fx", a / b }') (target >= 20x)"
dotnet "$work/bench/FitSpeed.dll" solvers "$retu" 30

start=$(date +%s.%N)
dotnet "$work/cli/headroom.dll" fit "$retu/sft889k_rl_branches.csv" --x rl_ef --y overall --group sft_step \
  --p-sft-from "$retu/sft889k_sft_scores.csv" --settings "$retu/sft889k_fit_settings.json" --mode paper \
  --bootstrap 1000 --format json --no-progress > "$work/fit.json"
end=$(date +%s.%N)
branches=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))[\"fits\"]))" "$work/fit.json")
echo "whole process, $branches branches x 1000 bootstrap resamples, $(nproc) cores: $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f s", b - a }') (target < 10 s)"
