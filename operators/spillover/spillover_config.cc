// YAML -> SpilloverConfig with one clear error per bad field; see spillover_config.h.
#include "operators/spillover/spillover_config.h"

#include "operators/common/config_fields.h"

#include <cmath>
#include <limits>
#include <string>

#include "pipeline/core/strings.h"

namespace stormwatch::spillover {
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

absl::Status Bad(std::string_view path, std::string_view expect, const YAML::Node& value) {
  return ConfigFieldError("spillover", path, expect, value);
}

absl::StatusOr<double> ReadNumber(const YAML::Node& value, std::string_view path, double min,
                                  double max, bool integer, bool exclusive_min = false) {
  return ReadConfigNumber("spillover", value, path, min, max, integer, exclusive_min);
}

// Reads the Thresholds fields present in `node` over `out`; `prefix` is "" or
// "brands.<brand>.". Unknown keys other than `allowed_extra` are errors.
absl::Status ReadThresholds(const YAML::Node& node, std::string_view prefix, bool top_level,
                            Thresholds& out) {
  for (const auto& entry : node) {
    const std::string key = entry.first.as<std::string>("");
    bool known = top_level && (key == "window_minutes" || key == "max_samples" ||
                               key == "brands");
    for (const Field& f : kFields) {
      if (key != f.name) continue;
      known = true;
      absl::StatusOr<double> v =
          ReadNumber(entry.second, StrCat(prefix, key), f.min, f.max, f.integer, f.exclusive_min);
      if (!v.ok()) return v.status();
      out.*f.member = *v;
    }
    if (!known) {
      std::string names = top_level ? "window_minutes, max_samples, brands" : "";
      for (const Field& f : kFields) StrAppend(&names, names.empty() ? "" : ", ", f.name);
      return absl::InvalidArgumentError(
          StrCat("spillover.", prefix, key, ": unknown field (expected one of ", names, ")"));
    }
  }
  const std::string_view p = prefix;
  if (out.critical_longest_wait_seconds < out.longest_wait_seconds) {
    return absl::InvalidArgumentError(StrCat(
        "spillover.", p, "critical_longest_wait_seconds: expected a number >= "
        "longest_wait_seconds (", out.longest_wait_seconds, "), got ",
        out.critical_longest_wait_seconds));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SpilloverConfig> ParseSpilloverConfig(const YAML::Node& node) {
  SpilloverConfig config;
  if (!node || node.IsNull()) return config;
  if (!node.IsMap()) {
    return absl::InvalidArgumentError(
        StrCat("spillover: expected a map of settings, got '", ShownConfigValue(node), "'"));
  }
  if (absl::Status s = ReadThresholds(node, "", true, config.defaults); !s.ok()) return s;
  if (const YAML::Node v = node["window_minutes"]) {
    absl::StatusOr<double> n = ReadNumber(v, "window_minutes", 1, 120, true);
    if (!n.ok()) return n.status();
    config.window_buckets = static_cast<int>(*n);
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

}  // namespace stormwatch::spillover
