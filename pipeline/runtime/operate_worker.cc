// The operate role's consume -> process -> produce loop; see operate_worker.h.
#include "pipeline/runtime/operate_worker.h"

#include <librdkafka/rdkafkacpp.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <limits>

#include "pipeline/core/strings.h"
#include "pipeline/core/event_codec.h"
#include "pipeline/core/logging.h"
#include "pipeline/core/time_util.h"
#include "pipeline/runtime/input_merger.h"
#include "pipeline/runtime/operator_chain.h"
#include "pipeline/runtime/runtime_metrics.h"
#include "pipeline/state/rocksdb_state_store.h"

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

namespace {

constexpr char kWatermarkKey[] = "m/watermark";
constexpr char kMaxEventTimeKey[] = "m/max_event_time";
constexpr char kOffsetPrefix[] = "m/offset/";
constexpr char kChangelogOffsetKey[] = "l/changelog_offset";  // local only

std::string StagePrefix(size_t stage) { return StrCat("o", stage, "/"); }

std::string TimerKey(size_t stage, const TimerQueue::Change& change) {
  return StrCat(StagePrefix(stage), "t/",
                change.domain == TimeDomain::kEventTime ? 'e' : 'p',
                EncodeOrderedInt64(change.timestamp_ms), change.key);
}

int64_t ReadInt64(TaskStateDb& db, std::string_view key, int64_t fallback) {
  std::string bytes;
  return db.Get(key, &bytes) && bytes.size() == 8 ? DecodeOrderedInt64(bytes) : fallback;
}

// The input offsets a task's last checkpoint stored (per topic: next record to read).
std::map<std::string, int64_t> ResumeOffsets(TaskStateDb& db) {
  std::map<std::string, int64_t> offsets;
  db.ForEachWithPrefix(kOffsetPrefix, [&](std::string_view key, std::string_view value) {
    offsets[std::string(key.substr(sizeof(kOffsetPrefix) - 1))] = DecodeOrderedInt64(value);
  });
  return offsets;
}

// JSON string literal; bytes outside printable ASCII become \u00XX.
std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20 || c >= 0x7f) {
      static const char* kHex = "0123456789abcdef";
      out.append("\\u00");
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('"');
  return out;
}

}  // namespace

// One partition number's operators, state and bookkeeping.
struct OperateWorker::Task {
  explicit Task(int64_t max_idle_ms) : merger(2, max_idle_ms) {}
  ~Task() {
    chain.reset();    // operators and stores borrow the db
    restore.reset();  // writes to the db through restore_target
    restore_target.reset();
    db.reset();
  }
  int partition = 0;
  std::vector<std::string> operator_names;
  std::unique_ptr<TaskStateDb> db;
  std::unique_ptr<OperatorChain> chain;
  InputMerger<BufferedRecord> merger;           // input 0: mentions, 1: queue samples
  std::map<std::string, int64_t> next_offsets;  // per input topic: processed up to here
  std::map<std::string, int64_t> saved_offsets;
  std::map<std::string, int64_t> next_enqueued;  // per input topic: buffered up to here
  int64_t saved_watermark = std::numeric_limits<int64_t>::min();
  int64_t saved_max_event_time = std::numeric_limits<int64_t>::min();
  std::set<std::string> repair_keys;  // of a changelog checkpoint that never completed
  std::unique_ptr<TaskDbRestoreTarget> restore_target;  // while the state is being restored
  std::unique_ptr<ChangelogRestore> restore;
  int64_t restore_from = 0;
  std::chrono::steady_clock::time_point restore_started;
  int64_t last_record_wall_ms = 0;
  int64_t last_idle_advance_wall_ms = 0;
  int64_t last_checkpoint_wall_ms = 0;
  int64_t records_since_checkpoint = 0;
};

