// Configuration of the spike operator: the YAML block `spike:` of the pipeline config,
// validated once by the factory (spike_operator.h) and shared read-only by every task.
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "operators/spike/seasonal_count_detector.h"
#include "yaml-cpp/yaml.h"

namespace stormwatch::spike {

struct SpikeConfig {
  // Detector tuning; bucket_ms, window_buckets, min_count, min_ratio, the fire/resolve
  // levels and warm-up come from YAML, the rest are the defaults.
  DetectorParams detector;
  // Also detect per brand x topic (mention.topics()), besides per brand.
  bool per_topic = true;
  // Sample mention ids kept per bucket as evidence.
  int max_samples = 5;
};

// YAML fields (all optional; a null node gives the defaults):
//   bucket_seconds (60), window_buckets (5), min_count (10), min_ratio (1.5),
//   fire_probability (1e-6), resolve_probability (1e-2), resolve_buckets (window_buckets),
//   warmup_buckets (60), level_half_life_minutes (60), per_topic (true).
// Errors: InvalidArgument "spike.<field>: expected <what>, got <value>".
absl::StatusOr<SpikeConfig> ParseSpikeConfig(const YAML::Node& node);

}  // namespace stormwatch::spike
