// The common head of a brand-wide incident alert (SHITSTORM, SPILLOVER, RESPONSE_SLA):
// deterministic id, kind, brand, scope "brand", severity, state, times and revision. The
// detectors fill in score, summary and evidence and hand the alert to their emitter.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stormwatch/v1/alert.pb.h"

namespace stormwatch {

// One update of a brand-wide incident.
struct BrandIncidentUpdate {
  v1::AlertKind kind = v1::ALERT_KIND_UNSPECIFIED;
  std::string_view brand;
  int64_t incident_start_ms = 0;  // also keys the alert id
  int64_t event_time_ms = 0;      // of this update; also ends_at when resolved
  uint32_t revision = 0;
  v1::Severity severity = v1::WARNING;
  bool resolved = false;
};

// An alert with everything of `update` set; score, summary and evidence are left empty.
v1::Alert StartBrandIncidentAlert(const BrandIncidentUpdate& update);

// The same for an operator's incident record (any struct with `start_ms` and `revision`).
template <typename Incident>
v1::Alert StartBrandIncidentAlert(v1::AlertKind kind, std::string_view brand,
                                  const Incident& incident, v1::Severity severity,
                                  int64_t event_time_ms, bool resolved) {
  return StartBrandIncidentAlert({.kind = kind,
                                  .brand = brand,
                                  .incident_start_ms = incident.start_ms,
                                  .event_time_ms = event_time_ms,
                                  .revision = incident.revision,
                                  .severity = severity,
                                  .resolved = resolved});
}

// Appends `ids` to the alert's evidence sample mention ids.
void AddSampleMentions(const std::vector<std::string>& ids, v1::Alert& alert);

}  // namespace stormwatch