absl::StatusOr<std::unique_ptr<OperateWorker>> OperateWorker::Create(const PipelineConfig& config,
                                                                     ChainTemplate chain) {
  std::unique_ptr<OperateWorker> worker(new OperateWorker(config, std::move(chain)));
  KafkaClientOptions options{.brokers = config.kafka.brokers,
                             .client_id = "stormwatch-operate",
                             .group_id = config.kafka.group_id,
                             .embedded_broker = config.kafka.embedded,
                             .properties = config.kafka.properties};
  if (config.kafka.embedded) {
    // The embedded broker lives and dies with this process, and so do its topics: state
    // left by an earlier process refers to records that no longer exist.
    std::error_code ignored;
    std::filesystem::remove_all(
        std::filesystem::path(config.runtime.state_dir) / config.kafka.group_id, ignored);
  }
  worker->state_resources_ = std::make_unique<StateDbResources>(
      config.runtime.block_cache_bytes, config.runtime.write_buffer_bytes);
  absl::StatusOr<std::unique_ptr<KafkaProducer>> producer = KafkaProducer::Create(options);
  if (!producer.ok()) return producer.status();
  worker->producer_ = *std::move(producer);
  worker->emitter_ = std::make_unique<KafkaAlertEmitter>(*worker->producer_,
                                                         config.topics.alerts, worker->clock_);
  absl::StatusOr<std::unique_ptr<ChangelogWriter>> writer = ChangelogWriter::Create(options);
  if (!writer.ok()) return writer.status();
  worker->changelog_writer_ = *std::move(writer);
  absl::StatusOr<int> changelog_partitions =
      worker->changelog_writer_->PartitionCount(worker->changelog_topic_, 10'000);
  if (!changelog_partitions.ok()) {
    return absl::FailedPreconditionError(StrCat(
        "runtime.changelog_suffix: expected topic ", worker->changelog_topic_,
        " (compacted, as many partitions as ", config.topics.mentions,
        ") to exist: ", changelog_partitions.status().message()));
  }
  // Task p keeps its state in changelog partition p: fewer changelog partitions than
  // mentions.v1 has (say, after the inputs were given more) would fail the first
  // checkpoint of a task past the end. An input topic not created yet is checked by no one;
  // one that cannot be described (timeout, authorisation) is said, not skipped silently.
  absl::StatusOr<int> mention_partitions =
      worker->changelog_writer_->PartitionCount(config.topics.mentions, 10'000);
  if (!mention_partitions.ok() && !absl::IsNotFound(mention_partitions.status())) {
    LogWarning("cannot compare the partitions of ", worker->changelog_topic_, " with ",
               config.topics.mentions, ": ", mention_partitions.status().message());
  }
  if (mention_partitions.ok() && *changelog_partitions < *mention_partitions) {
    return absl::FailedPreconditionError(StrCat(
        "runtime.changelog_suffix: expected topic ", worker->changelog_topic_,
        " to have at least as many partitions as ", config.topics.mentions, " (",
        *mention_partitions, "), got ", *changelog_partitions));
  }
  absl::StatusOr<std::unique_ptr<ChangelogReader>> reader = ChangelogReader::Create(options);
  if (!reader.ok()) return reader.status();
  worker->changelog_reader_ = *std::move(reader);
  // Bound the prefetched input (librdkafka's default is 64 MiB per partition).
  KafkaClientOptions consumer_options = options;
  consumer_options.properties.try_emplace("queued.max.messages.kbytes", "8192");
  absl::StatusOr<std::unique_ptr<KafkaConsumer>> consumer =
      KafkaConsumer::Create(consumer_options, worker.get());
  if (!consumer.ok()) return consumer.status();
  worker->consumer_ = *std::move(consumer);
  absl::StatusOr<std::unique_ptr<CoPartitionedReader>> secondary =
      CoPartitionedReader::Create(consumer_options);
  if (!secondary.ok()) return secondary.status();
  worker->secondary_ = *std::move(secondary);
  absl::Status subscribed = worker->consumer_->Subscribe({config.topics.mentions});
  if (!subscribed.ok()) return subscribed;
  return worker;
}

OperateWorker::OperateWorker(const PipelineConfig& config, ChainTemplate chain)
    : config_(config),
      chain_(std::move(chain)),
      changelog_topic_(config.kafka.group_id + config.runtime.changelog_suffix) {}

OperateWorker::~OperateWorker() {
  consumer_.reset();  // may call back into OnRevoked
  secondary_.reset();
  restoring_.clear();
  tasks_.clear();
}

int64_t OperateWorker::alerts_emitted() const { return emitter_->emitted(); }

absl::StatusOr<std::unique_ptr<OperateWorker::Task>> OperateWorker::BeginTask(int partition) {
  const std::filesystem::path dir = std::filesystem::path(config_.runtime.state_dir) /
                                    config_.kafka.group_id / StrCat("task-", partition);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return absl::FailedPreconditionError(
        StrCat("runtime.state_dir: cannot create ", dir.string(), ": ", ec.message()));
  }
  auto task = std::make_unique<Task>(config_.runtime.max_task_idle_ms);
  task->restore_started = std::chrono::steady_clock::now();
  task->partition = partition;
  absl::StatusOr<std::unique_ptr<TaskStateDb>> db = TaskStateDb::Open(dir.string(),
                                                                      *state_resources_);
  if (!db.ok()) return db.status();
  task->db = *std::move(db);
  TaskStateDb* state = task->db.get();
  // Catch up from the changelog: everything after what the local copy already holds
  // (nothing after a restart on the same disk; everything on a new instance). Each
  // checkpoint is applied with its changelog position, so a restore cut short by a
  // rebalance goes on from there next time.
  task->restore_from = ReadInt64(*state, kChangelogOffsetKey, 0);
  task->restore_target = std::make_unique<TaskDbRestoreTarget>(*state, kChangelogOffsetKey);
  absl::StatusOr<std::unique_ptr<ChangelogRestore>> restore = changelog_reader_->BeginRestore(
      changelog_topic_, partition, task->restore_from, *task->restore_target);
  if (!restore.ok()) return restore.status();
  task->restore = *std::move(restore);
  return task;
}

absl::Status OperateWorker::StartTask(Task& task) {
  TaskStateDb& state = *task.db;
  const RestoreResult& restored = task.restore->result();
  if (absl::Status s =
          state.Apply({}, {{kChangelogOffsetKey, EncodeOrderedInt64(restored.next_offset)}});
      !s.ok()) {
    return s;
  }
  task.repair_keys = restored.uncommitted_keys;
  std::vector<NamedOperator> operators = chain_.Instantiate();
  for (const NamedOperator& op : operators) task.operator_names.push_back(op.name);
  size_t next_stage = 0;
  task.chain = std::make_unique<OperatorChain>(
      std::move(operators),
      [&state, &next_stage](std::string_view) {
        return std::make_unique<RocksDbStateStore>(state, StagePrefix(next_stage++));
      },
      *emitter_, clock_, config_.runtime.allowed_lateness_ms);
  for (size_t stage = 0; stage < task.chain->size(); ++stage) {
    TimerQueue& timers = task.chain->timers_of(stage);
    const std::string prefix = StagePrefix(stage) + "t/";
    state.ForEachWithPrefix(prefix, [&](std::string_view key, std::string_view) {
      std::string_view rest = key.substr(prefix.size());
      if (rest.size() < 9) return;
      timers.Restore(rest[0] == 'e' ? TimeDomain::kEventTime : TimeDomain::kProcessingTime,
                     rest.substr(9), DecodeOrderedInt64(rest.substr(1, 8)));
    });
    timers.EnableChangeTracking();
  }
  task.saved_watermark = ReadInt64(state, kWatermarkKey, std::numeric_limits<int64_t>::min());
  task.saved_max_event_time =
      ReadInt64(state, kMaxEventTimeKey, std::numeric_limits<int64_t>::min());
  task.chain->RestoreTime(task.saved_watermark, task.saved_max_event_time);
  task.next_offsets = ResumeOffsets(state);
  task.saved_offsets = task.next_offsets;
  task.last_record_wall_ms = task.last_checkpoint_wall_ms = clock_.NowMs();
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - task.restore_started)
                        .count();
  LogInfo("task ", task.partition, ": opened; restored ", restored.records,
          " changelog records (", restored.checkpoints, " checkpoints) from offset ",
          task.restore_from, " in ", took, " ms");
  task.restore.reset();
  task.restore_target.reset();
  return absl::OkStatus();
}

