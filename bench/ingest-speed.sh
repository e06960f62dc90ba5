#!/usr/bin/env bash
# Ingest speed benchmark (issues 4 and 9): the `headroom` command as users run it (the tool installed from its package),
# beside the library's streaming scanner and `cat`, on the same files, with peak RSS from /usr/bin/time. Five inputs:
#   1. a ~1 GB TensorBoard event file of scalar events (add_scalar style, 20 tags);
#   2. a ~1 GB trainer_state.json (indent=2, sorted keys, as HF writes it);
#   3. a folder of 2,000 small HF run folders;
#   4. a metrics.csv of a quarter the size (PyTorch Lightning's CSVLogger layout: step and 12 metric columns);
#   5. a verl JSONL of a quarter the size (its file logger's {"step": n, "data": {...}} lines);
#   6. a W&B `.wandb` datastore of a quarter the size, in its run folder (HF's WandbCallback rows).
# Beside `headroom inspect` on the trainer_state.json runs simdjson (bench/simdjson/inspect_bound.cpp) doing the same
# work on 2 threads, when g++ and Debian's libsimdjson-dev are there: the fastest JSON parser we know, as a bound on
# what any reader of that file can reach on this machine (its per-key figures are checked against inspect's).
# Each command runs on this tree's build and on a baseline build (default: main) in the same run, back to back, so
# the figures compare before and after under the same load. The Parquet table is checked with DuckDB (npm), an
# independent reader: its row count and per-key counts and step ranges must equal what the scanner and `inspect` say.
#
# Usage: bench/ingest-speed.sh [MEGABYTES=1024] [REPEATS=3] [BASELINE=main] [RUNS=2000]
# Targets (issue 9): inspect >= 1/3 of cat's speed and < 200 MB; ingest --out .parquet >= 100 MB/s of input and
# < 500 MB; the same flat memory for the trainer_state.json and the 2,000 runs.
#
# Every timed command (cat included) runs under `nice -n ${NICE:-10}`, REPEATS times, this tree and the baseline back
# to back; the table gives medians (wall and CPU), the highest peak RSS, and two ratios from the medians: `x cat` (`cat FILE > /dev/null`'s
# wall time on the same input over the command's: 1 = as fast as cat) and `x base` (the baseline's wall time over this
# tree's: 2 = twice as fast as the baseline), with the same ratio of CPU time beside it.
#
# Everything generated lives in a temporary folder (deleted on exit); nothing is committed. Files are read from the
# page cache (each is read before timing). The machine may be shared: the load average is printed before and after,
# and CPU time beside wall time.
set -euo pipefail
cd "$(dirname "$0")/.."

megabytes=${1:-1024}
repeats=${2:-3}
baseline=${3:-main}
nruns=${4:-2000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }

# The tool as users install it (README "Install as a .NET tool"): packed, then installed into a tool path from that
# package alone.
install_tool() { # SOURCE_TREE TOOL_PATH
  dotnet pack -c Release "$1/src/Headroom.Cli" -o "$2-nupkg" -v quiet -nologo > /dev/null
  printf '<configuration><packageSources><clear /><add key="local" value="%s" /></packageSources></configuration>\n' "$2-nupkg" > "$2-nuget.config"
  dotnet tool install headroom --tool-path "$2" --configfile "$2-nuget.config" > /dev/null
}
echo "packing and installing this tree and $baseline (Release)..." >&2
install_tool . "$work/new"
dotnet build -c Release bench/IngestSpeed -o "$work/bench" -v quiet -nologo > /dev/null
mkdir -p "$work/base-src"
git archive "$baseline" | tar -x -C "$work/base-src"
install_tool "$work/base-src" "$work/base"
bound=""
if command -v g++ > /dev/null && [ -f /usr/include/simdjson.h ]; then
  g++ -O3 -march=native -o "$work/inspect_bound" bench/simdjson/inspect_bound.cpp -lsimdjson -lpthread && bound="$work/inspect_bound"
