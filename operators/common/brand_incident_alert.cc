// Brand-wide incident alert head; see brand_incident_alert.h.
#include "operators/common/brand_incident_alert.h"

#include "pipeline/core/alert_id.h"
#include "pipeline/core/time_util.h"

namespace stormwatch {

v1::Alert StartBrandIncidentAlert(const BrandIncidentUpdate& update) {
  v1::Alert alert;
  alert.set_id(MakeAlertId(update.kind, update.brand, "brand", update.incident_start_ms));
  alert.set_kind(update.kind);
  alert.set_brand(update.brand.data(), update.brand.size());
  alert.set_scope("brand");
  alert.set_severity(update.severity);
  alert.set_state(update.resolved ? v1::RESOLVED : v1::FIRING);
  *alert.mutable_starts_at() = FromMillis(update.incident_start_ms);
  *alert.mutable_event_time() = FromMillis(update.event_time_ms);
  if (update.resolved) *alert.mutable_ends_at() = FromMillis(update.event_time_ms);
  alert.set_revision(update.revision);
  return alert;
}

void AddSampleMentions(const std::vector<std::string>& ids, v1::Alert& alert) {
  v1::Evidence& evidence = *alert.mutable_evidence();
  for (const std::string& id : ids) evidence.add_sample_mention_ids(id);
}

}  // namespace stormwatch
