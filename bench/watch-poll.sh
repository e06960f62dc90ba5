#!/usr/bin/env bash
# watch benchmark (issue 10), run by hand: what following a live SFT run costs, whole process.
# A LLaMA-Factory run whose trainer_log.jsonl has grown to SIZE_MB (default 200) gets one evaluation line appended
# every second for POLLS seconds (default 30) while `headroom watch --interval 1` follows it; beside it, in the same
# run, the naive loop a script would write: `headroom regimes RUN` once per second for the same evaluations (every
# call re-reads the whole log). Printed: CPU seconds and peak RSS of each, and their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${SIZE_MB:-200}
polls=${POLLS:-30}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "building (Release)..."
dotnet build -c Release src/Headroom.Cli -o "$work/cli" -v quiet -nologo >/dev/null
mkdir -p "$work/run"
python3 - "$work/run/trainer_log.jsonl" "$size_mb" <<'PY'
import json, math, sys
path, size = sys.argv[1], int(sys.argv[2]) * 1_000_000
with open(path, "w") as f:
    step = 0
    while f.tell() < size:
        step += 1
        row = {"current_steps": step, "total_steps": 10_000_000, "loss": round(0.5 + math.exp(-step / 5e4), 4),
               "lr": 1e-5, "epoch": step / 1e5, "percentage": step / 1e5, "elapsed_time": "1:00:00", "remaining_time": "9:00:00"}
        if step % 1000 == 0:
            row["eval_loss"] = 0.6 + math.exp(-step / 2e5)
        f.write(json.dumps(row) + "\n")
print(f"log: {size // 1_000_000} MB, {step} lines", file=sys.stderr)
PY
last=$(tail -n 1 "$work/run/trainer_log.jsonl" | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["current_steps"])')
append() { # the i-th new evaluation
  echo "{\"current_steps\": $((last + $1 * 1000)), \"total_steps\": 10000000, \"eval_loss\": 0.5$1, \"epoch\": 1.0}" >> "$work/run/trainer_log.jsonl"
}
cpu_of() { awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$1"; }
rss_of() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }

echo "headroom watch --interval 1 for $polls s, one evaluation appended per second..."
/usr/bin/time -v dotnet "$work/cli/headroom.dll" watch "$work/run" --interval 1 --idle-timeout 3 --format json > "$work/watch.out" 2> "$work/watch.time" &
watcher=$!
for i in $(seq 1 "$polls"); do sleep 1; append "$i"; done
wait "$watcher" || true
seen=$(grep -c '"event":"evaluation"' "$work/watch.out")

echo "headroom regimes once per second for $polls s (the naive loop)..."
: > "$work/loop.time"
for i in $(seq 1 "$polls"); do
  /usr/bin/time -v dotnet "$work/cli/headroom.dll" regimes "$work/run" --format json > /dev/null 2> "$work/one.time"
  cat "$work/one.time" >> "$work/loop.time"
done
watch_cpu=$(cpu_of "$work/watch.time"); loop_cpu=$(cpu_of "$work/loop.time")
loop_rss=$(rss_of "$work/loop.time" | sort -n | tail -1)
echo "watch: ${watch_cpu} s CPU over $polls polls, $seen evaluations told, peak RSS $(rss_of "$work/watch.time") KB"
echo "regimes loop: ${loop_cpu} s CPU over $polls calls, peak RSS ${loop_rss} KB"
python3 -c "print(f'regimes loop / watch CPU: {$loop_cpu / max($watch_cpu, 0.01):.1f}x')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
