// Puts validated events on Kafka: mentions to mentions.v1, queue samples to
// queue-samples.v1, key = brand (so both topics are co-partitioned), binary protobuf.
// Rejected input goes to the dead-letter topic with the reason in a header.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "pipeline/config/pipeline_config.h"
#include "pipeline/kafka/producer.h"
#include "stormwatch/v1/event.pb.h"

namespace stormwatch {

// Thread-safe (the producer is). Borrows the producer.
class EventPublisher {
 public:
  EventPublisher(KafkaProducer& producer, TopicsConfig topics);

  // ResourceExhausted when the producer queue stays full for `queue_full_wait_ms`.
  absl::Status Publish(const v1::Event& event, DeliveryCallback on_delivery = nullptr,
                       int queue_full_wait_ms = 1000);
  // The raw input that could not be parsed, with the reason and where it came from.
  absl::Status DeadLetter(std::string_view raw, const std::string& reason,
                          const std::string& origin);

 private:
  KafkaProducer& producer_;
  const TopicsConfig topics_;
};

}  // namespace stormwatch
