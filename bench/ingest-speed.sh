#!/usr/bin/env bash
# Ingest speed benchmark (issues 4 and 9): the `headroom` command as users run it, beside the library's streaming
# scanner and `cat`, on the same files, with peak RSS from /usr/bin/time. Three inputs:
#   1. a ~1 GB TensorBoard event file of scalar events (add_scalar style, 20 tags);
#   2. a ~1 GB trainer_state.json (indent=2, sorted keys, as HF writes it);
#   3. a folder of 2,000 small HF run folders.
# Each command runs on this tree's build and on a baseline build (default: main) in the same run, back to back, so
# the figures compare before and after under the same load. The Parquet table is checked with DuckDB (npm), an
# independent reader: its row count and per-key counts and step ranges must equal what the scanner and `inspect` say.
#
# Usage: bench/ingest-speed.sh [MEGABYTES=1024] [REPEATS=3] [BASELINE=main] [RUNS=2000]
# Targets (issue 9): inspect >= 1/3 of cat's speed and < 200 MB; ingest --out .parquet >= 100 MB/s of input and
# < 500 MB; the same flat memory for the trainer_state.json and the 2,000 runs.
#
# Everything generated lives in a temporary folder (deleted on exit); nothing is committed. Files are read from the
# page cache (each is read before timing). The machine may be shared: the load average is printed before and after,
# and CPU time beside wall time. The baseline's ingest (which holds every row) runs once per input, not REPEATS times.
set -euo pipefail
cd "$(dirname "$0")/.."

