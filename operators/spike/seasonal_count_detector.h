// The spike detector core (DESIGN.md "What it detects: Spike"), shared by SpikeOperator
// (mention counts per brand / brand x topic) and `stormwatch score-series` (NAB series;
// there combined with the pattern-novelty test of transition_novelty.h).
//
// Per key it keeps a seasonal baseline — a level updated online (EWMA) with an
// hour-of-week profile (an hour-of-day profile stands in until a slot has a week of
// history) — and scores each closed event-time bucket by a tail probability:
//   * kCount: negative binomial (Poisson when not over-dispersed) for the last bucket and
//     for the last `window_buckets` buckets together; the dispersion is learned online.
//     Upper tail only: a drop in mentions is not a spike.
//   * kContinuous (generic real-valued series, e.g. NAB): the same baseline with an
//     additive profile, a robust scale (EWMA of winsorised absolute residuals) and a
//     two-sided Laplace tail for the bucket, a normal tail for the window mean of
//     residuals, and a normal tail against the long-run distribution of the values
//     (a value the history has never shown is news even when the level drifted there).
// Hysteresis (fire at p <= fire_probability, resolve after `resolve_buckets` buckets with
// p > resolve_probability) makes one spike one incident. While the baseline is young its
// uncertainty widens the predictive distribution and no alert fires before
// `warmup_buckets`. Every update is O(1) time; the state is a fixed-size POD (< 4 KiB).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace stormwatch::spike {

enum class ValueModel : uint8_t { kCount = 0, kContinuous = 1 };

// Immutable tuning of a detector. Defaults suit mention counts in 1-minute buckets.
struct DetectorParams {
  ValueModel model = ValueModel::kCount;
  int64_t bucket_ms = 60'000;
  // Buckets summed into the detection window (besides the single newest bucket).
  int window_buckets = 5;
  // Count model gating: fewest counts, and smallest observed/expected ratio, that may fire.
  double min_count = 10.0;
  double min_ratio = 1.5;
  // Hysteresis: fire when p <= fire_probability; resolve after resolve_buckets consecutive
  // buckets whose window p > resolve_probability.
  double fire_probability = 1e-6;
  double resolve_probability = 1e-2;
  int resolve_buckets = 5;
  // Baseline adaptation.
  double level_half_life_buckets = 60.0;
  double dispersion_half_life_buckets = 1440.0;
  // Weight of the newest cycle (week for hour-of-week, day for hour-of-day slots) in the
  // profile (0 disables the profile).
  double season_weight_per_cycle = 0.3;
  // Cold start: no alert before this many buckets of history.
  int warmup_buckets = 60;
  // kContinuous: half-life of the long-run distribution of the values.
  double history_half_life_buckets = 2000.0;
};

// Checks ranges; errors name the field, e.g. "window_buckets: expected ...".
absl::Status ValidateParams(const DetectorParams& params);

// Per-key state: plain data, memcpy-serialisable, a little over 1 KiB.
struct DetectorState {
  static constexpr int kSeasonSlots = 168;  // hours of the week, Monday 00:00 UTC = 0
  static constexpr int kDaySlots = 24;
  static constexpr int kSurpriseLevels = 8;  // -log10 p = 1, 2, 4, ..., 128
  static constexpr int kMaxWindow = 32;

  int64_t first_bucket_ms = 0;
  int64_t last_bucket_ms = 0;
  int64_t incident_start_ms = 0;
  uint32_t buckets_seen = 0;
  uint16_t calm_buckets = 0;
  uint8_t ring_head = 0;
  uint8_t firing = 0;
  double level = 0.0;
  // kCount: EWMAs of ((x - mu)^2 - mu) and mu^2, whose ratio is the NB dispersion 1/size.
  // kContinuous: EWMA of |residual| (scale) and unused.
  double spread_num = 0.0;
  double spread_den = 0.0;
  // kContinuous: long-run mean and mean square of the values.
  double history_mean = 0.0;
  double history_sq = 0.0;
  // Decayed peak of -log10 p, for onset scores.
  double score_peak = 0.0;
  float season[kSeasonSlots];
  uint16_t season_count[kSeasonSlots];  // buckets folded into each slot (saturating)
  float day_season[kDaySlots];
  uint16_t day_count[kDaySlots];
  // kContinuous: long-run rate of buckets at least as surprising as each level (an
  // empirical tail that calibrates the model's tail to this series).
  float surprise_rate[kSurpriseLevels];
  float ring_observed[kMaxWindow];
  float ring_expected[kMaxWindow];
  float ring_residual[kMaxWindow];
};
static_assert(sizeof(DetectorState) <= 4096, "per-key state must stay within 4 KiB");