int64_t OperateWorker::ResumeOffset(const Task& task, const std::string& topic) {
  auto offset = task.next_offsets.find(topic);
  return offset != task.next_offsets.end() ? offset->second
                                           : int64_t{RdKafka::Topic::OFFSET_BEGINNING};
}

void OperateWorker::OnAssigned(std::vector<RdKafka::TopicPartition*>& partitions) {
  for (RdKafka::TopicPartition* tp : partitions) {
    const int partition = tp->partition();
    if (!tasks_.contains(partition) && !restoring_.contains(partition)) {
      absl::StatusOr<std::unique_ptr<Task>> begun = BeginTask(partition);
      if (!begun.ok()) {
        LogError("task ", partition, ": ", begun.status().message());
        failure_ = begun.status();
        stop_ = true;
        tp->set_offset(RdKafka::Topic::OFFSET_STORED);
        continue;
      }
      std::unique_ptr<Task> task = *std::move(begun);
      // Nothing to read (a restart on the same disk): start at once. Else the partition
      // is assigned paused and the restore runs between polls (ContinueRestores).
      absl::StatusOr<bool> done = task->restore->Continue(0, 0);
      absl::Status started = done.ok() && *done ? StartTask(*task) : done.status();
      if (!started.ok()) {
        LogError("task ", partition, ": ", started.message());
        failure_ = started;
        stop_ = true;
        tp->set_offset(RdKafka::Topic::OFFSET_STORED);
        continue;
      }
      if (task->restore) {
        // Fetch from where the local copy stopped; records before the restored position
        // are dropped on arrival, and the position is moved there once restored.
        task->next_offsets = ResumeOffsets(*task->db);
        tp->set_offset(ResumeOffset(*task, tp->topic()));
        restoring_.emplace(partition, std::move(task));
        continue;
      }
      tasks_.emplace(partition, std::move(task));
    }
    auto it = tasks_.find(partition);
    if (it == tasks_.end()) continue;  // restoring
    // Resume exactly after the last checkpointed record (not the group's commit).
    tp->set_offset(ResumeOffset(*it->second, tp->topic()));
    ActivateTask(*it->second);
  }
  UpdateTaskGauges();
  ready_ = true;
}

