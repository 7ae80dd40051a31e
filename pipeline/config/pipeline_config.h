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

// A secret read at start-up from a file or an environment variable (never from the YAML
// itself, never logged). YAML: `{secret_file: /run/secrets/x}` or `{secret_env: NAME}`.
struct SecretRef {
  std::string file;
  std::string env;
  bool empty() const { return file.empty() && env.empty(); }
};

// The `ingest:` section (docs/ingest.md). Secrets use SecretRef ({secret_file}/{secret_env}).

// One pushing source of `stormwatch ingest` (webhooks, the push API).
struct IngestSourceConfig {
  std::string name;  // route suffix and metric label
  std::string type;  // meta | trustpilot | push
  SecretRef secret;        // meta: app secret; trustpilot: URL/basic-auth secret; push: token
  SecretRef verify_token;  // meta only: hub.verify_token of the GET handshake
  std::string brand;       // default brand of this source
  std::map<std::string, std::string> brands;  // page / account / business unit id -> brand
  int64_t rate_limit_per_second = 0;          // 0 = unlimited
  int64_t burst = 0;                          // 0 = one second's worth
};

// One polling source (social APIs, contact-centre queues); base_url points tests at fakes.
struct IngestPollerConfig {
  std::string name;
  std::string type;  // x_search | x_stream | rss | reddit | genesys | amazon_connect | twilio | zendesk
  std::string base_url;
  std::string brand;
  int64_t interval_ms = 60'000;
  SecretRef secret;  // bearer token / API key
  std::map<std::string, std::string> params;  // type-specific (query, feed url, queue ids, ...)
};

// A tracking rule for sources the brand does not own: a boolean query over the text.
struct TrackingRuleConfig {
  std::string brand;
  std::string query;  // "phrase" word #hashtag @handle AND OR NOT ( )
  std::vector<std::string> languages;  // empty = any
  std::vector<std::string> topics;
};

struct IngestConfig {
  bool enabled = false;  // true when the config has an `ingest:` section
  std::string listen = "0.0.0.0:8080";
  int64_t body_limit_bytes = 8 << 20;
  int64_t delivery_timeout_ms = 10'000;
  int64_t max_batch = 1000;  // changes / lines per request
  std::vector<IngestSourceConfig> sources;
  std::vector<IngestPollerConfig> pollers;
  std::vector<TrackingRuleConfig> tracking;
  std::string dedup_dir;  // empty = in-memory dedup
  int64_t dedup_ttl_seconds = 7 * 86'400;
  std::string state_dir;  // poller cursors (since_id, ETag); empty = runtime.state_dir/ingest
};

struct PipelineConfig {
  KafkaConfig kafka;
  TopicsConfig topics;
  RuntimeConfig runtime;
  std::vector<OperatorSpec> operators;
  std::vector<SinkConfig> sinks;
  HttpConfig http;
  IngestConfig ingest;
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
