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

#include <chrono>
#include <cstdint>
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
class Topic;
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

// Where a restore puts what it reads.
class RestoreTarget {
 public:
  virtual ~RestoreTarget() = default;
  // Holds changes of a checkpoint whose commit marker is not read yet.
  virtual absl::Status Stage(const std::vector<StateChange>& changes) = 0;
  // The checkpoint is complete: applies up to `max_changes` of what was staged, in order;
  // true once nothing staged is left.
  virtual absl::StatusOr<bool> ApplyStaged(size_t max_changes) = 0;
  // Then applies `changes` (and what may still be staged) and stores `next_offset` (one
  // past its commit marker) with them, so a restore cut short resumes after it.
  virtual absl::Status Apply(const std::vector<StateChange>& changes, int64_t next_offset) = 0;
  // The staged changes belong to a checkpoint that never completed: drops them and returns
  // their keys.
  virtual absl::StatusOr<std::set<std::string>> DiscardStaged() = 0;
};

// A task's RocksDB as restore target (staging on disk), with the resume position under
// `position_key`. Borrows the db.
class TaskDbRestoreTarget final : public RestoreTarget {
 public:
  TaskDbRestoreTarget(TaskStateDb& db, std::string position_key)
      : db_(db), position_key_(std::move(position_key)) {}
  absl::Status Stage(const std::vector<StateChange>& changes) override;
  absl::StatusOr<bool> ApplyStaged(size_t max_changes) override;
  absl::Status Apply(const std::vector<StateChange>& changes, int64_t next_offset) override;
  absl::StatusOr<std::set<std::string>> DiscardStaged() override;

 private:
  TaskStateDb& db_;
  const std::string position_key_;
};

// Changes of one checkpoint held in memory before they go to RestoreTarget::Stage.
inline constexpr size_t kDefaultRestoreMemoryChanges = 50'000;

// One partition's restore in progress, read a slice at a time so that the caller can do
// other work between slices (the operate role polls its group consumer and runs its other
// tasks; a restore inside the rebalance callback would outlast max.poll.interval.ms on a
// large changelog). Destroying it stops the partition's fetch. Not thread-safe.
class ChangelogRestore {
 public:
  ~ChangelogRestore();
  ChangelogRestore(const ChangelogRestore&) = delete;
  ChangelogRestore& operator=(const ChangelogRestore&) = delete;

  // Reads up to `max_records` records (waiting at most `wait_ms` for each) and applies
  // every complete checkpoint among them (a staged checkpoint's changes up to
  // `max_records` per call, so one call stays short). True once the partition's end as of the start is
  // reached; then result() is final. Fails when the broker gives nothing for 30 s.
  absl::StatusOr<bool> Continue(int64_t max_records, int wait_ms);
  const RestoreResult& result() const { return result_; }
  int64_t records_read() const { return position_ - from_offset_; }
  int64_t records_total() const { return end_offset_ - from_offset_; }

 private:
  friend class ChangelogReader;
  ChangelogRestore(RdKafka::Consumer& consumer, std::string topic, int partition,
                   RestoreTarget& target, size_t memory_changes);

  RdKafka::Consumer& consumer_;
  const std::string topic_;
  const int partition_;
  RestoreTarget& target_;
  const size_t memory_changes_;
  bool staged_ = false;      // part of the checkpoint being read went to target_.Stage
  bool completing_ = false;  // its marker is read; its staged part is being applied
  int64_t marker_end_ = 0;   // one past that marker

  // Applies the checkpoint whose marker was read; false while its staged part is still
  // being applied (`max_changes` per call).
  absl::StatusOr<bool> CompleteCheckpoint(int64_t max_changes);
  std::unique_ptr<RdKafka::Topic> handle_;  // set while the partition is fetched
  int64_t from_offset_ = 0;
  int64_t end_offset_ = 0;
  int64_t position_ = 0;
  std::chrono::steady_clock::time_point last_progress_;
  std::vector<StateChange> pending_;  // of the checkpoint being read
  RestoreResult result_;
};

// Reads changelog partitions with a plain (group-less) consumer; several restores may run
// at once. Not thread-safe.
class ChangelogReader {
 public:
  static absl::StatusOr<std::unique_ptr<ChangelogReader>> Create(const KafkaClientOptions& options);
  ~ChangelogReader();

  // Starts reading `partition` from `from_offset` (or the oldest record retention kept)
  // to its current end; Continue() hands every complete checkpoint to `target` (borrowed),
  // in order, staging a checkpoint's changes beyond `memory_changes` (a compacted
  // changelog's cleaned part has one commit marker left and reads as one checkpoint).
  absl::StatusOr<std::unique_ptr<ChangelogRestore>> BeginRestore(
      const std::string& topic, int partition, int64_t from_offset, RestoreTarget& target,
      size_t memory_changes = kDefaultRestoreMemoryChanges);

 private:
  ChangelogReader() = default;
  std::unique_ptr<RdKafka::Consumer> consumer_;
};

}  // namespace stormwatch
