#!/usr/bin/env bash
# Copies from a finished `headroom lab study` folder what `headroom analyze` reads (the manifest, each SFT run's
# trainer_state.json, each RL run's verl JSONL, the base model's config.json, the world report) into DEST, then
# analyses DEST there, so the committed example holds its own report. Nothing else (checkpoints, weights) is copied.
#   bench/lab/example-from-study.sh STUDY [DEST]     (default DEST: examples/lab-study)
set -euo pipefail
cd "$(dirname "$0")/../.."
study=${1:?usage: example-from-study.sh STUDY [DEST]}; dest=${2:-examples/lab-study}
[ -f "$study/study.yaml" ] || { echo "$study/study.yaml: no study manifest (has the study finished?)" >&2; exit 1; }
rm -rf "$dest"; mkdir -p "$dest/lab/base" "$dest/logs"
# a study run with --world names that world's config.json by its absolute path: copy it and name the copy
config=$(sed -n "s/^  config: '\(.*\)'$/\1/p" "$study/study.yaml" | head -1)
case "$config" in /*) ;; *) config="$study/$config" ;; esac
cp "$config" "$dest/lab/base/config.json"
sed "s|^  config: '.*'$|  config: 'lab/base/config.json'|" "$study/study.yaml" > "$dest/study.yaml"
cp "$study/logs/world.json" "$dest/logs/"
for run in "$study"/sft/*/; do name=$(basename "$run"); mkdir -p "$dest/sft/$name"; cp "$run/trainer_state.json" "$dest/sft/$name/"; done
for run in "$study"/rl/*/; do name=$(basename "$run"); mkdir -p "$dest/rl/$name"; cp "$run/$name.jsonl" "$dest/rl/$name/"; done
dotnet run --project src/Headroom.Cli -c Release -- analyze "$dest/study.yaml" --out "$dest/report" --no-progress
rm -f "$dest"/report/*.png 2>/dev/null || true
du -sh "$dest"
