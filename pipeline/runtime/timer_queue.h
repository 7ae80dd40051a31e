// The timers of one operator in one task, kept in firing order. The operator chain pops
// the due ones when the watermark or the clock moves.
#pragma once

#include <cstdint>
#include <optional>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

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

  // Durable timers (the Kafka runtime): from now on every Set, Cancel and PopDue is
  // remembered until TakeChanges(), so the checkpoint writes only what changed.
  void EnableChangeTracking() { tracking_ = true; }
  struct Change {
    TimeDomain domain;
    int64_t timestamp_ms;
    std::string key;
    bool present;  // false: the timer is gone (fired or cancelled)
  };
  std::vector<Change> TakeChanges();
  // Re-adds a timer read back from the state store (not tracked).
  void Restore(TimeDomain domain, std::string_view key, int64_t timestamp_ms) {
    EntriesFor(domain).emplace(timestamp_ms, std::string(key));
  }

 private:
  void Track(TimeDomain domain, int64_t timestamp_ms, std::string_view key, bool present) {
    if (tracking_) changes_[{static_cast<int>(domain), timestamp_ms, std::string(key)}] = present;
  }
  using Entries = std::set<std::pair<int64_t, std::string>, std::less<>>;
  Entries& EntriesFor(TimeDomain domain) {
    return domain == TimeDomain::kEventTime ? event_timers_ : processing_timers_;
  }
  Entries event_timers_;
  Entries processing_timers_;
  bool tracking_ = false;
  std::map<std::tuple<int, int64_t, std::string>, bool> changes_;
};

}  // namespace stormwatch
