// Sink construction from config; see sink_factory.h.
#include "pipeline/sinks/sink_factory.h"

#include "pipeline/core/strings.h"
#include "pipeline/sinks/alertmanager/alertmanager_sink.h"
#include "pipeline/sinks/console/console_sink.h"
#include "pipeline/sinks/jsonl/jsonl_sink.h"
#include "pipeline/sinks/kafka/kafka_sink.h"
#include "pipeline/sinks/notification.h"
#include "pipeline/sinks/pagerduty/pagerduty_sink.h"
#include "pipeline/sinks/slack/slack_sink.h"
#include "pipeline/sinks/teams/teams_sink.h"
#include "pipeline/sinks/webhook/webhook_sink.h"

namespace stormwatch {
namespace {

absl::StatusOr<std::unique_ptr<NotificationSink>> MakeSink(const SinkConfig& config,
                                                           std::ostream& console_out,
                                                           const KafkaConfig* kafka) {
  const std::string name = config.name.empty() ? config.type : config.name;
  if (config.type == "console") return AdaptAlertSink(MakeConsoleSink(console_out), name);
  if (config.type == "jsonl") {
    absl::StatusOr<std::unique_ptr<AlertSink>> sink = MakeJsonlSink(config.path);
    if (!sink.ok()) return sink.status();
    return AdaptAlertSink(*std::move(sink), name);
  }
  SinkConfig named = config;
  named.name = name;
  if (config.type == "webhook") return MakeWebhookSink(named);
  if (config.type == "alertmanager") return MakeAlertmanagerSink(named);
  if (config.type == "pagerduty") return MakePagerDutySink(named);
  if (config.type == "slack") return MakeSlackSink(named);
  if (config.type == "teams") return MakeTeamsSink(named);
  if (config.type == "kafka") {
    if (kafka == nullptr) return absl::InvalidArgumentError("kafka sink: no Kafka brokers here");
    return MakeKafkaSink(named, *kafka);
  }
  return absl::InvalidArgumentError(StrCat(
      "expected one of console, jsonl, webhook, alertmanager, pagerduty, slack, teams, kafka, "
      "got '", config.type, "'"));
}

}  // namespace

absl::StatusOr<std::vector<std::unique_ptr<AlertSink>>> MakeSinks(
    const std::vector<SinkConfig>& configs, std::ostream& console_out, const KafkaConfig* kafka) {
  std::vector<std::unique_ptr<AlertSink>> sinks;
  for (size_t i = 0; i < configs.size(); ++i) {
    absl::StatusOr<std::unique_ptr<NotificationSink>> sink =
        MakeSink(configs[i], console_out, kafka);
    if (!sink.ok()) {
      return absl::InvalidArgumentError(
          StrCat("sinks[", i, "] (", configs[i].type, "): ", sink.status().message()));
    }
    sinks.push_back(*std::move(sink));
  }
  return sinks;
}

}  // namespace stormwatch
