// The shared loop of the contact-centre queue pollers (Genesys Cloud, Amazon Connect,
// Twilio TaskRouter, Zendesk Talk): each round reads the current queue figures, normalises
// them to QueueSample (waits in seconds) and publishes them; failures back off.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "pipeline/ingest/common/poller.h"
#include "stormwatch/v1/event.pb.h"

namespace httplib {
class Client;
}

namespace stormwatch {

// "id1:brand1,id2" -> {id1: brand1, id2: default_brand}.
std::map<std::string, std::string> ParseQueueList(const std::string& list,
                                                  const std::string& default_brand);

class QueuePoller : public Poller {
 public:
  const std::string& name() const override { return config_.name; }
  std::chrono::milliseconds PollOnce(BatchSink& out) final;

 protected:
  struct Fetched {
    int http_status = 0;  // of the failing or last request
    std::chrono::milliseconds retry_after{0};  // from a 429
    absl::StatusOr<std::vector<v1::Event>> samples = std::vector<v1::Event>{};
  };
  QueuePoller(IngestPollerConfig config, std::string secret);
  // One read of every configured queue. Samples need brand, queue id and ts.
  virtual Fetched Fetch(int64_t now_ms) = 0;
  // Creates client_ from base_url (or `default_url`).
  absl::Status InitClient(const std::string& default_url);

  IngestPollerConfig config_;
  std::string secret_;
  std::unique_ptr<httplib::Client> client_;
  int failures_ = 0;
};

// A queue sample with the common fields set.
v1::Event MakeQueueSample(const std::string& brand, const std::string& queue_id, int64_t ts_ms);

}  // namespace stormwatch
