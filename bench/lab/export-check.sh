#!/usr/bin/env bash
# Exports a lab model with `headroom lab export` and checks, in PyTorch 1.13, that the Hugging Face
# folder (model.safetensors with HF Llama names, config.json, tokenizer.json) gives the lab's logits
# to 1e-5. Run by hand; not part of CI.
#
#   bench/lab/export-check.sh [MODEL_FOLDER]   (default: builds the tiny preset's world and uses its base model)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet build -c Release src/Headroom.Lab.Cli -o "$out/cli" -v quiet -nologo >&2
dotnet build -c Release bench/lab/LabThroughput -o "$out/bench" -v quiet -nologo >&2
model=${1:-}
if [ -z "$model" ]; then
  "$out/cli/headroom" lab data --preset tiny --out "$out/lab" --threads 1 --no-progress >/dev/null
  model="$out/lab/base"
fi
"$out/cli/headroom" lab export "$model" --out "$out/hf"
"$out/bench/LabThroughput" logits "$model" "05+8*3-9?" "05+8*3-9?05+8=13;13*3=39;39-9=30;#30$" "77-9*7+3+3-1*9*3?" "$(printf '12+3?%.0s' {1..20})" > "$out/logits.json"
/usr/bin/python3 bench/lab/export_check.py "$out/hf" "$out/logits.json"
