// The operate role (DESIGN.md "Data flow"): a consumer-group member over mentions.v1 and
// queue-samples.v1 that runs one task (an OperatorChain) per assigned partition number
// (the inputs are co-partitioned), produces alerts to alerts.v1 (key = alert id) and
// sends bad or late records to the dead-letter topic with the reason in a header.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "operators/registry.h"
#include "pipeline/config/pipeline_config.h"
#include "pipeline/kafka/consumer.h"
#include "pipeline/kafka/producer.h"
#include "pipeline/runtime/system_clock.h"

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
  bool ready() const { return ready_.load(); }
  int64_t records_processed() const { return records_processed_.load(); }
  int64_t alerts_emitted() const;

 private:
  struct Task;
  class KafkaAlertEmitter;

  OperateWorker(const PipelineConfig& config, ChainTemplate chain);
  void OnAssigned(std::vector<RdKafka::TopicPartition*>& partitions) override;
  void OnRevoked(const std::vector<RdKafka::TopicPartition*>& partitions, bool lost) override;

  void EnqueueRecord(std::unique_ptr<RdKafka::Message> message);
  void DrainTasks();
  void HandleRecord(Task& task, BufferedRecord& record, int64_t now);
  void DeadLetter(RdKafka::Message& message, const std::string& reason);
  void StoreOffsets();
  void AdvanceIdleTasks();
  void UpdateLagMetrics();

  const PipelineConfig config_;
  const ChainTemplate chain_;
  SystemClock clock_;
  std::unique_ptr<KafkaProducer> producer_;
  std::unique_ptr<KafkaAlertEmitter> emitter_;
  std::unique_ptr<KafkaConsumer> consumer_;
  std::map<int, std::unique_ptr<Task>> tasks_;  // by partition number
  std::atomic<bool> stop_{false};
  std::atomic<bool> ready_{false};
  std::atomic<int64_t> records_processed_{0};
};

}  // namespace stormwatch
