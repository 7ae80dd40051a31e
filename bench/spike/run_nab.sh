#!/usr/bin/env bash
# Scores the spike detector on NAB: runs the already built score-series logic
# (bench/spike/nab_score_series, which calls RunScoreSeriesCommand per file) over every
# series, then NAB's scorer. Builds nothing.
#
#   bench/spike/run_nab.sh [BUILD_DIR] [RESULTS_DIR]
#   BUILD_DIR   default build/release (any build dir with the nab_score_series target built)
#   RESULTS_DIR default /tmp/stormwatch-nab-results (recreated)
#   NAB_DIR     env, default /work/shared/data/nab; NAB_SCORE env, default
#               /work/shared/tools/nab_score.py
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir="${1:-build/release}"
results="${2:-/tmp/stormwatch-nab-results}"
nab="${NAB_DIR:-/work/shared/data/nab}"
scorer="${NAB_SCORE:-/work/shared/tools/nab_score.py}"
driver="$build_dir/bench/spike/nab_score_series"
if [[ ! -x "$driver" ]]; then
  echo "run_nab.sh: $driver not built (cmake --build $build_dir --target nab_score_series)" >&2
  exit 2
fi
rm -rf "$results"
mkdir -p "$results"
"$driver" --nab "$nab" --results "$results"
python3 "$scorer" --nab "$nab" --results "$results"
