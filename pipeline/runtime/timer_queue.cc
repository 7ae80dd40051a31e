// Ordered timers; see timer_queue.h.
#include "pipeline/runtime/timer_queue.h"

namespace stormwatch {

void TimerQueue::Set(TimeDomain domain, std::string_view key, int64_t timestamp_ms) {
  EntriesFor(domain).emplace(timestamp_ms, std::string(key));
  Track(domain, timestamp_ms, key, true);
}

void TimerQueue::Cancel(TimeDomain domain, std::string_view key, int64_t timestamp_ms) {
  if (EntriesFor(domain).erase({timestamp_ms, std::string(key)}) > 0) {
    Track(domain, timestamp_ms, key, false);
  }
}

std::optional<Timer> TimerQueue::PopDue(TimeDomain domain, int64_t up_to_ms) {
  Entries& entries = EntriesFor(domain);
  if (entries.empty() || entries.begin()->first > up_to_ms) return std::nullopt;
  auto node = entries.extract(entries.begin());
  Track(domain, node.value().first, node.value().second, false);
  return Timer{domain, node.value().first, std::move(node.value().second)};
}

std::vector<TimerQueue::Change> TimerQueue::TakeChanges() {
  std::vector<Change> out;
  out.reserve(changes_.size());
  for (const auto& [id, present] : changes_) {
    out.push_back({static_cast<TimeDomain>(std::get<0>(id)), std::get<1>(id),
                   std::get<2>(id),
                   present});
  }
  changes_.clear();
  return out;
}

}  // namespace stormwatch
