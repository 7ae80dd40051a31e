#!/usr/bin/env bash
# The README's test command: installs what is missing, builds (Release, -O2) and runs
# every test in parallel. Long soak and fuzz runs are not part of it (see README.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
jobs="${STORMWATCH_JOBS:-$(nproc)}"
cmake --preset release >/dev/null
cmake --build --preset release -j "$jobs"
ctest --preset release -j "$((jobs * 2))" -LE 'soak|fuzz_long' "$@"
