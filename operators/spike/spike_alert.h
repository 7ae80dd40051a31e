// Turns a detector verdict into a SPIKE alert (FIRING or RESOLVED) with a human summary
// and the numbers behind it; called by SpikeOperator when an incident opens or closes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "operators/spike/seasonal_count_detector.h"
#include "stormwatch/v1/alert.pb.h"

namespace stormwatch::spike {

struct SpikeAlertInput {
  std::string_view brand;
  std::string_view scope;      // "brand" or "topic:<name>"
  const BucketScore* verdict;  // the bucket that opened or closed the incident
  int64_t bucket_start_ms = 0;
  int64_t bucket_ms = 0;
  uint32_t revision = 0;
  const std::vector<std::string>* sample_mention_ids = nullptr;
};

v1::Alert BuildSpikeAlert(const SpikeAlertInput& in);

// "412 mentions in 5 min, 6.1x the usual 67 for Fri 18:00 UTC (p=1e-09, baseline 21 days
// old)" — exposed for tests.
std::string SpikeSummary(const SpikeAlertInput& in);

}  // namespace stormwatch::spike
