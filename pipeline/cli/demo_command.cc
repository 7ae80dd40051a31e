// `stormwatch demo`: the whole data path on the embedded broker with the built-in
// scenario (demo_scenario.h): publish -> Kafka -> operate -> alerts.v1 -> dispatcher ->
// console. Prints each alert as it fires and a closing summary; serves /metrics.
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "pipeline/cli/commands.h"
#include "pipeline/cli/config_loading.h"
#include "pipeline/cli/demo_scenario.h"
#include "pipeline/cli/role_runner.h"
#include "pipeline/core/event_codec.h"
#include "pipeline/core/logging.h"
#include "pipeline/core/metrics.h"
#include "pipeline/core/time_util.h"
#include "pipeline/ingest/event_publisher.h"
#include "pipeline/kafka/embedded_cluster.h"

namespace stormwatch {
namespace {

constexpr int64_t kScenarioStartMs = 1795766400000;  // Friday 2026-11-27 08:00:00 UTC

struct DemoOptions {
  std::string config;
  std::string write_scenario;
  std::string listen = "127.0.0.1:9464";
  int timeout_seconds = 55;
};

// Remembers what reached the sinks, for the summary.
class SummarySink final : public AlertSink {
 public:
  struct Tally {
    std::map<std::string, int> firing_by_kind;
    int updates = 0;
    int64_t first_storm_alert_ms = 0;
  };
  explicit SummarySink(std::shared_ptr<std::mutex> mu, std::shared_ptr<Tally> tally)
      : mu_(std::move(mu)), tally_(std::move(tally)) {}
  std::string_view name() const override { return "demo-summary"; }
  DeliveryResult Deliver(const v1::Alert& alert) override {
    std::lock_guard<std::mutex> lock(*mu_);
    ++tally_->updates;
    if (alert.state() == v1::FIRING && alert.revision() == 0) {
      ++tally_->firing_by_kind[v1::AlertKind_Name(alert.kind())];
    }
    return DeliveryResult::Delivered();
  }

