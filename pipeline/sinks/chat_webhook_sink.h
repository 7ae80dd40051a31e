// The delivery side shared by the chat-webhook sinks (Slack, Teams): one JSON message per
// notification POSTed to an incoming-webhook URL, the answer mapped by HttpPoster. Each
// chat sink only supplies its message format (slack/slack_sink.cc, teams/teams_sink.cc).
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "pipeline/config/pipeline_config.h"
#include "pipeline/sinks/notification.h"

namespace stormwatch {

// Makes the message body of one notification.
using ChatMessageFormat = nlohmann::json (*)(const Notification& n);

// A sink named config.name that posts `format(n)` to the webhook URL, taken from
// config.url_secret (file/env) or config.url. Errors: an unreadable secret or a bad URL.
absl::StatusOr<std::unique_ptr<NotificationSink>> MakeChatWebhookSink(const SinkConfig& config,
                                                                      ChatMessageFormat format);

}  // namespace stormwatch
