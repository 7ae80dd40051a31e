// The state handles of one operator within one task, backed by the task's TaskStateDb
// (pipeline/state/task_state_db.h). Writes are buffered until the task's checkpoint, so
// they cost a map insert, not a RocksDB Put. Operators see only pipeline/api/state_store.h.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "pipeline/api/state_store.h"
#include "pipeline/state/task_state_db.h"

namespace stormwatch {

// Not thread-safe. Borrows `db`, which must outlive the store. `prefix` ("o<stage>/")
// separates the operators of a chain.
class RocksDbStateStore final : public StateStore {
 public:
  RocksDbStateStore(TaskStateDb& db, std::string prefix);
  ~RocksDbStateStore() override;
  KeyValueState& KeyValue(std::string_view store_name) override;
  BucketedCounterState& BucketedCounters(std::string_view store_name, int64_t bucket_ms,
                                         int64_t retention_ms) override;

  static std::string KeyValuePrefix(std::string_view stage_prefix, std::string_view store_name);

 private:
  TaskStateDb& db_;
  const std::string prefix_;
  std::map<std::string, std::unique_ptr<KeyValueState>, std::less<>> key_values_;
  std::map<std::string, std::unique_ptr<BucketedCounterState>, std::less<>> counters_;
};

}  // namespace stormwatch