void OperateWorker::AfterAssigned(const std::vector<RdKafka::TopicPartition*>& partitions) {
  // Restoring tasks wait for their state; the others too while backpressure holds. The
  // rest run: librdkafka keeps a partition's pause across revoke and re-assignment.
  std::vector<std::pair<std::string, int>> held, running;
  for (RdKafka::TopicPartition* tp : partitions) {
    (paused_ || restoring_.contains(tp->partition()) ? held : running)
        .emplace_back(tp->topic(), tp->partition());
  }
  if (!held.empty()) consumer_->Pause(held);
  if (!running.empty()) consumer_->Resume(running);
}

void OperateWorker::ActivateTask(Task& task) {
  assigned_.insert({config_.topics.mentions, task.partition});
  secondary_->Assign(config_.topics.queue_samples, task.partition,
                     ResumeOffset(task, config_.topics.queue_samples));
  if (paused_) secondary_->PauseAll();  // backpressure holds the new partition too
}

// Restores run a slice at a time between polls, so the group member keeps polling
// (max.poll.interval.ms) and the tasks that are ready keep processing.
void OperateWorker::ContinueRestores() {
  if (restoring_.empty()) return;
  constexpr int64_t kSliceRecords = 20'000;
  RuntimeMetrics& metrics = RuntimeMetrics::Get();
  int64_t read = 0, total = 0;
  for (auto it = restoring_.begin(); it != restoring_.end();) {
    Task& task = *it->second;
    const int64_t before = task.restore->result().records;
    absl::StatusOr<bool> done = task.restore->Continue(kSliceRecords, 1);
    metrics.restore_records.Increment(static_cast<double>(task.restore->result().records - before));
    absl::Status status = done.ok() && *done ? StartTask(task) : done.status();
    if (!status.ok()) {
      LogError("task ", task.partition, ": ", status.message());
      failure_ = status;
      stop_ = true;
      return;
    }
    if (task.restore) {
      read += task.restore->records_read();
      total += task.restore->records_total();
      ++it;
      continue;
    }
    // Restored: continue exactly after the last checkpointed record.
    const std::pair<std::string, int> input{config_.topics.mentions, task.partition};
    ActivateTask(task);
    if (!paused_) consumer_->Resume({input});
    if (absl::Status s = consumer_->Seek(input.first, input.second,
                                         ResumeOffset(task, input.first));
        !s.ok()) {
      LogWarning("task ", task.partition, ": ", s.message(),
                 "; records before the restored position are skipped as they arrive");
    }
    tasks_.emplace(it->first, std::move(it->second));
    it = restoring_.erase(it);
  }
  metrics.restore_progress_ratio.Set(total > 0 ? static_cast<double>(read) / total : 1.0);
  UpdateTaskGauges();
}

