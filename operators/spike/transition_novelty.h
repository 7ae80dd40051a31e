// Pattern novelty for score-series: the contextual half of the spike detector core on
// generic real-valued series, next to SeasonalCountDetector's tail probabilities (which
// see how far a value is from its baseline, not whether the series has ever moved like
// this). In the spirit of CAD OSE (Contextual Anomaly Detector, open-source edition), but
// with bounded state and no look-ahead:
//   * each value is quantised on two grids half a bin apart; the bin width is the
//     smallest power of two >= the standard deviation of everything seen so far (a power
//     of two so the grid stays put while the spread only wobbles);
//   * the novelty of a step is the share of grids on which the transition (previous bin,
//     bin) was never seen before — kept in a fixed bit table (hashed; a collision can only
//     hide novelty, never invent it);
//   * after a fully novel step the detector rests for `rest_buckets` steps (reports 0):
//     the series is learning a new regime, and NAB rewards one detection per anomaly.
// O(1) per update; the state is a fixed-size POD (< 1 KiB). The spike operator's count
// path does not use it.
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"

namespace stormwatch::spike {

struct NoveltyParams {
  // Steps reported as 0 after a fully novel step (and after the first value).
  int rest_buckets = 50;
};

absl::Status ValidateNoveltyParams(const NoveltyParams& params);

// Per-series state: plain data.
struct NoveltyState {
  static constexpr int kGrids = 2;
  static constexpr int kTableBits = 4096;

  uint32_t values_seen = 0;
  uint32_t rest_left = 0;
  double mean = 0.0;
  double mean_sq = 0.0;
  int64_t prev_bin[kGrids] = {};
  uint64_t seen[kTableBits / 64] = {};
};
static_assert(sizeof(NoveltyState) <= 1024, "novelty state must stay within 1 KiB");

// Stateless apart from its parameters; thread-compatible (const methods only).
class TransitionNoveltyDetector {
 public:
  static absl::StatusOr<TransitionNoveltyDetector> Create(const NoveltyParams& params);

  // Folds `value` in and returns its novelty in [0, 1]: the share of grids on which the
  // step from the previous value lands on a never-seen transition; 0 while resting.
  double Update(NoveltyState& state, double value) const;

 private:
  explicit TransitionNoveltyDetector(const NoveltyParams& params) : params_(params) {}

  NoveltyParams params_;
};

}  // namespace stormwatch::spike
