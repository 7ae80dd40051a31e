// Generic webhook sink, signed the Standard Webhooks way: POSTs the notification
// envelope (notification_json.h) with `webhook-id` (the message id, the same on every
// retry, so receivers deduplicate), `webhook-timestamp` (unix seconds) and
// `webhook-signature: v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>` where the
// key is the base64 part of the "whsec_<base64>" secret. Unsigned when no secret is set.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "pipeline/config/pipeline_config.h"
#include "pipeline/sinks/notification.h"

namespace stormwatch {

absl::StatusOr<std::unique_ptr<NotificationSink>> MakeWebhookSink(const SinkConfig& config);

// "v1,<base64 signature>" for `secret` ("whsec_..." or raw base64 key); exposed for tests
// and receivers written in C++.
absl::StatusOr<std::string> StandardWebhookSignature(const std::string& secret,
                                                     const std::string& id,
                                                     int64_t timestamp_seconds,
                                                     const std::string& body);

}  // namespace stormwatch
