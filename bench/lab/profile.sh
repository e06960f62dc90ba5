#!/usr/bin/env bash
# Where a training step's time goes, TorchSharp beside PyTorch 1.13: per phase on the lab model
# (forward, backward, clip, AdamW, ...; page faults and memory growth per step), then per op at the
# model's shapes, backward and forward. Run by hand on a quiet machine (check `uptime`). Each figure is a
# median of STEPS calls; the two sides run REPEATS times (default 3), interleaved, keeping each row's
# lowest (other processes only ever slow a run down).
#
#   bench/lab/profile.sh [MODEL] [THREADS] [STEPS]      (default: full 1 40; MODEL: a preset or a model size)
set -euo pipefail
cd "$(dirname "$0")/../.."
model=${1:-full}; threads=${2:-1}; steps=${3:-40}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet build -c Release bench/lab/LabProfile -o "$out/bin" -v quiet -nologo >&2
echo "load: $(uptime | sed 's/.*load average: //')"
for i in $(seq "${REPEATS:-3}"); do
  "$out/bin/LabProfile" "$model" "$threads" "$steps" > "$out/ts.$i"
  (cd bench/lab && OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=1 /usr/bin/python3 profile_torch.py "$model" "$threads" "$steps") > "$out/pt.$i"
done
printf '%-42s %10s %10s\n' "" TorchSharp PyTorch
/usr/bin/python3 - "$out" <<'PY'
import glob, sys
def rows(pattern):
    best = {}
    for path in sorted(glob.glob(pattern)):
        for line in open(path).read().splitlines()[1:]:
            parts = line.split()
            key, value = " ".join(parts[:-1]), float(parts[-1])
            best[key] = min(best.get(key, value), value)
    return best
ts, pt = rows(sys.argv[1] + "/ts.*"), rows(sys.argv[1] + "/pt.*")
for key in list(ts) + [k for k in pt if k not in ts]:
    cell = lambda table: f"{table[key]:.3f}" if key in table else "-"
    print(f"{key:<42} {cell(ts):>10} {cell(pt):>10}")
PY
echo "load: $(uptime | sed 's/.*load average: //')"
