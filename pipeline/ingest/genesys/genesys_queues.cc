// Genesys Cloud queue poller; see genesys_queues.h.
#include "pipeline/ingest/genesys/genesys_queues.h"

#include <httplib.h>

#include "pipeline/core/strings.h"
#include "pipeline/core/time_util.h"
#include "pipeline/ingest/common/http_fetch.h"
#include "pipeline/ingest/common/json_fields.h"
#include "pipeline/ingest/common/secret.h"

namespace stormwatch {

using nlohmann::json;

absl::StatusOr<std::vector<v1::Event>> ParseGenesysObservations(
    std::string_view body, const std::map<std::string, std::string>& queues, int64_t now_ms) {
  std::string error;
  std::optional<json> root = ParseJson(body, &error);
  if (!root) return absl::InvalidArgumentError(StrCat("body: ", error));
  if (!root->is_object()) return absl::InvalidArgumentError("body: expected a JSON object");
  std::vector<v1::Event> out;
  auto results = root->find("results");
  if (results == root->end()) return out;
  if (!results->is_array()) return absl::InvalidArgumentError("results: expected an array");
  // Several media types of one queue arrive as separate results; sum them per queue.
  std::map<std::string, v1::Event> by_queue;
  std::map<std::string, std::pair<double, int64_t>> wait_sums;  // seconds, count
  for (size_t i = 0; i < results->size(); ++i) {
    const json& result = (*results)[i];
    auto group = result.find("group");
    if (group == result.end() || !group->is_object()) continue;
    const std::string queue_id = JsonString(*group, "queueId");
    auto brand = queues.find(queue_id);
    if (brand == queues.end()) continue;
    auto [it, inserted] = by_queue.try_emplace(queue_id, MakeQueueSample(brand->second, queue_id, now_ms));
    v1::QueueSample& q = *it->second.mutable_queue_sample();
    auto data = result.find("data");
    if (data == result.end() || !data->is_array()) continue;
    for (const json& metric : *data) {
      const std::string name = JsonString(metric, "metric");
      auto stats = metric.find("stats");
      const int64_t count =
          stats != metric.end() && stats->is_object() ? JsonInt(*stats, "count", 0) : 0;
      if (name == "oWaiting") {
        q.set_calls_waiting(q.calls_waiting() + static_cast<uint32_t>(std::clamp<int64_t>(count, 0, 1'000'000)));
      } else if (name == "oOnQueueUsers" && JsonString(metric, "qualifier") == "IDLE") {
        q.set_agents_available(q.agents_available() + static_cast<uint32_t>(std::clamp<int64_t>(count, 0, 1'000'000)));
      }
      if (name != "oWaiting" && name != "oLongestWaiting") continue;
      auto observations = metric.find("observations");
      if (observations == metric.end() || !observations->is_array()) continue;
      for (const json& observation : *observations) {
        auto date = observation.find("observationDate");
        if (date == observation.end()) continue;
        std::optional<google::protobuf::Timestamp> entered = ParseFlexibleTimestamp(*date);
        if (!entered) {
          return absl::InvalidArgumentError(StrCat("results[", static_cast<int64_t>(i),
                                                   "].data.observations.observationDate: "
                                                   "expected an ISO-8601 time"));
        }
        const double wait = std::max<double>(0, static_cast<double>(now_ms - ToMillis(*entered)) / 1000.0);
        q.set_longest_wait_seconds(std::max(q.longest_wait_seconds(), wait));
        if (name == "oWaiting") {
          wait_sums[queue_id].first += wait;
          ++wait_sums[queue_id].second;
        }
      }
    }
  }
  for (auto& [queue_id, event] : by_queue) {
    auto sum = wait_sums.find(queue_id);
    if (sum != wait_sums.end() && sum->second.second > 0) {
      event.mutable_queue_sample()->set_avg_wait_seconds(sum->second.first /
                                                         static_cast<double>(sum->second.second));
    }
    out.push_back(std::move(event));
  }
  return out;
}

absl::StatusOr<std::unique_ptr<Poller>> GenesysQueuePoller::Create(const IngestPollerConfig& config) {
  absl::StatusOr<std::string> token =
      ResolveSecret(config.secret, StrCat("ingest.pollers.", config.name, ".secret"));
  if (!token.ok()) return token.status();
  std::unique_ptr<GenesysQueuePoller> poller(new GenesysQueuePoller(config, *std::move(token)));
  auto queues = config.params.find("queues");
  poller->queues_ = ParseQueueList(queues == config.params.end() ? "" : queues->second, config.brand);
  if (poller->queues_.empty()) {
    return absl::InvalidArgumentError(
        StrCat("ingest.pollers.", config.name, ".params.queues: expected queue ids"));
  }
  if (absl::Status s = poller->InitClient("https://api.mypurecloud.com"); !s.ok()) return s;
  return poller;
}

QueuePoller::Fetched GenesysQueuePoller::Fetch(int64_t now_ms) {
  json predicates = json::array();
  for (const auto& [id, brand] : queues_) {
    predicates.push_back({{"type", "dimension"}, {"dimension", "queueId"}, {"operator", "matches"}, {"value", id}});
  }
  const json request = {{"filter", {{"type", "or"}, {"predicates", predicates}}},
                        {"metrics", {"oWaiting", "oOnQueueUsers", "oLongestWaiting"}},
                        {"detailMetrics", {"oWaiting"}}};
  Fetched fetched;
  httplib::Result res = client_->Post("/api/v2/analytics/queues/observations/query",
                                      {{"Authorization", "Bearer " + secret_}}, request.dump(),
                                      "application/json");
  fetched.http_status = res ? res->status : 0;
  if (fetched.http_status == 429) {
    fetched.retry_after = std::chrono::seconds(
        std::clamp<int64_t>(std::atoll(res->get_header_value("Retry-After").c_str()), 1, 300));
  }
  if (fetched.http_status != 200) {
    fetched.samples = FetchFailure(res);
    return fetched;
  }
  fetched.samples = ParseGenesysObservations(res->body, queues_, now_ms);
  return fetched;
}

}  // namespace stormwatch
