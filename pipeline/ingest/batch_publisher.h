// The common last step of every ingest connector (webhooks, push API, pollers): takes one
// batch of parsed events from one source, assigns brands to unowned mentions with the
// tracking rules, drops ids already delivered (dedup), produces the rest through
// EventPublisher and waits until Kafka acknowledged every record. Only then does a
// webhook answer 2xx or a poller advance its cursor, so nothing is lost on a failure and
// a retry is published once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "pipeline/ingest/dedup/dedup_store.h"
#include "pipeline/ingest/event_publisher.h"
#include "pipeline/ingest/tracking/tracking_rules.h"
#include "stormwatch/v1/event.pb.h"

namespace stormwatch {

struct BatchOutcome {
  // OK: every new record acknowledged. ResourceExhausted: producer queue full.
  // DeadlineExceeded / Unavailable: Kafka did not confirm in time or failed.
  absl::Status status;
  int64_t accepted = 0;    // records acknowledged by Kafka
  int64_t duplicates = 0;  // dropped: already delivered or in flight
  int64_t untracked = 0;   // mentions without a brand that matched no tracking rule
  int64_t invalid = 0;     // failed ValidateEvent after tracking (dead-lettered)
};

// Where connectors hand their parsed batches (tests use a fake). Thread-safe.
class BatchSink {
 public:
  virtual ~BatchSink() = default;
  // `source` labels metrics and dedup keys (the configured source or poller name).
  virtual BatchOutcome Publish(const std::string& source, std::vector<v1::Event> events) = 0;
};

// Thread-safe. Borrows everything; the producer must be flushed (and its poll thread
// stopped) before `dedup` is destroyed, since delivery callbacks update it.
class BatchPublisher final : public BatchSink {
 public:
  // `matcher` may be null (no tracking rules).
  BatchPublisher(EventPublisher& publisher, DedupStore& dedup, const TrackingMatcher* matcher,
                 int64_t delivery_timeout_ms);

  BatchOutcome Publish(const std::string& source, std::vector<v1::Event> events) override;

  // The id dedup uses: mentions "m|source|brand|id", queue samples "q|brand|queue|ts_ms".
  static std::string DedupKey(const v1::Event& event);

 private:
  EventPublisher& publisher_;
  DedupStore& dedup_;
  const TrackingMatcher* matcher_;
  const int64_t delivery_timeout_ms_;
};

}  // namespace stormwatch
