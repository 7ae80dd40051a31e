// In-memory state handles; see memory_state_store.h.
#include "pipeline/state/memory_state_store.h"

#include <algorithm>

namespace stormwatch {

bool MemoryKeyValueState::Get(std::string_view key, std::string* value) {
  auto it = values_.find(key);
  if (it == values_.end()) return false;
  *value = it->second;
  return true;
}

void MemoryKeyValueState::Put(std::string_view key, std::string_view value) {
  auto it = values_.find(key);
  if (it == values_.end()) {
    values_.emplace(std::string(key), std::string(value));
  } else {
    it->second.assign(value);
  }
}

void MemoryKeyValueState::Delete(std::string_view key) {
  auto it = values_.find(key);
  if (it != values_.end()) values_.erase(it);
}

void MemoryKeyValueState::ForEach(
    const std::function<void(std::string_view, std::string_view)>& visit) {
  for (const auto& [key, value] : values_) visit(key, value);
}

MemoryBucketedCounterState::MemoryBucketedCounterState(int64_t bucket_ms, int64_t retention_ms)
    : bucket_ms_(std::max<int64_t>(bucket_ms, 1)), retention_ms_(retention_ms) {}

int64_t MemoryBucketedCounterState::BucketStart(int64_t ms) const {
  int64_t start = ms - ms % bucket_ms_;
  if (ms < 0 && ms % bucket_ms_ != 0) start -= bucket_ms_;
  return start;
}

void MemoryBucketedCounterState::Add(std::string_view key, int64_t event_time_ms, int64_t delta) {
  const int64_t start = BucketStart(event_time_ms);
  buckets_[start][std::string(key)] += delta;
  if (start > newest_bucket_) {
    newest_bucket_ = start;
    if (retention_ms_ > 0) Expire(newest_bucket_ + bucket_ms_ - retention_ms_);
  }
}

int64_t MemoryBucketedCounterState::Sum(std::string_view key, int64_t from_ms, int64_t to_ms) {
  int64_t total = 0;
  for (auto it = buckets_.lower_bound(BucketStart(from_ms)); it != buckets_.end() &&
                                                            it->first < to_ms;
       ++it) {
    auto found = it->second.find(std::string(key));
    if (found != it->second.end()) total += found->second;
  }
  return total;
}

void MemoryBucketedCounterState::Expire(int64_t before_ms) {
  while (!buckets_.empty() && buckets_.begin()->first + bucket_ms_ <= before_ms) {
    buckets_.erase(buckets_.begin());
  }
}

KeyValueState& MemoryStateStore::KeyValue(std::string_view store_name) {
  auto it = key_values_.find(store_name);
  if (it == key_values_.end()) {
    it = key_values_.emplace(std::string(store_name), std::make_unique<MemoryKeyValueState>())
             .first;
  }
  return *it->second;
}

BucketedCounterState& MemoryStateStore::BucketedCounters(std::string_view store_name,
                                                         int64_t bucket_ms,
                                                         int64_t retention_ms) {
  auto it = counters_.find(store_name);
  if (it == counters_.end()) {
    it = counters_
             .emplace(std::string(store_name),
                      std::make_unique<MemoryBucketedCounterState>(bucket_ms, retention_ms))
             .first;
  }
  return *it->second;
}

}  // namespace stormwatch
