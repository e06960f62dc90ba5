#!/usr/bin/env bash
# analyze speed benchmark (issue 10), run by hand: `headroom analyze` as a user runs it (whole process, peak RSS
# from /usr/bin/time -v) on a 30-branch study in real formats with 1000-resample intervals (target: under 15 s on
# 2 cores), beside two baselines measured in the same run:
#  - the same study with --bootstrap 0 (reading the logs, fitting, writing the report; no intervals);
#  - `headroom fit` on the same 30 curves as one CSV with 1000 resamples (the fits and intervals alone);
#  - `headroom fit study.yaml` (the same fits from the run folders, no report): analyze minus this is the report.
# The study: the demo's 21 runs (HF checkpoints, verl JSONL) plus 9 more branches read from copies of its logs.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "building (Release)..."
dotnet build -c Release src/Headroom.Cli -o "$work/cli" -v quiet -nologo >/dev/null
headroom() { dotnet "$work/cli/headroom.dll" "$@"; }

cp -r examples/demo "$work/study"
extra=0
for run in "$work"/study/rl/*-step*; do
  [ "$extra" -lt 9 ] || break
  name=$(basename "$run")
  cp -r "$run" "$work/study/rl/$name-rerun"
  mv "$work/study/rl/$name-rerun/$name.jsonl" "$work/study/rl/$name-rerun/$name-rerun.jsonl"
  dataset=${name%-step*}; step=${name##*-step}
  python3 - "$work/study/study.yaml" "$name-rerun" "$dataset" "$step" <<'PY'
import sys
path, name, dataset, step = sys.argv[1:]
text = open(path).read()
entry = f"  - name: {name}\n    from: {dataset}@{step}\n    algorithm: dapo\n    logs: rl/{name}\n"
open(path, "w").write(text.replace("pure_rl:\n", entry + "pure_rl:\n", 1))
PY
  extra=$((extra + 1))
done

measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -v "$@" > "$work/out.txt" 2> "$work/time.txt" || { cat "$work/time.txt"; exit 1; }
  local wall rss cpu
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt" | awk -F: '{ print ($1 * 60) + $2 }')
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$work/time.txt")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
  printf '%-62s %7.2f s wall  %7.2f s CPU  %5.0f MB peak RSS\n' "$label" "$wall" "$cpu" "$((rss / 1024))"
  echo "$wall" > "$work/last"
}

headroom analyze "$work/study/study.yaml" --out "$work/warm" --bootstrap 0 --no-progress > /dev/null   # page cache, JIT warm-up
branches=$(headroom analyze "$work/study/study.yaml" --out "$work/r0" --bootstrap 0 --format json --no-progress | python3 -c "import json,sys; print(len(json.load(sys.stdin)['branches']))")
python3 - "$work/r0/results.json" "$work/curves.csv" <<'PY'
import json, sys
rows = ["group,rl_ef,score"]
for b in json.load(open(sys.argv[1]))["branches"]:
    rows.append(f"{b['run']},0,{b['p_sft']}")
    rows += [f"{b['run']},{p['rl_ef']},{p['score']}" for p in b["points"]]
open(sys.argv[2], "w").write("\n".join(rows) + "\n")
PY
echo "$branches branches, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (wall times mean little when it exceeds the cores)"
measure "headroom analyze, 1000 resamples (whole process)" dotnet "$work/cli/headroom.dll" analyze "$work/study/study.yaml" --out "$work/r1000" --bootstrap 1000 --no-progress
full=$(cat "$work/last")
measure "baseline: headroom analyze --bootstrap 0" dotnet "$work/cli/headroom.dll" analyze "$work/study/study.yaml" --out "$work/rb0" --bootstrap 0 --no-progress
none=$(cat "$work/last")
measure "baseline: headroom fit on the same curves (CSV), 1000 resamples" dotnet "$work/cli/headroom.dll" fit "$work/curves.csv" --x rl_ef --y score --group group --pure-rl none --bootstrap 1000 --no-progress --format json
fit=$(cat "$work/last")
measure "baseline: headroom fit study.yaml (the same fits, logs read)" dotnet "$work/cli/headroom.dll" fit "$work/study/study.yaml" --bootstrap 1000 --no-progress --format json
awk -v a="$full" -v b="$none" -v c="$fit" 'BEGIN { printf "analyze / analyze --bootstrap 0: %.2fx; analyze / fit alone: %.2fx (target: analyze under 15 s)\n", a / b, a / c }'
