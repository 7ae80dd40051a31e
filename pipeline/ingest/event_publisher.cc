// Event publisher; see event_publisher.h.
#include "pipeline/ingest/event_publisher.h"

#include "pipeline/core/metrics.h"
#include "pipeline/core/time_util.h"

namespace stormwatch {
namespace {

struct PublisherMetrics {
  static PublisherMetrics& Get() {
    static PublisherMetrics* metrics = new PublisherMetrics();
    return *metrics;
  }
  prometheus::Family<prometheus::Counter>& family = prometheus::BuildCounter()
                                                        .Name("stormwatch_ingest_events_total")
                                                        .Help("Events offered to Kafka by outcome")
                                                        .Register(*MetricsRegistry());
  prometheus::Counter& mentions = family.Add({{"topic", "mentions"}, {"outcome", "published"}});
  prometheus::Counter& queue_samples =
      family.Add({{"topic", "queue_samples"}, {"outcome", "published"}});
  prometheus::Counter& rejected = family.Add({{"topic", "dead_letter"}, {"outcome", "rejected"}});
  prometheus::Counter& dead_letters = prometheus::BuildCounter()
                                          .Name("stormwatch_dead_letters_total")
                                          .Help("Records written to the dead-letter topic")
                                          .Register(*MetricsRegistry())
                                          .Add({{"component", "ingest"}});
};

}  // namespace

EventPublisher::EventPublisher(KafkaProducer& producer, TopicsConfig topics)
    : producer_(producer), topics_(std::move(topics)) {}

absl::Status EventPublisher::Publish(const v1::Event& event, DeliveryCallback on_delivery,
                                     int queue_full_wait_ms) {
  const bool is_mention = event.has_mention();
  absl::Status status =
      producer_.Produce(is_mention ? topics_.mentions : topics_.queue_samples, EventBrand(event),
                        event.SerializeAsString(), {}, std::move(on_delivery), queue_full_wait_ms,
                        EventTimeMs(event));
  if (status.ok()) {
    PublisherMetrics& metrics = PublisherMetrics::Get();
    (is_mention ? metrics.mentions : metrics.queue_samples).Increment();
  }
  return status;
}

absl::Status EventPublisher::DeadLetter(std::string_view raw, const std::string& reason,
                                        const std::string& origin) {
  PublisherMetrics& metrics = PublisherMetrics::Get();
  metrics.rejected.Increment();
  metrics.dead_letters.Increment();
  return producer_.Produce(topics_.dead_letter, "", raw,
                           {{"stormwatch-reason", reason}, {"stormwatch-origin", origin}});
}

}  // namespace stormwatch
