// In-memory state handles: the store behind `stormwatch replay` and the unit tests.
// The Kafka runtime uses the RocksDB store with the same interface.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "pipeline/api/state_store.h"

namespace stormwatch {

// Ordered map of one store. Not thread-safe.
class MemoryKeyValueState final : public KeyValueState {
 public:
  bool Get(std::string_view key, std::string* value) override;
  void Put(std::string_view key, std::string_view value) override;
  void Delete(std::string_view key) override;
  void ForEach(const std::function<void(std::string_view, std::string_view)>& visit) override;
  size_t size() const { return values_.size(); }

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

// Counters in buckets keyed by (bucket start, key); expiry drops whole buckets.
class MemoryBucketedCounterState final : public BucketedCounterState {
 public:
  MemoryBucketedCounterState(int64_t bucket_ms, int64_t retention_ms);
  void Add(std::string_view key, int64_t event_time_ms, int64_t delta) override;
  int64_t Sum(std::string_view key, int64_t from_ms, int64_t to_ms) override;
  void Expire(int64_t before_ms) override;

 private:
  int64_t BucketStart(int64_t ms) const;
  const int64_t bucket_ms_;
  const int64_t retention_ms_;
  int64_t newest_bucket_ = 0;
  std::map<int64_t, std::unordered_map<std::string, int64_t>> buckets_;
};

// All named stores of one operator in one task. Not thread-safe.
class MemoryStateStore final : public StateStore {
 public:
  KeyValueState& KeyValue(std::string_view store_name) override;
  BucketedCounterState& BucketedCounters(std::string_view store_name, int64_t bucket_ms,
                                         int64_t retention_ms) override;

 private:
  std::map<std::string, std::unique_ptr<MemoryKeyValueState>, std::less<>> key_values_;
  std::map<std::string, std::unique_ptr<MemoryBucketedCounterState>, std::less<>> counters_;
};

}  // namespace stormwatch
