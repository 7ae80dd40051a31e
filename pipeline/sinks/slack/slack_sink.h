// Slack incoming-webhook sink: one message per notification in Block Kit (header, fields,
// summary, context with the incident id). Slack answers 200 "ok"; 429 with Retry-After
// and 5xx are retried; other 4xx (bad URL, revoked hook) are rejected.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "pipeline/config/pipeline_config.h"
#include "pipeline/sinks/notification.h"

namespace stormwatch {

// The webhook URL comes from config.url_secret (file/env) or config.url.
absl::StatusOr<std::unique_ptr<NotificationSink>> MakeSlackSink(const SinkConfig& config);
// The message body (exposed for tests).
nlohmann::json SlackMessage(const Notification& n);

}  // namespace stormwatch
