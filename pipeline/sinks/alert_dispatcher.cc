// Alert dispatcher; see alert_dispatcher.h.
#include "pipeline/sinks/alert_dispatcher.h"

#include <librdkafka/rdkafkacpp.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "pipeline/core/strings.h"
#include "pipeline/core/logging.h"
#include "pipeline/core/metrics.h"

namespace stormwatch {
namespace {

prometheus::Family<prometheus::Counter>& DeliveriesFamily() {
  static auto& family = prometheus::BuildCounter()
                            .Name("stormwatch_sink_deliveries_total")
                            .Help("Delivery attempts by sink and outcome")
                            .Register(*MetricsRegistry());
  return family;
}

}  // namespace

// A sink with its delivery counters and the alert updates it already took.
struct AlertDispatcher::SinkSlot {
  explicit SinkSlot(std::unique_ptr<AlertSink> s)
      : sink(std::move(s)),
        delivered(DeliveriesFamily().Add({{"sink", std::string(sink->name())},
                                          {"outcome", "delivered"}})),
        retried(DeliveriesFamily().Add({{"sink", std::string(sink->name())}, {"outcome", "retry"}})),
        rejected(DeliveriesFamily().Add({{"sink", std::string(sink->name())},
                                         {"outcome", "rejected"}})) {}
  std::unique_ptr<AlertSink> sink;
  prometheus::Counter& delivered;
  prometheus::Counter& retried;
  prometheus::Counter& rejected;
  std::set<std::string> seen;  // id/revision/state already delivered by this process
};

absl::StatusOr<std::unique_ptr<AlertDispatcher>> AlertDispatcher::Create(
    const PipelineConfig& config, std::vector<std::unique_ptr<AlertSink>> sinks) {
  std::unique_ptr<AlertDispatcher> dispatcher(new AlertDispatcher(config));
  for (auto& sink : sinks) dispatcher->sinks_.push_back(std::make_unique<SinkSlot>(std::move(sink)));
  KafkaClientOptions options{.brokers = config.kafka.brokers,
                             .client_id = "stormwatch-alert",
                             .group_id = config.kafka.alert_group_id,
                             .embedded_broker = config.kafka.embedded,
                             .properties = config.kafka.properties};
  absl::StatusOr<std::unique_ptr<KafkaConsumer>> consumer =
      KafkaConsumer::Create(options, dispatcher.get());
  if (!consumer.ok()) return consumer.status();
  dispatcher->consumer_ = *std::move(consumer);
  absl::Status subscribed = dispatcher->consumer_->Subscribe({config.topics.alerts});
  if (!subscribed.ok()) return subscribed;
  return dispatcher;
}

AlertDispatcher::AlertDispatcher(const PipelineConfig& config) : config_(config) {}

AlertDispatcher::~AlertDispatcher() = default;

void AlertDispatcher::OnAssigned(std::vector<RdKafka::TopicPartition*>& partitions) {
  ready_ = true;
}

void AlertDispatcher::DeliverToAll(const v1::Alert& alert) {
  const std::string update_key =
      StrCat(alert.id(), "/", alert.revision(), "/", v1::AlertState_Name(alert.state()));
  for (auto& slot : sinks_) {
    if (slot->seen.contains(update_key)) continue;
    std::chrono::milliseconds backoff(100);
    while (true) {
      DeliveryResult result = slot->sink->Deliver(alert);
      if (result.outcome == DeliveryResult::Outcome::kDelivered) {
        slot->delivered.Increment();
        slot->seen.insert(update_key);
        break;
      }
      if (result.outcome == DeliveryResult::Outcome::kRejected) {
        slot->rejected.Increment();
        LogError("sink ", slot->sink->name(), " rejected alert ", alert.id(), ": ",
                 result.detail);
        break;
      }
      slot->retried.Increment();
      if (stop_) return;
      const auto wait = std::max(backoff, result.retry_after);
      LogWarning("sink ", slot->sink->name(), " retry in ", wait.count(), " ms: ", result.detail);
      std::this_thread::sleep_for(wait);
      backoff = std::min(backoff * 2, std::chrono::milliseconds(30'000));
    }
  }
}

absl::Status AlertDispatcher::Run() {
  while (!stop_) {
    auto batch = consumer_->ConsumeBatch(500, 100);
    for (auto& message : batch) {
      v1::Alert alert;
      if (!alert.ParseFromArray(message->payload(), static_cast<int>(message->len()))) {
        LogError("alerts topic: record at ", message->partition(), "/", message->offset(),
                 " is not a stormwatch.v1.Alert; skipped");
      } else {
        DeliverToAll(alert);
        if (stop_) break;
        ++alerts_dispatched_;
      }
      (void)consumer_->StoreOffset(message->topic_name(), message->partition(),
                                   message->offset() + 1);
    }
  }
  (void)consumer_->CommitStored();
  consumer_->Close();
  return absl::OkStatus();
}

}  // namespace stormwatch
