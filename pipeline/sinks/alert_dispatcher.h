// The alert role (DESIGN.md "Data flow"): reads alerts.v1 as a consumer group and hands
// every alert to every configured sink, retrying with backoff while a sink asks for it.
// An input offset is stored only after all sinks took the alert (at-least-once); sinks
// deduplicate on the alert id, so a re-delivery after a crash pages nobody twice.
#pragma once

#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "pipeline/api/alert_sink.h"
#include "pipeline/config/pipeline_config.h"
#include "pipeline/kafka/consumer.h"

namespace stormwatch {

// Runs on the thread that calls Run(); Stop() from any thread.
class AlertDispatcher final : private RebalanceListener {
 public:
  static absl::StatusOr<std::unique_ptr<AlertDispatcher>> Create(
      const PipelineConfig& config, std::vector<std::unique_ptr<AlertSink>> sinks);
  ~AlertDispatcher() override;

  absl::Status Run();
  void Stop() { stop_ = true; }
  bool ready() const { return ready_.load(); }
  int64_t alerts_dispatched() const { return alerts_dispatched_.load(); }

 private:
  struct SinkSlot;
  explicit AlertDispatcher(const PipelineConfig& config);
  void OnAssigned(std::vector<RdKafka::TopicPartition*>& partitions) override;
  void OnRevoked(const std::vector<RdKafka::TopicPartition*>& partitions, bool lost) override {}
  void DeliverToAll(const v1::Alert& alert);

  const PipelineConfig config_;
  std::vector<std::unique_ptr<SinkSlot>> sinks_;
  std::unique_ptr<KafkaConsumer> consumer_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> ready_{false};
  std::atomic<int64_t> alerts_dispatched_{0};
};

}  // namespace stormwatch
