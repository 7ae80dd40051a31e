// `stormwatch ingest --config FILE [--brokers LIST] [--only webhooks|pollers]`: the ingest
// role (webhooks, push API, pollers -> Kafka) until SIGTERM/SIGINT. See docs/ingest.md.
#include <chrono>
#include <thread>

#include "pipeline/cli/commands.h"
#include "pipeline/cli/config_loading.h"
#include "pipeline/cli/role_runner.h"
#include "pipeline/core/logging.h"
#include "pipeline/core/metrics.h"
#include "pipeline/http/http_server.h"
#include "pipeline/ingest/ingest_service.h"
#include "pipeline/kafka/embedded_cluster.h"

namespace stormwatch {
namespace {

struct IngestOptions {
  std::string brokers;
  std::string config;
  std::string only;  // "", "webhooks" or "pollers"
};

int RunIngest(const IngestOptions& options) {
  absl::StatusOr<PipelineConfig> config = LoadConfigWithOverrides(options.config, options.brokers);
  if (!config.ok()) return ReportFailure(config.status());
  if (absl::Status s = PrepareKafkaConfig(config->kafka); !s.ok()) return ReportFailure(s);
  if (!config->ingest.enabled) {
    return ReportFailure(absl::InvalidArgumentError(
        StrCat(options.config, ": ingest: expected an ingest section (see docs/ingest.md)")));
  }
  RestrictIngest(options.only == "webhooks"  ? IngestPart::kWebhooks
                 : options.only == "pollers" ? IngestPart::kPollers
                                             : IngestPart::kAll,
                 config->ingest);
  std::atomic<bool>& stop = InstallStopSignalHandlers();
  std::unique_ptr<EmbeddedKafkaCluster> embedded;
  if (config->kafka.embedded) {
    absl::StatusOr<std::unique_ptr<EmbeddedKafkaCluster>> cluster = EmbeddedKafkaCluster::Create(
        1, StormwatchTopics(*config, config->kafka.embedded_partitions));
    if (!cluster.ok()) return ReportFailure(cluster.status());
    embedded = *std::move(cluster);
    config->kafka.brokers = embedded->bootstrap_servers();
    LogInfo("embedded kafka on ", config->kafka.brokers);
  }
  ExportBuildInfo("ingest");
  absl::StatusOr<std::unique_ptr<IngestService>> service = IngestService::Create(*config);
  if (!service.ok()) return ReportFailure(service.status());
  if (absl::Status s = (*service)->Start(); !s.ok()) return ReportFailure(s);
  std::unique_ptr<HttpServer> metrics_http;
  if (!config->http.listen.empty() && config->http.listen != config->ingest.listen) {
    absl::StatusOr<std::unique_ptr<HttpServer>> http = HttpServer::Start(
        config->http.listen, [&service] { return (*service)->ready(); });
    if (!http.ok()) return ReportFailure(http.status());
    metrics_http = *std::move(http);
  }
  LogInfo("stormwatch ingest running; SIGTERM to stop");
  while (!stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  LogInfo("stopping: finishing requests and flushing the producer");
  (*service)->Stop();
  return 0;
}

}  // namespace

void AddIngestCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<IngestOptions>();
  CLI::App* cmd = app.add_subcommand(
      "ingest", "Receive webhooks and push requests, run the pollers, publish to Kafka");
  cmd->add_option("--config", options->config, "YAML config file with an ingest: section")
      ->required();
  cmd->add_option("--brokers", options->brokers, "Kafka bootstrap servers (host:port,...)");
  cmd->add_option("--only", options->only,
                  "run one part of the ingest section: webhooks (sources on ingest.listen, no "
                  "pollers: scales out) or pollers (no listener: run one replica)")
      ->check(CLI::IsMember({"webhooks", "pollers"}));
  cmd->callback([options, &exit_code] { exit_code = RunIngest(*options); });
}

}  // namespace stormwatch
