#!/usr/bin/env bash
# Lab throughput: the lab's Llama-shaped model trained and sampled with TorchSharp (libtorch 2.10) against
# the same model, shapes and ops in PyTorch 1.13 (Debian's python3-torch with OpenBLAS), in the same run,
# plus model FLOPs utilisation (MFU) against the CPU's peak; rollouts with the KV cache against rerunning
# the whole sequence per token; and one RL (GRPO) step of the real trainer split into sampling, scoring
# and training. Run by hand; not part of CI.
#
#   bench/lab-throughput.sh [THREADS...]        (default: 1 and the number of cores)
#
# Environment: REPEATS=3 (best of, interleaved), MODELS="small full" (presets of src/Headroom.Lab/Training/LabPreset.cs
# or sizes of src/Headroom.Lab/Model/ModelSizes.cs: tiny small full 0.2M 1M 5M),
# FLOPS_PER_CYCLE=32 (fp32 per core per cycle: two 256-bit FMA pipes = 2 x 8 x 2; AVX2 Zen/Skylake),
# GHZ (default: the current "cpu MHz" of /proc/cpuinfo, which under-states turbo and so over-states MFU).
# Shapes: training B=32 sequences of T=64 tokens (AdamW + clipping); sampling 128 sequences, prompt 16,
# 48 new tokens with and without the KV cache, nucleus-sampling ops. RL step: RL_MODEL (default: the
# small preset's fresh model; pass a lab's base/ folder for realistic response lengths), 16 prompts x 8
# rollouts, the mean of 3 steps after one warmup step. FLOPs per token are Core's framework.md §6
# formula for the model's real dimensions: 3 F_fwd(64) per training token, F_fwd(40) per sampled token.
set -euo pipefail
cd "$(dirname "$0")/.."

models=${MODELS:-"small full"}
threads_list=${*:-"1 $(nproc)"}
flops_per_cycle=${FLOPS_PER_CYCLE:-32}
ghz=${GHZ:-$(awk -F: '/cpu MHz/ { printf "%.3f", $2 / 1000; exit }' /proc/cpuinfo)}

# The PyTorch baseline: Debian's python3-torch 1.13 and the pthread OpenBLAS (without it torch 1.13
# falls back to the reference BLAS and is ~10x slower, which would make the comparison unfair).
missing=()
for package in python3-torch libopenblas0-pthread; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing the PyTorch baseline: ${missing[*]} (apt-get)." >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Missing ${missing[*]}: run 'sudo apt-get install ${missing[*]}' and retry." >&2
    exit 1
  fi
fi
blas=$(update-alternatives --query libblas.so.3-x86_64-linux-gnu 2>/dev/null | awk '/^Value:/ { print $2 }')
echo "PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)') with BLAS ${blas:-unknown}" >&2

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet build -c Release bench/lab/LabThroughput -o "$out/bin" -v quiet -nologo >&2

printf '\nCPU: %s, %s GHz x %s FLOPs/cycle/core\n\n' "$(awk -F: '/model name/ { sub(/^ /, "", $2); print $2; exit }' /proc/cpuinfo)" "$ghz" "$flops_per_cycle"
printf '%-6s %7s %9s | %10s %10s %6s %6s | %10s %10s %6s | %10s %10s %6s\n' model threads params "train TS" "train PT" ratio "MFU TS" "KV TS" "KV PT" ratio "noKV TS" "noKV PT" "KV/noKV"
best() { # the faster of two JSON measurements, per metric
  /usr/bin/python3 -c 'import json, sys
a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2])
for key in ("train_tokens_per_second", "sample_tokens_per_second", "sample_no_cache_tokens_per_second"):
    a[key] = max(a[key], b[key])
