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

}  // namespace stormwatch
