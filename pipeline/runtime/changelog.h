// The changelog of a task store (DESIGN.md "Processing guarantees"): every checkpoint's
// state changes go to partition <task> of a compacted topic, followed by a commit marker,
// before the same changes are written to the local RocksDB. A task that moves to another
// instance rebuilds its RocksDB from this topic before it processes anything.
//
// Record format: key = state key, value = new value (null = delete); a range delete has
// the range end in header `stormwatch-range-end`; the commit marker has key `m/commit`.
// Records after the last commit marker belong to a checkpoint that never completed (the
// writer crashed): the reader skips them and reports their keys, and the next writer
// rewrites those keys so that no later reader keeps the half-written values.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "pipeline/kafka/client_config.h"
#include "pipeline/state/task_state_db.h"

namespace RdKafka {
class Producer;
class Consumer;
class DeliveryReportCb;
}  // namespace RdKafka

namespace stormwatch {

inline constexpr char kChangelogCommitKey[] = "m/commit";

// Appends to changelog partitions. Not thread-safe (the worker thread only).
class ChangelogWriter {
 public:
  static absl::StatusOr<std::unique_ptr<ChangelogWriter>> Create(const KafkaClientOptions& options);
  ~ChangelogWriter();

  // Enqueues one change (blocks while the local queue is full).
  absl::Status Append(const std::string& topic, int partition, const StateChange& change);
  absl::Status AppendCommit(const std::string& topic, int partition, int64_t sequence);
  // Waits until every appended record is acknowledged (acks=all); fails if any was not.
  absl::Status Flush(int timeout_ms);
  // The partition's end offset (one past the last record), asked from the broker.
  absl::StatusOr<int64_t> EndOffset(const std::string& topic, int partition, int timeout_ms);
  // Partitions of `topic`, or an error when it does not exist.
  absl::StatusOr<int> PartitionCount(const std::string& topic, int timeout_ms);

 private:
  class Reports;
  ChangelogWriter() = default;
  std::unique_ptr<Reports> reports_;
  std::unique_ptr<RdKafka::Producer> producer_;
};

struct RestoreResult {
  int64_t records = 0;           // records read
  int64_t checkpoints = 0;       // complete checkpoints applied
  int64_t next_offset = 0;       // one past the last commit marker (resume point)
  std::set<std::string> uncommitted_keys;  // keys of a trailing, never-committed checkpoint
};

// Reads changelog partitions with a plain (group-less) consumer. Not thread-safe.
class ChangelogReader {
 public:
  static absl::StatusOr<std::unique_ptr<ChangelogReader>> Create(const KafkaClientOptions& options);
  ~ChangelogReader();

  // Reads `partition` from `from_offset` to its current end and hands every complete
  // checkpoint to `apply`, in order. `progress(read, total)` is called now and then.
  absl::StatusOr<RestoreResult> Restore(
      const std::string& topic, int partition, int64_t from_offset,
      const std::function<absl::Status(const std::vector<StateChange>&)>& apply,
      const std::function<void(int64_t read, int64_t total)>& progress);

 private:
  ChangelogReader() = default;
  std::unique_ptr<RdKafka::Consumer> consumer_;
};

}  // namespace stormwatch
