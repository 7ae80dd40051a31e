// Typed configuration of a stormwatch process (YAML file -> PipelineConfig), validated
// once at start-up. A bad value stops start-up with one line naming the field and what is
// expected (exit code 2). See README.md "Configuration" for every key.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "pipeline/api/operator.h"

namespace stormwatch {

// A secret read at start-up from a file or an environment variable (never from the YAML
// itself, never logged). YAML: `{secret_file: /run/secrets/x}` or `{secret_env: NAME}`.
struct SecretRef {
  std::string file;
  std::string env;
  bool empty() const { return file.empty() && env.empty(); }
};

struct KafkaConfig {
  std::string brokers;       // "host:port,host:port"; empty with embedded = true
  bool embedded = false;     // start the librdkafka mock cluster in this process
  int embedded_partitions = 4;
  std::string group_id = "stormwatch-operate";
  std::string alert_group_id = "stormwatch-alert";
  // Extra librdkafka properties (security.protocol, sasl.*, ...), passed through.
  std::map<std::string, std::string> properties;
  // Properties given as `{secret_file}` / `{secret_env}` (sasl.password: ...); read into
  // `properties` by PrepareKafkaConfig when a Kafka role starts.
  std::map<std::string, SecretRef> secret_properties;
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
  // A task checkpoints (state + offsets in one WriteBatch, changelog, offset commit) every
  // this many ms or after this many records, whichever comes first.
  int64_t checkpoint_interval_ms = 1'000;
  int64_t checkpoint_records = 100'000;
  // Bounds RocksDB memory for the whole process: one shared block cache and one
  // write-buffer manager (memtables), plus the write-back buffers of all tasks.
  int64_t block_cache_bytes = 64LL << 20;
  int64_t write_buffer_bytes = 32LL << 20;
  int64_t write_back_bytes = 64LL << 20;
  // Changelog topic of each task store: "<group id><changelog_suffix>", partition = task.
  std::string changelog_suffix = "-state-changelog";
  // Event times further than this ahead of the wall clock are clamped to it (and counted),
  // so one bad clock cannot push the watermark past every later event.
  int64_t max_future_ms = 7 * 86'400'000LL;
  // Pause consumption while the producer queue holds more than this many records.
  int64_t max_producer_queue = 100'000;
  // SIGTERM: finish the batch, checkpoint and leave the group within this time.
  int64_t shutdown_grace_ms = 20'000;
  // When set, a clean shutdown writes the state of every owned task to this JSONL file
  // (tests compare per-brand results this way).
  std::string dump_state_path;
};

// One entry of `sinks:`. Types: console | jsonl | webhook | alertmanager | pagerduty |
// slack | teams | kafka. See docs/alerting.md for each type's keys.
struct SinkConfig {
  std::string type;
  std::string name;  // unique; defaults to the type; routes refer to it
  std::string path;  // jsonl
  std::string url;   // webhook, alertmanager, pagerduty, slack, teams
  std::string topic;  // kafka
  int64_t timeout_ms = 5'000;
  SecretRef secret;       // webhook: Standard Webhooks "whsec_<base64>" signing secret
  SecretRef routing_key;  // pagerduty integration key
  SecretRef url_secret;   // slack/teams: the webhook URL itself is a secret
  std::string generator_url;  // alertmanager generatorURL / links back to stormwatch
  // Outbox delivery policy of this sink.
  int64_t retry_initial_ms = 1'000;
  int64_t retry_max_ms = 300'000;
  double rate_per_second = 10;  // token bucket refill; burst = max(1, rate)
  int64_t max_age_ms = 24 * 3'600'000LL;  // then dead-letter
  // Re-send an open incident this often (Alertmanager forgets alerts that are not
  // re-sent; 0 = never).
  int64_t resend_interval_ms = 0;
};

// Per-brand routing (`alerting.routes`); brand "*" is the fallback.
struct AlertRouteConfig {
  std::string brand = "*";
  std::string time_zone = "UTC";  // IANA name, read from tzdata
  std::vector<int> office_days = {1, 2, 3, 4, 5};  // ISO weekday, 1 = Monday
  int office_start_minute = 8 * 60;  // local time of day
  int office_end_minute = 16 * 60;
  std::vector<std::string> holidays;  // local dates "YYYY-MM-DD": after-hours all day
  std::vector<std::string> office_hours_sinks;  // community team
  std::vector<std::string> after_hours_sinks;   // crisis on-call
  std::vector<std::string> critical_sinks;      // CRITICAL at any hour
  std::vector<std::vector<std::string>> escalation_tiers;  // tier 1, 2, ... sinks
  int64_t escalate_after_ms = 15 * 60'000;
  // Maintenance windows [start, end) as RFC 3339 text (checked when the escalation
  // engine starts): incidents are recorded, not notified.
  std::vector<std::pair<std::string, std::string>> maintenance;
};

// The alert role's incident handling and outbox (`alerting:`).
struct AlertingConfig {
  std::string outbox_dir;  // default: <runtime.state_dir>/alert-outbox
  SecretRef api_token;     // bearer token of the incident API; empty = API disabled
  int64_t cooldown_ms = 10 * 60'000;    // a refire within this of a resolve reopens it
  int64_t renotify_ms = 30 * 60'000;    // while unacknowledged; 0 = never
  int64_t tick_ms = 1'000;              // timer resolution of escalation and outbox
  int64_t max_pending_in_memory = 1'000;  // per sink; the rest stays in RocksDB
  std::vector<AlertRouteConfig> routes;
};

struct HttpConfig {
  std::string listen = "127.0.0.1:9464";  // metrics, health; "" disables
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
  AlertingConfig alerting;
  IngestConfig ingest;
};

// The defaults of every field; `operators` is the built-in chain, `sinks` is console.
PipelineConfig DefaultPipelineConfig();

// Reads and validates a YAML file. Errors: "FILE: kafka.brokers: expected ..., got '...'".
absl::StatusOr<PipelineConfig> LoadPipelineConfig(const std::string& path);
// The same from YAML text (`origin` names it in errors).
absl::StatusOr<PipelineConfig> ParsePipelineConfig(const std::string& yaml_text,
                                                   const std::string& origin);

// After command-line overrides, before a Kafka role starts: it needs brokers or the
// embedded cluster, and its secret properties are read into `properties`.
absl::Status PrepareKafkaConfig(KafkaConfig& kafka);

}  // namespace stormwatch
