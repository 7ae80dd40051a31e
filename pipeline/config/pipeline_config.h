// Typed configuration of a stormwatch process (YAML file -> PipelineConfig), validated
// once at start-up. A bad value stops start-up with one line naming the field and what is
// expected (exit code 2). See README.md "Configuration" for every key.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "pipeline/api/operator.h"

namespace stormwatch {

struct KafkaConfig {
  std::string brokers;       // "host:port,host:port"; empty with embedded = true
  bool embedded = false;     // start the librdkafka mock cluster in this process
  int embedded_partitions = 4;
  std::string group_id = "stormwatch-operate";
  std::string alert_group_id = "stormwatch-alert";
  // Extra librdkafka properties (security.protocol, sasl.*, ...), passed through.
  std::map<std::string, std::string> properties;
};

struct TopicsConfig {
  std::string mentions = "mentions.v1";
  std::string queue_samples = "queue-samples.v1";
  std::string alerts = "alerts.v1";
  std::string dead_letter = "dead-letter.v1";
};

struct RuntimeConfig {
  int64_t allowed_lateness_ms = 60'000;
  // A partition without records for this long advances its watermark with the wall clock.
  int64_t idle_advance_after_ms = 2'000;
  // How long a task waits for an empty input before it goes on in event-time order
  // without it (Kafka Streams' max.task.idle.ms).
  int64_t max_task_idle_ms = 500;
  std::string state_dir = "/var/lib/stormwatch";
  int64_t checkpoint_interval_ms = 1'000;
};

struct SinkConfig {
  std::string type;  // console | jsonl | webhook
  std::string path;  // jsonl
  std::string url;   // webhook
  int64_t timeout_ms = 5'000;
};

struct HttpConfig {
  std::string listen = "127.0.0.1:9464";  // metrics, health; "" disables
};

struct PipelineConfig {
  KafkaConfig kafka;
  TopicsConfig topics;
  RuntimeConfig runtime;
  std::vector<OperatorSpec> operators;
  std::vector<SinkConfig> sinks;
  HttpConfig http;
};

// The defaults of every field; `operators` is the built-in chain, `sinks` is console.
PipelineConfig DefaultPipelineConfig();

// Reads and validates a YAML file. Errors: "FILE: kafka.brokers: expected ..., got '...'".
absl::StatusOr<PipelineConfig> LoadPipelineConfig(const std::string& path);
// The same from YAML text (`origin` names it in errors).
absl::StatusOr<PipelineConfig> ParsePipelineConfig(const std::string& yaml_text,
                                                   const std::string& origin);

// After command-line overrides: a Kafka role needs brokers or the embedded cluster.
absl::Status CheckKafkaEndpoint(const KafkaConfig& kafka);

}  // namespace stormwatch
