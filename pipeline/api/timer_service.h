// Timers an operator can set. Event-time timers fire when the task's watermark passes
// them; processing-time timers when the clock does. Both are part of the task's state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace stormwatch {

enum class TimeDomain { kEventTime, kProcessingTime };

struct Timer {
  TimeDomain domain;
  int64_t timestamp_ms;
  std::string key;
};

// Not thread-safe (one task, one thread). Setting the same (domain, key, timestamp)
// twice keeps one timer.
class TimerService {
 public:
  virtual ~TimerService() = default;
  virtual void Set(TimeDomain domain, std::string_view key, int64_t timestamp_ms) = 0;
  virtual void Cancel(TimeDomain domain, std::string_view key, int64_t timestamp_ms) = 0;
};

}  // namespace stormwatch
