// Per-mention cost of the detector operators (bench/README.md "Detectors and replay"):
// shitstorm, spillover and response_sla each alone in an OperatorChain with in-memory
// state (as under replay), fed pre-enriched mentions of 20 brands (1 in 8 negative, 1 in
// 20 contact-seeking, 1 in 10 a question answered by the brand) and a queue sample per
// brand and minute. BM_PassThrough (an operator that does nothing) is the baseline: the
// chain's own cost per event (watermark, timer queue).
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "operators/response_sla/response_sla_operator.h"
#include "operators/shitstorm/shitstorm_operator.h"
#include "operators/spillover/spillover_operator.h"
#include "pipeline/core/strings.h"
#include "pipeline/core/time_util.h"
#include "pipeline/runtime/operator_chain.h"
#include "pipeline/runtime/system_clock.h"
#include "pipeline/state/memory_state_store.h"

namespace {

using namespace stormwatch;

constexpr int64_t kStartMs = 1'793'577'600'000;  // Mon 2026-11-02 00:00 UTC
constexpr int kBrands = 20;
constexpr int kEvents = 1 << 16;
// 20 brands x 10 mentions a second = 200 mentions/s of event time.
constexpr int64_t kGapMs = 5;

class NullEmitter final : public AlertEmitter {
 public:
  void Emit(const v1::Alert&) override { ++count; }
  int64_t count = 0;
};

class PassThrough final : public Operator {
 public:
  void Process(v1::Event&, int64_t, OperatorContext&) override {}
};

std::vector<v1::Event> MakeEvents() {
  std::mt19937_64 rng(7);
  std::vector<v1::Event> events;
  events.reserve(kEvents);
  for (int i = 0; i < kEvents; ++i) {
    v1::Event e;
    const std::string brand = StrCat("brand", i % kBrands);
    if (i % 600 == 0) {
      v1::QueueSample& q = *e.mutable_queue_sample();
      q.set_brand(brand);
      q.set_queue_id("support");
      q.set_longest_wait_seconds(60 + rng() % 120);
      q.set_calls_waiting(rng() % 8);
      q.set_offered(30);
      q.set_abandoned(1);
    } else {
      v1::Mention& m = *e.mutable_mention();
      m.set_id(StrCat("m", i));
      m.set_brand(brand);
      m.set_author_id(StrCat("u", rng() % 5000));
      m.set_thread_id(m.id());
      m.set_shares(rng() % 3);
      m.set_text(i % 8 == 0 ? "Terrible service again #fail" : "All fine with my plan today");
      v1::Enrichment& en = *m.mutable_enrichment();
      en.set_label(i % 8 == 0 ? v1::NEGATIVE : v1::NEUTRAL);
      if (i % 20 == 0) en.add_intents(v1::CONTACT_SEEKING);
      if (i % 10 == 0) en.add_intents(v1::QUESTION);
      if (i % 10 == 5) {  // the brand answers the question of 5 events ago
        m.set_from_brand(true);
        m.set_in_reply_to(StrCat("m", i - 5));
      }
    }
    events.push_back(std::move(e));
  }
  return events;
}

void RunChain(benchmark::State& state, std::unique_ptr<Operator> op) {
  static const std::vector<v1::Event> events = MakeEvents();
  std::vector<NamedOperator> operators;
  operators.push_back({"op", std::move(op)});
  NullEmitter emitter;
  ManualClock clock;
  OperatorChain chain(
      std::move(operators), [](std::string_view) { return std::make_unique<MemoryStateStore>(); },
      emitter, clock, 0);
  int64_t i = 0;
  v1::Event event;
  for (auto _ : state) {
    event = events[i % kEvents];
    const int64_t t = kStartMs + i * kGapMs;
    if (event.has_mention()) {
      *event.mutable_mention()->mutable_created_at() = FromMillis(t);
    } else {
      *event.mutable_queue_sample()->mutable_ts() = FromMillis(t);
    }
    chain.Process(event, t);
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["alerts"] = static_cast<double>(emitter.count);
}

std::unique_ptr<Operator> Make(std::unique_ptr<OperatorFactory> factory) {
  return (*factory->Configure(YAML::Node()))();
}

void BM_PassThrough(benchmark::State& state) { RunChain(state, std::make_unique<PassThrough>()); }
void BM_Shitstorm(benchmark::State& state) { RunChain(state, Make(MakeShitstormOperatorFactory())); }
void BM_Spillover(benchmark::State& state) { RunChain(state, Make(MakeSpilloverOperatorFactory())); }
void BM_ResponseSla(benchmark::State& state) {
  RunChain(state, Make(MakeResponseSlaOperatorFactory()));
}

BENCHMARK(BM_PassThrough);
BENCHMARK(BM_Shitstorm);
BENCHMARK(BM_Spillover);
BENCHMARK(BM_ResponseSla);

}  // namespace