void OperateWorker::UpdateTaskGauges() {
  RuntimeMetrics& metrics = RuntimeMetrics::Get();
  metrics.assigned_partitions.Set(static_cast<double>(tasks_.size() + restoring_.size()));
  metrics.restoring_partitions.Set(static_cast<double>(restoring_.size()));
  restoring_count_ = restoring_.size();
  if (restoring_.empty()) metrics.restore_progress_ratio.Set(1.0);
}

void OperateWorker::OnRevoked(const std::vector<RdKafka::TopicPartition*>& partitions, bool lost) {
  for (RdKafka::TopicPartition* tp : partitions) {
    assigned_.erase({tp->topic(), tp->partition()});
    // A restore cut short keeps what it applied (with its changelog position).
    if (restoring_.erase(tp->partition()) > 0) continue;
    auto it = tasks_.find(tp->partition());
    if (it == tasks_.end()) continue;
    Task& task = *it->second;
    if (!lost) {
      // Finish what was consumed, then checkpoint before the partition moves.
      FinishBuffered(task);
      if (absl::Status s = Checkpoint({&task}); !s.ok()) {
        LogError("task ", task.partition, ": checkpoint on revoke: ", s.message());
      }
    }
    // Lost: another member may own it already; its state stays as last checkpointed.
    secondary_->Unassign(config_.topics.queue_samples, tp->partition());
    tasks_.erase(it);
  }
  UpdateTaskGauges();
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
  if (it == tasks_.end()) return;  // revoked or restoring: fetched again from its position
  Task& task = *it->second;
  // Already processed or buffered: fetched before the restored position took effect
  // (or delivered again by a seek that completed late).
  int64_t& next_enqueued = task.next_enqueued[message->topic_name()];
  if (message->offset() < std::max(next_enqueued, ResumeOffset(task, message->topic_name()))) {
    return;
  }
  next_enqueued = message->offset() + 1;
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
    task->merger.SetCaughtUp(0, consumer_->Lag(config_.topics.mentions, partition) == 0);
    task->merger.SetCaughtUp(1, secondary_->Lag(config_.topics.queue_samples, partition) == 0);
    while (std::optional<BufferedRecord> record = task->merger.Pop(now)) {
      HandleRecord(*task, *record, now);
    }
  }
}

