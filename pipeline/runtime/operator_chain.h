// The heart of a task: runs the configured operators in order over the events of one
// partition (enrich -> detectors -> ...), keeps the event-time watermark and fires
// timers. The Kafka worker, `stormwatch replay` and the unit tests all drive this class,
// so the same events give the same alerts everywhere.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/api/operator.h"
#include "pipeline/runtime/timer_queue.h"

namespace stormwatch {

struct NamedOperator {
  std::string name;
  std::unique_ptr<Operator> op;
};

// Makes the state store of one operator within this task.
using StateStoreFactory = std::function<std::unique_ptr<StateStore>(std::string_view op_name)>;

// Not thread-safe: one task, one thread. Borrows `emitter` and `clock`, which must
// outlive the chain.
class OperatorChain {
 public:
  enum class Admission { kProcessed, kLate };

  OperatorChain(std::vector<NamedOperator> operators, const StateStoreFactory& make_store,
                AlertEmitter& emitter, const Clock& clock, int64_t allowed_lateness_ms);
  ~OperatorChain();

  // Runs the event through every operator, then advances the watermark to
  // (event time - allowed lateness) and fires the event-time timers that came due.
  // An event older than the watermark is not processed: kLate (the caller dead-letters it).
  Admission Process(v1::Event& event);
  // The same with the event time given (the runtime clamps far-future times).
  Admission Process(v1::Event& event, int64_t event_time_ms);
  // Moves the watermark forward (idle partitions, end of a replay); fires due timers.
  void AdvanceWatermark(int64_t watermark_ms);
  // Fires processing-time timers due at the clock's current time.
  void FireProcessingTimers();
  // Asks every operator to write its in-memory aggregates into its state store.
  void Flush();

  int64_t watermark_ms() const { return watermark_ms_; }
  int64_t max_event_time_ms() const { return max_event_time_ms_; }
  StateStore& state_of(size_t operator_index);

  // For the durable runtime: the chain's operators, their timers, and restoring the
  // watermark after a restart.
  size_t size() const { return stages_.size(); }
  TimerQueue& timers_of(size_t operator_index);
  void RestoreTime(int64_t watermark_ms, int64_t max_event_time_ms) {
    watermark_ms_ = watermark_ms;
    max_event_time_ms_ = max_event_time_ms;
  }

 private:
  class Stage;
  void FireEventTimers();

  std::vector<std::unique_ptr<Stage>> stages_;
  const int64_t allowed_lateness_ms_;
  int64_t watermark_ms_;
  int64_t max_event_time_ms_;
};

}  // namespace stormwatch
