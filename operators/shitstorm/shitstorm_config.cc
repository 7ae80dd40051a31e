// YAML -> ShitstormConfig with one clear error per bad field; see shitstorm_config.h.
#include "operators/shitstorm/shitstorm_config.h"

#include "operators/common/config_fields.h"

#include <cmath>
#include <limits>
#include <string>

#include "pipeline/core/strings.h"

namespace stormwatch::shitstorm {
namespace {


struct Field {
  const char* name;
  double Thresholds::*member;
  double min;
  double max;
  bool integer;
  bool exclusive_min = false;  // (min, max] instead of [min, max]
};

constexpr Field kFields[] = {
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

absl::Status Bad(std::string_view path, std::string_view expect, const YAML::Node& value) {
  return ConfigFieldError("shitstorm", path, expect, value);
}

absl::StatusOr<double> ReadNumber(const YAML::Node& value, std::string_view path, double min,
                                  double max, bool integer, bool exclusive_min = false) {
  return ReadConfigNumber("shitstorm", value, path, min, max, integer, exclusive_min);
}

// Reads the Thresholds fields present in `node` over `out`; `prefix` is "" or
// "brands.<brand>.". Unknown keys other than `allowed_extra` are errors.
absl::Status ReadThresholds(const YAML::Node& node, std::string_view prefix, bool top_level,
                            Thresholds& out) {
  for (const auto& entry : node) {
    const std::string key = entry.first.as<std::string>("");
    bool known = top_level && (key == "window_minutes" || key == "warmup_minutes" ||
                               key == "max_samples" || key == "brands");
    for (const Field& f : kFields) {
      if (key != f.name) continue;
      known = true;
      absl::StatusOr<double> v =
          ReadNumber(entry.second, StrCat(prefix, key), f.min, f.max, f.integer, f.exclusive_min);
      if (!v.ok()) return v.status();
      out.*f.member = *v;
    }
    if (!known) {
      std::string names = top_level ? "window_minutes, warmup_minutes, max_samples, brands" : "";
      for (const Field& f : kFields) StrAppend(&names, names.empty() ? "" : ", ", f.name);
      return absl::InvalidArgumentError(
          StrCat("shitstorm.", prefix, key, ": unknown field (expected one of ", names, ")"));
    }
  }
  const std::string_view p = prefix;
  if (out.warning_volume_ratio < out.watch_volume_ratio ||
      out.crisis_volume_ratio < out.warning_volume_ratio) {
    return absl::InvalidArgumentError(StrCat(
        "shitstorm.", p, "crisis_volume_ratio: expected watch_volume_ratio <= "
        "warning_volume_ratio <= crisis_volume_ratio, got ", out.watch_volume_ratio, " <= ",
        out.warning_volume_ratio, " <= ", out.crisis_volume_ratio));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ShitstormConfig> ParseShitstormConfig(const YAML::Node& node) {
  ShitstormConfig config;
  if (!node || node.IsNull()) return config;
  if (!node.IsMap()) {
    return absl::InvalidArgumentError(
        StrCat("shitstorm: expected a map of settings, got '", ShownConfigValue(node), "'"));
  }
  if (absl::Status s = ReadThresholds(node, "", true, config.defaults); !s.ok()) return s;
  if (const YAML::Node v = node["window_minutes"]) {
    absl::StatusOr<double> n = ReadNumber(v, "window_minutes", 1, 60, true);
    if (!n.ok()) return n.status();
    config.window_buckets = static_cast<int>(*n);
  }
  if (const YAML::Node v = node["warmup_minutes"]) {
    absl::StatusOr<double> n = ReadNumber(v, "warmup_minutes", 0, 100'000, true);
    if (!n.ok()) return n.status();
    config.warmup_buckets = static_cast<int>(*n);
  }
  if (const YAML::Node v = node["max_samples"]) {
    absl::StatusOr<double> n = ReadNumber(v, "max_samples", 0, 100, true);
    if (!n.ok()) return n.status();
    config.max_samples = static_cast<int>(*n);
  }
  if (const YAML::Node brands = node["brands"]) {
    if (!brands.IsMap()) return Bad("brands", "a map of brand -> settings", brands);
    for (const auto& entry : brands) {
      const std::string brand = entry.first.as<std::string>("");
      const std::string prefix = StrCat("brands.", brand, ".");
      if (!entry.second.IsMap()) {
        return Bad(StrCat("brands.", brand), "a map of settings", entry.second);
      }
      Thresholds t = config.defaults;
      if (absl::Status s = ReadThresholds(entry.second, prefix, false, t); !s.ok()) return s;
      config.brands.emplace(brand, t);
    }
  }
  return config;
}

}  // namespace stormwatch::shitstorm
