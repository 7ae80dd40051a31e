// `stormwatch dev-broker [--partitions N] [--bootstrap-file FILE]`: a standalone embedded
// Kafka (librdkafka mock cluster) for several local processes and kcat. Creates the
// topics, prints the bootstrap servers and runs until SIGTERM/SIGINT.
#include <chrono>
#include <fstream>
#include <iostream>
#include <thread>

#include "pipeline/cli/commands.h"
#include "pipeline/cli/config_loading.h"
#include "pipeline/cli/role_runner.h"
#include "pipeline/kafka/embedded_cluster.h"

namespace stormwatch {
namespace {

struct DevBrokerOptions {
  int partitions = 4;
  int brokers = 1;
  std::string bootstrap_file;
  std::string config;
};

int RunDevBroker(const DevBrokerOptions& options) {
  absl::StatusOr<PipelineConfig> config = LoadConfigWithOverrides(options.config, "");
  if (!config.ok()) return ReportFailure(config.status());
  std::atomic<bool>& stop = InstallStopSignalHandlers();
  absl::StatusOr<std::unique_ptr<EmbeddedKafkaCluster>> cluster = EmbeddedKafkaCluster::Create(
      options.brokers, StormwatchTopics(*config, options.partitions));
  if (!cluster.ok()) return ReportFailure(cluster.status());
  const std::string& bootstrap = (*cluster)->bootstrap_servers();
  if (!options.bootstrap_file.empty()) {
    const std::string tmp = options.bootstrap_file + ".tmp";
    std::ofstream(tmp) << bootstrap << "\n";
    if (std::rename(tmp.c_str(), options.bootstrap_file.c_str()) != 0) {
      return ReportFailure(
          absl::InvalidArgumentError(options.bootstrap_file + ": cannot write bootstrap file"));
    }
  }
  std::cout << bootstrap << std::endl;
  while (!stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  return 0;
}

}  // namespace

void AddDevBrokerCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<DevBrokerOptions>();
  CLI::App* cmd = app.add_subcommand("dev-broker", "Run a standalone embedded Kafka for development");
  cmd->add_option("--partitions", options->partitions, "Partitions per topic")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--brokers", options->brokers, "Number of mock brokers")->check(CLI::Range(1, 5));
  cmd->add_option("--bootstrap-file", options->bootstrap_file,
                  "Write the bootstrap servers to this file");
  cmd->add_option("--config", options->config, "YAML config (topic names)");
  cmd->callback([options, &exit_code] { exit_code = RunDevBroker(*options); });
}

}  // namespace stormwatch
