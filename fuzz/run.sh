#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 60) on one job, one after another, and prints the
# executions and crashes of each. Needs the nightly toolchain and cargo-fuzz
# (`cargo install cargo-fuzz --locked`).
#
#   fuzz/run.sh [SECONDS] [TARGET…]
#   fuzz/run.sh --smoke
#
# --smoke is what CI runs: each target from the committed seeds only, with a fixed random seed and
# a fixed number of executions, so the run is the same on every machine and cannot fail by
# chance on a submission. It builds without a sanitizer (gongwen has no unsafe code; panics,
# timeouts and running out of memory are still caught) and runs as many targets at once as there
# are CPUs; the timed runs build with AddressSanitizer, cargo-fuzz's default.
#
# New inputs go to fuzz/corpus/TARGET/ (not committed), crashes to fuzz/artifacts/TARGET/; the
# committed seeds are fuzz/corpus/seed/ and the sample report. A crash fails the script: minimize
# it (`cargo +nightly fuzz tmin TARGET FILE`), fix it, and keep it as a test in
# tests/regression.rs with the input in tests/data/regression/.
set -uo pipefail
cd "$(dirname "$0")"

smoke=false
if [ "${1:-}" = --smoke ]; then
  smoke=true
  shift
fi
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(read_text xml_read docx_read html_read pdf_read ofd_read write_docx_pdf)

target_dir=()
[ -n "${CARGO_TARGET_DIR:-}" ] && target_dir=(--target-dir "$CARGO_TARGET_DIR/fuzz")
sanitizer=()
$smoke && sanitizer=(--sanitizer none)

cargo +nightly fuzz build "${sanitizer[@]}" "${target_dir[@]}" >/dev/null 2>&1 ||
  cargo +nightly fuzz build "${sanitizer[@]}" "${target_dir[@]}" || exit 2

# Runs one target and writes its summary line to artifacts/TARGET/summary; fails if it did.
run_one() {
  local target=$1
  # Laying out a PDF costs more per byte than reading: smaller inputs, more of them.
  local max_len=32768
  [ "$target" = write_docx_pdf ] && max_len=8192
  mkdir -p "corpus/$target" "artifacts/$target"
  local log="artifacts/$target/last-run.log"
  local started rc runs
  started=$(date +%s)
  if $smoke; then
    # Executions per target: about half a minute each on a 2-core machine.
    case $target in
      write_docx_pdf) runs=800 ;;
      read_text) runs=8000 ;;
      html_read) runs=20000 ;;
      pdf_read) runs=5000 ;;
      ofd_read) runs=20000 ;;
      ofd_read) runs=5000 ;;
      *) runs=60000 ;;
    esac
    local scratch
    scratch=$(mktemp -d)
    cargo +nightly fuzz run "${sanitizer[@]}" "${target_dir[@]}" "$target" "$scratch" corpus/seed ../samples -- \
      -seed=1 -runs="$runs" -max_len="$max_len" -timeout=30 -rss_limit_mb=4096 \
      -print_final_stats=1 >"$log" 2>&1
    rc=$?
    rm -rf "$scratch"
  else
    cargo +nightly fuzz run "${target_dir[@]}" "$target" "corpus/$target" corpus/seed ../samples -- \
      -max_total_time="$seconds" -max_len="$max_len" -timeout=30 -rss_limit_mb=4096 \
      -print_final_stats=1 >"$log" 2>&1
    rc=$?
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  local crashes took
  crashes=$(find "artifacts/$target" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
  took="$(($(date +%s) - started)) s"
  $smoke && took="a fixed smoke run"
  {
    echo "$target: ${runs:-?} executions in ${took}, exit $rc, ${crashes} crash/timeout/oom inputs in fuzz/artifacts/$target"
    [ $rc -eq 0 ] || grep -m 5 -E 'panicked|ERROR|SUMMARY' "$log"
  } >"artifacts/$target/summary"
  return $rc
}

status=0
if $smoke; then
  # At once, a target a CPU; the summaries in the targets' order.
  pids=()
  for target in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do
      wait -n || true
    done
    run_one "$target" &
    pids+=($!)
  done
  for i in "${!targets[@]}"; do
    wait "${pids[$i]}" || true
    grep -q ", exit 0, " "artifacts/${targets[$i]}/summary" || status=1
    cat "artifacts/${targets[$i]}/summary"
  done
else
  for target in "${targets[@]}"; do
    run_one "$target" || status=1
    cat "artifacts/$target/summary"
  done
fi
exit $status
