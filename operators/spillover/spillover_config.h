// Configuration of the spill-over detector: the YAML block of the `spillover` operator,
// validated once by its factory (spillover_operator.h), shared read-only by every task.
// Defaults suit a typical contact centre; `brands: {<brand>: {...}}` overrides any
// threshold for one brand. See docs/detectors.md.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "yaml-cpp/yaml.h"

namespace stormwatch::spillover {

// Per-brand thresholds. The queue is breached when any of its figures is at or above its
// threshold AND at least queue_normal_ratio x its own normal level.
struct Thresholds {
  double longest_wait_seconds = 600;
  double calls_waiting = 25;
  double abandon_rate = 0.2;
  double queue_normal_ratio = 2.0;
  // Contact-seeking mentions in the window: at least this many, and this many times the
  // seasonal expectation.
  double min_contact_seeking_mentions = 5;
  double contact_seeking_ratio = 2.0;
  // CRITICAL instead of WARNING from these levels on.
  double critical_longest_wait_seconds = 1800;
  double critical_contact_seeking_ratio = 5.0;
  // Minutes in a row with the queue and the posts back to normal before RESOLVED.
  double resolve_minutes = 15;
};

struct SpilloverConfig {
  int64_t bucket_ms = 60'000;
  int window_buckets = 15;  // window_minutes
  int max_samples = 10;
  Thresholds defaults;
  std::map<std::string, Thresholds, std::less<>> brands;

  const Thresholds& For(std::string_view brand) const {
    auto it = brands.find(brand);
    return it == brands.end() ? defaults : it->second;
  }
};

// YAML (all optional; null = defaults): window_minutes (15), max_samples (10), every
// Thresholds field by name, and `brands`. Errors: InvalidArgument
// "spillover.<field>: expected <what>, got '<value>'".
absl::StatusOr<SpilloverConfig> ParseSpilloverConfig(const YAML::Node& node);

}  // namespace stormwatch::spillover