else
  echo "g++ or simdjson.h (apt-get install libsimdjson-dev) missing: the simdjson bound is skipped" >&2
fi
(cd bench/duckdb && timeout 300 npm install --silent --no-audit --no-fund > /dev/null 2>&1) || echo "npm install of @duckdb/node-api failed: the table check is skipped" >&2

echo "generating inputs..." >&2
tb="$work/tb/events.out.tfevents.1752749475.bench.1.0"
state="$work/state/trainer_state.json"
runs="$work/runs"
csv="$work/csv/metrics.csv"
verl="$work/verl/rl.jsonl"
wandb="$work/wandb/run-20250717_104435-bench0001"
mkdir -p "$work/tb" "$work/state" "$runs" "$work/csv" "$work/verl" "$wandb"
dotnet "$work/bench/IngestSpeed.dll" generate "$tb" "$megabytes"
dotnet "$work/bench/IngestSpeed.dll" generate-state "$state" "$megabytes"
dotnet "$work/bench/IngestSpeed.dll" generate-runs "$runs" "$nruns"
dotnet "$work/bench/IngestSpeed.dll" generate-csv "$csv" $((megabytes / 4))
dotnet "$work/bench/IngestSpeed.dll" generate-verl "$verl" $((megabytes / 4))
dotnet "$work/bench/IngestSpeed.dll" generate-wandb "$wandb/run-bench0001.wandb" $((megabytes / 4))
for f in "$tb" "$state" "$csv" "$verl" "$wandb/run-bench0001.wandb"; do cat "$f" > /dev/null; cat "$f" > /dev/null; done
cat "$runs"/*/* > /dev/null

# measure NAME INPUT_BYTES COMMAND...: appends "name bytes wall_s rss_kb cpu_s exit" to $work/results
measure() {
  local name=$1 bytes=$2
  shift 2
  local code=0
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" nice -n "${NICE:-10}" "$@" > "$work/out" 2> "$work/err" || code=$?
  tail -n 1 "$work/time" | awk -v n="$name" -v b="$bytes" -v c="$code" '{ printf "%s %s %s %s %.2f %s\n", n, b, $1, $2, $3 + $4, c }' >> "$work/results"
}

tb_bytes=$(stat -c %s "$tb")
state_bytes=$(stat -c %s "$state")
runs_bytes=$(du -sb "$runs" | cut -f1)
csv_bytes=$(stat -c %s "$csv")
verl_bytes=$(stat -c %s "$verl")
wandb_bytes=$(stat -c %s "$wandb/run-bench0001.wandb")
load_before=$(load)
for i in $(seq "$repeats"); do
  # cat into /dev/null: the time to read the file (every command's stdout goes to a file on disk, which would
  # make cat, whose output is the whole input, time the disk's writes instead)
  measure "tb.cat" "$tb_bytes" sh -c 'cat "$1" > /dev/null' sh "$tb"
  measure "tb.scanner" "$tb_bytes" dotnet "$work/bench/IngestSpeed.dll" stream "$tb"
  cp "$work/out" "$work/scanner.txt"
  measure "tb.inspect.base" "$tb_bytes" "$work/base/headroom" inspect "$tb" --format json
  measure "tb.inspect.new" "$tb_bytes" "$work/new/headroom" inspect "$tb" --format json
  cp "$work/out" "$work/inspect.json"
  measure "tb.ingest.base" "$tb_bytes" "$work/base/headroom" ingest "$tb" --out "$work/base.parquet"
  measure "tb.ingest.new" "$tb_bytes" "$work/new/headroom" ingest "$tb" --out "$work/new.parquet"
  measure "state.cat" "$state_bytes" sh -c 'cat "$1" > /dev/null' sh "$state"
  if [ -n "$bound" ]; then
    measure "state.simdjson" "$state_bytes" "$bound" "$state" 2
    cp "$work/out" "$work/bound.txt"
  fi
  measure "state.inspect.base" "$state_bytes" "$work/base/headroom" inspect "$state" --format json
  measure "state.inspect.new" "$state_bytes" "$work/new/headroom" inspect "$state" --format json
  cp "$work/out" "$work/state-inspect.json"
  measure "state.ingest.base" "$state_bytes" "$work/base/headroom" ingest "$state" --out "$work/state-base.parquet"
  measure "state.ingest.new" "$state_bytes" "$work/new/headroom" ingest "$state" --out "$work/state.parquet"
  measure "runs.cat" "$runs_bytes" sh -c 'cat "$1"/*/* > /dev/null' sh "$runs"
  measure "runs.inspect.base" "$runs_bytes" "$work/base/headroom" inspect "$runs" --format json
  measure "runs.inspect.new" "$runs_bytes" "$work/new/headroom" inspect "$runs" --format json
  measure "runs.ingest.base" "$runs_bytes" "$work/base/headroom" ingest "$runs" --out "$work/runs-base.parquet"
  measure "runs.ingest.new" "$runs_bytes" "$work/new/headroom" ingest "$runs" --out "$work/runs.parquet"
  for input in csv verl wandb; do
    file=${!input}; bytes_var=${input}_bytes; data=$file
    [ -d "$file" ] && data="$file/run-bench0001.wandb" # the run folder is read; its datastore is what cat reads
    measure "$input.cat" "${!bytes_var}" sh -c 'cat "$1" > /dev/null' sh "$data"
    measure "$input.inspect.base" "${!bytes_var}" "$work/base/headroom" inspect "$file" --format json
    measure "$input.inspect.new" "${!bytes_var}" "$work/new/headroom" inspect "$file" --format json
    measure "$input.ingest.base" "${!bytes_var}" "$work/base/headroom" ingest "$file" --out "$work/$input-base.parquet"
    measure "$input.ingest.new" "${!bytes_var}" "$work/new/headroom" ingest "$file" --out "$work/$input.parquet"
  done
