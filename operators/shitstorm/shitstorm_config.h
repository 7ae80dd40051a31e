// Configuration of the shitstorm detector: the YAML block of the `shitstorm` operator,
// validated once by its factory (shitstorm_operator.h) and shared read-only by every task.
// Thresholds have defaults that suit a typical brand; `brands: {<brand>: {...}}` overrides
// any of them for one brand. See docs/detectors.md for what each signal means.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "yaml-cpp/yaml.h"

namespace stormwatch::shitstorm {

// Per-brand thresholds (all overridable under `brands:`).
struct Thresholds {
  // Fewest negative mentions in the window before any stage fires.
  double min_negative_mentions = 20;
  // Mentions in the window against the seasonal expectation, per stage.
  double watch_volume_ratio = 2.0;
  double warning_volume_ratio = 3.0;
  double crisis_volume_ratio = 5.0;
  // Negative share is elevated when >= both the floor and lift x the brand's normal share.
  double negative_share_min = 0.35;
  double negative_share_lift = 2.0;
  // Share of authors never seen before: elevated when >= both floor and lift x normal.
  double new_author_share_min = 0.5;
  double new_author_share_lift = 1.5;
  // Shares/retweets per minute in the window against the normal rate.
  double share_velocity_ratio = 3.0;
  // Share of the negative mentions carrying the window's most frequent hashtag/topic.
  double concentration_share = 0.4;
  // Negative mentions needed for warning and crisis.
  double warning_min_negative = 30;
  double crisis_min_negative = 60;
  // Minutes in a row without the watch condition before the incident resolves.
  double resolve_minutes = 30;
};

struct ShitstormConfig {
  int64_t bucket_ms = 60'000;  // one minute
  int window_buckets = 10;     // window_minutes
  int warmup_buckets = 60;     // warmup_minutes: no alert before this much history
  int max_samples = 10;        // sample mention ids per incident
  Thresholds defaults;
  std::map<std::string, Thresholds, std::less<>> brands;

  const Thresholds& For(std::string_view brand) const {
    auto it = brands.find(brand);
    return it == brands.end() ? defaults : it->second;
  }
};

// YAML (all optional; a null node gives the defaults): window_minutes (10), warmup_minutes
// (60), max_samples (10), every Thresholds field by name, and `brands`. Errors:
// InvalidArgument "shitstorm.<field>: expected <what>, got '<value>'".
absl::StatusOr<ShitstormConfig> ParseShitstormConfig(const YAML::Node& node);

}  // namespace stormwatch::shitstorm
