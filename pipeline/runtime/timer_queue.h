// The timers of one operator in one task, kept in firing order. The operator chain pops
// the due ones when the watermark or the clock moves.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "pipeline/api/timer_service.h"

namespace stormwatch {

// Not thread-safe.
class TimerQueue final : public TimerService {
 public:
  void Set(TimeDomain domain, std::string_view key, int64_t timestamp_ms) override;
  void Cancel(TimeDomain domain, std::string_view key, int64_t timestamp_ms) override;
  // Removes and returns the earliest timer of `domain` due at or before `up_to_ms`.
  std::optional<Timer> PopDue(TimeDomain domain, int64_t up_to_ms);
  size_t size() const { return event_timers_.size() + processing_timers_.size(); }

 private:
  using Entries = std::set<std::pair<int64_t, std::string>, std::less<>>;
  Entries& EntriesFor(TimeDomain domain) {
    return domain == TimeDomain::kEventTime ? event_timers_ : processing_timers_;
  }
  Entries event_timers_;
  Entries processing_timers_;
};

}  // namespace stormwatch
