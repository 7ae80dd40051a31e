// JSON renderings of notifications; see notification_json.h.
#include "pipeline/sinks/notification_json.h"

#include "pipeline/core/event_codec.h"
#include "pipeline/core/strings.h"

namespace stormwatch {

std::string LowerSeverity(v1::Severity severity) {
  switch (severity) {
    case v1::CRITICAL: return "critical";
    case v1::WARNING: return "warning";
    default: return "info";
  }
}

std::string NotificationTitle(const Notification& n) {
  std::string title = StrCat("[", v1::Severity_Name(n.alert.severity()), "] ",
                             v1::AlertKind_Name(n.alert.kind()), " ", n.alert.brand(), " (",
                             n.alert.scope(), ")");
  if (n.action == NotificationAction::kAcknowledge) {
    StrAppend(&title, " - acknowledged", n.actor.empty() ? "" : " by ", n.actor);
  } else if (n.action == NotificationAction::kResolve) {
    StrAppend(&title, " - resolved");
  } else if (n.tier > 0) {
    StrAppend(&title, " - escalated to ", n.route);
  }
  return title;
}

nlohmann::json NotificationEnvelope(const Notification& n) {
  nlohmann::json j;
  j["type"] = StrCat("incident.", NotificationActionName(n.action));
  j["incidentId"] = n.incident_id;
  j["messageId"] = n.MessageId();
  j["tier"] = n.tier;
  j["route"] = n.route;
  if (!n.actor.empty()) j["actor"] = n.actor;
  j["alert"] = nlohmann::json::parse(AlertToJson(NotificationAlert(n)), nullptr, false);
  return j;
}

}  // namespace stormwatch