void OperateWorker::FinishBuffered(Task& task) {
  const int64_t now = clock_.NowMs();
  while (std::optional<BufferedRecord> record = task.merger.PopAny()) {
    HandleRecord(task, *record, now);
  }
}

void OperateWorker::HandleRecord(Task& task, BufferedRecord& record, int64_t now) {
  RdKafka::Message& message = *record.message;
  task.last_record_wall_ms = now;
  task.next_offsets[message.topic_name()] = message.offset() + 1;
  RuntimeMetrics& metrics = RuntimeMetrics::Get();
  ++records_processed_;
  ++task.records_since_checkpoint;
  if (!record.event.ok()) {
    metrics.rejected_malformed.Increment();
    DeadLetter(message, std::string(record.event.status().message()));
    return;
  }
  emitter_->set_trigger_arrival_ms(now);
  v1::Event& event = *record.event;
  int64_t event_time = record.event_time_ms;
  const int64_t latest_allowed = now + config_.runtime.max_future_ms;
  if (event_time > latest_allowed) {
    metrics.events_clamped.Increment();
    event_time = latest_allowed;
  }
  if (task.chain->Process(event, event_time) == OperatorChain::Admission::kLate) {
    metrics.rejected_late.Increment();
    DeadLetter(message, StrCat("late: event time ", event_time, " before the watermark ",
                               task.chain->watermark_ms()));
  }
}

absl::Status OperateWorker::Checkpoint(const std::vector<Task*>& tasks) {
  const auto started = std::chrono::steady_clock::now();
  const int grace = static_cast<int>(config_.runtime.shutdown_grace_ms);
  std::vector<Task*> changed;
  for (Task* task : tasks) {
    TaskStateDb& db = *task->db;
    OperatorChain& chain = *task->chain;
    chain.Flush();
    for (size_t stage = 0; stage < chain.size(); ++stage) {
      for (const TimerQueue::Change& change : chain.timers_of(stage).TakeChanges()) {
        if (change.present) {
          db.Put(TimerKey(stage, change), "");
        } else {
          db.Delete(TimerKey(stage, change));
        }
      }
    }
    if (chain.watermark_ms() != task->saved_watermark) {
      db.Put(kWatermarkKey, EncodeOrderedInt64(chain.watermark_ms()));
    }
    if (chain.max_event_time_ms() != task->saved_max_event_time) {
      db.Put(kMaxEventTimeKey, EncodeOrderedInt64(chain.max_event_time_ms()));
    }
    for (const auto& [topic, offset] : task->next_offsets) {
      if (task->saved_offsets[topic] != offset) {
        db.Put(StrCat(kOffsetPrefix, topic), EncodeOrderedInt64(offset));
      }
    }
    // Rewrite what a crashed writer left half-written in the changelog.
    std::string value;
    for (const std::string& key : task->repair_keys) {
      if (db.Get(key, &value)) {
        db.Put(key, value);
      } else {
        db.Delete(key);
      }
    }
    if (db.pending_count() == 0) continue;
    for (const StateChange& change : db.PendingChanges()) {
      if (absl::Status s = changelog_writer_->Append(changelog_topic_, task->partition, change);
          !s.ok()) {
        return s;
      }
    }
    if (absl::Status s = changelog_writer_->AppendCommit(changelog_topic_, task->partition,
                                                         clock_.NowMs());
        !s.ok()) {
      return s;
    }
    changed.push_back(task);
  }
  // A task without changes has had its turn too (else it stays the oldest and the
  // rolling schedule never reaches the others).
  auto mark_checkpointed = [this, &tasks] {
    const int64_t now = clock_.NowMs();
    for (Task* task : tasks) {
      task->last_checkpoint_wall_ms = now;
      task->records_since_checkpoint = 0;
    }
  };
  if (changed.empty()) {
    mark_checkpointed();
    return absl::OkStatus();
  }
  // Alerts and dead letters of the checkpointed records must be safe before their
  // offsets are (at-least-once); the changelog before the local batch (see changelog.h).
  if (absl::Status s = producer_->Flush(grace); !s.ok()) return s;
  if (absl::Status s = changelog_writer_->Flush(grace); !s.ok()) return s;
  for (Task* task : changed) {
    absl::StatusOr<int64_t> end =
        changelog_writer_->EndOffset(changelog_topic_, task->partition, grace);
    if (!end.ok()) return end.status();
    if (absl::Status s = task->db->Commit({{kChangelogOffsetKey, EncodeOrderedInt64(*end)}});
        !s.ok()) {
      return s;
    }
    task->repair_keys.clear();
    task->saved_watermark = task->chain->watermark_ms();
    task->saved_max_event_time = task->chain->max_event_time_ms();
    task->saved_offsets = task->next_offsets;
    for (const auto& [topic, offset] : task->next_offsets) {
      if (!assigned_.contains({topic, task->partition})) continue;
      absl::Status status = consumer_->StoreOffset(topic, task->partition, offset);
      if (!status.ok()) LogDebug(status.message());
    }
  }
  mark_checkpointed();
  RuntimeMetrics& metrics = RuntimeMetrics::Get();
  metrics.checkpoints.Increment();
  metrics.checkpoint_duration.Observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return absl::OkStatus();
}

