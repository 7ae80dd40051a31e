// Per-key state of the spike operator (one key = brand x scope): the detector state plus
// the counts of buckets still open. Kept hot in memory and written to the "spike" store
// at each Flush (checkpoint) in a compact binary form.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "operators/spike/seasonal_count_detector.h"

namespace stormwatch::spike {

struct OpenBucket {
  int64_t count = 0;
  std::vector<std::string> sample_mention_ids;
};

struct SpikeKeyState {
  DetectorState detector;
  uint32_t revision = 0;                       // updates sent for the open incident
  std::map<int64_t, OpenBucket> open_buckets;  // bucket start (ms) -> count; usually one
  // Sample mention ids of the buckets that fed the open incident (evidence).
  std::vector<std::string> incident_samples;
};

std::string SerializeKeyState(const SpikeKeyState& state);
// False when the bytes are not a state of this version (the caller starts afresh).
bool DeserializeKeyState(std::string_view bytes, SpikeKeyState& state);

// The store/timer key of a brand x scope, and back.
std::string MakeStateKey(std::string_view brand, std::string_view scope);
void SplitStateKey(std::string_view key, std::string_view* brand, std::string_view* scope);

}  // namespace stormwatch::spike
