#!/usr/bin/env bash
# Builds the benchmark jar and runs one benchmark set, then writes its section of dpn-benchmarks/RESULTS.md.
#
#   dpn-benchmarks/run.sh quick [SECTION]   the three target ratios, ~7 min on 2 cores   (section "quick")
#   dpn-benchmarks/run.sh grid  [SECTION]   the issue's grid minus the skipped points, ~25 min on 2 cores ("grid")
#   dpn-benchmarks/run.sh soak  [SECTION]   10,000 cnn-dpn training iterations, memory sampled ("soak")
#   dpn-benchmarks/run.sh profile [SECTION] JFR profile of target 1's point, the layer (~3 min)
#   dpn-benchmarks/run.sh smoke             one tiny point of each benchmark + report into target/ (~3 min)
#   dpn-benchmarks/run.sh pytorch [SECTION] the layer beside pytorch/compare.py (needs PyTorch), one thread then
#                                           every core, then CPU time on one thread (~10 min)      ("pytorch")
#
# SECTION names the RESULTS.md section, e.g. "quick-before" / "quick-after" around a layer change.
# Environment: OMP_NUM_THREADS (default: all cores, nproc), SKIP_BUILD=1 to reuse target/benchmarks.jar.
# Raw JMH JSON and logs go to dpn-benchmarks/results/SECTION/.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
mode="${1:-}"
section="${2:-$mode}"
jar="$here/target/benchmarks.jar"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}"
# ND4J's OpenMP threads spin while they wait by default; on a machine with anything else running that costs
# several times the work itself (measured: a cnn-dpn training batch 3.1 s spinning, 1.25 s passive)
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"

case "$mode" in
  quick|grid|soak|smoke|profile|pytorch) ;;
  *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -q -DskipTests package -pl dpn-benchmarks -am)
fi

results_md="$here/RESULTS.md"
out="$here/results/$section"
if [[ "$mode" == smoke ]]; then
  results_md="$here/target/smoke/RESULTS.md"
  out="$here/target/smoke"
