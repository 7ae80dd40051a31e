// Sink construction from config; see sink_factory.h.
#include "pipeline/sinks/sink_factory.h"

#include "pipeline/core/strings.h"
#include "pipeline/sinks/console/console_sink.h"
#include "pipeline/sinks/jsonl/jsonl_sink.h"
#include "pipeline/sinks/webhook/webhook_sink.h"

namespace stormwatch {

absl::StatusOr<std::vector<std::unique_ptr<AlertSink>>> MakeSinks(
    const std::vector<SinkConfig>& configs, std::ostream& console_out) {
  std::vector<std::unique_ptr<AlertSink>> sinks;
  for (size_t i = 0; i < configs.size(); ++i) {
    const SinkConfig& config = configs[i];
    absl::StatusOr<std::unique_ptr<AlertSink>> sink;
    if (config.type == "console") {
      sink = MakeConsoleSink(console_out);
    } else if (config.type == "jsonl") {
      sink = MakeJsonlSink(config.path);
    } else if (config.type == "webhook") {
      sink = MakeWebhookSink(config.url, config.timeout_ms);
    } else {
      sink = absl::InvalidArgumentError(
          StrCat("expected one of console, jsonl, webhook, got '", config.type, "'"));
    }
    if (!sink.ok()) {
      return absl::InvalidArgumentError(
          StrCat("sinks[", i, "] (", config.type, "): ", sink.status().message()));
    }
    sinks.push_back(*std::move(sink));
  }
  return sinks;
}

}  // namespace stormwatch
