// Merges the records of one task's input partitions (mentions.v1/N and
// queue-samples.v1/N) into one stream in event-time order, as Kafka Streams does: the
// earliest head goes first; when one input has nothing buffered, the merger waits up to
// `max_idle_ms` for it before it goes on without it. Without this, a task that happens to
// read all queue samples first would see every mention as late.
#pragma once

#include <algorithm>
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
      : inputs_(num_inputs), caught_up_(num_inputs, false), max_idle_ms_(max_idle_ms) {}

  // Whether the consumer has read everything the broker has for `input` (lag 0). An
  // empty input that is not caught up (or whose lag is unknown, e.g. before its first
  // fetch) is waited for up to kMaxWaitForLaggingMs instead of max_idle_ms, so a task whose
  // second input starts fetching late does not run ahead and see that input as late.
  void SetCaughtUp(size_t input, bool caught_up) { caught_up_[input] = caught_up; }

  void Push(size_t input, Record record) { inputs_[input].push_back(std::move(record)); }

  // The next record to process at wall time `now_ms`, or nullopt to wait for more input.
  std::optional<Record> Pop(int64_t now_ms) {
    std::deque<Record>* earliest = nullptr;
    bool some_input_empty = false;
    bool empty_input_lagging = false;
    for (size_t i = 0; i < inputs_.size(); ++i) {
      auto& input = inputs_[i];
      if (input.empty()) {
        some_input_empty = true;
        empty_input_lagging = empty_input_lagging || !caught_up_[i];
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
      const int64_t wait_ms =
          empty_input_lagging ? std::max(max_idle_ms_, kMaxWaitForLaggingMs) : max_idle_ms_;
      if (now_ms - waiting_since_ms_ < wait_ms) return std::nullopt;
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
  static constexpr int64_t kMaxWaitForLaggingMs = 10'000;

 private:
  std::vector<std::deque<Record>> inputs_;
  std::vector<bool> caught_up_;
  const int64_t max_idle_ms_;
  int64_t waiting_since_ms_ = 0;
};

}  // namespace stormwatch
