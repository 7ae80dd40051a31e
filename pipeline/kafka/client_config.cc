// librdkafka configuration; see client_config.h.
#include "pipeline/kafka/client_config.h"

#include <librdkafka/rdkafkacpp.h>

#include <list>

#include "absl/strings/match.h"
#include "pipeline/core/strings.h"

namespace stormwatch {
namespace {

absl::Status Set(RdKafka::Conf& conf, const std::string& key, const std::string& value) {
  std::string errstr;
  if (conf.set(key, value, errstr) != RdKafka::Conf::CONF_OK) {
    return absl::InvalidArgumentError(StrCat("kafka.properties.", key, ": ", errstr));
  }
  return absl::OkStatus();
}

absl::Status Apply(RdKafka::Conf& conf, const std::map<std::string, std::string>& settings) {
  for (const auto& [key, value] : settings) {
    if (absl::Status status = Set(conf, key, value); !status.ok()) return status;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<RdKafka::Conf>> MakeProducerConf(
    const KafkaClientOptions& options) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::map<std::string, std::string> settings = {
      {"bootstrap.servers", options.brokers},
      {"client.id", options.client_id},
      {"enable.idempotence", "true"},
      {"acks", "all"},
      {"linger.ms", "5"},
      {"compression.codec", "lz4"},
      {"queue.buffering.max.messages", "200000"},
  };
  if (absl::Status s = Apply(*conf, settings); !s.ok()) return s;
  if (absl::Status s = Apply(*conf, options.properties); !s.ok()) return s;
  return conf;
}

absl::StatusOr<std::unique_ptr<RdKafka::Conf>> MakeConsumerConf(
    const KafkaClientOptions& options) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::map<std::string, std::string> settings = {
      {"bootstrap.servers", options.brokers},
      {"client.id", options.client_id},
      {"group.id", options.group_id},
      {"partition.assignment.strategy", "cooperative-sticky"},
      {"enable.auto.offset.store", "false"},
      {"enable.auto.commit", "true"},
      {"auto.commit.interval.ms", "1000"},
      {"auto.offset.reset", "earliest"},
      {"enable.partition.eof", "false"},
      // How long a fetch may wait for data; librdkafka's 500 ms default is added to the
      // latency of every alert on the embedded (mock) broker, which waits it out in full.
      {"fetch.wait.max.ms", "100"},
  };
  if (options.embedded_broker) {
    // The mock cluster completes a rebalance only after max.poll.interval.ms.
    settings["max.poll.interval.ms"] = "8000";
    settings["session.timeout.ms"] = "6000";
    settings["heartbeat.interval.ms"] = "500";
  }
  if (absl::Status s = Apply(*conf, settings); !s.ok()) return s;
  if (absl::Status s = Apply(*conf, options.properties); !s.ok()) return s;
  return conf;
}

std::string DescribeConf(RdKafka::Conf& conf) {
  std::string out;
  std::list<std::string>* dump = conf.dump();
  for (auto it = dump->begin(); it != dump->end();) {
    const std::string& key = *it++;
    if (it == dump->end()) break;
    const std::string& value = *it++;
    const bool secret = absl::StrContains(key, "password") || absl::StrContains(key, "secret") ||
                        absl::StrContains(key, "sasl.oauthbearer.config") ||
                        absl::StrContains(key, "ssl.key");
    StrAppend(&out, key, "=", secret ? "[redacted]" : value, "\n");
  }
  delete dump;
  return out;
}

}  // namespace stormwatch
