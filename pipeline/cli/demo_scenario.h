// The demo's built-in scenario: a Danish telecom's Friday-evening outage. Normal traffic
// for two brands, then the phone queue builds, contact-seeking posts rise (spill-over) and
// a flood of negative Danish posts from new authors follows (shitstorm). Deterministic.
#pragma once

#include <cstdint>
#include <vector>

#include "stormwatch/v1/event.pb.h"

namespace stormwatch {

struct DemoScenario {
  std::vector<v1::Event> events;  // in event-time order
  int64_t queue_breach_ms = 0;    // when the phone queue starts to build
  int64_t storm_onset_ms = 0;     // when the negative flood starts
};

// `start_ms`: event time of the first event (the demo uses Friday 2026-11-27 08:00 UTC).
DemoScenario MakeDemoScenario(int64_t start_ms);

}  // namespace stormwatch