fi
mkdir -p "$out"
rm -f "$out"/*.json
commands=()

# jmh NAME ARGS...: one JMH invocation, JSON to $out/NAME.json, console to $out/NAME.log
jmh() {
  local name="$1"; shift
  local cmd=(java -jar "$jar" "$@" -rf json -rff "$out/$name.json")
  commands+=("OMP_NUM_THREADS=$OMP_NUM_THREADS OMP_WAIT_POLICY=$OMP_WAIT_POLICY ${cmd[*]}")
  "${cmd[@]}" 2>&1 | tee "$out/$name.log"
}

report() {
  local title="$1"; shift
  local recorded
  recorded="$(printf '%s\n' "dpn-benchmarks/run.sh $*" "# which ran:" "${commands[@]}" | sed "s#$here/#dpn-benchmarks/#g")"
  java -cp "$jar" io.github.dpn4j.benchmarks.ResultsReport --section "$section" --title "$title" \
    --command "$recorded" --output "$results_md" "${report_flags[@]}" "$out"/*.json
  echo "wrote section '$section' of $results_md"
}

B=io.github.dpn4j.benchmarks
# thread counts for the GEMM limit: 1 and every core (nproc alone would follow OMP_NUM_THREADS)
gemm_threads() { local all; all="$(env -u OMP_NUM_THREADS nproc)"; if [[ "$all" -gt 1 ]]; then echo "1,$all"; else echo 1; fi; }
report_flags=()
case "$mode" in
  quick)
    # only the points behind the three targets
    flags=(-f 2 -wi 3 -i 5 -w 1s -r 1s)
    # the GEMM limit at one thread and at all cores: the report compares the layer with the faster
    jmh gemm "$B.GemmBenchmark.fullStep" "${flags[@]}" -p batch=128 -p width=64,256 -p components=20 \
      -p threads="$(gemm_threads)"
    jmh layer-64 "$B.LayerBenchmark" "${flags[@]}" -p batch=128 -p width=64 -p components=20 -p steps=10 \
      -p precision=FULL -p gradientMode=DETACHED
    jmh layer-256 "$B.LayerBenchmark" "${flags[@]}" -p batch=128 -p width=256 -p components=20 -p steps=10 \
      -p precision=FULL,DIAGONAL -p gradientMode=DETACHED
    jmh network "$B.NetworkBenchmark" "${flags[@]}" -p config=cnn,cnn-dpn -p precision=FULL -p batch=128
    report "Quick run" "$@"
    ;;
  grid)
    # one fork, short iterations: ~170 points in ~25 min on 2 cores; the quick set has the careful ratios
    flags=(-f 1 -wi 1 -i 2 -w 1s -r 1s)
    jmh gemm "$B.GemmBenchmark" "${flags[@]}" -p threads="$(gemm_threads)"
    # DETACHED (the default mode): every DIAGONAL point; FULL at d <= 256; FULL at d = 784 for n <= 10
    jmh layer-diagonal "$B.LayerBenchmark" "${flags[@]}" -p precision=DIAGONAL -p gradientMode=DETACHED
    jmh layer-full "$B.LayerBenchmark" "${flags[@]}" -p precision=FULL -p width=64,256 -p gradientMode=DETACHED
    jmh layer-full-784 "$B.LayerBenchmark" "${flags[@]}" -p precision=FULL -p width=784 -p steps=1,10 \
      -p gradientMode=DETACHED
    # FULL gradient mode (SameDiff's exact backprop through the chain) at B = 128, k = 20, d <= 256, n <= 10
    jmh layer-exact "$B.LayerBenchmark" "${flags[@]}" -p gradientMode=FULL -p batch=128 -p components=20 \
      -p width=64,256 -p steps=1,10
    jmh network "$B.NetworkBenchmark" "${flags[@]}" -p config=cnn,cnn-dpn -p precision=FULL
    jmh network-diagonal "$B.NetworkBenchmark" "${flags[@]}" -p config=cnn-dpn -p precision=DIAGONAL
    jmh network-seed "$B.NetworkBenchmark" -f 1 -wi 1 -i 2 -w 1s -r 1s -p config=seed -p precision=FULL,DIAGONAL
    report_flags=(--grid)
    report "Grid" "$@"
    ;;
  pytorch)
    # side by side: at each thread count dpn4j's points, then the PyTorch layer at the same points
    # PYTHON, else the first of python3 and Debian's /usr/bin/python3 (where python3-torch installs) that has torch
    py="${PYTHON:-}"
    for candidate in python3 /usr/bin/python3; do
      if [[ -z "$py" ]] && "$candidate" -c 'import torch' 2>/dev/null; then py="$candidate"; fi
    done
    [[ -n "$py" ]] || { echo "pytorch mode needs PyTorch (Debian: apt-get install python3-torch)"; exit 2; }
    for t in 1 $(env -u OMP_NUM_THREADS nproc); do
      OMP_NUM_THREADS=$t jmh "layer-t$t" "$B.LayerBenchmark" -f 1 -wi 3 -i 5 -w 1s -r 1s -p batch=128 \
        -p components=20 -p steps=10 -p width=64,256 -p precision=FULL,DIAGONAL -p gradientMode=DETACHED
      commands+=("OMP_NUM_THREADS=$t $py dpn-benchmarks/pytorch/compare.py --threads $t --out $out/torch-t$t.json")
      OMP_NUM_THREADS=$t "$py" "$here/pytorch/compare.py" --threads "$t" --out "$out/torch-t$t.json"
    done
    # one thread, CPU time of the calling thread: robust to whatever else the machine runs
    commands+=("OMP_NUM_THREADS=1 java -cp $jar $B.LayerCpuTime > $out/cpu-dpn4j.json")
    OMP_NUM_THREADS=1 java -cp "$jar" "$B.LayerCpuTime" > "$out/cpu-dpn4j.json"
    commands+=("OMP_NUM_THREADS=1 $py dpn-benchmarks/pytorch/compare.py --threads 1 --clock cpu --out $out/cpu-torch.json")
    OMP_NUM_THREADS=1 "$py" "$here/pytorch/compare.py" --threads 1 --clock cpu --out "$out/cpu-torch.json"
    recorded="$(printf '%s\n' "dpn-benchmarks/run.sh $*" "# which ran:" "${commands[@]}" | sed "s#$here/#dpn-benchmarks/#g")"
    "$py" "$here/pytorch/compare.py" --report --section "$section" --results "$results_md" \
      --torch "$out"/torch-t*.json --jmh "$out"/layer-t*.json --cpu-torch "$out/cpu-torch.json" \
      --cpu-dpn4j "$out/cpu-dpn4j.json" --command "$recorded" --load "$(uptime)"
    ;;
  smoke)
    flags=(-f 1 -wi 1 -i 1 -w 1s -r 1s)
    jmh gemm "$B.GemmBenchmark" "${flags[@]}" -p batch=32 -p width=64 -p components=10
    jmh layer "$B.LayerBenchmark" "${flags[@]}" -p batch=32 -p width=64 -p components=10 -p steps=1 \
      -p precision=FULL,DIAGONAL -p gradientMode=DETACHED
    jmh network "$B.NetworkBenchmark.inference" "${flags[@]}" -p config=cnn,cnn-dpn -p batch=32
    report "Smoke run (tiny settings, not a measurement)" "$@"
    ;;
  profile)
    rm -rf "$out/jfr"
    jmh profile "$B.LayerBenchmark" -f 1 -wi 3 -i 5 -w 1s -r 2s -p batch=128 -p width=64 \
      -p components=20 -p steps=10 -p precision=FULL -p gradientMode=DETACHED \
      -prof "jfr:dir=$out/jfr;configName=profile"
    recorded="$(printf '%s\n' "dpn-benchmarks/run.sh $*" "# which ran:" "${commands[@]}" | sed "s#$here/#dpn-benchmarks/#g")"
    mapfile -t jfrs < <(find "$out/jfr" -name '*.jfr' | sort)
    java -cp "$jar" "$B.ProfileSummary" --section "$section" --title "Profile (B=128, d=64, k=20, n=10, FULL, DETACHED)" \
      --command "$recorded" --output "$results_md" "${jfrs[@]}"
    echo "wrote section '$section' of $results_md"
    ;;
  soak)
    cmd=(java -Xmx2g -Dorg.slf4j.simpleLogger.log.org.nd4j.imports.converters.ImportClassMapping=error
         -Dorg.slf4j.simpleLogger.log.org.deeplearning4j.nn.conf.inputs.InputType=error -cp "$jar" "$B.SoakRun" --iterations 10000 --batch 32 --sample-every 500 --warmup 2500
         --out-dir "$out" --results "$results_md" --section "$section")
    recorded="dpn-benchmarks/run.sh $* (OMP_NUM_THREADS=$OMP_NUM_THREADS ${cmd[*]})"
    (cd "$here" && "${cmd[@]}" --command "${recorded//$here\//dpn-benchmarks/}")
    ;;
esac