absl::Status OperateWorker::CheckpointAll() {
  std::vector<Task*> tasks;
  for (auto& [partition, task] : tasks_) tasks.push_back(task.get());
  return Checkpoint(tasks);
}

// Rolling checkpoints: every checkpoint_interval_ms / (number of tasks) the task with the
// oldest checkpoint takes its turn, so each task is checkpointed once per interval while
// a pause of the worker lasts one task's checkpoint, not all of them (publish-to-alert
// latency). A task over checkpoint_records goes at once; above write_back_mb of pending
// writes in all tasks together, every task does.
absl::Status OperateWorker::CheckpointDueTasks(int64_t now) {
  if (tasks_.empty()) return absl::OkStatus();
  size_t pending = 0;
  Task* oldest = nullptr;
  std::vector<Task*> full;
  for (auto& [partition, task] : tasks_) {
    pending += task->db->pending_bytes();
    if (task->records_since_checkpoint >= config_.runtime.checkpoint_records) {
      full.push_back(task.get());
    }
    if (!oldest || task->last_checkpoint_wall_ms < oldest->last_checkpoint_wall_ms) {
      oldest = task.get();
    }
  }
  if (static_cast<int64_t>(pending) > config_.runtime.write_back_bytes) return CheckpointAll();
  if (!full.empty()) return Checkpoint(full);
  if (now < next_rolling_checkpoint_ms_) return absl::OkStatus();
  next_rolling_checkpoint_ms_ =
      now + config_.runtime.checkpoint_interval_ms / static_cast<int64_t>(tasks_.size());
  return Checkpoint({oldest});
}

// Stops reading while the producer cannot keep up (alerts, dead letters), so memory
// stays bounded under overload; reading resumes once the queue is half empty.
void OperateWorker::ApplyBackpressure() {
  const int64_t queued = producer_->QueueLength();
  std::vector<std::pair<std::string, int>> all(assigned_.begin(), assigned_.end());
  if (!paused_ && queued > config_.runtime.max_producer_queue) {
    consumer_->Pause(all);
    secondary_->PauseAll();
    paused_ = true;
    RuntimeMetrics::Get().paused_partitions.Set(static_cast<double>(all.size()));
  } else if (paused_ && queued < config_.runtime.max_producer_queue / 2) {
    consumer_->Resume(all);
    secondary_->ResumeAll();
    paused_ = false;
    RuntimeMetrics::Get().paused_partitions.Set(0);
  }
}

