// Test harness for one operator (or a short chain) without Kafka: in-memory state,
// a manual clock, collected alerts, and explicit control of the watermark. Built on the
// same OperatorChain that the runtime and replay use.
#pragma once

#include <memory>
#include <vector>

#include "pipeline/runtime/operator_chain.h"
#include "pipeline/runtime/system_clock.h"
#include "pipeline/state/memory_state_store.h"

namespace stormwatch::testing {

// Collects every emitted alert in order.
class CollectingEmitter final : public AlertEmitter {
 public:
  void Emit(const v1::Alert& alert) override { alerts.push_back(alert); }
  std::vector<v1::Alert> alerts;
};

// Not thread-safe. `allowed_lateness_ms` as in the runtime config.
class OperatorHarness {
 public:
  explicit OperatorHarness(std::unique_ptr<Operator> op, int64_t allowed_lateness_ms = 0);
  explicit OperatorHarness(std::vector<NamedOperator> chain, int64_t allowed_lateness_ms = 0);

  // Processes the event (event time from createdAt / ts); returns kLate when rejected.
  OperatorChain::Admission Process(v1::Event event);
  void AdvanceWatermark(int64_t watermark_ms) { chain_->AdvanceWatermark(watermark_ms); }
  // Sets the manual clock and fires processing-time timers.
  void AdvanceProcessingTime(int64_t now_ms);
  void Flush() { chain_->Flush(); }

  const std::vector<v1::Alert>& alerts() const { return emitter_.alerts; }
  void ClearAlerts() { emitter_.alerts.clear(); }
  StateStore& state(size_t operator_index = 0) { return chain_->state_of(operator_index); }
  OperatorChain& chain() { return *chain_; }
  ManualClock& clock() { return clock_; }

 private:
  CollectingEmitter emitter_;
  ManualClock clock_;
  std::unique_ptr<OperatorChain> chain_;
};

// Builders for test events.
v1::Event MakeMention(std::string brand, std::string id, int64_t created_at_ms,
                      std::string text = "", std::string lang = "");
v1::Event MakeQueueSample(std::string brand, int64_t ts_ms, double longest_wait_seconds,
                          uint32_t calls_waiting = 0);

}  // namespace stormwatch::testing
