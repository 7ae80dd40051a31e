// The config layout shared by the detectors with per-brand thresholds (shitstorm,
// spillover): a YAML map of integer settings (window_minutes, max_samples, ...) and the
// numeric fields of a `Thresholds` struct, with `brands: {<brand>: {...}}` overriding any
// threshold for one brand. Each detector's config reader (<op>_config.cc) lists its fields
// and checks; this reads them into its config once, when the factory validates it.
#pragma once

#include <functional>
#include <initializer_list>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "operators/common/config_fields.h"
#include "yaml-cpp/yaml.h"

namespace stormwatch {

// One numeric field of a detector's per-brand `Thresholds`: its YAML name, the member it
// sets and its range, as ReadConfigNumber takes it.
template <typename Thresholds>
struct ThresholdField {
  const char* name;
  double Thresholds::*member;
  double min;
  double max;
  bool integer;
  bool exclusive_min = false;  // (min, max] instead of [min, max]
};

// One top-level integer setting: its YAML name, range and destination.
struct IntSetting {
  std::string_view name;
  double min;
  double max;
  int* out;
};

// Reads the `fields` present in the map `node` over `out`; `prefix` is "" or
// "brands.<brand>.". Keys in `other_keys` (the top-level settings; none inside a brand)
// are skipped; any other key is an unknown-field error.
template <typename Thresholds>
absl::Status ReadThresholdFields(std::string_view op, const YAML::Node& node,
                                 std::string_view prefix,
                                 std::span<const std::string_view> other_keys,
                                 std::span<const ThresholdField<Thresholds>> fields,
                                 Thresholds& out) {
  for (const auto& entry : node) {
    const std::string key = entry.first.as<std::string>("");
    bool known = false;
    for (std::string_view other : other_keys) known = known || key == other;
    for (const ThresholdField<Thresholds>& f : fields) {
      if (key != f.name) continue;
      known = true;
      absl::StatusOr<double> v = ReadConfigNumber(op, entry.second, std::string(prefix) + key,
                                                  f.min, f.max, f.integer, f.exclusive_min);
      if (!v.ok()) return v.status();
      out.*f.member = *v;
    }
    if (!known) {
      std::vector<std::string_view> names;
      for (const ThresholdField<Thresholds>& f : fields) names.push_back(f.name);
      return UnknownConfigFieldError(op, prefix, key, other_keys, names);
    }
  }
  return absl::OkStatus();
}

// Reads a detector config with per-brand thresholds from `node` (null: all defaults, as
// `defaults` and the settings already hold them). In order: the top-level thresholds,
// checked by `check(prefix, thresholds)`; the `settings`; then `brands`, each brand's
// thresholds starting as the top-level ones and checked the same way. The first error
// found is returned.
template <typename Thresholds>
absl::Status ReadBrandThresholdsConfig(
    std::string_view op, const YAML::Node& node, std::span<const IntSetting> settings,
    std::span<const ThresholdField<Thresholds>> fields,
    const std::function<absl::Status(std::string_view prefix, const Thresholds&)>& check,
    Thresholds& defaults, std::map<std::string, Thresholds, std::less<>>& brands) {
  if (!node || node.IsNull()) return absl::OkStatus();
  if (absl::Status s = CheckConfigIsMap(op, node); !s.ok()) return s;
  std::vector<std::string_view> top_keys;
  for (const IntSetting& setting : settings) top_keys.push_back(setting.name);
  top_keys.push_back("brands");
  auto read = [&](const YAML::Node& map, std::string_view prefix,
                  std::span<const std::string_view> other_keys, Thresholds& out) {
    absl::Status s = ReadThresholdFields<Thresholds>(op, map, prefix, other_keys, fields, out);
    return s.ok() ? check(prefix, out) : s;
  };
  if (absl::Status s = read(node, "", top_keys, defaults); !s.ok()) return s;
  for (const IntSetting& setting : settings) {
    absl::Status s =
        ReadOptionalConfigInt(op, node, setting.name, setting.min, setting.max, *setting.out);
    if (!s.ok()) return s;
  }
  const YAML::Node brand_nodes = node["brands"];
  if (!brand_nodes) return absl::OkStatus();
  if (!brand_nodes.IsMap()) {
    return ConfigFieldError(op, "brands", "a map of brand -> settings", brand_nodes);
  }
  for (const auto& entry : brand_nodes) {
    const std::string brand = entry.first.as<std::string>("");
    if (!entry.second.IsMap()) {
      return ConfigFieldError(op, "brands." + brand, "a map of settings", entry.second);
    }
    Thresholds t = defaults;
    if (absl::Status s = read(entry.second, "brands." + brand + ".", {}, t); !s.ok()) return s;
    brands.emplace(brand, t);
  }
  return absl::OkStatus();
}

}  // namespace stormwatch
