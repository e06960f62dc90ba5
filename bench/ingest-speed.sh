#!/usr/bin/env bash
# Ingest speed benchmark (issue 4): a 1 GB TensorBoard file of scalar events, read by the streaming
# TensorBoard reader, compared with `cat FILE > /dev/null` on the same file in the same run.
#
# Usage: bench/ingest-speed.sh [MEGABYTES=1024] [REPEATS=5]
# Targets: peak RSS < 200 MB, >= 300 MB/s, >= 1/3 of cat's throughput.
#
# The file lives in a temporary folder (deleted on exit); nothing is committed. Both readers see the
# file in the page cache (it was just written and is read twice before timing): the figures compare
# processing speed, not the disk. cat, the reader and the reader held to one core (taskset; the
# reader then runs its sequential path) take turns, REPEATS times; each figure is given as best and
# median, with the load average before and after, because the machine may be shared (on a busy
# machine wall times include waiting for a core: look at the CPU times and the load).
set -euo pipefail
cd "$(dirname "$0")/.."

megabytes=${1:-1024}
repeats=${2:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
file="$work/events.out.tfevents.1752749475.bench.1.0"
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "building bench/IngestSpeed (Release)..."
dotnet build -c Release bench/IngestSpeed -o "$work/bin" -v quiet -nologo >/dev/null
dotnet "$work/bin/IngestSpeed.dll" generate "$file" "$megabytes"
bytes=$(stat -c %s "$file")
cat "$file" > /dev/null
cat "$file" > /dev/null
cores=$(nproc)
load_before=$(load)

# Runs a command under /usr/bin/time; appends "elapsed_s max_rss_kb cpu_s in_process_s" to a file.
measure() {
  local into=$1
  shift
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" > "$work/out"
  local inner
  inner=$(sed -n 's/.* in \([0-9.]*\) s .*/\1/p' "$work/out")
  awk -v inner="${inner:-0}" '{ printf "%s %s %.3f %s\n", $1, $2, $3 + $4, inner }' "$work/time" >> "$work/$into"
}

for _ in $(seq "$repeats"); do
  measure cat cat "$file"
  measure reader dotnet "$work/bin/IngestSpeed.dll" stream "$file"
  detail=$(cat "$work/out")
  if [ "$cores" -gt 1 ] && command -v taskset > /dev/null; then
    measure single taskset -c 0 dotnet "$work/bin/IngestSpeed.dll" stream "$file"
  fi
done

load_after=$(load)
# column N of a results file: best (min) and median
best() { awk -v c="$2" '{ print $c }' "$work/$1" | sort -g | head -n 1; }
median() { awk -v c="$2" '{ print $c }' "$work/$1" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
peak() { awk -v c="$2" '{ print $c }' "$work/$1" | sort -g | tail -n 1; }

single_line=""
if [ -s "$work/single" ]; then
  single_line=$(awk -v b="$bytes" -v s="$(best single 4)" -v m="$(median single 4)" -v c="$(best single 3)" 'BEGIN {
    printf "reader, 1 core  %.3f s  %7.0f MB/s   (median %.3f s; CPU %.2f s; sequential path)", s, b / 1e6 / s, m, c }')
fi

awk -v b="$bytes" -v d="$detail" -v n="$repeats" -v cores="$cores" -v lb="$load_before" -v la="$load_after" \
  -v cb="$(best cat 1)" -v cm="$(median cat 1)" -v cc="$(best cat 3)" \
  -v rb="$(best reader 4)" -v rm="$(median reader 4)" -v pb="$(best reader 1)" -v pm="$(median reader 1)" \
  -v rc="$(best reader 3)" -v rss="$(peak reader 2)" -v single="$single_line" 'BEGIN {
  mb = b / 1e6
  cat_best = (cb > 0) ? mb / cb : 1e12; cat_median = (cm > 0) ? mb / cm : 1e12
  printf "file            %.1f MB of scalar events; %d cores; best and median of %d runs each\n", mb, cores, n
  printf "load average    %s before, %s after (1, 5, 15 min)\n", lb, la
  printf "reader output   %s\n", d
  printf "cat             %.3f s  %7.0f MB/s   (median %.3f s; CPU %.2f s)\n", cb, cat_best, cm, cc
  printf "reader (scan)   %.3f s  %7.0f MB/s   (median %.3f s; timed inside the process)\n", rb, mb / rb, rm
  printf "reader (proc)   %.3f s  %7.0f MB/s   (median %.3f s; whole process with .NET start-up; CPU %.2f s)\n", pb, mb / pb, pm, rc
  if (single != "") printf "%s\n", single
  printf "peak RSS        %.1f MB (largest of the reader runs)\n", rss / 1024
  printf "ratio to cat    best %.2f (scan) %.2f (proc); median %.2f (scan) %.2f (proc)\n", \
    (mb / rb) / cat_best, (mb / pb) / cat_best, (mb / rm) / cat_median, (mb / pm) / cat_median
  ok_rss = (rss / 1024 < 200); ok_rate = (mb / rb >= 300); ok_ratio = (mb / rb >= cat_best / 3); ok_proc = (mb / pb >= cat_best / 3)
  printf "targets         RSS<200MB: %s   >=300MB/s: %s   >=1/3 cat: %s (scan), %s (whole process)\n", \
    ok_rss ? "met" : "MISSED", ok_rate ? "met" : "MISSED", ok_ratio ? "met" : "MISSED", ok_proc ? "met" : "MISSED"
}'
