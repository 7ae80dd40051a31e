// Twilio TaskRouter queue poller; see taskrouter_stats.h.
#include "pipeline/ingest/twilio/taskrouter_stats.h"

#include <httplib.h>

#include "pipeline/core/strings.h"
#include "pipeline/ingest/common/http_fetch.h"
#include "pipeline/ingest/common/json_fields.h"
#include "pipeline/ingest/common/secret.h"

namespace stormwatch {

using nlohmann::json;

absl::StatusOr<v1::Event> ParseTwilioRealTimeStatistics(std::string_view body,
                                                        const std::string& brand,
                                                        const std::string& queue_id,
                                                        int64_t now_ms) {
  std::string error;
  std::optional<json> root = ParseJson(body, &error);
  if (!root) return absl::InvalidArgumentError(StrCat("body: ", error));
  if (!root->is_object()) return absl::InvalidArgumentError("body: expected a JSON object");
  v1::Event event = MakeQueueSample(brand, queue_id, now_ms);
  v1::QueueSample& q = *event.mutable_queue_sample();
  auto by_status = root->find("tasks_by_status");
  if (by_status == root->end() || !by_status->is_object()) {
    return absl::InvalidArgumentError("tasks_by_status: expected an object");
  }
  const int64_t pending = JsonInt(*by_status, "pending", 0);
  const int64_t age = JsonInt(*root, "longest_task_waiting_age", 0);
  const int64_t workers = JsonInt(*root, "total_available_workers", 0);
  if (pending < 0 || age < 0 || workers < 0) {
    return absl::InvalidArgumentError("RealTimeStatistics: expected non-negative numbers");
  }
  q.set_calls_waiting(static_cast<uint32_t>(std::min<int64_t>(pending, UINT32_MAX)));
  q.set_longest_wait_seconds(static_cast<double>(age));
  q.set_agents_available(static_cast<uint32_t>(std::min<int64_t>(workers, UINT32_MAX)));
  return event;
}

absl::StatusOr<std::unique_ptr<Poller>> TwilioQueuePoller::Create(const IngestPollerConfig& config) {
  const std::string field = StrCat("ingest.pollers.", config.name);
  absl::StatusOr<std::string> secret = ResolveSecret(config.secret, field + ".secret");
  if (!secret.ok()) return secret.status();
  if (secret->find(':') == std::string::npos) {
    return absl::InvalidArgumentError(StrCat(field, ".secret: expected AccountSid:AuthToken"));
  }
  std::unique_ptr<TwilioQueuePoller> poller(new TwilioQueuePoller(config, *std::move(secret)));
  auto workspace = config.params.find("workspace_sid");
  auto queues = config.params.find("queues");
  if (workspace == config.params.end() || queues == config.params.end()) {
    return absl::InvalidArgumentError(StrCat(field, ".params: expected workspace_sid and queues"));
  }
  poller->workspace_ = workspace->second;
  poller->queues_ = ParseQueueList(queues->second, config.brand);
  if (absl::Status s = poller->InitClient("https://taskrouter.twilio.com"); !s.ok()) return s;
  const size_t colon = poller->secret_.find(':');
  poller->client_->set_basic_auth(poller->secret_.substr(0, colon), poller->secret_.substr(colon + 1));
  return poller;
}

QueuePoller::Fetched TwilioQueuePoller::Fetch(int64_t now_ms) {
  Fetched fetched;
  std::vector<v1::Event> samples;
  for (const auto& [queue, brand] : queues_) {
    httplib::Result res = client_->Get(StrCat("/v1/Workspaces/", workspace_, "/TaskQueues/",
                                              queue, "/RealTimeStatistics"));
    fetched.http_status = res ? res->status : 0;
    if (fetched.http_status == 429) fetched.retry_after = std::chrono::seconds(
        std::clamp<int64_t>(std::atoll(res->get_header_value("Retry-After").c_str()), 1, 300));
    if (fetched.http_status != 200) {
      fetched.samples = FetchFailure(res);
      return fetched;
    }
    absl::StatusOr<v1::Event> sample = ParseTwilioRealTimeStatistics(res->body, brand, queue, now_ms);
    if (!sample.ok()) {
      fetched.samples = sample.status();
      return fetched;
    }
    samples.push_back(*std::move(sample));
  }
  fetched.samples = std::move(samples);
  return fetched;
}

}  // namespace stormwatch
