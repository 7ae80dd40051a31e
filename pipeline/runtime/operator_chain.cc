// Operator chain with watermark and timers; see operator_chain.h.
#include "pipeline/runtime/operator_chain.h"

#include <limits>

#include "pipeline/core/time_util.h"

namespace stormwatch {

// One operator with its private state, timers and the context it sees.
class OperatorChain::Stage final : public OperatorContext {
 public:
  Stage(NamedOperator named, std::unique_ptr<StateStore> store, AlertEmitter& emitter,
        const Clock& clock, const int64_t& watermark)
      : name_(std::move(named.name)),
        op_(std::move(named.op)),
        store_(std::move(store)),
        emitter_(emitter),
        clock_(clock),
        watermark_(watermark) {}

  StateStore& state() override { return *store_; }
  TimerService& timers() override { return timers_; }
  AlertEmitter& emitter() override { return emitter_; }
  int64_t watermark_ms() const override { return watermark_; }
  const Clock& clock() const override { return clock_; }

  Operator& op() { return *op_; }
  TimerQueue& timer_queue() { return timers_; }

 private:
  std::string name_;
  std::unique_ptr<Operator> op_;
  std::unique_ptr<StateStore> store_;
  TimerQueue timers_;
  AlertEmitter& emitter_;
  const Clock& clock_;
  const int64_t& watermark_;
};

OperatorChain::OperatorChain(std::vector<NamedOperator> operators,
                             const StateStoreFactory& make_store, AlertEmitter& emitter,
                             const Clock& clock, int64_t allowed_lateness_ms)
    : allowed_lateness_ms_(allowed_lateness_ms),
      watermark_ms_(std::numeric_limits<int64_t>::min()),
      max_event_time_ms_(std::numeric_limits<int64_t>::min()) {
  for (NamedOperator& named : operators) {
    std::unique_ptr<StateStore> store = make_store(named.name);
    stages_.push_back(
        std::make_unique<Stage>(std::move(named), std::move(store), emitter, clock, watermark_ms_));
  }
}

OperatorChain::~OperatorChain() = default;

OperatorChain::Admission OperatorChain::Process(v1::Event& event) {
  return Process(event, EventTimeMs(event));
}

OperatorChain::Admission OperatorChain::Process(v1::Event& event, int64_t event_time) {
  if (event_time < watermark_ms_) return Admission::kLate;
  for (auto& stage : stages_) stage->op().Process(event, event_time, *stage);
  if (event_time > max_event_time_ms_) max_event_time_ms_ = event_time;
  AdvanceWatermark(event_time - allowed_lateness_ms_);
  return Admission::kProcessed;
}

void OperatorChain::AdvanceWatermark(int64_t watermark_ms) {
  if (watermark_ms <= watermark_ms_) return;
  watermark_ms_ = watermark_ms;
  FireEventTimers();
}

void OperatorChain::FireEventTimers() {
  for (auto& stage : stages_) {
    while (auto timer = stage->timer_queue().PopDue(TimeDomain::kEventTime, watermark_ms_)) {
      stage->op().OnTimer(*timer, *stage);
    }
  }
}

void OperatorChain::FireProcessingTimers() {
  for (auto& stage : stages_) {
    const int64_t now = stage->clock().NowMs();
    while (auto timer = stage->timer_queue().PopDue(TimeDomain::kProcessingTime, now)) {
      stage->op().OnTimer(*timer, *stage);
    }
  }
}

void OperatorChain::Flush() {
  for (auto& stage : stages_) stage->op().Flush(*stage);
}

StateStore& OperatorChain::state_of(size_t operator_index) {
  return stages_.at(operator_index)->state();
}

TimerQueue& OperatorChain::timers_of(size_t operator_index) {
  return stages_.at(operator_index)->timer_queue();
}

}  // namespace stormwatch
