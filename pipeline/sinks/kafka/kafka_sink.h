// Kafka topic sink: produces the notification envelope (notification_json.h) as JSON,
// key = incident id, header `message-id`, and waits for the broker's acknowledgement
// before reporting the delivery (idempotent producer, acks=all).
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "pipeline/config/pipeline_config.h"
#include "pipeline/sinks/notification.h"

namespace stormwatch {

absl::StatusOr<std::unique_ptr<NotificationSink>> MakeKafkaSink(const SinkConfig& config,
                                                                const KafkaConfig& kafka);

}  // namespace stormwatch
