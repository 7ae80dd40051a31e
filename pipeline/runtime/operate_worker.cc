// The operate role's consume -> process -> produce loop; see operate_worker.h.
#include "pipeline/runtime/operate_worker.h"

#include <librdkafka/rdkafkacpp.h>

#include <chrono>

#include "pipeline/core/strings.h"
#include "pipeline/core/event_codec.h"
#include "pipeline/core/logging.h"
#include "pipeline/core/time_util.h"
#include "pipeline/runtime/input_merger.h"
#include "pipeline/runtime/operator_chain.h"
#include "pipeline/runtime/runtime_metrics.h"
#include "pipeline/state/memory_state_store.h"

namespace stormwatch {

// Produces every alert to alerts.v1 and measures the time since the record that
// triggered it arrived.
class OperateWorker::KafkaAlertEmitter final : public AlertEmitter {
 public:
  KafkaAlertEmitter(KafkaProducer& producer, std::string topic, const Clock& clock)
      : producer_(producer), topic_(std::move(topic)), clock_(clock) {}

  void set_trigger_arrival_ms(int64_t ms) { trigger_arrival_ms_ = ms; }
  int64_t emitted() const { return emitted_.load(); }

  void Emit(const v1::Alert& alert) override {
    const std::string value = alert.SerializeAsString();
    absl::Status status = producer_.Produce(topic_, alert.id(), value, {}, nullptr, 60'000);
    if (!status.ok()) LogError("alert ", alert.id(), " not produced: ", status.message());
    ++emitted_;
    RuntimeMetrics& metrics = RuntimeMetrics::Get();
    metrics.CountAlert(alert);
    if (trigger_arrival_ms_ > 0) {
      metrics.event_to_alert_latency.Observe(
          static_cast<double>(clock_.NowMs() - trigger_arrival_ms_) / 1000.0);
    }
  }

 private:
  KafkaProducer& producer_;
  const std::string topic_;
  const Clock& clock_;
  int64_t trigger_arrival_ms_ = 0;
  std::atomic<int64_t> emitted_{0};
};

// A consumed record waiting in a task's input merger.
struct BufferedRecord {
  std::unique_ptr<RdKafka::Message> message;
  absl::StatusOr<v1::Event> event;
  int64_t event_time_ms = 0;
};

// One partition number's operators and bookkeeping.
struct OperateWorker::Task {
  explicit Task(int64_t max_idle_ms) : merger(2, max_idle_ms) {}
  std::unique_ptr<OperatorChain> chain;
  InputMerger<BufferedRecord> merger;           // input 0: mentions, 1: queue samples
  std::map<std::string, int64_t> next_offsets;  // per input topic, to store
  int64_t last_record_wall_ms = 0;
  int64_t last_idle_advance_wall_ms = 0;
};

absl::StatusOr<std::unique_ptr<OperateWorker>> OperateWorker::Create(const PipelineConfig& config,
                                                                     ChainTemplate chain) {
  std::unique_ptr<OperateWorker> worker(new OperateWorker(config, std::move(chain)));
  KafkaClientOptions options{.brokers = config.kafka.brokers,
                             .client_id = "stormwatch-operate",
                             .group_id = config.kafka.group_id,
                             .embedded_broker = config.kafka.embedded,
                             .properties = config.kafka.properties};
  absl::StatusOr<std::unique_ptr<KafkaProducer>> producer = KafkaProducer::Create(options);
  if (!producer.ok()) return producer.status();
  worker->producer_ = *std::move(producer);
  worker->emitter_ = std::make_unique<KafkaAlertEmitter>(*worker->producer_,
                                                         config.topics.alerts, worker->clock_);
  absl::StatusOr<std::unique_ptr<KafkaConsumer>> consumer =
      KafkaConsumer::Create(options, worker.get());
  if (!consumer.ok()) return consumer.status();
  worker->consumer_ = *std::move(consumer);
  absl::Status subscribed =
      worker->consumer_->Subscribe({config.topics.mentions, config.topics.queue_samples});
  if (!subscribed.ok()) return subscribed;
  return worker;
}

OperateWorker::OperateWorker(const PipelineConfig& config, ChainTemplate chain)
    : config_(config), chain_(std::move(chain)) {}

OperateWorker::~OperateWorker() = default;

int64_t OperateWorker::alerts_emitted() const { return emitter_->emitted(); }

void OperateWorker::OnAssigned(std::vector<RdKafka::TopicPartition*>& partitions) {
  for (RdKafka::TopicPartition* tp : partitions) {
    auto& task = tasks_[tp->partition()];
    if (task) continue;
    task = std::make_unique<Task>(config_.runtime.max_task_idle_ms);
    task->chain = std::make_unique<OperatorChain>(
        chain_.Instantiate(), [](std::string_view) { return std::make_unique<MemoryStateStore>(); },
        *emitter_, clock_, config_.runtime.allowed_lateness_ms);
    task->last_record_wall_ms = clock_.NowMs();
  }
  RuntimeMetrics::Get().assigned_partitions.Set(static_cast<double>(tasks_.size()));
  ready_ = true;
}

void OperateWorker::OnRevoked(const std::vector<RdKafka::TopicPartition*>& partitions, bool lost) {
  for (RdKafka::TopicPartition* tp : partitions) {
    auto it = tasks_.find(tp->partition());
    if (it == tasks_.end()) continue;
    Task& task = *it->second;
    if (!lost) {
      task.chain->Flush();
      for (const auto& [topic, offset] : task.next_offsets) {
        (void)consumer_->StoreOffset(topic, tp->partition(), offset);
      }
    }
    // Both input topics share the partition number: the task goes with either.
    tasks_.erase(it);
  }
  RuntimeMetrics::Get().assigned_partitions.Set(static_cast<double>(tasks_.size()));
}

void OperateWorker::DeadLetter(RdKafka::Message& message, const std::string& reason) {
  RuntimeMetrics::Get().dead_letters.Increment();
  KafkaHeaders headers = {{"stormwatch-reason", reason},
                          {"stormwatch-source-topic", message.topic_name()},
                          {"stormwatch-source-partition", std::to_string(message.partition())},
                          {"stormwatch-source-offset", std::to_string(message.offset())}};
  std::string_view key = message.key() ? std::string_view(*message.key()) : std::string_view();
  absl::Status status = producer_->Produce(
      config_.topics.dead_letter, key,
      std::string_view(static_cast<const char*>(message.payload()), message.len()), headers,
      nullptr, 60'000);
  if (!status.ok()) LogError("dead letter not produced: ", status.message());
}

void OperateWorker::EnqueueRecord(std::unique_ptr<RdKafka::Message> message) {
  auto it = tasks_.find(message->partition());
  if (it == tasks_.end()) return;  // revoked while the batch was in flight
  Task& task = *it->second;
  const bool is_mention = message->topic_name() == config_.topics.mentions;
  RuntimeMetrics& metrics = RuntimeMetrics::Get();
  (is_mention ? metrics.mentions_consumed : metrics.queue_samples_consumed).Increment();
  BufferedRecord record;
  record.event = DecodeEvent(
      std::string_view(static_cast<const char*>(message->payload()), message->len()));
  record.event_time_ms = record.event.ok() ? EventTimeMs(*record.event)
                                           : InputMerger<BufferedRecord>::kMalformed;
  record.message = std::move(message);
  task.merger.Push(is_mention ? 0 : 1, std::move(record));
}

void OperateWorker::DrainTasks() {
  const int64_t now = clock_.NowMs();
  for (auto& [partition, task] : tasks_) {
    while (std::optional<BufferedRecord> record = task->merger.Pop(now)) {
      HandleRecord(*task, *record, now);
    }
  }
}

void OperateWorker::HandleRecord(Task& task, BufferedRecord& record, int64_t now) {
  RdKafka::Message& message = *record.message;
  task.last_record_wall_ms = now;
  task.next_offsets[message.topic_name()] = message.offset() + 1;
  RuntimeMetrics& metrics = RuntimeMetrics::Get();
  ++records_processed_;
  if (!record.event.ok()) {
    metrics.rejected_malformed.Increment();
    DeadLetter(message, std::string(record.event.status().message()));
    return;
  }
  emitter_->set_trigger_arrival_ms(now);
  v1::Event& event = *record.event;
  if (task.chain->Process(event) == OperatorChain::Admission::kLate) {
    metrics.rejected_late.Increment();
    DeadLetter(message, StrCat("late: event time before the watermark ",
                                     task.chain->watermark_ms()));
  }
}

void OperateWorker::StoreOffsets() {
  for (auto& [partition, task] : tasks_) {
    for (const auto& [topic, offset] : task->next_offsets) {
      absl::Status status = consumer_->StoreOffset(topic, partition, offset);
      if (!status.ok()) LogDebug(status.message());
    }
  }
}

// A partition without new records still moves its watermark with the wall clock, so
// windows close and incidents resolve on quiet partitions.
void OperateWorker::AdvanceIdleTasks() {
  const int64_t now = clock_.NowMs();
  for (auto& [partition, task] : tasks_) {
    if (now - task->last_record_wall_ms < config_.runtime.idle_advance_after_ms) {
      task->last_idle_advance_wall_ms = 0;
      continue;
    }
    if (task->chain->max_event_time_ms() == std::numeric_limits<int64_t>::min()) continue;
    const int64_t since = task->last_idle_advance_wall_ms ? task->last_idle_advance_wall_ms
                                                          : task->last_record_wall_ms;
    const int64_t step = now - since;
    task->last_idle_advance_wall_ms = now;
    emitter_->set_trigger_arrival_ms(0);
    task->chain->AdvanceWatermark(task->chain->watermark_ms() + step);
  }
}

void OperateWorker::UpdateLagMetrics() {
  RuntimeMetrics& metrics = RuntimeMetrics::Get();
  int64_t slowest_watermark = std::numeric_limits<int64_t>::max();
  for (auto& [partition, task] : tasks_) {
    for (const std::string& topic : {config_.topics.mentions, config_.topics.queue_samples}) {
      const int64_t lag = consumer_->Lag(topic, partition);
      if (lag >= 0) {
        metrics.consumer_lag.Add({{"topic", topic}, {"partition", std::to_string(partition)}})
            .Set(static_cast<double>(lag));
      }
    }
    slowest_watermark = std::min(slowest_watermark, task->chain->watermark_ms());
  }
  if (!tasks_.empty() && slowest_watermark > 0) {
    metrics.watermark_lag_seconds.Set(static_cast<double>(clock_.NowMs() - slowest_watermark) /
                                      1000.0);
  }
}

absl::Status OperateWorker::Run() {
  int64_t last_lag_update = 0;
  while (!stop_) {
    auto batch = consumer_->ConsumeBatch(1000, 100);
    for (auto& message : batch) EnqueueRecord(std::move(message));
    DrainTasks();
    producer_->Poll(0);
    StoreOffsets();
    AdvanceIdleTasks();
    for (auto& [partition, task] : tasks_) task->chain->FireProcessingTimers();
    const int64_t now = clock_.NowMs();
    if (now - last_lag_update > 5000) {
      UpdateLagMetrics();
      last_lag_update = now;
    }
  }
  for (auto& [partition, task] : tasks_) task->chain->Flush();
  StoreOffsets();
  absl::Status flushed = producer_->Flush(10'000);
  consumer_->Close();
  return flushed;
}

}  // namespace stormwatch
