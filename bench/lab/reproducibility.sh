#!/usr/bin/env bash
# Statistical reproducibility across summation orders: the same study (world, base model, SFT on the five
# sets) with --threads 1 and --threads 2 plus libtorch's portable kernels (SIDE2_ENV below: a different
# floating-point summation order, a stand-in for another CPU) must give minimum validation losses within 5% and headlines within 2 standard errors. Bit-identity
# holds only for the same seed, threads and machine. Run by hand; prints a table and exits 1 on a miss.
#   bench/lab/reproducibility.sh OUT [PRESET] [SEED] [STUDY]     (default: small, 1)
# STUDY, when given, is a finished bench/lab/run-study.sh folder of the same preset and seed with --threads 1,
# or a `headroom lab study` folder run with --threads 1 (its world and five SFT runs done, RL need not be; PRESET is then the
# study's lab preset, e.g. small for --preset quick): its world and SFT runs are the threads-1 side, so only
# the threads-2 side is computed here, with the settings the study's runs recorded (their --set overrides).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:?usage: reproducibility.sh OUT [PRESET] [SEED] [STUDY]}
preset=${2:-small}; seed=${3:-1}; study=${4:-}
mkdir -p "$out"
world_sets=(); sft_sets=()
if [ -n "$study" ] && [ -f "$study/logs/world.json" ] && [ -d "$study/sft" ]; then
  # the --set overrides the study's runs were given: an SFT run's study-run.json (the same for every SFT run),
  # the world's command line in logs/world.log (the world has no marker: `lab data` checks it on every study)
  sets_of() { /usr/bin/python3 -c 'import sys; a = sys.argv[1:]; [print(f"--set\n{a[i + 1]}") for i, x in enumerate(a) if x == "--set"]' "$@"; }
  mapfile -t world_sets < <(sets_of $(grep '^\$ ' "$study/logs/world.log" | tail -1))
  mapfile -t sft_sets < <(sets_of $(/usr/bin/python3 -c 'import json, sys; print(" ".join(json.load(open(sys.argv[1]))["arguments"]))' "$(ls "$study"/sft/*/study-run.json | head -1)"))
  side1="$out/t1-study"; mkdir -p "$side1"
  ln -sf "$(realpath "$study/logs/world.json")" "$side1/data.json"
  for dataset in small easy uniform hard large; do ln -sf "$(realpath "$study/logs/sft-$dataset.json")" "$side1/sft-$dataset.json"; done
  study=$side1
fi
# `headroom lab ...` runs the headroom-lab built beside it
for project in src/Headroom.Cli src/Headroom.Lab.Cli; do dotnet build -c Release "$project" -o "$out/bin" -v quiet -nologo >&2; done
# Where --threads 2 sums in the same order as --threads 1 (libtorch splits work so that it does on some
# CPUs: bit-identical results), it stands in for nothing. SIDE2_ENV (default: ATEN_CPU_CAPABILITY=default,
# libtorch's portable kernels instead of the AVX2/AVX-512 ones: other reduction orders, as another CPU's)
# is set for the threads-2 side only; SIDE2_ENV= turns it off.
side2_env=${SIDE2_ENV-ATEN_CPU_CAPABILITY=default}
# the two sides run side by side (one process each), so the comparison takes one side's time on 2 cores
side() {
  local threads=$1 environment=()
  [ "$threads" = 2 ] && [ -n "$side2_env" ] && read -ra environment <<< "$side2_env"
  mkdir -p "$out/t$threads"
  common=(--preset "$preset" --threads "$threads" --seed "$seed" --no-progress --world "$out/t$threads")
  env "${environment[@]}" "$out/bin/headroom" lab data "${common[@]}" "${world_sets[@]}" --out "$out/t$threads" --format json > "$out/t$threads/data.json"
  for dataset in small easy uniform hard large; do
    env "${environment[@]}" "$out/bin/headroom" lab sft "${common[@]}" "${sft_sets[@]}" --dataset "$dataset" --out "$out/t$threads/sft-$dataset" --format json > "$out/t$threads/sft-$dataset.json"
  done
}
pids=()
for threads in 1 2; do
  [ "$threads" = 1 ] && [ -n "$study" ] && continue
  side "$threads" & pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
echo "threads-2 side run with: ${side2_env:-(no environment change)}"
/usr/bin/python3 - "${study:-$out/t1}" "$out/t2" <<'PY'
import json, os, sys
folders = {1: sys.argv[1], 2: sys.argv[2]}
load = lambda t, name: json.load(open(os.path.join(folders[t], name)))
rows, ok = [], True
d1, d2 = load(1, "data.json"), load(2, "data.json")
for t, d in ((1, d1), (2, d2)):
    if d["threads"] != t or (d["preset"], d["seeds"]) != (d1["preset"], d1["seeds"]):
        sys.exit(f"{folders[t]}/data.json: threads {d['threads']}, preset {d['preset']}, seeds {d['seeds']}; expected threads {t} and one preset and seed on both sides")
h1, h2 = d1["headline"], d2["headline"]
def zscore(a, b, se_a, se_b):
    # both scores exact (SE 0, e.g. 100% on every problem): equal or infinitely apart
    se = (se_a ** 2 + se_b ** 2) ** 0.5
    return abs(a - b) / se if se > 0 else (0.0 if a == b else float("inf"))
z = zscore(h1["base"], h2["base"], h1["se"], h2["se"])
ok &= z <= 2
rows.append(("base model", "–", "–", "–", f"{h1['base']:.3f} ± {h1['se']:.3f}", f"{h2['base']:.3f} ± {h2['se']:.3f}", f"{z:.2f}"))
for name in ["small", "easy", "uniform", "hard", "large"]:
    r1, r2 = load(1, f"sft-{name}.json"), load(2, f"sft-{name}.json")
    l1, l2 = r1["min_eval_loss"], r2["min_eval_loss"]
    rel = abs(l1 - l2) / min(l1, l2)
    p1 = max(r1["evaluations"], key=lambda e: e["headline"]); p2 = max(r2["evaluations"], key=lambda e: e["headline"])
    z = zscore(p1["headline"], p2["headline"], p1["headline_se"], p2["headline_se"])
    ok &= rel <= 0.05 and z <= 2
    rows.append((name, f"{l1:.4f}", f"{l2:.4f}", f"{100 * rel:.1f}%", f"{p1['headline']:.3f} ± {p1['headline_se']:.3f}", f"{p2['headline']:.3f} ± {p2['headline_se']:.3f}", f"{z:.2f}"))
print("| run | L_min (1 thread) | L_min (2 threads) | difference | peak headline (1) | peak headline (2) | |difference| / SE |")
print("|---|---|---|---|---|---|---|")
for row in rows:
    print("| " + " | ".join(row) + " |")
print(f"\nwithin 5% and 2 SE: {'yes' if ok else 'NO'}")
sys.exit(0 if ok else 1)
PY