megabytes=${1:-1024}
repeats=${2:-3}
baseline=${3:-main}
nruns=${4:-2000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "building this tree and $baseline (Release)..." >&2
dotnet build -c Release src/Headroom.Cli -o "$work/new" -v quiet -nologo > /dev/null
dotnet build -c Release bench/IngestSpeed -o "$work/bench" -v quiet -nologo > /dev/null
mkdir -p "$work/base-src"
git archive "$baseline" | tar -x -C "$work/base-src"
dotnet build -c Release "$work/base-src/src/Headroom.Cli" -o "$work/base" -v quiet -nologo > /dev/null
(cd bench/duckdb && timeout 300 npm install --silent --no-audit --no-fund > /dev/null 2>&1) || echo "npm install of @duckdb/node-api failed: the table check is skipped" >&2

echo "generating inputs..." >&2
tb="$work/tb/events.out.tfevents.1752749475.bench.1.0"
state="$work/state/trainer_state.json"
runs="$work/runs"
mkdir -p "$work/tb" "$work/state" "$runs"
dotnet "$work/bench/IngestSpeed.dll" generate "$tb" "$megabytes"
dotnet "$work/bench/IngestSpeed.dll" generate-state "$state" "$megabytes"
dotnet "$work/bench/IngestSpeed.dll" generate-runs "$runs" "$nruns"
for f in "$tb" "$state"; do cat "$f" > /dev/null; cat "$f" > /dev/null; done
cat "$runs"/*/* > /dev/null

# measure NAME INPUT_BYTES COMMAND...: appends "name bytes wall_s rss_kb cpu_s exit" to $work/results
measure() {
  local name=$1 bytes=$2
  shift 2
  local code=0
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" > "$work/out" 2> "$work/err" || code=$?
  tail -n 1 "$work/time" | awk -v n="$name" -v b="$bytes" -v c="$code" '{ printf "%s %s %s %s %.2f %s\n", n, b, $1, $2, $3 + $4, c }' >> "$work/results"
}

tb_bytes=$(stat -c %s "$tb")
state_bytes=$(stat -c %s "$state")
runs_bytes=$(du -sb "$runs" | cut -f1)
load_before=$(load)
for i in $(seq "$repeats"); do
  measure "cat" "$tb_bytes" cat "$tb"
  measure "scanner" "$tb_bytes" dotnet "$work/bench/IngestSpeed.dll" stream "$tb"
  cp "$work/out" "$work/scanner.txt"
  measure "tb.inspect.base" "$tb_bytes" "$work/base/headroom" inspect "$tb" --format json
  measure "tb.inspect.new" "$tb_bytes" "$work/new/headroom" inspect "$tb" --format json
  cp "$work/out" "$work/inspect.json"
  if [ "$i" = 1 ]; then measure "tb.ingest.base" "$tb_bytes" "$work/base/headroom" ingest "$tb" --out "$work/base.parquet"; fi
  measure "tb.ingest.new" "$tb_bytes" "$work/new/headroom" ingest "$tb" --out "$work/new.parquet"
  measure "state.cat" "$state_bytes" cat "$state"
  measure "state.inspect.base" "$state_bytes" "$work/base/headroom" inspect "$state" --format json
  measure "state.inspect.new" "$state_bytes" "$work/new/headroom" inspect "$state" --format json
  if [ "$i" = 1 ]; then measure "state.ingest.base" "$state_bytes" "$work/base/headroom" ingest "$state" --out "$work/state-base.parquet"; fi
  measure "state.ingest.new" "$state_bytes" "$work/new/headroom" ingest "$state" --out "$work/state.parquet"
  measure "runs.inspect.base" "$runs_bytes" "$work/base/headroom" inspect "$runs" --format json
  measure "runs.inspect.new" "$runs_bytes" "$work/new/headroom" inspect "$runs" --format json
  if [ "$i" = 1 ]; then measure "runs.ingest.base" "$runs_bytes" "$work/base/headroom" ingest "$runs" --out "$work/runs-base.parquet"; fi
  measure "runs.ingest.new" "$runs_bytes" "$work/new/headroom" ingest "$runs" --out "$work/runs.parquet"
done
load_after=$(load)

printf "inputs          TensorBoard %.1f MB; trainer_state.json %.1f MB; %d run folders %.1f MB; %d cores\n" \
  "$(echo "$tb_bytes / 1000000" | bc -l)" "$(echo "$state_bytes / 1000000" | bc -l)" "$nruns" "$(echo "$runs_bytes / 1000000" | bc -l)" "$(nproc)"
echo "load average    $load_before before, $load_after after (1, 5, 15 min); baseline = $baseline ($(git rev-parse --short "$baseline"))"
echo "scanner         $(cat "$work/scanner.txt")"
echo
printf "%-20s %5s %8s %9s %8s %8s %9s %5s\n" "command" "runs" "best s" "median s" "MB/s" "CPU s" "peak MB" "exit"
awk '{ n[$1]++; b[$1] = $2; t[$1, n[$1]] = $3; if ($4 > m[$1]) m[$1] = $4; if (!($1 in u) || $5 < u[$1]) u[$1] = $5; c[$1] = c[$1] ? c[$1] : $6 }
  END {
    for (k in n) {
      cnt = n[k]; for (i = 1; i <= cnt; i++) v[i] = t[k, i]
      for (i = 1; i <= cnt; i++) for (j = i + 1; j <= cnt; j++) if (v[j] < v[i]) { x = v[i]; v[i] = v[j]; v[j] = x }
      med = (cnt % 2) ? v[(cnt + 1) / 2] : (v[cnt / 2] + v[cnt / 2 + 1]) / 2
      printf "%-20s %5d %8.2f %9.2f %8.0f %8.2f %9.1f %5s\n", k, cnt, v[1], med, b[k] / 1e6 / (v[1] > 0 ? v[1] : 1e-9), u[k], m[k] / 1024, c[k]
    }
  }' "$work/results" | sort
echo

# Targets, from the best runs.
best() { awk -v k="$1" '$1 == k { if (b == "" || $3 < b) b = $3 } END { print b }' "$work/results"; }
peak() { awk -v k="$1" '$1 == k { if ($4 > p) p = $4 } END { print p / 1024 }' "$work/results"; }
awk -v cat="$(best cat)" -v ins="$(best tb.inspect.new)" -v ing="$(best tb.ingest.new)" -v b="$tb_bytes" \
  -v ri="$(peak tb.inspect.new)" -v rg="$(peak tb.ingest.new)" -v si="$(peak state.inspect.new)" -v sg="$(peak state.ingest.new)" \
  -v ui="$(peak runs.inspect.new)" -v ug="$(peak runs.ingest.new)" 'BEGIN {
  printf "targets         inspect %.2f of cat'"'"'s speed (>= 0.33: %s), %.0f MB (< 200: %s)\n", cat / ins, (cat / ins >= 1 / 3) ? "met" : "MISSED", ri, ri < 200 ? "met" : "MISSED"
  printf "                ingest .parquet %.0f MB/s (>= 100: %s), %.0f MB (< 500: %s)\n", b / 1e6 / ing, (b / 1e6 / ing >= 100) ? "met" : "MISSED", rg, rg < 500 ? "met" : "MISSED"
  printf "                trainer_state.json: inspect %.0f MB, ingest %.0f MB; 2,000 runs: inspect %.0f MB, ingest %.0f MB\n", si, sg, ui, ug
}'

# The table, read back by DuckDB, against the scanner (rows, sum) and inspect (per key count and step range).
if [ -d bench/duckdb/node_modules/@duckdb/node-api ]; then
  node bench/duckdb/check-table.js "$work/new.parquet" > "$work/duck.json"
  python3 - "$work/duck.json" "$work/scanner.txt" "$work/inspect.json" <<'PY'
import json, re, sys
duck = json.load(open(sys.argv[1]))
scanner = open(sys.argv[2]).read()
scalars = int(re.search(r"scalars=(\d+)", scanner).group(1))
checksum = float(re.search(r"checksum=([-0-9.eE+]+)", scanner).group(1))
inspect = {s["key"]: [s["count"], s["first_step"], s["last_step"]] for r in json.load(open(sys.argv[3]))["runs"] for s in r["series"]}
keys_ok = all(inspect.get(k) == [n, first, last] for k, n, first, last in duck["keys"]) and len(duck["keys"]) == len(inspect)
sum_ok = abs(duck["sum"] - checksum) <= 1e-9 * abs(checksum)
print(f"table (DuckDB)  {duck['rows']} rows (scanner: {scalars}); sum {duck['sum']:.6f} (scanner: {checksum:.6f}); "
      f"per-key counts and step ranges equal inspect's: {keys_ok} -> {'exact' if duck['rows'] == scalars and sum_ok and keys_ok else 'MISMATCH'}")
PY
fi