done
load_after=$(load)

printf "inputs          TensorBoard %.1f MB; trainer_state.json %.1f MB; %d run folders %.1f MB; metrics.csv %.1f MB; verl JSONL %.1f MB; .wandb %.1f MB; %d cores\n" \
  "$(echo "$tb_bytes / 1000000" | bc -l)" "$(echo "$state_bytes / 1000000" | bc -l)" "$nruns" "$(echo "$runs_bytes / 1000000" | bc -l)" \
  "$(echo "$csv_bytes / 1000000" | bc -l)" "$(echo "$verl_bytes / 1000000" | bc -l)" "$(echo "$wandb_bytes / 1000000" | bc -l)" "$(nproc)"
echo "load average    $load_before before, $load_after after (1, 5, 15 min); baseline = $baseline ($(git rev-parse --short "$baseline"))"
echo "scanner         $(cat "$work/scanner.txt")"
echo
NRUNS="$nruns" python3 - "$work/results" <<'PY'
import os, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, size, wall, rss, cpu, code = line.split()
    r = rows.setdefault(name, {"bytes": int(size), "wall": [], "cpu": [], "rss": 0, "exit": set()})
    r["wall"].append(float(wall)); r["cpu"].append(float(cpu)); r["rss"] = max(r["rss"], int(rss)); r["exit"].add(code)
