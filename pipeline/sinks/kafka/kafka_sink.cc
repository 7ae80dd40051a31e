// Kafka topic sink; see kafka_sink.h.
#include "pipeline/sinks/kafka/kafka_sink.h"

#include <atomic>

#include "pipeline/kafka/producer.h"
#include "pipeline/sinks/notification_json.h"

namespace stormwatch {
namespace {

class KafkaSink final : public NotificationSink {
 public:
  KafkaSink(std::string name, std::string topic, int64_t timeout_ms,
            std::unique_ptr<KafkaProducer> producer)
      : name_(std::move(name)),
        topic_(std::move(topic)),
        timeout_ms_(timeout_ms),
        producer_(std::move(producer)) {}
  std::string_view name() const override { return name_; }

  DeliveryResult Notify(const Notification& n) override {
    auto outcome = std::make_shared<absl::Status>(absl::UnknownError("kafka: no delivery report"));
    absl::Status queued = producer_->Produce(
        topic_, n.incident_id, NotificationEnvelope(n).dump(), {{"message-id", n.MessageId()}},
        [outcome](const absl::Status& s) { *outcome = s; });
    if (!queued.ok()) return DeliveryResult::Retry(std::string(queued.message()));
    if (absl::Status flushed = producer_->Flush(static_cast<int>(timeout_ms_)); !flushed.ok()) {
      return DeliveryResult::Retry(std::string(flushed.message()));
    }
    if (!outcome->ok()) return DeliveryResult::Retry(std::string(outcome->message()));
    return DeliveryResult::Delivered();
  }

 private:
  std::string name_;
  std::string topic_;
  int64_t timeout_ms_;
  std::unique_ptr<KafkaProducer> producer_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<NotificationSink>> MakeKafkaSink(const SinkConfig& config,
                                                                const KafkaConfig& kafka) {
  absl::StatusOr<std::unique_ptr<KafkaProducer>> producer =
      KafkaProducer::Create({.brokers = kafka.brokers,
                             .client_id = "stormwatch-sink-" + config.name,
                             .embedded_broker = kafka.embedded,
                             .properties = kafka.properties});
  if (!producer.ok()) return producer.status();
  return std::make_unique<KafkaSink>(config.name, config.topic, config.timeout_ms,
                                     *std::move(producer));
}

}  // namespace stormwatch