print(json.dumps(a))' "$1" "$2"
}
for model in $models; do
  for threads in $threads_list; do
    ts=""; pt=""
    # Interleave the two implementations and keep the best of REPEATS runs each: other processes on the
    # machine only ever slow a run down. OpenBLAS's own pthread pool on top of torch's OpenMP threads
    # oversubscribes the cores, so the baseline also tries OpenBLAS at 1 thread and keeps the faster.
    for _ in $(seq "${REPEATS:-3}"); do
      t=$("$out/bin/LabThroughput" "$model" "$threads"); ts=$([ -z "$ts" ] && echo "$t" || best "$ts" "$t")
      for blas_threads in $(echo 1 "$threads" | tr ' ' '\n' | sort -u); do
        p=$(OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$blas_threads /usr/bin/python3 bench/lab/llama_torch.py "$model" "$threads")
        pt=$([ -z "$pt" ] && echo "$p" || best "$pt" "$p")
      done
    done
    /usr/bin/python3 - "$ts" "$pt" "$ghz" "$flops_per_cycle" <<'PY'
import json, sys
ts, pt = json.loads(sys.argv[1]), json.loads(sys.argv[2])
ghz, per_cycle = float(sys.argv[3]), float(sys.argv[4])
assert ts["parameters"] == pt["parameters"], (ts["parameters"], pt["parameters"])
peak = ts["threads"] * ghz * 1e9 * per_cycle
mfu = ts["train_tokens_per_second"] * ts["train_flops_per_token"] / peak
r = lambda a, b: a / b
print(f'{ts["model"]:<6} {ts["threads"]:>7} {ts["parameters"]:>9} | {ts["train_tokens_per_second"]:>10.0f} {pt["train_tokens_per_second"]:>10.0f} {r(ts["train_tokens_per_second"], pt["train_tokens_per_second"]):>6.2f} {100 * mfu:>5.1f}% |'
      f' {ts["sample_tokens_per_second"]:>10.0f} {pt["sample_tokens_per_second"]:>10.0f} {r(ts["sample_tokens_per_second"], pt["sample_tokens_per_second"]):>6.2f} |'
      f' {ts["sample_no_cache_tokens_per_second"]:>10.0f} {pt["sample_no_cache_tokens_per_second"]:>10.0f} {r(ts["sample_tokens_per_second"], ts["sample_no_cache_tokens_per_second"]):>6.2f}')
PY
  done
done
echo
echo "tokens/s, best of ${REPEATS:-3}; TS = TorchSharp 0.107 (libtorch 2.10), PT = PyTorch 1.13 + OpenBLAS (best of OPENBLAS_NUM_THREADS=1|N);"
echo "ratio = TS / PT; KV/noKV = TorchSharp rollout tokens/s with the KV cache over rerunning the sequence per token;"
echo "MFU = TS training FLOPs / (threads x GHz x FLOPs/cycle). Other processes on the machine lower all of them."

rl_model=${RL_MODEL:-small}
printf '\nOne GRPO step of the lab trainer (%s, 16 prompts x 8 rollouts), seconds, best of %s:\n' "$rl_model" "${REPEATS:-3}"
printf '%7s %9s %9s | %9s %9s %9s %9s | %6s %6s %6s\n' threads rollouts resp_len sampling scoring training step "samp%" "score%" "train%"
for threads in $threads_list; do
  best_step=""
  for _ in $(seq "${REPEATS:-3}"); do
    t=$("$out/bin/LabThroughput" rl-step "$rl_model" "$threads")
    best_step=$(/usr/bin/python3 -c 'import json, sys
a = json.loads(sys.argv[1]); b = json.loads(sys.argv[2]) if sys.argv[2] else None
print(json.dumps(a if b is None or a["step_seconds"] < b["step_seconds"] else b))' "$t" "$best_step")
  done
  /usr/bin/python3 - "$best_step" <<'PY'
import json, sys
t = json.loads(sys.argv[1])
s = t["step_seconds"]
print(f'{t["threads"]:>7} {t["rollouts"]:>9} {t["mean_response_tokens"]:>9.1f} | {t["sampling_seconds"]:>9.3f} {t["scoring_seconds"]:>9.4f} {t["training_seconds"]:>9.3f} {s:>9.3f} |'
      f' {100 * t["sampling_seconds"] / s:>5.1f}% {100 * t["scoring_seconds"] / s:>5.1f}% {100 * t["training_seconds"] / s:>5.1f}%')
PY
done
