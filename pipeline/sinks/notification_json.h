// The JSON renderings shared by several sinks: the generic notification envelope
// (webhook, Kafka) and small helpers (severity names, titles).
#pragma once

#include <string>

#include "nlohmann/json.hpp"
#include "pipeline/sinks/notification.h"

namespace stormwatch {

// "critical" | "warning" | "info" (PagerDuty's and Alertmanager's conventions).
std::string LowerSeverity(v1::Severity severity);
// "[CRITICAL] SHITSTORM telenova (brand)" plus " — acknowledged by X" / " — resolved".
std::string NotificationTitle(const Notification& n);
// {"type": "incident.trigger", "incidentId", "messageId", "tier", "route", "actor",
//  "alert": <proto3 JSON of the alert>}
nlohmann::json NotificationEnvelope(const Notification& n);

}  // namespace stormwatch
