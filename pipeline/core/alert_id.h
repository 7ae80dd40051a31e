// Deterministic alert ids (DESIGN.md "Processing guarantees"): the same incident always
// gets the same id, so a replay after a crash is deduplicated by every sink.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "stormwatch/v1/alert.pb.h"

namespace stormwatch {

// "<kind>-<32 hex digits of SHA-256(kind|brand|scope|incident_start_ms)>", e.g.
// "spike-3f2a...". Thread-safe.
std::string MakeAlertId(v1::AlertKind kind, std::string_view brand, std::string_view scope,
                        int64_t incident_start_ms);

}  // namespace stormwatch
