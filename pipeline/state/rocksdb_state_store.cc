// RocksDB-backed state handles; see rocksdb_state_store.h.
#include "pipeline/state/rocksdb_state_store.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "pipeline/core/strings.h"

namespace stormwatch {
namespace {

class RocksDbKeyValueState final : public KeyValueState {
 public:
  RocksDbKeyValueState(TaskStateDb& db, std::string prefix)
      : db_(db), prefix_(std::move(prefix)) {}

  bool Get(std::string_view key, std::string* value) override {
    return db_.Get(FullKey(key), value);
  }
  void Put(std::string_view key, std::string_view value) override {
    db_.Put(FullKey(key), value);
  }
  void Delete(std::string_view key) override { db_.Delete(FullKey(key)); }
  void ForEach(const std::function<void(std::string_view, std::string_view)>& visit) override {
    db_.ForEachWithPrefix(prefix_, [&](std::string_view key, std::string_view value) {
      visit(key.substr(prefix_.size()), value);
    });
  }

 private:
  const std::string& FullKey(std::string_view key) {
    scratch_.resize(prefix_.size());
    scratch_.append(key);
    return scratch_;
  }

  TaskStateDb& db_;
  const std::string prefix_;
  std::string scratch_ = prefix_;
};

std::string EncodeCount(int64_t value) {
  std::string out(8, '\0');
  std::memcpy(out.data(), &value, 8);
  return out;
}

int64_t DecodeCount(std::string_view bytes) {
  int64_t value = 0;
  if (bytes.size() == 8) std::memcpy(&value, bytes.data(), 8);
  return value;
}

// Cells (bucket start, key) -> count. Expiry is one DeleteRange over the store's oldest
// buckets: no per-key deletes.
class RocksDbBucketedCounterState final : public BucketedCounterState {
 public:
  RocksDbBucketedCounterState(TaskStateDb& db, std::string prefix, int64_t bucket_ms,
                              int64_t retention_ms)
      : db_(db),
        prefix_(std::move(prefix)),
        bucket_ms_(std::max<int64_t>(bucket_ms, 1)),
        retention_ms_(retention_ms) {}

  void Add(std::string_view key, int64_t event_time_ms, int64_t delta) override {
    const int64_t start = BucketStart(event_time_ms);
    if (start < expired_before_) return;
    const std::string& cell = CellKey(start, key);
    std::string bytes;
    const int64_t current = db_.Get(cell, &bytes) ? DecodeCount(bytes) : 0;
    db_.Put(cell, EncodeCount(current + delta));
    if (start > newest_bucket_) {
      newest_bucket_ = start;
      if (retention_ms_ > 0) Expire(newest_bucket_ + bucket_ms_ - retention_ms_);
    }
  }

  int64_t Sum(std::string_view key, int64_t from_ms, int64_t to_ms) override {
    int64_t total = 0;
    std::string bytes;
    for (int64_t start = std::max(BucketStart(from_ms), expired_before_); start < to_ms;
         start += bucket_ms_) {
      if (db_.Get(CellKey(start, key), &bytes)) total += DecodeCount(bytes);
    }
    return total;
  }

  void Expire(int64_t before_ms) override {
    // Buckets that end at or before `before_ms`: every start below `boundary`.
    const int64_t boundary = BucketStart(before_ms - bucket_ms_) + bucket_ms_;
    if (boundary <= expired_before_) return;
    expired_before_ = boundary;
    db_.DeleteRange(prefix_, prefix_ + EncodeOrderedInt64(boundary));
  }

 private:
  int64_t BucketStart(int64_t ms) const {
    int64_t start = ms - ms % bucket_ms_;
    if (ms < 0 && ms % bucket_ms_ != 0) start -= bucket_ms_;
    return start;
  }
  const std::string& CellKey(int64_t bucket_start, std::string_view key) {
    scratch_.assign(prefix_);
    scratch_.append(EncodeOrderedInt64(bucket_start));
    scratch_.append(key);
    return scratch_;
  }

  TaskStateDb& db_;
  const std::string prefix_;
  const int64_t bucket_ms_;
  const int64_t retention_ms_;
  int64_t newest_bucket_ = std::numeric_limits<int64_t>::min();
  int64_t expired_before_ = std::numeric_limits<int64_t>::min();
  std::string scratch_;
};

}  // namespace

RocksDbStateStore::RocksDbStateStore(TaskStateDb& db, std::string prefix)
    : db_(db), prefix_(std::move(prefix)) {}

RocksDbStateStore::~RocksDbStateStore() = default;

std::string RocksDbStateStore::KeyValuePrefix(std::string_view stage_prefix,
                                              std::string_view store_name) {
  return StrCat(stage_prefix, "k/", store_name, std::string_view("\0", 1));
}

KeyValueState& RocksDbStateStore::KeyValue(std::string_view store_name) {
  auto it = key_values_.find(store_name);
  if (it == key_values_.end()) {
    it = key_values_
             .emplace(std::string(store_name), std::make_unique<RocksDbKeyValueState>(
                                                   db_, KeyValuePrefix(prefix_, store_name)))
             .first;
  }
  return *it->second;
}

BucketedCounterState& RocksDbStateStore::BucketedCounters(std::string_view store_name,
                                                          int64_t bucket_ms,
                                                          int64_t retention_ms) {
  auto it = counters_.find(store_name);
  if (it == counters_.end()) {
    it = counters_
             .emplace(std::string(store_name),
                      std::make_unique<RocksDbBucketedCounterState>(
                          db_, StrCat(prefix_, "b/", store_name, std::string_view("\0", 1)),
                          bucket_ms, retention_ms))
             .first;
  }
  return *it->second;
}

}  // namespace stormwatch
