// Twilio TaskRouter TaskQueue RealTimeStatistics -> QueueSample. GET
// /v1/Workspaces/{WorkspaceSid}/TaskQueues/{TaskQueueSid}/RealTimeStatistics (basic auth
// AccountSid:AuthToken): tasks_by_status.pending is the calls waiting,
// longest_task_waiting_age (seconds) the longest wait, total_available_workers the agents.
// Reference: twilio.com/docs/taskrouter/api/taskqueue-statistics#taskqueue-realtime-statistics
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "pipeline/ingest/common/queue_poller.h"

namespace stormwatch {

absl::StatusOr<v1::Event> ParseTwilioRealTimeStatistics(std::string_view body,
                                                        const std::string& brand,
                                                        const std::string& queue_id,
                                                        int64_t now_ms);

// secret: "AccountSid:AuthToken". params: workspace_sid, queues ("WQ...:brand,...").
class TwilioQueuePoller final : public QueuePoller {
 public:
  static absl::StatusOr<std::unique_ptr<Poller>> Create(const IngestPollerConfig& config);

 private:
  using QueuePoller::QueuePoller;
  Fetched Fetch(int64_t now_ms) override;
  std::map<std::string, std::string> queues_;
  std::string workspace_;
};

}  // namespace stormwatch
