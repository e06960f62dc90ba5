#!/usr/bin/env bash
# Fit speed benchmark (issues 2 and 8), run by hand:
#  1. per fit, paper mode, in-process (start-up and imports excluded): Headroom vs the scipy reference
#     ../shared/tools/retu_reference_fit.py on the paper's 13 SFT889K branches, same machine, same run;
#  2. one bounded least-squares fit: Headroom's variable-projection LM against MathNet's LM (library baseline);
#  3. whole process: `headroom fit` on those branches in paper mode with 1000-resample bootstrap intervals each;
#  4. whole process: the 20-branch study of issue 8 (bench/FitSpeed/TwentyBranches.cs: 70 evaluations each, LTS on
#     16, free offsets, late windows, collapse tails) in paper mode with 1000 resamples each (target: under 10 s on
#     2 cores), beside the scipy-equivalent cost: the reference's time per fit on the same 20 branches, measured in
#     this run, times the 20 x 1001 fits.
# BASELINE=/path/to/another/checkout also builds that checkout's CLI and times it on the same study right before
# ours, for a ratio measured in the same run. Needs Debian's python3-scipy (installed if missing) and ../shared/retu.
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
if [ -n "${BASELINE:-}" ]; then
  dotnet build -c Release "$BASELINE/src/Headroom.Cli" -o "$work/baseline" -v quiet -nologo >/dev/null
fi
echo "machine load before: $(uptime)"

ours=$(dotnet "$work/bench/FitSpeed.dll" paper "$retu" 50)
theirs=$(/usr/bin/python3 bench/reference_fit_timing.py "$retu" "$tools" 5)
echo "$ours"
echo "$theirs"
ours_ms=$(sed -n 's/.*, \([0-9.]*\) ms per fit/\1/p' <<<"$ours")
theirs_ms=$(sed -n 's/.*, \([0-9.]*\) ms per fit/\1/p' <<<"$theirs")
echo "speed-up per fit: $(awk -v a="$theirs_ms" -v b="$ours_ms" 'BEGIN { printf "%.1fx", a / b }') (target >= 20x)"
dotnet "$work/bench/FitSpeed.dll" solvers "$retu" 30

# One whole `headroom fit` run: wall seconds, user + system CPU seconds and peak RSS (MB) from /usr/bin/time -v.
whole() {
  local cli=$1 dir=$2 prefix=$3
  /usr/bin/time -v dotnet "$cli/headroom.dll" fit "$dir/${prefix}rl_branches.csv" --x rl_ef --y overall --group sft_step \
    --p-sft-from "$dir/${prefix}sft_scores.csv" --settings "$dir/${prefix}fit_settings.json" --mode paper \
    --bootstrap 1000 --format json --no-progress > "$work/fit.json" 2> "$work/time.txt"
  awk -F': ' '/Elapsed/ { split($2, t, ":"); wall = (length(t) == 3 ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2]) }
    /User time/ { cpu += $2 } /System time/ { cpu += $2 } /Maximum resident/ { rss = $2 / 1024 }
    END { printf "%.2f s wall, %.2f s CPU, %.0f MB peak RSS", wall, cpu, rss }' "$work/time.txt"
}

echo "whole process, 13 SFT889K branches x 1000 bootstrap resamples, $(nproc) cores: $(whole "$work/cli" "$retu" sft889k_)"

dotnet "$work/bench/FitSpeed.dll" twenty "$work/twenty"
if [ -n "${BASELINE:-}" ]; then
  echo "baseline ($BASELINE), 20 branches x 1000 resamples, $(nproc) cores: $(whole "$work/baseline" "$work/twenty" twenty_)"
fi
echo "headroom, 20 branches x 1000 resamples, $(nproc) cores: $(whole "$work/cli" "$work/twenty" twenty_) (target < 10 s wall)"
reference=$(/usr/bin/python3 bench/reference_fit_timing.py "$work/twenty" "$tools" 2 twenty_)
reference_ms=$(sed -n 's/.*, \([0-9.]*\) ms per fit/\1/p' <<<"$reference")
echo "$reference"
echo "scipy-equivalent cost of the same work (20 x 1001 fits): $(awk -v ms="$reference_ms" -v cores="$(nproc)" 'BEGIN { s = ms * 20 * 1001 / 1000; printf "%.0f s on one core, %.0f s on %d cores", s, s / cores, cores }')"
echo "machine load after: $(uptime)"
