#!/usr/bin/env bash
# Builds the generator as it was at a git revision, as the assembly Backends.Generator.Baseline.dll in
# benchmarks/GeneratorBenchmarks/baseline/ (ignored by git), so that the benchmark can run it beside today's generator
# in the same process and the same run: ratios measured side by side survive the noise of a shared machine.
#
#   benchmarks/GeneratorBenchmarks/baseline.sh <git-rev>     (for example d934c5e, the code before issue 10)
set -euo pipefail

rev="${1:?usage: baseline.sh <git-rev>}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(git -C "$here" rev-parse --show-toplevel)"
out="$here/baseline"
tree="$(mktemp -d "${TMPDIR:-/tmp}/backends-baseline.XXXXXX")"

cleanup() { git -C "$repo" worktree remove --force "$tree" >/dev/null 2>&1 || rm -rf "$tree"; }
trap cleanup EXIT

git -C "$repo" worktree add --detach "$tree" "$rev" >/dev/null
rm -rf "$out"
dotnet build "$tree/src/Backends.Generator/Backends.Generator.csproj" -c Release -nologo -v quiet \
  -p:AssemblyName=Backends.Generator.Baseline -o "$out"
git -C "$repo" rev-parse "$rev" > "$out/REVISION"
echo "baseline generator at $(cat "$out/REVISION"): $out/Backends.Generator.Baseline.dll"
