// Builds the configured sinks (config `sinks:`) for the alert dispatcher and replay.
#pragma once

#include <memory>
#include <ostream>
#include <vector>

#include "absl/status/statusor.h"
#include "pipeline/api/alert_sink.h"
#include "pipeline/config/pipeline_config.h"

namespace stormwatch {

// `console_out` receives the console sink's lines.
absl::StatusOr<std::vector<std::unique_ptr<AlertSink>>> MakeSinks(
    const std::vector<SinkConfig>& configs, std::ostream& console_out);

}  // namespace stormwatch
