// YAML -> ShitstormConfig with one clear error per bad field; see shitstorm_config.h.
#include "operators/shitstorm/shitstorm_config.h"

#include <string_view>

#include "operators/common/brand_thresholds_config.h"
#include "pipeline/core/strings.h"

namespace stormwatch::shitstorm {
namespace {

constexpr char kOp[] = "shitstorm";

constexpr ThresholdField<Thresholds> kFields[] = {
    {"min_negative_mentions", &Thresholds::min_negative_mentions, 1, 1e9, true},
    {"watch_volume_ratio", &Thresholds::watch_volume_ratio, 1, 1e6, false},
    {"warning_volume_ratio", &Thresholds::warning_volume_ratio, 1, 1e6, false},
    {"crisis_volume_ratio", &Thresholds::crisis_volume_ratio, 1, 1e6, false},
    {"negative_share_min", &Thresholds::negative_share_min, 0, 1, false},
    {"negative_share_lift", &Thresholds::negative_share_lift, 1, 1e6, false},
    {"new_author_share_min", &Thresholds::new_author_share_min, 0, 1, false},
    {"new_author_share_lift", &Thresholds::new_author_share_lift, 1, 1e6, false},
    {"share_velocity_ratio", &Thresholds::share_velocity_ratio, 1, 1e6, false},
    {"concentration_share", &Thresholds::concentration_share, 0, 1, false},
    {"warning_min_negative", &Thresholds::warning_min_negative, 1, 1e9, true},
    {"crisis_min_negative", &Thresholds::crisis_min_negative, 1, 1e9, true},
    {"resolve_minutes", &Thresholds::resolve_minutes, 1, 10080, true},
};

// The stages must rise: watch <= warning <= crisis volume ratio.
absl::Status CheckThresholds(std::string_view prefix, const Thresholds& t) {
  if (t.warning_volume_ratio < t.watch_volume_ratio ||
      t.crisis_volume_ratio < t.warning_volume_ratio) {
    return absl::InvalidArgumentError(StrCat(
        kOp, ".", prefix, "crisis_volume_ratio: expected watch_volume_ratio <= "
        "warning_volume_ratio <= crisis_volume_ratio, got ", t.watch_volume_ratio, " <= ",
        t.warning_volume_ratio, " <= ", t.crisis_volume_ratio));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ShitstormConfig> ParseShitstormConfig(const YAML::Node& node) {
  ShitstormConfig config;
  const IntSetting settings[] = {
      {"window_minutes", 1, 60, &config.window_buckets},
      {"warmup_minutes", 0, 100'000, &config.warmup_buckets},
      {"max_samples", 0, 100, &config.max_samples},
  };
  absl::Status s = ReadBrandThresholdsConfig<Thresholds>(
      kOp, node, settings, kFields, &CheckThresholds, config.defaults, config.brands);
  if (!s.ok()) return s;
  return config;
}

}  // namespace stormwatch::shitstorm
