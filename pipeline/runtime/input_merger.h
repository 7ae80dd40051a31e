// Merges the records of one task's input partitions (mentions.v1/N and
// queue-samples.v1/N) into one stream in event-time order, as Kafka Streams does: the
// earliest head goes first; when one input has nothing buffered, the merger waits up to
// `max_idle_ms` for it before it goes on without it. Without this, a task that happens to
// read all queue samples first would see every mention as late.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

namespace stormwatch {

// `Record` must expose `int64_t event_time_ms` (malformed records: INT64_MIN, so they
// leave at once). Not thread-safe.
template <typename Record>
class InputMerger {
 public:
  InputMerger(size_t num_inputs, int64_t max_idle_ms)
      : inputs_(num_inputs), max_idle_ms_(max_idle_ms) {}

  void Push(size_t input, Record record) { inputs_[input].push_back(std::move(record)); }

  // The next record to process at wall time `now_ms`, or nullopt to wait for more input.
  std::optional<Record> Pop(int64_t now_ms) {
    std::deque<Record>* earliest = nullptr;
    bool some_input_empty = false;
    for (auto& input : inputs_) {
      if (input.empty()) {
        some_input_empty = true;
      } else if (earliest == nullptr ||
                 input.front().event_time_ms < earliest->front().event_time_ms) {
        earliest = &input;
      }
    }
    // Nothing buffered: keep the waiting clock running, so an input that has stayed empty
    // for max_idle_ms counts as idle and does not delay every later batch again.
    if (earliest == nullptr) return std::nullopt;
    if (some_input_empty && earliest->front().event_time_ms != kMalformed) {
      if (waiting_since_ms_ == 0) waiting_since_ms_ = now_ms;
      if (now_ms - waiting_since_ms_ < max_idle_ms_) return std::nullopt;
    } else if (!some_input_empty) {
      waiting_since_ms_ = 0;
    }
    Record record = std::move(earliest->front());
    earliest->pop_front();
    return record;
  }

  // The earliest buffered record without waiting for empty inputs (the task is closing
  // and finishes what it has), or nullopt when nothing is buffered.
  std::optional<Record> PopAny() {
    std::deque<Record>* earliest = nullptr;
    for (auto& input : inputs_) {
      if (!input.empty() && (earliest == nullptr ||
                             input.front().event_time_ms < earliest->front().event_time_ms)) {
        earliest = &input;
      }
    }
    if (earliest == nullptr) return std::nullopt;
    Record record = std::move(earliest->front());
    earliest->pop_front();
    return record;
  }

  size_t buffered() const {
    size_t total = 0;
    for (const auto& input : inputs_) total += input.size();
    return total;
  }

  // Removes everything (the task is being closed).
  void Clear() {
    for (auto& input : inputs_) input.clear();
    waiting_since_ms_ = 0;
  }

  static constexpr int64_t kMalformed = INT64_MIN;

 private:
  std::vector<std::deque<Record>> inputs_;
  const int64_t max_idle_ms_;
  int64_t waiting_since_ms_ = 0;
};

}  // namespace stormwatch
