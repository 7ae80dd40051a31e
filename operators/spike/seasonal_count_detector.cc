// Seasonal baseline + count/continuous tail model + hysteresis; see
// seasonal_count_detector.h for the model and where it sits in the data flow.
#include "operators/spike/seasonal_count_detector.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "operators/common/state_codec.h"
#include "operators/spike/tail_probability.h"
#include "pipeline/core/strings.h"

namespace stormwatch::spike {
namespace {

constexpr int64_t kHourMs = 3'600'000;
constexpr uint8_t kStateVersion = 1;
// Epoch day 0 (1970-01-01) was a Thursday: +72 h puts Monday 00:00 at slot 0.
constexpr int64_t kEpochToMondayHours = 72;
// Bounds of the negative binomial dispersion (1/size) learned for counts.
constexpr double kMinDispersion = 0.01;
constexpr double kMaxDispersion = 4.0;
constexpr double kDefaultDispersion = 0.1;
// Spread of the seasonal factor before a slot has been seen for a full cycle.
constexpr double kUnseenSlotDispersion = 0.1;
// Residuals beyond this many scales are winsorised before they reach the baseline.
constexpr double kWinsorScales = 3.0;
// Smallest seasonal factor (an hour with 5% of the usual volume).
constexpr double kMinSeasonFactor = 0.05;
// Smallest expected count per bucket (a silent key still has some chance of a mention).
constexpr double kMinMean = 1e-3;
// How much more surprising (in -log10 p) than the recent peak a bucket must be to count
// as a new onset.
constexpr double kOnsetGrowth = 2.0;
// The residual scale is at least this fraction of the long-run standard deviation.
constexpr double kMinScaleOfSpread = 0.2;
// Three tests (bucket, window, history) share the false-alarm budget (Bonferroni).
constexpr double kContinuousTests = 3.0;

double AlphaFromHalfLife(double half_life) {
  return half_life <= 0.0 ? 1.0 : 1.0 - std::exp2(-1.0 / half_life);
}

// s / (s + s_fire) with s = -log10(p): 0 for p = 1, 0.5 at the fire level, towards 1 for
// ever smaller p without saturating (so scores still rank the most extreme buckets).
double ScoreFromLog10Probability(double log10_p, double log10_fire) {
  if (log10_p >= 0.0) return 0.0;
  return log10_p / (log10_p + log10_fire);
}

double SafeLog10(double p) { return std::log10(std::max(p, 1e-300)); }

// Upper tail of a count under NB(mean, size), with a cheap normal approximation where the
// exact value cannot matter for a decision (less than one standard deviation above).
double CountTail(double observed, double mean, double size) {
  const double sd = std::sqrt(mean + mean * mean / size);
  const double z = (observed - mean) / sd;
  if (z < 1.0) return NormalUpperTail(z);
  return NegativeBinomialUpperTail(observed, mean, size);
}

}  // namespace

absl::Status ValidateParams(const DetectorParams& p) {
  auto bad = [](absl::string_view field, absl::string_view expect, auto got) {
    return absl::InvalidArgumentError(StrCat(field, ": expected ", expect, ", got ", got));
  };
  if (p.bucket_ms < 1000 || p.bucket_ms > kHourMs) {
    return bad("bucket_ms", "an integer in [1000, 3600000]", p.bucket_ms);
  }
  if (p.window_buckets < 1 || p.window_buckets > DetectorState::kMaxWindow) {
    return bad("window_buckets", "an integer in [1, 32]", p.window_buckets);
  }
  if (!(p.min_count >= 0.0)) return bad("min_count", "a number >= 0", p.min_count);
  if (!(p.min_ratio >= 1.0)) return bad("min_ratio", "a number >= 1", p.min_ratio);
  if (!(p.fire_probability > 0.0 && p.fire_probability < 1.0)) {
    return bad("fire_probability", "a number in (0, 1)", p.fire_probability);
  }
  if (!(p.resolve_probability > p.fire_probability && p.resolve_probability <= 1.0)) {
    return bad("resolve_probability", "a number in (fire_probability, 1]", p.resolve_probability);
  }
  if (p.resolve_buckets < 1 || p.resolve_buckets > 10000) {
    return bad("resolve_buckets", "an integer in [1, 10000]", p.resolve_buckets);
  }
  if (!(p.level_half_life_buckets > 0.0)) {
    return bad("level_half_life_buckets", "a number > 0", p.level_half_life_buckets);
  }
  if (!(p.dispersion_half_life_buckets > 0.0)) {
    return bad("dispersion_half_life_buckets", "a number > 0", p.dispersion_half_life_buckets);
  }
  if (!(p.season_weight_per_cycle >= 0.0 && p.season_weight_per_cycle <= 1.0)) {
    return bad("season_weight_per_cycle", "a number in [0, 1]", p.season_weight_per_cycle);
  }
  if (p.warmup_buckets < 0) return bad("warmup_buckets", "an integer >= 0", p.warmup_buckets);
  if (!(p.history_half_life_buckets > 0.0)) {
    return bad("history_half_life_buckets", "a number > 0", p.history_half_life_buckets);
  }
  return absl::OkStatus();
}

absl::StatusOr<SeasonalCountDetector> SeasonalCountDetector::Create(const DetectorParams& params) {
  if (absl::Status s = ValidateParams(params); !s.ok()) return s;
  return SeasonalCountDetector(params);
}

SeasonalCountDetector::SeasonalCountDetector(const DetectorParams& params)
    : params_(params),
      level_alpha_(AlphaFromHalfLife(params.level_half_life_buckets)),
      dispersion_alpha_(AlphaFromHalfLife(params.dispersion_half_life_buckets)),
      history_alpha_(AlphaFromHalfLife(params.history_half_life_buckets)),
      peak_decay_(std::exp2(-1.0 / std::max(1, params.resolve_buckets))),
      log10_fire_(std::log10(params.fire_probability)),
      log10_resolve_(std::log10(params.resolve_probability)) {
  buckets_per_slot_ = std::max<double>(1.0, static_cast<double>(kHourMs) / params.bucket_ms);
  // The newest cycle of a slot weighs season_weight_per_cycle, spread over its buckets.
  const double keep = 1.0 - params.season_weight_per_cycle;
  week_alpha_ = 1.0 - std::pow(keep, 1.0 / buckets_per_slot_);
  day_alpha_ = week_alpha_;
}

void SeasonalCountDetector::Reset(DetectorState& state) {
  state = DetectorState{};
  std::fill(std::begin(state.season), std::end(state.season), 0.0f);
  std::fill(std::begin(state.season_count), std::end(state.season_count), 0);
  std::fill(std::begin(state.day_season), std::end(state.day_season), 0.0f);
  std::fill(std::begin(state.day_count), std::end(state.day_count), 0);
  std::fill(std::begin(state.surprise_rate), std::end(state.surprise_rate), 0.0f);
  std::fill(std::begin(state.ring_observed), std::end(state.ring_observed), 0.0f);
  std::fill(std::begin(state.ring_expected), std::end(state.ring_expected), 0.0f);
  std::fill(std::begin(state.ring_residual), std::end(state.ring_residual), 0.0f);
}

int SeasonalCountDetector::SeasonSlot(int64_t epoch_ms) {
  int64_t hours = epoch_ms / kHourMs;
  if (epoch_ms < 0 && epoch_ms % kHourMs != 0) --hours;
  int64_t slot = (hours + kEpochToMondayHours) % DetectorState::kSeasonSlots;
  if (slot < 0) slot += DetectorState::kSeasonSlots;
  return static_cast<int>(slot);
}

double SeasonalCountDetector::SlotCycles(const DetectorState& state, int slot) const {
  const double weeks = state.season_count[slot] / buckets_per_slot_;
  if (weeks >= 1.0) return weeks;
  return state.day_count[slot % DetectorState::kDaySlots] / buckets_per_slot_;
}

// Hour-of-week once the slot has a week of history, else hour-of-day once that slot has
// a day, else nothing.
double SeasonalCountDetector::SeasonOffset(const DetectorState& state, int slot) const {
  if (params_.season_weight_per_cycle <= 0.0) return 0.0;
  if (state.season_count[slot] >= buckets_per_slot_) return state.season[slot];
  const int day_slot = slot % DetectorState::kDaySlots;
  if (state.day_count[day_slot] >= buckets_per_slot_) return state.day_season[day_slot];
  return 0.0;
}

// Each profile is a running mean during its slot's first cycle, then an EWMA.
void SeasonalCountDetector::UpdateSeason(DetectorState& state, int slot, double target) const {
  if (params_.season_weight_per_cycle <= 0.0) return;
  uint16_t& week_count = state.season_count[slot];
  const double a_week = std::max(week_alpha_, 1.0 / (week_count + 1.0));
  state.season[slot] += static_cast<float>(a_week * (target - state.season[slot]));
  if (week_count < UINT16_MAX) ++week_count;
  const int day_slot = slot % DetectorState::kDaySlots;
  uint16_t& day_count = state.day_count[day_slot];
  const double a_day = std::max(day_alpha_, 1.0 / (day_count + 1.0));
  state.day_season[day_slot] += static_cast<float>(a_day * (target - state.day_season[day_slot]));
  if (day_count < UINT16_MAX) ++day_count;
}

double SeasonalCountDetector::ExpectedOverWindow(const DetectorState& state,
                                                 int64_t newest_bucket_start_ms,
                                                 int buckets) const {
  double expected = 0;
  for (int i = 0; i < buckets; ++i) {
    const int64_t t = newest_bucket_start_ms - i * params_.bucket_ms;
    expected += state.buckets_seen > 0 ? Expected(state, t) : 0.0;
  }
  return expected;
}

double SeasonalCountDetector::Expected(const DetectorState& state, int64_t bucket_start_ms) const {
  const double offset = SeasonOffset(state, SeasonSlot(bucket_start_ms));
  if (params_.model == ValueModel::kCount) {
    return std::max(kMinMean, state.level * (1.0 + offset));
  }
  return state.level + offset;
}

// Skipped count buckets are zeros: the level decays in closed form and the window fills
// with zeros; the profile is left alone (O(1) however long the gap).
void SeasonalCountDetector::FoldGap(DetectorState& state, int64_t missing) const {
  if (missing <= 0) return;
  const int w = params_.window_buckets;
  const int64_t fill = std::min<int64_t>(missing, w);
  for (int64_t i = 0; i < fill; ++i) {
    const int64_t t = state.last_bucket_ms + (missing - fill + i + 1) * params_.bucket_ms;
    state.ring_head = static_cast<uint8_t>((state.ring_head + 1) % w);
    state.ring_observed[state.ring_head] = 0.0f;
    state.ring_expected[state.ring_head] = static_cast<float>(Expected(state, t));
    state.ring_residual[state.ring_head] = 0.0f;
  }
  state.level *= std::pow(1.0 - level_alpha_, static_cast<double>(missing));
  state.buckets_seen += static_cast<uint32_t>(std::min<int64_t>(missing, 1 << 30));
  state.last_bucket_ms += missing * params_.bucket_ms;
}

BucketScore SeasonalCountDetector::Update(DetectorState& state, int64_t bucket_start_ms,
                                          double value) const {
  BucketScore out;
  if (state.buckets_seen > 0 && bucket_start_ms <= state.last_bucket_ms) return out;
  const int slot = SeasonSlot(bucket_start_ms);
  if (state.buckets_seen == 0) {
    Reset(state);
    const double v = params_.model == ValueModel::kCount ? std::max(0.0, value) : value;
    state.first_bucket_ms = bucket_start_ms;
    state.last_bucket_ms = bucket_start_ms;
    state.buckets_seen = 1;
    state.level = v;
    state.history_mean = v;
    state.history_sq = v * v;
    state.ring_observed[0] = static_cast<float>(v);
    state.ring_expected[0] = static_cast<float>(v);
    out.observed = out.expected = v;
    return out;
  }
  double log10_p_ungated = 0.0;
  if (params_.model == ValueModel::kCount) {
    // A continuous series is sampled, not counted: there a gap is missing data.
    FoldGap(state, (bucket_start_ms - state.last_bucket_ms) / params_.bucket_ms - 1);
    log10_p_ungated = ScoreCount(state, slot, value, out);
  } else {
    log10_p_ungated = ScoreContinuous(state, slot, value, out);
  }
  state.last_bucket_ms = bucket_start_ms;
  if (state.buckets_seen < UINT32_MAX) ++state.buckets_seen;
  out.baseline_age_hours =
      static_cast<double>(bucket_start_ms - state.first_bucket_ms) / static_cast<double>(kHourMs);
  if (state.buckets_seen <= static_cast<uint32_t>(params_.warmup_buckets)) {
    out.log10_probability = 0.0;
    log10_p_ungated = 0.0;
  }
  out.probability = std::pow(10.0, out.log10_probability);
  out.score = ScoreFromLog10Probability(out.log10_probability, log10_fire_);
  ApplyHysteresis(state, bucket_start_ms, log10_p_ungated, out);
  // Onset score: full where an excursion starts or becomes kOnsetGrowth times as
  // surprising (in -log10 p) as its peak so far; the peak decays only outside an
  // incident, so one incident yields one high onset score.
  const double surprise = -out.log10_probability;
  const double peak = out.firing ? state.score_peak : state.score_peak * peak_decay_;
  out.onset_score = surprise > kOnsetGrowth * peak ? out.score : 0.0;
  state.score_peak = std::max(peak, surprise);
  return out;
}

double SeasonalCountDetector::ScoreCount(DetectorState& state, int slot, double value,
                                         BucketScore& out) const {
  const int w = params_.window_buckets;
  const double x = std::max(0.0, value);
  const double factor = std::max(kMinSeasonFactor, 1.0 + SeasonOffset(state, slot));
  const double mu = std::max(kMinMean, state.level * factor);

  // Dispersion: learned over-dispersion + uncertainty of a young level + young profile.
  double phi = state.spread_den > 0.0 ? state.spread_num / state.spread_den : kDefaultDispersion;
  phi = std::clamp(phi, kMinDispersion, kMaxDispersion);
  const double n_eff = std::min<double>(state.buckets_seen, 1.0 / level_alpha_);
  const double phi_level = (1.0 / std::max(state.level, kMinMean) + phi) / n_eff;
  const double phi_season = params_.season_weight_per_cycle > 0.0
                                ? kUnseenSlotDispersion / (1.0 + SlotCycles(state, slot))
                                : 0.0;
  const double phi_eff = phi + phi_level + phi_season;

  // Window ring: newest bucket at ring_head.
  state.ring_head = static_cast<uint8_t>((state.ring_head + 1) % w);
  state.ring_observed[state.ring_head] = static_cast<float>(x);
  state.ring_expected[state.ring_head] = static_cast<float>(mu);
  double window_observed = 0.0;
  double window_expected = 0.0;
  for (int i = 0; i < w; ++i) {
    window_observed += state.ring_observed[i];
    window_expected += state.ring_expected[i];
  }
  window_expected = std::max(window_expected, kMinMean);

  const double size = 1.0 / phi_eff;
  const double p_bucket = CountTail(x, mu, size);
  const double p_window = w > 1 ? CountTail(window_observed, window_expected, size * w) : p_bucket;
  const double log10_p_ungated = SafeLog10(std::min(1.0, 2.0 * std::min(p_bucket, p_window)));

  const bool bucket_ok = x >= params_.min_count && x >= params_.min_ratio * mu;
  const bool window_ok = window_observed >= params_.min_count &&
                         window_observed >= params_.min_ratio * window_expected;
  const double pb = bucket_ok ? p_bucket : 1.0;
  const double pw = window_ok && w > 1 ? p_window : 1.0;
  out.log10_probability = SafeLog10(std::min(1.0, 2.0 * std::min(pb, pw)));
  if (w > 1 && (pw < pb || (pb >= 1.0 && pw >= 1.0))) {
    out.observed = window_observed;
    out.expected = window_expected;
    out.span_buckets = w;
  } else {
    out.observed = x;
    out.expected = mu;
    out.span_buckets = 1;
  }

  // Baseline update with a winsorised count, so a spike barely moves it.
  const double sd = std::sqrt(mu + phi * mu * mu);
  const double x_clip = std::min(x, mu + kWinsorScales * sd + 1.0);
  const double a_level = std::max(level_alpha_, 1.0 / state.buckets_seen);
  state.level += a_level * (x_clip / factor - state.level);
  const double a_disp = std::max(dispersion_alpha_, 1.0 / state.buckets_seen);
  const double dev = x_clip - mu;
  state.spread_num += a_disp * ((dev * dev - mu) - state.spread_num);
  state.spread_den += a_disp * (mu * mu - state.spread_den);
  // Factor of this slot against the deseasonalised level, stored as factor - 1 (a ratio
  // of means, unbiased also for small counts).
  if (state.level > kMinMean) {
    UpdateSeason(state, slot, std::clamp(x_clip / state.level, kMinSeasonFactor, 20.0) - 1.0);
  }
  return log10_p_ungated;
}

double SeasonalCountDetector::ScoreContinuous(DetectorState& state, int slot, double value,
                                              BucketScore& out) const {
  const int w = params_.window_buckets;
  const double offset = SeasonOffset(state, slot);
  const double mu = state.level + offset;
  const double residual = value - mu;
  // Robust scale: the Laplace scale b = E|residual| (winsorised), floored by a fraction
  // of the series' long-run spread (a mostly flat series with rare blips must not score
  // every blip as infinitely surprising) and by a tiny absolute floor for flat lines.
  const double floor = 1e-9 + 1e-6 * std::fabs(state.level);
  const double h_var =
      std::max(state.history_sq - state.history_mean * state.history_mean, floor * floor);
  const double b = std::max({state.spread_num, kMinScaleOfSpread * std::sqrt(h_var), floor});

  state.ring_head = static_cast<uint8_t>((state.ring_head + 1) % w);
  state.ring_observed[state.ring_head] = static_cast<float>(value);
  state.ring_expected[state.ring_head] = static_cast<float>(mu);
  state.ring_residual[state.ring_head] = static_cast<float>(residual / b);
  double window_sum = 0.0;
  double window_observed = 0.0;
  double window_expected = 0.0;
  for (int i = 0; i < w; ++i) {
    window_sum += state.ring_residual[i];
    window_observed += state.ring_observed[i];
    window_expected += state.ring_expected[i];
  }
  // Laplace tail for one residual; normal tail for the window mean (variance 2 b^2 / w).
  // All in log10, since the tails of a real anomaly underflow a double.
  const double l_bucket = -std::fabs(residual) / b / M_LN10;
  const double window_z = window_sum / std::sqrt(2.0 * w);
  const double l_window = w > 1 ? (M_LN2 + LogNormalUpperTail(std::fabs(window_z))) / M_LN10 : 0.0;
  // The value against the long-run distribution of values.
  const double h_z = (value - state.history_mean) / std::sqrt(h_var);
  const double l_history = (M_LN2 + LogNormalUpperTail(std::fabs(h_z))) / M_LN10;
  const double l_min = std::min({l_bucket, l_window, l_history});
  const double l_model = std::min(0.0, std::log10(kContinuousTests) + l_min);
  // Empirical calibration: if this series has recently been this surprising (a daily
  // job, a recurring burst), the rate at which it was bounds the tail probability.
  // Counted only after warm-up, with a plain EWMA on the level's time scale: a surprise
  // is judged against what the baseline has recently had to digest.
  const double surprise = -l_model;
  double empirical_rate = 0.0;
  if (state.buckets_seen > static_cast<uint32_t>(params_.warmup_buckets)) {
    for (int k = 0; k < DetectorState::kSurpriseLevels; ++k) {
      const bool beyond = surprise >= static_cast<double>(1 << k);
      if (beyond) empirical_rate = state.surprise_rate[k];
      state.surprise_rate[k] +=
          static_cast<float>(level_alpha_ * ((beyond ? 1.0 : 0.0) - state.surprise_rate[k]));
    }
  }
  out.log10_probability =
      empirical_rate > 0.0 ? std::max(l_model, std::log10(empirical_rate)) : l_model;
  if (l_window == l_min) {
    out.observed = window_observed;
    out.expected = window_expected;
    out.span_buckets = w;
  } else {
    out.observed = value;
    out.expected = l_history == l_min ? state.history_mean : mu;
    out.span_buckets = 1;
  }

  const double r_clip = std::clamp(residual, -kWinsorScales * b, kWinsorScales * b);
  const double a_level = std::max(level_alpha_, 1.0 / state.buckets_seen);
  state.level += a_level * (mu + r_clip - offset - state.level);
  const double a_disp = std::max(dispersion_alpha_, 1.0 / state.buckets_seen);
  state.spread_num += a_disp * (std::fabs(r_clip) - state.spread_num);
  const double a_hist = std::max(history_alpha_, 1.0 / state.buckets_seen);
  state.history_mean += a_hist * (value - state.history_mean);
  state.history_sq += a_hist * (value * value - state.history_sq);
  UpdateSeason(state, slot, mu + r_clip - state.level);
  // An incident is calm once the series is predictable again locally, even while its
  // new level is still unusual for the long-run history.
  return std::min(0.0, std::log10(kContinuousTests) + std::min(l_bucket, l_window));
}

void SeasonalCountDetector::ApplyHysteresis(DetectorState& state, int64_t bucket_start_ms,
                                            double log10_p_ungated, BucketScore& out) const {
  if (state.firing == 0) {
    if (out.log10_probability <= log10_fire_) {
      state.firing = 1;
      state.calm_buckets = 0;
      state.incident_start_ms = bucket_start_ms;
      out.fired = true;
    }
  } else if (log10_p_ungated > log10_resolve_) {
    if (++state.calm_buckets >= params_.resolve_buckets) {
      state.firing = 0;
      state.calm_buckets = 0;
      out.resolved = true;
    }
  } else {
    state.calm_buckets = 0;
  }
  out.firing = state.firing != 0;
  out.incident_start_ms = state.incident_start_ms;
}

std::string SeasonalCountDetector::Serialize(const DetectorState& state) {
  std::string bytes;
  bytes.reserve(1 + sizeof(DetectorState));
  bytes.push_back(static_cast<char>(kStateVersion));
  AppendObjectBytes(bytes, state);
  return bytes;
}

bool SeasonalCountDetector::Deserialize(std::string_view bytes, DetectorState& state) {
  if (bytes.size() != 1 + sizeof(DetectorState) ||
      static_cast<uint8_t>(bytes[0]) != kStateVersion) {
    return false;
  }
  std::memcpy(&state, bytes.data() + 1, sizeof(DetectorState));
  return true;
}

}  // namespace stormwatch::spike
