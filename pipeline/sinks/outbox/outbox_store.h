// The durable outbox of the alert role (issue 7): every notification for every sink is
// written to RocksDB (WAL, synced) before the Kafka offset of its alert is stored, and
// deleted only when the sink took it, rejected it, or it went to the dead-letter topic.
// It also holds the escalation engine's incident records, staged into the same write
// batch as the notifications they caused.
//
// Keys: "d/<sink>/<seq, 16 hex>" -> delivery; "s/<key>" -> incident state.
// Thread-safety: staging (Stage*, incidents(), Commit) from one thread (the dispatcher's);
// Load/Update/Remove/CountPending from any thread (RocksDB is thread-safe).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "pipeline/api/state_store.h"
#include "pipeline/sinks/notification.h"

namespace rocksdb {
class DB;
class WriteBatch;
}  // namespace rocksdb

namespace stormwatch {

struct OutboxDelivery {
  std::string sink;
  uint64_t seq = 0;
  uint64_t group = 0;  // the consumed alert it came from (0: a timer or API action)
  int64_t enqueued_ms = 0;
  int64_t next_attempt_ms = 0;
  int32_t attempts = 0;
  Notification notification;
};

class OutboxStore {
 public:
  // Creates the directory and the DB when missing.
  static absl::StatusOr<std::unique_ptr<OutboxStore>> Open(const std::string& dir);
  ~OutboxStore();

  // --- staging (one thread) ---
  // Incident state; writes go into the staged batch, reads see them.
  KeyValueState& incidents();
  // A fresh id for a group of deliveries (one consumed alert).
  uint64_t NewGroup() { return next_seq_.fetch_add(1); }
  // Adds one delivery to the staged batch; returns its seq.
  uint64_t Stage(const std::string& sink, const Notification& notification, uint64_t group,
                 int64_t now_ms);
  // Writes the staged batch durably (sync WAL). Nothing staged: no-op.
  absl::Status Commit();

  // --- delivery threads ---
  // Up to `limit` deliveries of `sink` with seq > after_seq, in seq order.
  std::vector<OutboxDelivery> Load(const std::string& sink, uint64_t after_seq, size_t limit);
  absl::Status Update(const OutboxDelivery& delivery);  // attempts, next attempt
  absl::Status Remove(const OutboxDelivery& delivery);
  // Every pending delivery's (sink, group), at start-up for the accounting.
  std::vector<std::pair<std::string, uint64_t>> PendingGroups();
  int64_t CountPending(const std::string& sink);

 private:
  class StagedState;
  OutboxStore() = default;
  std::unique_ptr<rocksdb::DB> db_;
  std::unique_ptr<rocksdb::WriteBatch> staged_;
  std::unique_ptr<StagedState> incidents_;
  std::atomic<uint64_t> next_seq_{1};
};

// The delivery's RocksDB key, "d/<sink>/<seq>".
std::string OutboxKey(const std::string& sink, uint64_t seq);

}  // namespace stormwatch