// A partition without new records still moves its watermark with the wall clock, so
// windows close and incidents resolve on quiet partitions.
void OperateWorker::AdvanceIdleTasks() {
  const int64_t now = clock_.NowMs();
  for (auto& [partition, task] : tasks_) {
    // Records still buffered (waiting for the other input) mean the task is not idle.
    if (now - task->last_record_wall_ms < config_.runtime.idle_advance_after_ms ||
        task->merger.buffered() > 0) {
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
  int64_t state_bytes = 0;
  for (auto& [partition, task] : tasks_) {
    for (const std::string& topic : {config_.topics.mentions, config_.topics.queue_samples}) {
      const int64_t lag = topic == config_.topics.mentions ? consumer_->Lag(topic, partition)
                                                           : secondary_->Lag(topic, partition);
      if (lag >= 0) {
        metrics.consumer_lag.Add({{"topic", topic}, {"partition", std::to_string(partition)}})
            .Set(static_cast<double>(lag));
      }
    }
    slowest_watermark = std::min(slowest_watermark, task->chain->watermark_ms());
    state_bytes += task->db->ApproximateBytes();
  }
  metrics.state_bytes.Set(static_cast<double>(state_bytes));
  if (!tasks_.empty() && slowest_watermark > 0) {
    metrics.watermark_lag_seconds.Set(static_cast<double>(clock_.NowMs() - slowest_watermark) /
                                      1000.0);
  }
}

// One JSON line per key-value entry of every owned task (runtime.dump_state_path).
void OperateWorker::DumpState() {
  if (config_.runtime.dump_state_path.empty()) return;
  std::ofstream out(config_.runtime.dump_state_path, std::ios::trunc);
  for (auto& [partition, task] : tasks_) {
    for (size_t stage = 0; stage < task->operator_names.size(); ++stage) {
      const std::string prefix = StagePrefix(stage) + "k/";
      task->db->ForEachWithPrefix(prefix, [&](std::string_view key, std::string_view value) {
        std::string_view rest = key.substr(prefix.size());
        const size_t split = rest.find('\0');
        if (split == std::string_view::npos) return;
        out << "{\"partition\":" << partition << ",\"operator\":"
            << JsonString(task->operator_names[stage])
            << ",\"store\":" << JsonString(rest.substr(0, split))
            << ",\"key\":" << JsonString(rest.substr(split + 1))
            << ",\"value\":" << JsonString(value) << "}\n";
      });
    }
  }
  LogInfo("state of ", tasks_.size(), " tasks written to ", config_.runtime.dump_state_path);
}

absl::Status OperateWorker::Run() {
  int64_t last_lag_update = 0;
  next_rolling_checkpoint_ms_ = clock_.NowMs();
  while (!stop_) {
    ApplyBackpressure();
    ContinueRestores();
    auto batch = consumer_->ConsumeBatch(2000, restoring_.empty() ? 100 : 0);
    for (auto& message : batch) EnqueueRecord(std::move(message));
    for (auto& message : secondary_->ConsumeBatch(2000)) EnqueueRecord(std::move(message));
    DrainTasks();
    producer_->Poll(0);
    AdvanceIdleTasks();
    for (auto& [partition, task] : tasks_) task->chain->FireProcessingTimers();
    const int64_t now = clock_.NowMs();
    if (absl::Status s = CheckpointDueTasks(now); !s.ok()) LogError("checkpoint: ", s.message());
    if (now - last_lag_update > 5000) {
      UpdateLagMetrics();
      last_lag_update = now;
    }
  }
  // Shutdown: finish the batch, checkpoint, leave the group.
  for (auto& [partition, task] : tasks_) FinishBuffered(*task);
  absl::Status checkpointed = CheckpointAll();
  if (!checkpointed.ok()) LogError("final checkpoint: ", checkpointed.message());
  DumpState();
  consumer_->Close();
  secondary_.reset();
  absl::Status flushed = producer_->Flush(static_cast<int>(config_.runtime.shutdown_grace_ms));
  if (!failure_.ok()) return failure_;
  if (!checkpointed.ok()) return checkpointed;
  return flushed;
}

}  // namespace stormwatch
