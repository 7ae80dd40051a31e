// The operate role (DESIGN.md "Data flow"): a consumer-group member over mentions.v1 that
// runs one task (an OperatorChain) per assigned partition N and reads queue-samples.v1/N
// for that task too (the inputs are co-partitioned; see copartitioned_reader.h), produces alerts to alerts.v1 (key = alert id) and
// sends bad or late records to the dead-letter topic with the reason in a header.
// Each task keeps its state in its own RocksDB with the input offsets (same WriteBatch)
// and in a changelog topic; docs/runtime.md describes the guarantees.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "operators/registry.h"
#include "pipeline/config/pipeline_config.h"
#include "pipeline/kafka/consumer.h"
#include "pipeline/kafka/producer.h"
#include "pipeline/runtime/changelog.h"
#include "pipeline/runtime/copartitioned_reader.h"
#include "pipeline/runtime/system_clock.h"
#include "pipeline/state/task_state_db.h"

namespace stormwatch {

struct BufferedRecord;

// Runs on the thread that calls Run(); Stop() may be called from any thread.
class OperateWorker final : private RebalanceListener {
 public:
  static absl::StatusOr<std::unique_ptr<OperateWorker>> Create(const PipelineConfig& config,
                                                               ChainTemplate chain);
  ~OperateWorker() override;

  // Consumes until Stop(); then finishes the batch, flushes and leaves the group.
  absl::Status Run();
  void Stop() { stop_ = true; }
  // After the first assignment, and not while a task restores.
  bool ready() const { return ready_.load() && restoring_count_.load() == 0; }
  int64_t records_processed() const { return records_processed_.load(); }
  int64_t alerts_emitted() const;

 private:
  struct Task;
  class KafkaAlertEmitter;

  OperateWorker(const PipelineConfig& config, ChainTemplate chain);
  void OnAssigned(std::vector<RdKafka::TopicPartition*>& partitions) override;
  void AfterAssigned(const std::vector<RdKafka::TopicPartition*>& partitions) override;
  void OnRevoked(const std::vector<RdKafka::TopicPartition*>& partitions, bool lost) override;

  // Opens the task's RocksDB and starts restoring it from the changelog (only what the
  // local copy lacks).
  absl::StatusOr<std::unique_ptr<Task>> BeginTask(int partition);
  // After the restore: rebuilds the task's operators, timers, watermark and offsets.
  absl::Status StartTask(Task& task);
  // Reads the next slice of every running restore; starts the tasks that are done.
  void ContinueRestores();
  // The task's input and queue samples are read from here on.
  void ActivateTask(Task& task);
  static int64_t ResumeOffset(const Task& task, const std::string& topic);
  void UpdateTaskGauges();
  void EnqueueRecord(std::unique_ptr<RdKafka::Message> message);
  void DrainTasks();
  void FinishBuffered(Task& task);
  void HandleRecord(Task& task, BufferedRecord& record, int64_t now);
  void DeadLetter(RdKafka::Message& message, const std::string& reason);
  // Checkpoints the given tasks: operators flush, changes go to the changelog, alerts and
  // changelog are acknowledged, then state + offsets are written in one WriteBatch and
  // the offsets are stored for the group commit.
  absl::Status Checkpoint(const std::vector<Task*>& tasks);
  absl::Status CheckpointAll();
  absl::Status CheckpointDueTasks(int64_t now);
  void ApplyBackpressure();
  void AdvanceIdleTasks();
  void UpdateLagMetrics();
  void DumpState();

  const PipelineConfig config_;
  const ChainTemplate chain_;
  const std::string changelog_topic_;
  SystemClock clock_;
  std::unique_ptr<StateDbResources> state_resources_;
  std::unique_ptr<KafkaProducer> producer_;
  std::unique_ptr<KafkaAlertEmitter> emitter_;
  std::unique_ptr<ChangelogWriter> changelog_writer_;
  std::unique_ptr<ChangelogReader> changelog_reader_;
  std::unique_ptr<KafkaConsumer> consumer_;       // group member: mentions.v1
  std::unique_ptr<CoPartitionedReader> secondary_;  // queue-samples.v1 of owned tasks
  std::map<int, std::unique_ptr<Task>> tasks_;  // by partition number
  std::map<int, std::unique_ptr<Task>> restoring_;  // assigned, input paused, restoring
  std::set<std::pair<std::string, int>> assigned_;
  bool paused_ = false;
  int64_t next_rolling_checkpoint_ms_ = 0;
  absl::Status failure_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> ready_{false};
  std::atomic<size_t> restoring_count_{0};  // restoring_.size(), for ready()
  std::atomic<int64_t> records_processed_{0};
};

}  // namespace stormwatch
