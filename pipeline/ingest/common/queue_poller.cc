// Queue poller loop; see queue_poller.h.
#include "pipeline/ingest/common/queue_poller.h"

#include <httplib.h>

#include "pipeline/core/logging.h"
#include "pipeline/core/strings.h"
#include "pipeline/core/time_util.h"
#include "pipeline/ingest/common/http_fetch.h"
#include "pipeline/ingest/common/ingest_metrics.h"

namespace stormwatch {

using std::chrono::milliseconds;

std::map<std::string, std::string> ParseQueueList(const std::string& list,
                                                  const std::string& default_brand) {
  std::map<std::string, std::string> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    std::string item = list.substr(start, end - start);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) {
      const size_t colon = item.find(':');
      if (colon == std::string::npos) out[item] = default_brand;
      else out[item.substr(0, colon)] = item.substr(colon + 1);
    }
    start = end + 1;
  }
  return out;
}

v1::Event MakeQueueSample(const std::string& brand, const std::string& queue_id, int64_t ts_ms) {
  v1::Event event;
  v1::QueueSample& q = *event.mutable_queue_sample();
  q.set_brand(brand);
  q.set_queue_id(queue_id);
  *q.mutable_ts() = FromMillis(ts_ms);
  return event;
}

QueuePoller::QueuePoller(IngestPollerConfig config, std::string secret)
    : config_(std::move(config)), secret_(std::move(secret)) {}

absl::Status QueuePoller::InitClient(const std::string& default_url) {
  if (config_.base_url.empty()) config_.base_url = default_url;
  absl::StatusOr<std::unique_ptr<httplib::Client>> client =
      MakeHttpClient(config_.base_url, StrCat("ingest.pollers.", config_.name, ".base_url"), 15);
  if (!client.ok()) return client.status();
  client_ = *std::move(client);
  return absl::OkStatus();
}

milliseconds QueuePoller::PollOnce(BatchSink& out) {
  IngestMetrics& metrics = IngestMetrics::Get();
  const int64_t now = std::chrono::duration_cast<milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  Fetched fetched = Fetch(now);
  metrics.PollerRequest(config_.name, fetched.samples.ok() || fetched.http_status != 200
                                          ? PollOutcome(fetched.http_status)
                                          : "bad_response");
  if (fetched.http_status == 429) {
    return fetched.retry_after.count() > 0 ? fetched.retry_after
                                           : Backoff(++failures_, milliseconds(5000), milliseconds(300'000));
  }
  if (!fetched.samples.ok()) {
    LogWarning("poller ", config_.name, ": ", fetched.samples.status().message());
    return Backoff(++failures_, milliseconds(2000), milliseconds(300'000));
  }
  metrics.PollerEvents(config_.name, static_cast<int64_t>(fetched.samples->size()));
  if (!fetched.samples->empty()) {
    BatchOutcome outcome = out.Publish(config_.name, *std::move(fetched.samples));
    if (!outcome.status.ok()) return Backoff(++failures_, milliseconds(1000), milliseconds(60'000));
  }
  failures_ = 0;
  return milliseconds(config_.interval_ms);
}

}  // namespace stormwatch
