// Zendesk Talk current queue activity -> QueueSample. GET
// /api/v2/channels/voice/stats/current_queue_activity.json: calls_waiting,
// longest_wait_time and average_wait_time (seconds), agents_online.
// Reference: developer.zendesk.com/api-reference/voice/talk-api/stats/#show-current-queue-activity
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "pipeline/ingest/common/queue_poller.h"

namespace stormwatch {

absl::StatusOr<v1::Event> ParseZendeskQueueActivity(std::string_view body,
                                                    const std::string& brand,
                                                    const std::string& queue_id, int64_t now_ms);

// secret: "email/token:API_TOKEN" (basic auth) . params: queue_id (default "talk").
class ZendeskQueuePoller final : public QueuePoller {
 public:
  static absl::StatusOr<std::unique_ptr<Poller>> Create(const IngestPollerConfig& config);

 private:
  using QueuePoller::QueuePoller;
  Fetched Fetch(int64_t now_ms) override;
  std::string queue_id_;
};

}  // namespace stormwatch
