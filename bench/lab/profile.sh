#!/usr/bin/env bash
# Where a training step's time goes, TorchSharp beside PyTorch 1.13: per phase on the lab model
# (forward, backward, clip, AdamW, ...; page faults per step), then per op at the model's shapes, forward
# and backward. Run by hand on a quiet machine (check `uptime`); medians of STEPS calls.
#
#   bench/lab/profile.sh [MODEL] [THREADS] [STEPS]      (default: full 1 40; MODEL: a preset or a model size)
set -euo pipefail
cd "$(dirname "$0")/../.."
model=${1:-full}; threads=${2:-1}; steps=${3:-40}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet build -c Release bench/lab/LabProfile -o "$out/bin" -v quiet -nologo >&2
echo "load: $(uptime | sed 's/.*load average: //')"
"$out/bin/LabProfile" "$model" "$threads" "$steps" > "$out/ts.txt"
(cd bench/lab && OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=1 /usr/bin/python3 profile_torch.py "$model" "$threads" "$steps") > "$out/pt.txt"
printf '%-42s %10s %10s\n' "" TorchSharp PyTorch
/usr/bin/python3 - "$out/ts.txt" "$out/pt.txt" <<'PY'
import sys
def rows(path):
    out = {}
    for line in open(path).read().splitlines()[1:]:
        parts = line.split()
        out[" ".join(parts[:-1])] = parts[-1]
    return out
ts, pt = rows(sys.argv[1]), rows(sys.argv[2])
for key in list(ts) + [k for k in pt if k not in ts]:
    print(f"{key:<42} {ts.get(key, '-'):>10} {pt.get(key, '-'):>10}")
PY
echo "load: $(uptime | sed 's/.*load average: //')"
