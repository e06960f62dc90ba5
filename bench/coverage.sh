#!/usr/bin/env bash
# Bootstrap coverage benchmark (issue 2), run by hand: over 200 simulated curves per design (1200 in
# all), how often the 95% interval of A_post (default mode, 1000 resamples) covers the true ceiling.
# Target 90-99%. Usage: bench/coverage.sh [CURVES=200] [RESAMPLES=1000] [default|lts|tau2.5]
# (default: tau 3; lts: keep 75%, then tau 3; tau2.5: the paper's threshold without LTS). An interval flagged
# a_post_ci_kind = lower_bound covers when the truth is at or above its low end; the count of those is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build -c Release bench/FitSpeed -o "$work" -v quiet -nologo >/dev/null
dotnet "$work/FitSpeed.dll" coverage "${1:-200}" "${2:-1000}" "${3:-default}"
