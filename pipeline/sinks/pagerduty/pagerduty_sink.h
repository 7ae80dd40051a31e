// PagerDuty Events API v2 sink: POST {url}/v2/enqueue with dedup_key = incident id and
// event_action trigger / acknowledge / resolve. Answers as PagerDuty documents them:
// 202 accepted; 400 invalid event (rejected, not retried); 429 throttled and 5xx
// (retried with backoff, honouring Retry-After when present).
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "pipeline/config/pipeline_config.h"
#include "pipeline/sinks/notification.h"

namespace stormwatch {

// Reads the routing key from config.routing_key (file or env).
absl::StatusOr<std::unique_ptr<NotificationSink>> MakePagerDutySink(const SinkConfig& config);

}  // namespace stormwatch
