// Offline replay; see replay.h.
#include "pipeline/runtime/replay.h"

#include "pipeline/core/strings.h"
#include "pipeline/core/time_util.h"
#include "pipeline/runtime/system_clock.h"
#include "pipeline/state/memory_state_store.h"

namespace stormwatch {
namespace {

// Counts what passes through to the caller's emitter.
class CountingEmitter final : public AlertEmitter {
 public:
  explicit CountingEmitter(AlertEmitter& next) : next_(next) {}
  void Emit(const v1::Alert& alert) override {
    ++count;
    next_.Emit(alert);
  }
  int64_t count = 0;

 private:
  AlertEmitter& next_;
};

}  // namespace

ReplayStats RunReplay(EventSource& source, std::vector<NamedOperator> operators,
                      int64_t allowed_lateness_ms, AlertEmitter& emitter,
                      const RejectedItemCallback& on_rejected) {
  ReplayStats stats;
  ManualClock clock;
  CountingEmitter counting(emitter);
  OperatorChain chain(
      std::move(operators), [](std::string_view) { return std::make_unique<MemoryStateStore>(); },
      counting, clock, allowed_lateness_ms);
  while (std::optional<SourceItem> item = source.Next()) {
    if (!item->event) {
      ++stats.rejected;
      on_rejected(*item);
      continue;
    }
    const int64_t event_time = EventTimeMs(*item->event);
    if (event_time > clock.NowMs()) {
      clock.Set(event_time);
      chain.FireProcessingTimers();
    }
    if (chain.Process(*item->event) == OperatorChain::Admission::kLate) {
      ++stats.late;
      item->error = StrCat("late: event time ", FormatRfc3339(event_time),
                                 " is before the watermark ", FormatRfc3339(chain.watermark_ms()));
      on_rejected(*item);
      continue;
    }
    ++stats.events;
  }
  if (stats.events > 0) chain.AdvanceWatermark(chain.max_event_time_ms());
  chain.Flush();
  stats.alerts = counting.count;
  return stats;
}

}  // namespace stormwatch
