// Config loading for the CLI; see config_loading.h.
#include "pipeline/cli/config_loading.h"

#include <iostream>

namespace stormwatch {

absl::StatusOr<PipelineConfig> LoadConfigWithOverrides(const std::string& config_path,
                                                       const std::string& brokers) {
  PipelineConfig config = DefaultPipelineConfig();
  if (!config_path.empty()) {
    absl::StatusOr<PipelineConfig> loaded = LoadPipelineConfig(config_path);
    if (!loaded.ok()) return loaded.status();
    config = *std::move(loaded);
  }
  if (!brokers.empty()) {
    config.kafka.brokers = brokers;
    config.kafka.embedded = false;
  }
  return config;
}

int ReportFailure(const absl::Status& status) {
  std::cerr << "stormwatch: " << status.message() << std::endl;
  return status.code() == absl::StatusCode::kInvalidArgument ? 2 : 1;
}

}  // namespace stormwatch
