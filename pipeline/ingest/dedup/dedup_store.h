// Remembers which source ids were already delivered to Kafka, so a retried webhook, a
// re-polled page or a sender's retry after a timeout is published once. Backed by RocksDB
// with TTL (entries expire after `ttl_seconds`, dropped at compaction) or, without a
// directory, by memory. Ids in flight (produced, not yet acknowledged) are held as claims
// so two concurrent copies of one id are not both produced.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace rocksdb {
class DBWithTTL;
}

namespace stormwatch {

// Thread-safe.
class DedupStore {
 public:
  // `dir` empty: in memory (lost on restart).
  static absl::StatusOr<std::unique_ptr<DedupStore>> Open(const std::string& dir,
                                                          int64_t ttl_seconds);
  ~DedupStore();

  // Claims `key` ("source:id") for a record about to be produced. False when it was
  // delivered within the TTL or is in flight.
  bool TryClaim(const std::string& key);
  // Delivery confirmed: the keys are remembered for the TTL and their claims dropped.
  void Commit(const std::vector<std::string>& keys);
  // Delivery failed or was not attempted: the claims are dropped so a retry gets through.
  void Release(const std::vector<std::string>& keys);

 private:
  DedupStore() = default;
  bool Delivered(const std::string& key) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  int64_t ttl_ms_ = 0;
  std::unique_ptr<rocksdb::DBWithTTL> db_;  // null: memory mode
  absl::Mutex mu_;
  std::unordered_set<std::string> in_flight_ ABSL_GUARDED_BY(mu_);
  std::unordered_map<std::string, int64_t> memory_ ABSL_GUARDED_BY(mu_);  // key -> expiry ms
  int64_t next_sweep_ms_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace stormwatch
