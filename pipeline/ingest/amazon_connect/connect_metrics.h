// Amazon Connect GetCurrentMetricData -> QueueSample. POST /metrics/current/{InstanceId}
// signed with AWS Signature Version 4 (service "connect"). CONTACTS_IN_QUEUE gives the
// calls waiting, AGENTS_AVAILABLE the agents, OLDEST_CONTACT_AGE the longest wait; the
// latter is returned in milliseconds when the request has no groupings (despite its
// Unit), so it is divided by 1000 then.
// Reference: docs.aws.amazon.com/connect/latest/APIReference/API_GetCurrentMetricData.html,
// docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv4-create-signed-request.html.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "pipeline/ingest/common/queue_poller.h"

namespace stormwatch {

struct ConnectPage {
  std::vector<v1::Event> samples;
  std::string next_token;
};

// `queues`: queue id -> brand. `grouped`: the request grouped by QUEUE; otherwise the one
// result is attributed to `ungrouped_queue_id` and its OLDEST_CONTACT_AGE is milliseconds.
absl::StatusOr<ConnectPage> ParseConnectCurrentMetrics(
    std::string_view body, const std::map<std::string, std::string>& queues, bool grouped,
    const std::string& ungrouped_queue_id, int64_t now_ms);

struct SigV4Request {
  std::string method, host, path, body, region, service, access_key, secret_key, session_token;
  std::string amz_date;  // "20251126T180000Z"
};
// The headers to add (Authorization, X-Amz-Date, X-Amz-Content-Sha256, X-Amz-Security-Token).
std::map<std::string, std::string> SignSigV4(const SigV4Request& request);

// secret: "ACCESS_KEY_ID:SECRET_ACCESS_KEY[:SESSION_TOKEN]". params: instance_id, region,
// queues ("id:brand,..."), group_by_queue (default "true"), channel (default VOICE).
class AmazonConnectQueuePoller final : public QueuePoller {
 public:
  static absl::StatusOr<std::unique_ptr<Poller>> Create(const IngestPollerConfig& config);

 private:
  using QueuePoller::QueuePoller;
  Fetched Fetch(int64_t now_ms) override;
  std::map<std::string, std::string> queues_;
  std::string instance_id_, region_, host_;
  bool grouped_ = true;
};

}  // namespace stormwatch