// The verdict on one closed bucket.
struct BucketScore {
  // Anomaly score in [0, 1): s / (s + s_fire) with s = -log10(p) and s_fire the same for
  // fire_probability — a log-likelihood that is 0.5 exactly at the fire level.
  double score = 0.0;
  // `score` where an excursion starts or grows beyond its recent peak; damped while it
  // merely continues. What score-series writes: one high score per spike.
  double onset_score = 0.0;
  double probability = 1.0;        // tail probability of the deciding test (after gating)
  double log10_probability = 0.0;  // the same in log10, exact where `probability` underflows
  double observed = 0.0;           // observed value of the deciding test (bucket or window sum)
  double expected = 0.0;           // its expected value under the baseline
  int span_buckets = 1;            // 1 (newest bucket) or window_buckets
  bool fired = false;              // an incident starts at this bucket
  bool resolved = false;           // the incident ends at this bucket
  bool firing = false;             // an incident is open after this bucket
  int64_t incident_start_ms = 0;
  double baseline_age_hours = 0.0;
};

// Stateless apart from its parameters; thread-compatible (const methods only).
class SeasonalCountDetector {
 public:
  static absl::StatusOr<SeasonalCountDetector> Create(const DetectorParams& params);

  const DetectorParams& params() const { return params_; }

  // A fresh state (no history).
  static void Reset(DetectorState& state);

  // Scores the bucket [bucket_start_ms, +bucket_ms) holding `value` and folds it into
  // the baseline. Buckets must come in increasing order; skipped buckets count as zero
  // (folded in O(1)). A bucket at or before the last one is ignored (score 0).
  BucketScore Update(DetectorState& state, int64_t bucket_start_ms, double value) const;

  // Expected value of a bucket starting at `bucket_start_ms` under the current baseline.
  double Expected(const DetectorState& state, int64_t bucket_start_ms) const;

  // Sum of Expected over the `buckets` buckets that end with the one starting at
  // `newest_bucket_start_ms` (a sliding window, as shitstorm and spillover use); 0 before
  // the first bucket is seen.
  double ExpectedOverWindow(const DetectorState& state, int64_t newest_bucket_start_ms,
                            int buckets) const;

  // Compact serialisation: a version byte then the raw state.
  static std::string Serialize(const DetectorState& state);
  static bool Deserialize(std::string_view bytes, DetectorState& state);

  // Hour-of-week slot (0 = Monday 00:00-01:00 UTC) of an epoch time.
  static int SeasonSlot(int64_t epoch_ms);

 private:
  explicit SeasonalCountDetector(const DetectorParams& params);

  // The profile entry for an hour-of-week slot: factor - 1 (counts) or offset; 0 if unknown.
  double SeasonOffset(const DetectorState& state, int slot) const;
  // Cycles of history behind SeasonOffset for this slot (weeks, or days if daily).
  double SlotCycles(const DetectorState& state, int slot) const;
  void UpdateSeason(DetectorState& state, int slot, double target) const;
  void FoldGap(DetectorState& state, int64_t missing_buckets) const;
  // Both fill out.{log10_probability, observed, expected, span_buckets} and return the
  // log10 tail probability before volume gating (what decides resolution).
  double ScoreCount(DetectorState& state, int slot, double value, BucketScore& out) const;
  double ScoreContinuous(DetectorState& state, int slot, double value, BucketScore& out) const;
  void ApplyHysteresis(DetectorState& state, int64_t bucket_start_ms, double log10_p_ungated,
                       BucketScore& out) const;

  DetectorParams params_;
  double level_alpha_;
  double dispersion_alpha_;
  double week_alpha_;  // per bucket, hour-of-week profile
  double day_alpha_;   // per bucket, hour-of-day profile
  double buckets_per_slot_;
  double history_alpha_;
  double peak_decay_;
  double log10_fire_;
  double log10_resolve_;
};

}  // namespace stormwatch::spike
