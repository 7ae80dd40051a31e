// Operator test harness; see test_operator_context.h.
#include "tests/testutil/test_operator_context.h"

#include "pipeline/core/time_util.h"

namespace stormwatch::testing {

OperatorHarness::OperatorHarness(std::unique_ptr<Operator> op, int64_t allowed_lateness_ms)
    : OperatorHarness(
          [&op] {
            std::vector<NamedOperator> chain;
            chain.push_back({"operator", std::move(op)});
            return chain;
          }(),
          allowed_lateness_ms) {}

OperatorHarness::OperatorHarness(std::vector<NamedOperator> chain, int64_t allowed_lateness_ms) {
  chain_ = std::make_unique<OperatorChain>(
      std::move(chain), [](std::string_view) { return std::make_unique<MemoryStateStore>(); },
      emitter_, clock_, allowed_lateness_ms);
}

OperatorChain::Admission OperatorHarness::Process(v1::Event event) {
  return chain_->Process(event);
}

void OperatorHarness::AdvanceProcessingTime(int64_t now_ms) {
  clock_.Set(now_ms);
  chain_->FireProcessingTimers();
}

v1::Event MakeMention(std::string brand, std::string id, int64_t created_at_ms, std::string text,
                      std::string lang) {
  v1::Event event;
  v1::Mention& m = *event.mutable_mention();
  m.set_brand(std::move(brand));
  m.set_id(std::move(id));
  *m.mutable_created_at() = FromMillis(created_at_ms);
  m.set_text(std::move(text));
  m.set_lang(std::move(lang));
  m.set_source("web");
  m.set_channel("post");
  return event;
}

v1::Event MakeQueueSample(std::string brand, int64_t ts_ms, double longest_wait_seconds,
                          uint32_t calls_waiting) {
  v1::Event event;
  v1::QueueSample& q = *event.mutable_queue_sample();
  q.set_brand(std::move(brand));
  q.set_queue_id("main");
  *q.mutable_ts() = FromMillis(ts_ms);
  q.set_longest_wait_seconds(longest_wait_seconds);
  q.set_calls_waiting(calls_waiting);
  return event;
}

}  // namespace stormwatch::testing
