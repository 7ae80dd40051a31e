// Genesys Cloud queue observations -> QueueSample. POST
// /api/v2/analytics/queues/observations/query with the queue ids; oWaiting gives the
// calls waiting (its observations carry each waiting conversation's observationDate, the
// time it entered the queue), oOnQueueUsers/IDLE the agents available.
// Reference: developer.genesys.cloud "Post analytics queues observations query".
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "pipeline/ingest/common/queue_poller.h"

namespace stormwatch {

// `queues`: queue id -> brand; results for other queues are ignored.
absl::StatusOr<std::vector<v1::Event>> ParseGenesysObservations(
    std::string_view body, const std::map<std::string, std::string>& queues, int64_t now_ms);

// secret: an OAuth bearer token. params: queues ("id:brand,id2").
class GenesysQueuePoller final : public QueuePoller {
 public:
  static absl::StatusOr<std::unique_ptr<Poller>> Create(const IngestPollerConfig& config);

 private:
  using QueuePoller::QueuePoller;
  Fetched Fetch(int64_t now_ms) override;
  std::map<std::string, std::string> queues_;
};

}  // namespace stormwatch
