// Loads the --config file (or the defaults) and applies command-line overrides, for every
// subcommand that takes a config. Errors are printed as one line by the caller.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "pipeline/config/pipeline_config.h"

namespace stormwatch {

// `config_path` may be empty (defaults); `brokers` (may be empty) overrides kafka.brokers.
absl::StatusOr<PipelineConfig> LoadConfigWithOverrides(const std::string& config_path,
                                                       const std::string& brokers);

// Prints "stormwatch: <message>" on stderr and returns 2 (bad usage/config) or 1.
int ReportFailure(const absl::Status& status);

}  // namespace stormwatch
