// Reading operator config values from YAML with one-line errors that name the operator,
// the field and the expectation ("spillover.longest_wait_seconds: expected a number > 0,
// got 'x'"). Shared by the detectors' config readers (see also brand_thresholds_config.h).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "yaml-cpp/yaml.h"

namespace stormwatch {

// A scalar as written, anything else as YAML.
std::string ShownConfigValue(const YAML::Node& value);

// InvalidArgument "<op>.<path>: expected <expect>, got '<value>'".
absl::Status ConfigFieldError(std::string_view op, std::string_view path,
                              std::string_view expect, const YAML::Node& value);

// "an integer in [1, 60]", "a number > 0", ...
std::string NumberExpectation(double min, double max, bool integer, bool exclusive_min);

// A number within [min, max] (or (min, max] when exclusive_min), integral when `integer`.
absl::StatusOr<double> ReadConfigNumber(std::string_view op, const YAML::Node& value,
                                        std::string_view path, double min, double max,
                                        bool integer, bool exclusive_min = false);

// InvalidArgument "<op>: expected a map of settings, got '<node>'" unless `node` is a map.
absl::Status CheckConfigIsMap(std::string_view op, const YAML::Node& node);

// Reads node[key], when present, into `out`: an integer in [min, max].
absl::Status ReadOptionalConfigInt(std::string_view op, const YAML::Node& node,
                                   std::string_view key, double min, double max, int& out);

// InvalidArgument "<op>.<prefix><key>: unknown field (expected one of <names>)", the names
// being `other_keys` then `field_names`, comma-separated.
absl::Status UnknownConfigFieldError(std::string_view op, std::string_view prefix,
                                     std::string_view key,
                                     std::span<const std::string_view> other_keys,
                                     std::span<const std::string_view> field_names);

}  // namespace stormwatch
