// YAML -> SpilloverConfig with one clear error per bad field; see spillover_config.h.
#include "operators/spillover/spillover_config.h"

#include <string_view>

#include "operators/common/brand_thresholds_config.h"
#include "pipeline/core/strings.h"

namespace stormwatch::spillover {
namespace {

constexpr char kOp[] = "spillover";

constexpr ThresholdField<Thresholds> kFields[] = {
    {"longest_wait_seconds", &Thresholds::longest_wait_seconds, 0, 1e9, false, true},
    {"calls_waiting", &Thresholds::calls_waiting, 1, 1e9, true},
    {"abandon_rate", &Thresholds::abandon_rate, 0, 1, false, true},
    {"queue_normal_ratio", &Thresholds::queue_normal_ratio, 1, 1e6, false},
    {"min_contact_seeking_mentions", &Thresholds::min_contact_seeking_mentions, 1, 1e9, true},
    {"contact_seeking_ratio", &Thresholds::contact_seeking_ratio, 1, 1e6, false},
    {"critical_longest_wait_seconds", &Thresholds::critical_longest_wait_seconds, 0, 1e9,
     false, true},
    {"critical_contact_seeking_ratio", &Thresholds::critical_contact_seeking_ratio, 1, 1e6, false},
    {"resolve_minutes", &Thresholds::resolve_minutes, 1, 10080, true},
};

// The critical wait must not be below the breach.
absl::Status CheckThresholds(std::string_view prefix, const Thresholds& t) {
  if (t.critical_longest_wait_seconds < t.longest_wait_seconds) {
    return absl::InvalidArgumentError(StrCat(
        kOp, ".", prefix, "critical_longest_wait_seconds: expected a number >= "
        "longest_wait_seconds (", t.longest_wait_seconds, "), got ",
        t.critical_longest_wait_seconds));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SpilloverConfig> ParseSpilloverConfig(const YAML::Node& node) {
  SpilloverConfig config;
  const IntSetting settings[] = {
      {"window_minutes", 1, 120, &config.window_buckets},
      {"max_samples", 0, 100, &config.max_samples},
  };
  absl::Status s = ReadBrandThresholdsConfig<Thresholds>(
      kOp, node, settings, kFields, &CheckThresholds, config.defaults, config.brands);
  if (!s.ok()) return s;
  return config;
}

}  // namespace stormwatch::spillover
