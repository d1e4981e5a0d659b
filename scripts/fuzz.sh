#!/usr/bin/env bash
# Fuzzes the spec loader and the mapping parser with libFuzzer for SECONDS (default 60):
# docs/fuzzing.md. Builds the `loupe-fuzz` target with -sanitize=fuzzer into .build-fuzz/ (so
# the ordinary .build/ is untouched), seeds the corpus from Architectures/, Workloads/ and the
# test fixtures, and fails (exit 1) on a crash, leaving the input as crash-* in .build-fuzz/.
# A crash found becomes a test: copy the input to Tests/LoupeSpecTests/FuzzCrashes/ (the
# FuzzCrashReplayTests suite loads every file there) and fix the loader.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
case "$seconds" in (''|*[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS]" >&2; exit 64;; esac
scratch=.build-fuzz
swift build --scratch-path "$scratch" --product loupe-fuzz \
    -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library -Xswiftc -DLOUPE_FUZZING 2>&1 | tail -n 3
binary="$(swift build --scratch-path "$scratch" --product loupe-fuzz --show-bin-path \
    -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library -Xswiftc -DLOUPE_FUZZING)/loupe-fuzz"
corpus="$scratch/corpus"
seeds="$scratch/seeds"
mkdir -p "$corpus" "$seeds"
find Architectures Workloads Tests -name '*.yaml' -size -64k | while read -r f; do cp "$f" "$seeds/$(echo "$f" | tr / _)"; done
if [ -d Tests/LoupeSpecTests/FuzzCrashes ]; then cp Tests/LoupeSpecTests/FuzzCrashes/* "$seeds/" 2>/dev/null || true; fi
echo "fuzzing the spec loader for ${seconds} s ($(ls "$seeds" | wc -l) seed files)"
set +e
"$binary" "$corpus" "$seeds" -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=4096 \
    -artifact_prefix="$scratch/" -print_final_stats=1 > "$scratch/fuzz.log" 2>&1
status=$?
set -e
grep -E "^(#[0-9]+ +DONE|Done [0-9]+ runs|==[0-9]+==|stat::number_of_executed_units|SUMMARY|Test unit written)" "$scratch/fuzz.log" || true
if [ "$status" -ne 0 ]; then
    echo "fuzz: crash or hang found (exit $status); inputs in $scratch/crash-* / timeout-*" >&2
    exit 1
fi
echo "fuzz: no crash in ${seconds} s"
