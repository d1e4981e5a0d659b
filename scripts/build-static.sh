#!/usr/bin/env bash
# Builds a release `loupe` with the Swift runtime, Foundation and Dispatch linked in statically,
# so the binary runs on a Linux machine with no Swift toolchain (docs/install.md), and checks
# that none of its dynamic dependencies is a Swift library.
#
#   scripts/build-static.sh            # builds .build-static/release/loupe and checks it
#   scripts/build-static.sh --check-only   # checks an existing .build-static/release/loupe
#
# Exit status: 0 when the binary exists, runs and links no libswift*/libFoundation*/libdispatch;
# 1 otherwise (the offending dependencies are printed).
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=.build-static
if [[ "${1:-}" != "--check-only" ]]; then
    swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product loupe
fi
bin="$scratch/release/loupe"
[[ -x "$bin" ]] || { echo "build-static: no binary at $bin" >&2; exit 1; }
deps=$(ldd "$bin" || true)
bad=$(grep -E 'libswift|libFoundation|libdispatch|libBlocksRuntime|not found' <<<"$deps" || true)
if [[ -n "$bad" ]]; then
    echo "build-static: $bin still needs:" >&2
    echo "$bad" >&2
    exit 1
fi
# The binary must also run with no Swift library reachable at all.
env -i PATH=/usr/bin:/bin LD_LIBRARY_PATH= "$bin" --help >/dev/null
echo "build-static: $bin links the Swift runtime statically; dynamic dependencies:"
sed 's/^/  /' <<<"$deps"
