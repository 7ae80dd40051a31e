// A plain per-brand volume threshold: "more than N mentions of a brand within W minutes"
// (event time, tumbling windows). The simplest detector; the walking skeleton's alert
// source and a rule that some teams want next to the statistical detectors.
#pragma once

#include <memory>

#include "pipeline/api/operator.h"

namespace stormwatch {

struct VolumeThresholdConfig {
  int64_t window_ms = 5 * 60 * 1000;
  int64_t fire_count = 50;     // fire when a window reaches this many mentions
  int64_t resolve_count = 25;  // resolve when a closed window stays below this
  int max_samples = 5;         // sample mention ids kept as evidence
};

// Name "volume_threshold". YAML: window_seconds, fire_count, resolve_count.
std::unique_ptr<OperatorFactory> MakeVolumeThresholdOperatorFactory();

}  // namespace stormwatch
