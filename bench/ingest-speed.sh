#!/usr/bin/env bash
# Ingest speed benchmark (issue 4): a 1 GB TensorBoard file of scalar events, read by the streaming
# TensorBoard reader, compared with `cat FILE > /dev/null` on the same file in the same run.
#
# Usage: bench/ingest-speed.sh [MEGABYTES=1024] [REPEATS=3]
# Targets: peak RSS < 200 MB, >= 300 MB/s, >= 1/3 of cat's throughput.
# The file lives in a temporary folder (deleted on exit); nothing is committed. Both readers see
# the file in the page cache (it was just written and is read once before timing): the figures
# compare processing speed, not the disk. Each figure is the best of REPEATS runs, because the
# machine may be shared.
set -euo pipefail
cd "$(dirname "$0")/.."

megabytes=${1:-1024}
repeats=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
file="$work/events.out.tfevents.1752749475.bench.1.0"

echo "building bench/IngestSpeed (Release)..."
dotnet build -c Release bench/IngestSpeed -o "$work/bin" -v quiet -nologo >/dev/null
dotnet "$work/bin/IngestSpeed.dll" generate "$file" "$megabytes"
bytes=$(stat -c %s "$file")
cat "$file" > /dev/null

best() { sort -g | head -n 1; }
seconds_of() { # runs a command under /usr/bin/time; prints "elapsed_seconds max_rss_kb"
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out"
  cat "$work/time"
}

cat_times=(); reader_times=(); reader_rss=(); reader_inner=()
for _ in $(seq "$repeats"); do
  read -r t _ < <(seconds_of cat "$file")
  cat_times+=("$t")
  read -r t rss < <(seconds_of dotnet "$work/bin/IngestSpeed.dll" stream "$file")
  reader_times+=("$t"); reader_rss+=("$rss")
  reader_inner+=("$(sed -n 's/.* in \([0-9.]*\) s .*/\1/p' "$work/out")")
  detail=$(cat "$work/out")
done

cat_s=$(printf '%s\n' "${cat_times[@]}" | best)
reader_s=$(printf '%s\n' "${reader_inner[@]}" | best)
process_s=$(printf '%s\n' "${reader_times[@]}" | best)
rss_kb=$(printf '%s\n' "${reader_rss[@]}" | sort -g | tail -n 1)

awk -v b="$bytes" -v c="$cat_s" -v r="$reader_s" -v p="$process_s" -v m="$rss_kb" -v d="$detail" 'BEGIN {
  mb = b / 1e6
  cat_rate = (c > 0) ? mb / c : 1e12
  reader_rate = mb / r
  process_rate = mb / p
  printf "file            %.1f MB of scalar events\n", mb
  printf "reader output   %s\n", d
  printf "cat             %.3f s  %8.1f MB/s\n", c, cat_rate
  printf "reader (scan)   %.3f s  %8.1f MB/s   (timed inside the process)\n", r, reader_rate
  printf "reader (proc)   %.3f s  %8.1f MB/s   (whole process, with .NET start-up)\n", p, process_rate
  printf "peak RSS        %.1f MB\n", m / 1024
  printf "ratio           %.3f of cat (scan), %.3f (process)\n", reader_rate / cat_rate, process_rate / cat_rate
  ok_rss = (m / 1024 < 200); ok_rate = (reader_rate >= 300); ok_ratio = (reader_rate >= cat_rate / 3)
  printf "targets         RSS<200MB: %s   >=300MB/s: %s   >=1/3 cat: %s\n", ok_rss ? "met" : "MISSED", ok_rate ? "met" : "MISSED", ok_ratio ? "met" : "MISSED"
}'
