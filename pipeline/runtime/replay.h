// Offline backtest (`stormwatch replay`): the same operator chain as the Kafka runtime,
// driven by a file in event time, without Kafka. Deterministic: the clock follows the
// event times, so processing-time timers behave the same on every run.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "pipeline/api/event_source.h"
#include "pipeline/runtime/operator_chain.h"

namespace stormwatch {

struct ReplayStats {
  int64_t events = 0;    // processed
  int64_t rejected = 0;  // malformed input
  int64_t late = 0;      // before the watermark
  int64_t alerts = 0;
};

// Reports a rejected input item (malformed or late) with its position and reason.
using RejectedItemCallback = std::function<void(const SourceItem& item)>;

// Runs every item of `source` through `operators`; alerts go to `emitter`. At the end the
// watermark moves to the last event time so windows that ended by then close.
ReplayStats RunReplay(EventSource& source, std::vector<NamedOperator> operators,
                      int64_t allowed_lateness_ms, AlertEmitter& emitter,
                      const RejectedItemCallback& on_rejected);

}  // namespace stormwatch
