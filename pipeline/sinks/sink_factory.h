// Builds the configured sinks (config `sinks:`) for the alert dispatcher. Every sink it
// returns is a NotificationSink (notification.h) named after its config `name`, so the
// routing rules of `alerting.routes` can address it; secrets are read here, once.
#pragma once

#include <memory>
#include <ostream>
#include <vector>

#include "absl/status/statusor.h"
#include "pipeline/api/alert_sink.h"
#include "pipeline/config/pipeline_config.h"

namespace stormwatch {

// `console_out` receives the console sink's lines. `kafka` (brokers) is needed only by a
// `kafka` sink; without it that sink type is a config error.
absl::StatusOr<std::vector<std::unique_ptr<AlertSink>>> MakeSinks(
    const std::vector<SinkConfig>& configs, std::ostream& console_out,
    const KafkaConfig* kafka = nullptr);

}  // namespace stormwatch