 private:
  std::shared_ptr<std::mutex> mu_;
  std::shared_ptr<Tally> tally_;
};

int WriteScenario(const std::string& path) {
  std::ofstream out(path, std::ios::trunc);
  if (!out) return ReportFailure(absl::InvalidArgumentError(path + ": cannot open for writing"));
  for (const v1::Event& event : MakeDemoScenario(kScenarioStartMs).events) {
    out << EventToJson(event) << '\n';
  }
  std::cout << "wrote the demo scenario to " << path << std::endl;
  return 0;
}

int RunDemo(const DemoOptions& options) {
  if (!options.write_scenario.empty()) return WriteScenario(options.write_scenario);
  absl::StatusOr<PipelineConfig> config = LoadConfigWithOverrides(options.config, "");
  if (!config.ok()) return ReportFailure(config.status());
  config->kafka.embedded = true;
  config->runtime.idle_advance_after_ms = 300;
  config->http.listen = options.listen;
  std::atomic<bool>& stop = InstallStopSignalHandlers();
  const auto started = std::chrono::steady_clock::now();

  absl::StatusOr<std::unique_ptr<EmbeddedKafkaCluster>> cluster = EmbeddedKafkaCluster::Create(
      1, StormwatchTopics(*config, config->kafka.embedded_partitions));
  if (!cluster.ok()) return ReportFailure(cluster.status());
  config->kafka.brokers = (*cluster)->bootstrap_servers();
  ExportBuildInfo("demo");

  auto mu = std::make_shared<std::mutex>();
  auto tally = std::make_shared<SummarySink::Tally>();
  std::vector<std::unique_ptr<AlertSink>> extra;
  extra.push_back(std::make_unique<SummarySink>(mu, tally));
  absl::StatusOr<std::unique_ptr<RoleRunner>> runner =
      RoleRunner::Create(*config, {.operate = true, .alert = true}, std::cout, std::move(extra));
  if (!runner.ok()) return ReportFailure(runner.status());
  absl::Status started_roles = (*runner)->Start();
  if (!started_roles.ok() && options.listen != "127.0.0.1:0") {
    LogWarning(started_roles.message(), "; serving metrics on a free port instead");
    runner->reset();
    config->http.listen = "127.0.0.1:0";
    extra.clear();
    extra.push_back(std::make_unique<SummarySink>(mu, tally));
    runner = RoleRunner::Create(*config, {.operate = true, .alert = true}, std::cout,
                                std::move(extra));
    if (!runner.ok()) return ReportFailure(runner.status());
    started_roles = (*runner)->Start();
  }
  if (!started_roles.ok()) return ReportFailure(started_roles);

  const DemoScenario scenario = MakeDemoScenario(kScenarioStartMs);
  std::cout << "stormwatch demo: a telecom's Friday-evening outage (" << scenario.events.size()
            << " events, " << FormatRfc3339(EventTimeMs(scenario.events.front())) << " to "
            << FormatRfc3339(EventTimeMs(scenario.events.back())) << ")\n"
            << "  phone queue starts to build at " << FormatRfc3339(scenario.queue_breach_ms)
            << ", negative flood from " << FormatRfc3339(scenario.storm_onset_ms) << "\n"
            << "  embedded Kafka on " << config->kafka.brokers << ", metrics on http://127.0.0.1:"
            << (*runner)->http_port() << "/metrics\n\n"
            << "alerts as they fire (event time, kind, brand, severity, state, summary):"
            << std::endl;

  absl::StatusOr<std::unique_ptr<KafkaProducer>> producer = KafkaProducer::Create(
      {.brokers = config->kafka.brokers, .client_id = "stormwatch-demo-ingest"});
  if (!producer.ok()) return ReportFailure(producer.status());
  EventPublisher publisher(**producer, config->topics);
  for (const v1::Event& event : scenario.events) {
    if (absl::Status s = publisher.Publish(event); !s.ok()) return ReportFailure(s);
  }
  if (absl::Status s = (*producer)->Flush(30'000); !s.ok()) return ReportFailure(s);

  // Wait until every event went through and the alert stream has been quiet for a while.
  const auto deadline = started + std::chrono::seconds(options.timeout_seconds);
  const int64_t total = static_cast<int64_t>(scenario.events.size());
  int64_t last_dispatched = -1;
  auto quiet_since = std::chrono::steady_clock::now();
  while (!stop && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const int64_t dispatched = (*runner)->alerts_dispatched();
    if (dispatched != last_dispatched) {
      last_dispatched = dispatched;
      quiet_since = std::chrono::steady_clock::now();
    }
    if ((*runner)->records_processed() >= total &&
        dispatched >= (*runner)->alerts_emitted() &&
        std::chrono::steady_clock::now() - quiet_since > std::chrono::seconds(3)) {
      break;
    }
  }
  const int64_t processed = (*runner)->records_processed();
  absl::Status stopped = (*runner)->StopAndJoin();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::lock_guard<std::mutex> lock(*mu);
  std::cout << "\nsummary: " << processed << " of " << total << " events processed in "
            << static_cast<int>(seconds) << " s; " << tally->updates << " alert updates";
  for (const auto& [kind, count] : tally->firing_by_kind) {
    std::cout << "; " << count << " " << kind << " incident" << (count == 1 ? "" : "s");
  }
  std::cout << std::endl;
  if (!stopped.ok()) return ReportFailure(stopped);
  if (processed < total) {
    return ReportFailure(absl::DeadlineExceededError("demo: not every event was processed in time"));
  }
  return 0;
}

}  // namespace

void AddDemoCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<DemoOptions>();
  CLI::App* cmd = app.add_subcommand(
      "demo", "Run the built-in outage scenario end to end on an embedded Kafka");
  cmd->add_option("--config", options->config, "YAML config (operators, sinks)");
  cmd->add_option("--listen", options->listen, "Metrics address (host:port)");
  cmd->add_option("--timeout", options->timeout_seconds, "Give up after this many seconds")
      ->check(CLI::Range(5, 3600));
  cmd->add_option("--write-scenario", options->write_scenario,
                  "Write the scenario as JSONL to this file and exit (for replay)");
  cmd->callback([options, &exit_code] { exit_code = RunDemo(*options); });
}

}  // namespace stormwatch