med = {k: (statistics.median(v["wall"]), statistics.median(v["cpu"])) for k, v in rows.items()}
print(f"{'command':<20} {'runs':>4} {'wall s':>7} {'CPU s':>7} {'MB/s':>7} {'peak MB':>8} {'x cat':>6} {'x base':>7} {'CPU x base':>10} {'exit':>4}")
for k in sorted(rows):
    v = rows[k]; wall, cpu = med[k]; group = k.split(".")[0]
    cat = med.get(f"{group}.cat")
    xcat = f"{cat[0] / wall:.2f}" if cat and not k.endswith(".cat") else ""
    base = med.get(k[:-4] + ".base") if k.endswith(".new") else None
    xbase = f"{base[0] / wall:.2f}" if base else ""
    cbase = f"{base[1] / cpu:.2f}" if base and cpu > 0 else ""
    print(f"{k:<20} {len(v['wall']):>4} {wall:>7.2f} {cpu:>7.2f} {v['bytes'] / 1e6 / wall:>7.0f} {v['rss'] / 1024:>8.1f} {xcat:>6} {xbase:>7} {cbase:>10} {','.join(sorted(v['exit'])):>4}")
print()
def get(k): return med[k][0], rows[k]["rss"] / 1024, rows[k]["bytes"]
cat, _, _ = get("tb.cat"); ins, ri, b = get("tb.inspect.new"); ing, rg, _ = get("tb.ingest.new")
print(f"targets (medians) TensorBoard: inspect {cat / ins:.2f} of cat's speed (>= 0.33: {'met' if cat / ins >= 1 / 3 else 'MISSED'}), "
      f"{ri:.0f} MB (< 200: {'met' if ri < 200 else 'MISSED'}); ingest .parquet {b / 1e6 / ing:.0f} MB/s (>= 100: {'met' if b / 1e6 / ing >= 100 else 'MISSED'}), "
      f"{rg:.0f} MB (< 500: {'met' if rg < 500 else 'MISSED'})")
cat, _, _ = get("state.cat"); ins, ri, b = get("state.inspect.new"); ing, rg, _ = get("state.ingest.new")
print(f"                  trainer_state.json: inspect {cat / ins:.2f} of cat's speed (>= 0.33: {'met' if cat / ins >= 1 / 3 else 'MISSED'}), "
      f"{ri:.0f} MB (< 200: {'met' if ri < 200 else 'MISSED'}); ingest .parquet {b / 1e6 / ing:.0f} MB/s (>= 100: {'met' if b / 1e6 / ing >= 100 else 'MISSED'}), "
      f"{rg:.0f} MB (< 500: {'met' if rg < 500 else 'MISSED'})")
if "state.simdjson" in med:
    bound = get("state.simdjson")[0]
    print(f"                  trainer_state.json, simdjson on 2 threads doing inspect's work (the bound): {cat / bound:.2f} of cat's speed, "
          f"{bound:.2f} s against inspect's {ins:.2f} s ({ins / bound:.1f}x)")
print(f"                  {os.environ['NRUNS']} run folders: inspect {get('runs.inspect.new')[1]:.0f} MB, ingest {get('runs.ingest.new')[1]:.0f} MB")
for name, what in (("csv", "metrics.csv"), ("verl", "verl JSONL"), ("wandb", ".wandb run folder")):
    print(f"                  {what}: inspect {get(name + '.inspect.new')[1]:.0f} MB, ingest {get(name + '.ingest.new')[1]:.0f} MB (flat in the input: < 200 / < 500)")
PY
echo

# The bound did inspect's work: its per-key count, min, max and step range must be inspect's.
if [ -n "$bound" ]; then
  python3 - "$work/bound.txt" "$work/state-inspect.json" <<'PY'
import json, sys
bound = {k: [int(n), float(lo), float(hi), int(a), int(b)] for k, n, lo, hi, a, b in (l.split() for l in open(sys.argv[1]))}
inspect = {s["key"]: [s["count"], s["min"], s["max"], s["first_step"], s["last_step"]] for r in json.load(open(sys.argv[2]))["runs"] for s in r["series"]}
same = all(inspect.get(k) == v for k, v in bound.items()) and len(bound) > 0
print(f"bound (simdjson) {len(bound)} history keys, count, min, max and step range equal inspect's: {same}")
PY
fi

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
