// State handles that operators use (DESIGN.md "Processing guarantees"). The runtime
// backs them with RocksDB (state + input offsets in one WriteBatch); replay and tests
// with memory. Operators never see which.
//
// Contract (docs/runtime.md):
// - Writes are buffered by the runtime and become durable together with the input
//   offsets at the task's next checkpoint; after a crash the task sees the state of its
//   last checkpoint and re-processes the records after it. So operators must be
//   deterministic functions of their input (and of timers), and values are absolute
//   (never "apply this delta again").
// - Every call still costs a map lookup and, on a miss, a RocksDB read: keep hot
//   aggregates in memory, load a key on first use, and write changed ones back in
//   Operator::Flush(), which the runtime calls before every checkpoint. Whatever is in
//   the stores after Flush() is exactly what survives; an in-memory cache may be dropped
//   at any Flush() (reload from the store on the next use).
// - Keys and values are arbitrary bytes; an empty value is not distinguished from a
//   deleted key after a restore from the changelog.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace stormwatch {

// Keyed byte-string state of one named store, scoped to one task.
// Not thread-safe: a task and its operators run on one thread.
class KeyValueState {
 public:
  virtual ~KeyValueState() = default;
  // Returns false when the key is absent; otherwise fills *value.
  virtual bool Get(std::string_view key, std::string* value) = 0;
  virtual void Put(std::string_view key, std::string_view value) = 0;
  virtual void Delete(std::string_view key) = 0;
  // Visits every live key in key order (used for restore and reports, not per record).
  virtual void ForEach(const std::function<void(std::string_view key, std::string_view value)>&
                           visit) = 0;
};

// Per-key counters in fixed event-time buckets with a retention; buckets older than the
// retention are dropped as a whole (no per-key deletes).
class BucketedCounterState {
 public:
  virtual ~BucketedCounterState() = default;
  virtual void Add(std::string_view key, int64_t event_time_ms, int64_t delta) = 0;
  // Sum of the buckets of `key` that overlap [from_ms, to_ms).
  virtual int64_t Sum(std::string_view key, int64_t from_ms, int64_t to_ms) = 0;
  // Drops every bucket that ends at or before `before_ms`.
  virtual void Expire(int64_t before_ms) = 0;
};

// The named stores of one operator in one task. Owns the handles it returns; they stay
// valid for the life of the task.
class StateStore {
 public:
  virtual ~StateStore() = default;
  virtual KeyValueState& KeyValue(std::string_view store_name) = 0;
  virtual BucketedCounterState& BucketedCounters(std::string_view store_name,
                                                 int64_t bucket_ms, int64_t retention_ms) = 0;
};

}  // namespace stormwatch
