// Microsoft Teams sink for a Workflows ("Post to a channel when a webhook request is
// received") webhook: a message with one Adaptive Card attachment (title, summary, facts).
// Workflows answer 202; 429 and 5xx are retried, other 4xx rejected.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "pipeline/config/pipeline_config.h"
#include "pipeline/sinks/notification.h"

namespace stormwatch {

// The webhook URL comes from config.url_secret (file/env) or config.url.
absl::StatusOr<std::unique_ptr<NotificationSink>> MakeTeamsSink(const SinkConfig& config);
nlohmann::json TeamsMessage(const Notification& n);

}  // namespace stormwatch
