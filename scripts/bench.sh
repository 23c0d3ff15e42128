#!/usr/bin/env bash
# Runs every benchmark suite under benchmarks/ and rewrites its results in benchmarks/results/.
#   bash scripts/bench.sh            the whole suite (tens of minutes on 2 cores; needs memcached, memaslap, MariaDB:
#                                    scripts/install-test-deps.sh installs them)
#   bash scripts/bench.sh --smoke    every benchmark once, as fast as possible: checks that they still run, writes
#                                    nothing (the test command runs this)
#   --no-build                       use what `dotnet build BackendGen.sln -c Release` already built
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
smoke=0 build=1
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=1 ;;
    --no-build) build=0 ;;
    *) echo "unknown argument: $arg (expected --smoke, --no-build)" >&2; exit 2 ;;
  esac
done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

suites=(AccessorBenchmarks GeneratorBenchmarks OverheadBenchmarks MemcachedBenchmarks)
if [ "$build" -eq 1 ]; then
  for suite in "${suites[@]}"; do dotnet build "benchmarks/$suite" -c Release -nologo -v quiet; done
fi

artifacts="$(mktemp -d)"
trap 'rm -rf "$artifacts"' EXIT
run() {
  local suite="$1"; shift
  echo "== $suite $*"
  local log="$artifacts/$suite.log"
  (cd "$artifacts" && dotnet "$root/benchmarks/$suite/bin/Release/net10.0/$suite.dll" "$@") 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  # BenchmarkDotNet reports a benchmark that threw and goes on with exit code 0: fail on what it prints then.
  if [ "$status" -ne 0 ] || grep -qE 'Exception has been thrown|Unhandled exception' "$log"; then
    echo "$suite: a benchmark failed (exit code $status); see above" >&2
    exit 1
  fi
}

# BenchmarkDotNet's own tables (accessor and generator suites) go into <suite>-latest.md under a header that notes the
# machine and its load; the hand-written pages beside them interpret a recorded run.
latest() {
  local suite="$1" page="$2"; shift 2
  local before; before="$(cut -d' ' -f1-3 /proc/loadavg)"
  run "$suite" --filter '*' --exporters github --artifacts "$artifacts/$suite" "$@"
  {
    echo "# $suite: latest run"
    echo
    echo "Written by \`bash scripts/bench.sh\` on $(date -u '+%Y-%m-%d %H:%M') UTC: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), .NET SDK $(dotnet --version)."
    echo "Load average before: $before; after: $(cut -d' ' -f1-3 /proc/loadavg). Compare rows within this run only."
    echo
    for report in "$artifacts/$suite"/results/*-report-github.md; do cat "$report"; echo; done
  } > "benchmarks/results/$page"
}

if [ "$smoke" -eq 1 ]; then
  export BACKENDS_BENCH_SMOKE=1
  run AccessorBenchmarks --filter '*' --job Dry --artifacts "$artifacts/accessors"
  run GeneratorBenchmarks --filter '*' --job Dry --artifacts "$artifacts/generator"
  run OverheadBenchmarks --smoke
  run MemcachedBenchmarks --smoke
  echo "benchmark smoke: ${#suites[@]} suites ran"
  exit 0
fi

latest AccessorBenchmarks accessors-latest.md
latest GeneratorBenchmarks generator-latest.md
run OverheadBenchmarks --out "$root/benchmarks/results/overhead.md"
run MemcachedBenchmarks
echo "benchmarks/results/ rewritten"
