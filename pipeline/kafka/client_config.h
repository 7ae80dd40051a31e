// librdkafka configuration for stormwatch's producers and consumers: the settings
// DESIGN.md asks for (idempotent producer, manual offset store, cooperative-sticky),
// short group timers against the embedded broker, and the user's extra properties.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace RdKafka {
class Conf;
}

namespace stormwatch {

struct KafkaClientOptions {
  std::string brokers;
  std::string client_id = "stormwatch";
  std::string group_id;        // consumers only
  bool embedded_broker = false;  // short group timers (the mock's rebalance waits for them)
  std::map<std::string, std::string> properties;  // user overrides, applied last
};

absl::StatusOr<std::unique_ptr<RdKafka::Conf>> MakeProducerConf(const KafkaClientOptions& options);
absl::StatusOr<std::unique_ptr<RdKafka::Conf>> MakeConsumerConf(const KafkaClientOptions& options);

// The effective configuration as "key=value" lines with secrets redacted (for logs).
std::string DescribeConf(RdKafka::Conf& conf);

}  // namespace stormwatch
