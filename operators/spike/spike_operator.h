// The spike operator (DESIGN.md "What it detects: Spike"): in the task's chain after
// enrich, it counts mentions per brand and per brand x topic in event-time buckets, closes
// each bucket with an event-time timer, scores it with SeasonalCountDetector and emits
// SPIKE alerts (FIRING, then RESOLVED) through the context's emitter.
#pragma once

#include <memory>

#include "pipeline/api/operator.h"

namespace stormwatch {

// Name "spike". YAML: see operators/spike/spike_config.h (a null node gives defaults that
// suit a typical brand: 1-minute buckets, 5-minute window).
std::unique_ptr<OperatorFactory> MakeSpikeOperatorFactory();

}  // namespace stormwatch
