// The durable state of one task (DESIGN.md "Processing guarantees"): one RocksDB per
// task holding every operator's stores, its timers, its watermark and its input offsets.
// Writes go to an in-memory write-back buffer (the "pending" map) and reach RocksDB only
// at a checkpoint, as one WriteBatch with the WAL on, so state and offsets always match.
// Each checkpoint's entries are also handed to the caller for the changelog topic.
//
// Key layout (see docs/runtime.md "State layout"):
//   o<stage>/k/<store>\0<key>                 key-value state
//   o<stage>/b/<store>\0<bucket:8 BE><key>     bucketed counters (8-byte LE values)
//   o<stage>/t/<domain><ts:8 BE><key>          timers
//   m/offset/<topic>, m/watermark, m/max_event_time   task metadata (changelogged)
//   l/changelog_offset                          local only: changelog read up to here
//   l/restore/<seq:8 BE>                        local only: restore staging (see Stage)
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace rocksdb {
class Cache;
class DB;
class WriteBufferManager;
}  // namespace rocksdb

namespace stormwatch {

// Memory shared by every task DB of a process, so RocksDB memory is bounded by config:
// one LRU block cache and one write-buffer manager (memtables count against the cache).
// Thread-safe; shared by the tasks that use it.
class StateDbResources {
 public:
  StateDbResources(int64_t block_cache_bytes, int64_t write_buffer_bytes);
  ~StateDbResources();
  const std::shared_ptr<rocksdb::Cache>& block_cache() const { return block_cache_; }
  const std::shared_ptr<rocksdb::WriteBufferManager>& write_buffers() const {
    return write_buffers_;
  }

 private:
  std::shared_ptr<rocksdb::Cache> block_cache_;
  std::shared_ptr<rocksdb::WriteBufferManager> write_buffers_;
};

// One entry of a checkpoint, as written to the changelog. `value` empty = delete;
// `range_end` set = delete every key in [key, *range_end).
struct StateChange {
  std::string key;
  std::optional<std::string> value;
  std::optional<std::string> range_end;
};

// Not thread-safe: one task, one thread.
class TaskStateDb {
 public:
  static absl::StatusOr<std::unique_ptr<TaskStateDb>> Open(const std::string& path,
                                                           const StateDbResources& resources);
  ~TaskStateDb();

  // Reads see the pending writes first, then RocksDB.
  bool Get(std::string_view key, std::string* value);
  void Put(std::string_view key, std::string_view value);
  void Delete(std::string_view key);
  // Drops every key in [begin, end) (RocksDB DeleteRange at the checkpoint: cheap).
  void DeleteRange(std::string_view begin, std::string_view end);
  // Visits the live keys that start with `prefix`, in key order, pending writes included.
  void ForEachWithPrefix(std::string_view prefix,
                         const std::function<void(std::string_view, std::string_view)>& visit);

  // Writes the pending changes plus `local_only` Puts (not changelogged) in one WriteBatch
  // (WAL on) and empties the pending buffer.
  absl::Status Commit(const std::vector<std::pair<std::string, std::string>>& local_only);
  // The changes Commit() would write, in apply order (range deletes first).
  std::vector<StateChange> PendingChanges() const;
  // Applies restored changes directly (bypassing the pending buffer): first what Stage()
  // still holds (ApplyStaged), then `changes` and `local_only` in one WriteBatch.
  absl::Status Apply(const std::vector<StateChange>& changes,
                     const std::vector<std::pair<std::string, std::string>>& local_only);
  // Restore staging: holds restored changes on disk until their checkpoint's commit marker
  // is read (Apply) or the checkpoint turns out never to have completed (DiscardStaged), so
  // a checkpoint larger than memory fits (a compacted changelog's cleaned part reads as
  // one). Open() drops a staging a crash or a revoke left behind.
  absl::Status Stage(const std::vector<StateChange>& changes);
  // Applies up to `max_changes` staged changes in order, removing them from the staging in
  // the same WriteBatch; true once the staging is empty. A crash between two calls leaves
  // a prefix of the checkpoint applied, which a restore from the position stored before it
  // applies again, in order, to the same end.
  absl::StatusOr<bool> ApplyStaged(size_t max_changes);
  // Drops the staged changes and returns their keys.
  absl::StatusOr<std::set<std::string>> DiscardStaged();

  size_t pending_count() const { return pending_.size() + pending_ranges_.size(); }
  size_t pending_bytes() const { return pending_bytes_; }
  // RocksDB's estimate of live data plus memtables, for stormwatch_state_bytes.
  int64_t ApproximateBytes() const;

 private:
  explicit TaskStateDb(rocksdb::DB* db);
  bool InPendingRange(std::string_view key) const;

  int64_t stage_seq_ = 0;     // next staging key; 0: the staging is empty
  std::string staged_from_;  // first staging key not applied yet
  std::unique_ptr<rocksdb::DB> db_;
  std::map<std::string, std::optional<std::string>, std::less<>> pending_;
  std::vector<std::pair<std::string, std::string>> pending_ranges_;
  size_t pending_bytes_ = 0;
};

// Fixed-width key parts that sort like the numbers they encode.
std::string EncodeOrderedInt64(int64_t value);
int64_t DecodeOrderedInt64(std::string_view bytes);

}  // namespace stormwatch
