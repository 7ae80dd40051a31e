// Zendesk Talk queue poller; see talk_queue_activity.h.
#include "pipeline/ingest/zendesk/talk_queue_activity.h"

#include <httplib.h>

#include "pipeline/core/strings.h"
#include "pipeline/ingest/common/http_fetch.h"
#include "pipeline/ingest/common/json_fields.h"
#include "pipeline/ingest/common/secret.h"

namespace stormwatch {

using nlohmann::json;

absl::StatusOr<v1::Event> ParseZendeskQueueActivity(std::string_view body,
                                                    const std::string& brand,
                                                    const std::string& queue_id, int64_t now_ms) {
  std::string error;
  std::optional<json> root = ParseJson(body, &error);
  if (!root) return absl::InvalidArgumentError(StrCat("body: ", error));
  auto activity = root->is_object() ? root->find("current_queue_activity") : root->end();
  if (!root->is_object() || activity == root->end() || !activity->is_object()) {
    return absl::InvalidArgumentError("current_queue_activity: expected an object");
  }
  v1::Event event = MakeQueueSample(brand, queue_id, now_ms);
  v1::QueueSample& q = *event.mutable_queue_sample();
  const int64_t waiting = JsonInt(*activity, "calls_waiting", 0);
  const int64_t longest = JsonInt(*activity, "longest_wait_time", 0);
  const int64_t average = JsonInt(*activity, "average_wait_time", 0);
  const int64_t agents = JsonInt(*activity, "agents_online", 0);
  if (waiting < 0 || longest < 0 || average < 0 || agents < 0) {
    return absl::InvalidArgumentError("current_queue_activity: expected non-negative numbers");
  }
  q.set_calls_waiting(static_cast<uint32_t>(std::min<int64_t>(waiting, UINT32_MAX)));
  q.set_longest_wait_seconds(static_cast<double>(longest));
  q.set_avg_wait_seconds(static_cast<double>(average));
  q.set_agents_available(static_cast<uint32_t>(std::min<int64_t>(agents, UINT32_MAX)));
  return event;
}

absl::StatusOr<std::unique_ptr<Poller>> ZendeskQueuePoller::Create(const IngestPollerConfig& config) {
  const std::string field = StrCat("ingest.pollers.", config.name);
  absl::StatusOr<std::string> secret = ResolveSecret(config.secret, field + ".secret");
  if (!secret.ok()) return secret.status();
  const size_t colon = secret->rfind(':');
  if (colon == std::string::npos) {
    return absl::InvalidArgumentError(StrCat(field, ".secret: expected email/token:API_TOKEN"));
  }
  if (config.base_url.empty()) {
    return absl::InvalidArgumentError(
        StrCat(field, ".base_url: expected https://<subdomain>.zendesk.com"));
  }
  if (config.brand.empty()) return absl::InvalidArgumentError(StrCat(field, ".brand: expected a brand"));
  std::unique_ptr<ZendeskQueuePoller> poller(new ZendeskQueuePoller(config, *std::move(secret)));
  auto queue = config.params.find("queue_id");
  poller->queue_id_ = queue == config.params.end() ? "talk" : queue->second;
  if (absl::Status s = poller->InitClient(config.base_url); !s.ok()) return s;
  poller->client_->set_basic_auth(poller->secret_.substr(0, colon), poller->secret_.substr(colon + 1));
  return poller;
}

QueuePoller::Fetched ZendeskQueuePoller::Fetch(int64_t now_ms) {
  Fetched fetched;
  httplib::Result res = client_->Get("/api/v2/channels/voice/stats/current_queue_activity.json");
  fetched.http_status = res ? res->status : 0;
  if (fetched.http_status == 429) fetched.retry_after = std::chrono::seconds(
      std::clamp<int64_t>(std::atoll(res->get_header_value("Retry-After").c_str()), 1, 300));
  if (fetched.http_status != 200) {
    fetched.samples = FetchFailure(res);
    return fetched;
  }
  absl::StatusOr<v1::Event> sample = ParseZendeskQueueActivity(res->body, config_.brand, queue_id_, now_ms);
  if (!sample.ok()) {
    fetched.samples = sample.status();
  } else {
    fetched.samples = std::vector<v1::Event>{*std::move(sample)};
  }
  return fetched;
}

}  // namespace stormwatch
