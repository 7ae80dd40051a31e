// Operator config value readers; see config_fields.h.
#include "operators/common/config_fields.h"

#include <cmath>
#include <limits>

#include "pipeline/core/strings.h"

namespace stormwatch {

std::string ShownConfigValue(const YAML::Node& value) {
  return value.IsScalar() ? value.Scalar() : YAML::Dump(value);
}

absl::Status ConfigFieldError(std::string_view op, std::string_view path,
                              std::string_view expect, const YAML::Node& value) {
  return absl::InvalidArgumentError(
      StrCat(op, ".", path, ": expected ", expect, ", got '", ShownConfigValue(value), "'"));
}

std::string NumberExpectation(double min, double max, bool integer, bool exclusive_min) {
  const char* what = integer ? "an integer" : "a number";
  if (max == std::numeric_limits<double>::infinity() || max >= 1e9) {
    return StrCat(what, exclusive_min ? " > " : " >= ", min);
  }
  return StrCat(what, " in ", exclusive_min ? "(" : "[", min, ", ", max, "]");
}

absl::StatusOr<double> ReadConfigNumber(std::string_view op, const YAML::Node& value,
                                        std::string_view path, double min, double max,
                                        bool integer, bool exclusive_min) {
  const std::string expect = NumberExpectation(min, max, integer, exclusive_min);
  double parsed = 0;
  try {
    parsed = value.as<double>();
  } catch (const YAML::Exception&) {
    return ConfigFieldError(op, path, expect, value);
  }
  if (!(exclusive_min ? parsed > min : parsed >= min) || !(parsed <= max) ||
      (integer && parsed != std::floor(parsed))) {
    return ConfigFieldError(op, path, expect, value);
  }
  return parsed;
}

absl::Status CheckConfigIsMap(std::string_view op, const YAML::Node& node) {
  if (node.IsMap()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      StrCat(op, ": expected a map of settings, got '", ShownConfigValue(node), "'"));
}

absl::Status ReadOptionalConfigInt(std::string_view op, const YAML::Node& node,
                                   std::string_view key, double min, double max, int& out) {
  const YAML::Node value = node[std::string(key)];
  if (!value) return absl::OkStatus();
  absl::StatusOr<double> n = ReadConfigNumber(op, value, key, min, max, /*integer=*/true);
  if (!n.ok()) return n.status();
  out = static_cast<int>(*n);
  return absl::OkStatus();
}

absl::Status UnknownConfigFieldError(std::string_view op, std::string_view prefix,
                                     std::string_view key,
                                     std::span<const std::string_view> other_keys,
                                     std::span<const std::string_view> field_names) {
  std::string names;
  for (std::string_view name : other_keys) StrAppend(&names, names.empty() ? "" : ", ", name);
  for (std::string_view name : field_names) StrAppend(&names, names.empty() ? "" : ", ", name);
  return absl::InvalidArgumentError(
      StrCat(op, ".", prefix, key, ": unknown field (expected one of ", names, ")"));
}

}  // namespace stormwatch
