#!/usr/bin/env bash
# The README's first command: installs what is missing, builds the binary and runs
# `stormwatch demo` on the embedded broker.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "${STORMWATCH_JOBS:-$(nproc)}" --target stormwatch
exec build/release/pipeline/cli/stormwatch demo "$@"
