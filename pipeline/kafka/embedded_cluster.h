// The embedded Kafka broker (librdkafka's mock cluster, DESIGN.md "Runtime pieces"):
// a Kafka-protocol broker inside this process, used by `stormwatch demo`, by
// `stormwatch dev-broker` for several processes, and by the tests.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

struct rd_kafka_s;
struct rd_kafka_mock_cluster_s;

namespace stormwatch {

struct TopicSpec {
  std::string name;
  int partitions = 1;
};

// Thread-safe (the broker runs on librdkafka's own threads). Destroying it stops the
// broker; clients still connected see it go away.
class EmbeddedKafkaCluster {
 public:
  static absl::StatusOr<std::unique_ptr<EmbeddedKafkaCluster>> Create(
      int num_brokers, const std::vector<TopicSpec>& topics);
  ~EmbeddedKafkaCluster();
  EmbeddedKafkaCluster(const EmbeddedKafkaCluster&) = delete;
  EmbeddedKafkaCluster& operator=(const EmbeddedKafkaCluster&) = delete;

  // "127.0.0.1:PORT,..." for bootstrap.servers.
  const std::string& bootstrap_servers() const { return bootstrap_servers_; }
  absl::Status CreateTopic(const TopicSpec& topic);

  // Fault injection for the tests (brokers are numbered from 1): which broker leads a
  // partition, which one coordinates a consumer group, and a delay every response of a
  // broker waits (a slow or distant broker).
  absl::Status SetPartitionLeader(const std::string& topic, int partition, int broker);
  absl::Status SetGroupCoordinator(const std::string& group, int broker);
  absl::Status SetBrokerRoundTripMs(int broker, int rtt_ms);

 private:
  EmbeddedKafkaCluster(rd_kafka_s* handle, rd_kafka_mock_cluster_s* cluster);
  rd_kafka_s* handle_;
  rd_kafka_mock_cluster_s* cluster_;
  std::string bootstrap_servers_;
};

// The topics of `config` (inputs, alerts, dead letters, operate's changelog), all with
// `partitions` partitions (inputs co-partitioned).
std::vector<TopicSpec> StormwatchTopics(const struct PipelineConfig& config, int partitions);

}  // namespace stormwatch
