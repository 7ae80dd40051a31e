// `stormwatch operate|alert|run`: the long-lived roles, one per process (Kubernetes) or
// all in one (`run`). They run until SIGTERM/SIGINT, then finish the batch and leave.
#include <chrono>
#include <iostream>
#include <thread>

#include "pipeline/cli/commands.h"
#include "pipeline/cli/config_loading.h"
#include "pipeline/cli/role_runner.h"
#include "pipeline/core/logging.h"
#include "pipeline/core/metrics.h"
#include "pipeline/kafka/embedded_cluster.h"

namespace stormwatch {
namespace {

struct RoleOptions {
  std::string brokers;
  std::string config;
};

int RunRoles(const RoleOptions& options, Roles roles, const std::string& role_name) {
  absl::StatusOr<PipelineConfig> config = LoadConfigWithOverrides(options.config, options.brokers);
  if (!config.ok()) return ReportFailure(config.status());
  if (absl::Status s = PrepareKafkaConfig(config->kafka); !s.ok()) return ReportFailure(s);
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
  ExportBuildInfo(role_name);
  absl::StatusOr<std::unique_ptr<RoleRunner>> runner = RoleRunner::Create(*config, roles, std::cout);
  if (!runner.ok()) return ReportFailure(runner.status());
  if (absl::Status s = (*runner)->Start(); !s.ok()) return ReportFailure(s);
  LogInfo("stormwatch ", role_name, " running; SIGTERM to stop");
  while (!stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  LogInfo("stopping: finishing the batch and leaving the group");
  absl::Status stopped = (*runner)->StopAndJoin();
  if (!stopped.ok()) return ReportFailure(stopped);
  return 0;
}

void AddRole(CLI::App& app, int& exit_code, const std::string& name, const std::string& help,
             Roles roles, bool brokers_flag) {
  auto options = std::make_shared<RoleOptions>();
  CLI::App* cmd = app.add_subcommand(name, help);
  if (brokers_flag) {
    cmd->add_option("--brokers", options->brokers, "Kafka bootstrap servers (host:port,...)");
    cmd->add_option("--config", options->config, "YAML config file");
  } else {
    cmd->add_option("--config", options->config, "YAML config file")->required();
  }
  cmd->callback([options, &exit_code, name, roles] { exit_code = RunRoles(*options, roles, name); });
}

}  // namespace

void AddRoleCommands(CLI::App& app, int& exit_code) {
  AddRole(app, exit_code, "operate", "Run the detectors over mentions.v1 and queue-samples.v1",
          {.operate = true}, true);
  AddRole(app, exit_code, "alert", "Deliver alerts.v1 to the configured sinks", {.alert = true},
          true);
  AddRole(app, exit_code, "run", "Run all roles in one process", {.operate = true, .alert = true, .ingest = true},
          false);
}

}  // namespace stormwatch
