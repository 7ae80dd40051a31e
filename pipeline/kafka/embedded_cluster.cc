// Embedded Kafka broker; see embedded_cluster.h.
#include "pipeline/kafka/embedded_cluster.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "pipeline/core/strings.h"
#include "pipeline/config/pipeline_config.h"

namespace stormwatch {

absl::StatusOr<std::unique_ptr<EmbeddedKafkaCluster>> EmbeddedKafkaCluster::Create(
    int num_brokers, const std::vector<TopicSpec>& topics) {
  char errstr[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof(errstr));
  rd_kafka_t* handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
  if (handle == nullptr) {
    rd_kafka_conf_destroy(conf);
    return absl::InternalError(StrCat("embedded kafka: ", errstr));
  }
  rd_kafka_mock_cluster_t* cluster = rd_kafka_mock_cluster_new(handle, num_brokers);
  if (cluster == nullptr) {
    rd_kafka_destroy(handle);
    return absl::InternalError("embedded kafka: could not start the mock cluster");
  }
  auto embedded =
      std::unique_ptr<EmbeddedKafkaCluster>(new EmbeddedKafkaCluster(handle, cluster));
  for (const TopicSpec& topic : topics) {
    if (absl::Status status = embedded->CreateTopic(topic); !status.ok()) return status;
  }
  return embedded;
}

EmbeddedKafkaCluster::EmbeddedKafkaCluster(rd_kafka_s* handle, rd_kafka_mock_cluster_s* cluster)
    : handle_(handle),
      cluster_(cluster),
      bootstrap_servers_(rd_kafka_mock_cluster_bootstraps(cluster)) {}

EmbeddedKafkaCluster::~EmbeddedKafkaCluster() {
  rd_kafka_mock_cluster_destroy(cluster_);
  rd_kafka_destroy(handle_);
}

absl::Status EmbeddedKafkaCluster::CreateTopic(const TopicSpec& topic) {
  rd_kafka_resp_err_t err =
      rd_kafka_mock_topic_create(cluster_, topic.name.c_str(), topic.partitions, 1);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::InternalError(
        StrCat("embedded kafka: create topic ", topic.name, ": ", rd_kafka_err2str(err)));
  }
  return absl::OkStatus();
}

namespace {
absl::Status MockStatus(std::string_view what, rd_kafka_resp_err_t err) {
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return absl::OkStatus();
  return absl::InternalError(StrCat("embedded kafka: ", what, ": ", rd_kafka_err2str(err)));
}
}  // namespace

absl::Status EmbeddedKafkaCluster::SetPartitionLeader(const std::string& topic, int partition,
                                                      int broker) {
  return MockStatus(StrCat("leader of ", topic, "/", partition),
                    rd_kafka_mock_partition_set_leader(cluster_, topic.c_str(), partition, broker));
}

absl::Status EmbeddedKafkaCluster::SetGroupCoordinator(const std::string& group, int broker) {
  return MockStatus(StrCat("coordinator of ", group),
                    rd_kafka_mock_coordinator_set(cluster_, "group", group.c_str(), broker));
}

absl::Status EmbeddedKafkaCluster::SetBrokerRoundTripMs(int broker, int rtt_ms) {
  return MockStatus(StrCat("round trip of broker ", broker),
                    rd_kafka_mock_broker_set_rtt(cluster_, broker, rtt_ms));
}

std::vector<TopicSpec> StormwatchTopics(const PipelineConfig& config, int partitions) {
  // The changelog of the operate role's task stores, named as operate names it (group id
  // and suffix). Real Kafka: create it with cleanup.policy=compact; the 2.0.2 mock has no
  // topic configs, so here it is a plain topic (about 5 MiB retained per partition).
  const TopicsConfig& topics = config.topics;
  return {{topics.mentions, partitions},
          {topics.queue_samples, partitions},
          {topics.alerts, partitions},
          {topics.dead_letter, partitions},
          {config.kafka.group_id + config.runtime.changelog_suffix, partitions}};
}

}  // namespace stormwatch
