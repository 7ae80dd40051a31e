// Runs the spike detector core over one numeric series (NAB format) — the engine behind
// `stormwatch score-series`. Every series gets the continuous model (a generic series is
// not a Poisson count even when its values are integers: NAB's speeds, travel times and
// request counts are far over-dispersed) and the bucket length of its own sampling
// interval, plus the core's pattern-novelty test (TransitionNoveltyDetector); one
// parameter set for every series.
#pragma once

#include <cstdint>
#include <vector>

#include "operators/spike/seasonal_count_detector.h"
#include "operators/spike/transition_novelty.h"

namespace stormwatch::spike {

struct SeriesPoint {
  int64_t time_ms = 0;
  double value = 0.0;
};

// The sampling interval: the median step between consecutive points, clamped to the
// detector's bucket range [1 s, 1 h].
int64_t SamplingIntervalMs(const std::vector<SeriesPoint>& points);

// The parameters used by score-series for a series sampled every `interval_ms`.
DetectorParams SeriesParams(int64_t interval_ms);

// Score of a fully novel transition: just under the fire level (0.5), so novelty alone
// ranks a point high but is never an alert by itself.
inline constexpr double kNoveltyScore = 0.45;

// One anomaly score in [0, 1) per point, in order: the larger of the detector's onset
// score (high where an excursion starts, low while it merely continues) and
// kNoveltyScore x the transition novelty. Rows are scored in input order; a time at or
// before the previous one (NAB has a few) counts as 1 ms after it.
std::vector<double> ScoreSeries(const std::vector<SeriesPoint>& points,
                                const DetectorParams& params,
                                const NoveltyParams& novelty_params = {});

}  // namespace stormwatch::spike
