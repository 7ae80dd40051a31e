// YAML -> SpikeConfig with one clear error per bad field; see spike_config.h.
#include "operators/spike/spike_config.h"

#include <set>
#include <string>

#include "absl/strings/str_join.h"
#include "pipeline/core/strings.h"

namespace stormwatch::spike {
namespace {

const std::set<std::string>& KnownFields() {
  static const auto* fields =
      new std::set<std::string>{"bucket_seconds",  "window_buckets",   "min_count",
                                "min_ratio",       "fire_probability", "resolve_probability",
                                "resolve_buckets", "warmup_buckets",   "level_half_life_minutes",
                                "per_topic"};
  return *fields;
}

std::string Shown(const YAML::Node& value) {
  return value.IsScalar() ? value.Scalar() : YAML::Dump(value);
}

absl::Status Bad(const char* field, absl::string_view expect, const YAML::Node& value) {
  return absl::InvalidArgumentError(
      StrCat("spike.", field, ": expected ", expect, ", got ", Shown(value)));
}

absl::StatusOr<int64_t> ReadInt(const YAML::Node& node, const char* field, int64_t fallback,
                                int64_t min, int64_t max) {
  const YAML::Node value = node[field];
  if (!value) return fallback;
  const std::string expect = StrCat("an integer in [", min, ", ", max, "]");
  int64_t parsed = 0;
  try {
    parsed = value.as<int64_t>();
  } catch (const YAML::Exception&) {
    return Bad(field, expect, value);
  }
  if (parsed < min || parsed > max) return Bad(field, expect, value);
  return parsed;
}

// A number in (min, max] when `open_min`, else [min, max].
absl::StatusOr<double> ReadDouble(const YAML::Node& node, const char* field, double fallback,
                                  double min, double max, bool open_min) {
  const YAML::Node value = node[field];
  if (!value) return fallback;
  const std::string expect = StrCat("a number in ", open_min ? "(" : "[", min, ", ", max, "]");
  double parsed = 0;
  try {
    parsed = value.as<double>();
  } catch (const YAML::Exception&) {
    return Bad(field, expect, value);
  }
  if (!(open_min ? parsed > min : parsed >= min) || !(parsed <= max)) {
    return Bad(field, expect, value);
  }
  return parsed;
}

}  // namespace

absl::StatusOr<SpikeConfig> ParseSpikeConfig(const YAML::Node& node) {
  SpikeConfig config;
  if (!node || node.IsNull()) return config;
  if (!node.IsMap()) {
    return absl::InvalidArgumentError(
        StrCat("spike: expected a map of settings, got ", Shown(node)));
  }
  for (const auto& entry : node) {
    const std::string key = entry.first.as<std::string>("");
    if (!KnownFields().count(key)) {
      return absl::InvalidArgumentError(StrCat("spike.", key, ": unknown field (expected ",
                                               absl::StrJoin(KnownFields(), ", "), ")"));
    }
  }
  DetectorParams& d = config.detector;
  absl::StatusOr<int64_t> bucket_seconds = ReadInt(node, "bucket_seconds", 60, 1, 3600);
  if (!bucket_seconds.ok()) return bucket_seconds.status();
  d.bucket_ms = *bucket_seconds * 1000;
  absl::StatusOr<int64_t> window =
      ReadInt(node, "window_buckets", d.window_buckets, 1, DetectorState::kMaxWindow);
  if (!window.ok()) return window.status();
  d.window_buckets = static_cast<int>(*window);
  absl::StatusOr<double> min_count = ReadDouble(node, "min_count", d.min_count, 0, 1e9, false);
  if (!min_count.ok()) return min_count.status();
  d.min_count = *min_count;
  absl::StatusOr<double> min_ratio = ReadDouble(node, "min_ratio", d.min_ratio, 1, 1e6, false);
  if (!min_ratio.ok()) return min_ratio.status();
  d.min_ratio = *min_ratio;
  absl::StatusOr<double> fire =
      ReadDouble(node, "fire_probability", d.fire_probability, 0, 0.5, true);
  if (!fire.ok()) return fire.status();
  d.fire_probability = *fire;
  absl::StatusOr<double> resolve = ReadDouble(
      node, "resolve_probability", std::max(d.resolve_probability, *fire * 10), *fire, 1, true);
  if (!resolve.ok()) return resolve.status();
  d.resolve_probability = *resolve;
  absl::StatusOr<int64_t> resolve_buckets =
      ReadInt(node, "resolve_buckets", d.window_buckets, 1, 10000);
  if (!resolve_buckets.ok()) return resolve_buckets.status();
  d.resolve_buckets = static_cast<int>(*resolve_buckets);
  absl::StatusOr<int64_t> warmup = ReadInt(node, "warmup_buckets", d.warmup_buckets, 0, 1'000'000);
  if (!warmup.ok()) return warmup.status();
  d.warmup_buckets = static_cast<int>(*warmup);
  absl::StatusOr<double> half_life =
      ReadDouble(node, "level_half_life_minutes", 60, 0, 7 * 24 * 60, true);
  if (!half_life.ok()) return half_life.status();
  d.level_half_life_buckets = *half_life * 60'000.0 / static_cast<double>(d.bucket_ms);
  d.dispersion_half_life_buckets = 86'400'000.0 / static_cast<double>(d.bucket_ms);
  if (const YAML::Node per_topic = node["per_topic"]) {
    try {
      config.per_topic = per_topic.as<bool>();
    } catch (const YAML::Exception&) {
      return Bad("per_topic", "true or false", per_topic);
    }
  }
  if (absl::Status s = ValidateParams(d); !s.ok()) {
    return absl::InvalidArgumentError(StrCat("spike.", s.message()));
  }
  return config;
}

}  // namespace stormwatch::spike
