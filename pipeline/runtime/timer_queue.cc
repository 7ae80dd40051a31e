// Ordered timers; see timer_queue.h.
#include "pipeline/runtime/timer_queue.h"

namespace stormwatch {

void TimerQueue::Set(TimeDomain domain, std::string_view key, int64_t timestamp_ms) {
  EntriesFor(domain).emplace(timestamp_ms, std::string(key));
}

void TimerQueue::Cancel(TimeDomain domain, std::string_view key, int64_t timestamp_ms) {
  EntriesFor(domain).erase({timestamp_ms, std::string(key)});
}

std::optional<Timer> TimerQueue::PopDue(TimeDomain domain, int64_t up_to_ms) {
  Entries& entries = EntriesFor(domain);
  if (entries.empty() || entries.begin()->first > up_to_ms) return std::nullopt;
  auto node = entries.extract(entries.begin());
  return Timer{domain, node.value().first, std::move(node.value().second)};
}

}  // namespace stormwatch
