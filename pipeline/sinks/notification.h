// What the alert dispatcher hands a sink: one incident update (trigger, acknowledge or
// resolve) with the alert behind it. The escalation engine decides which sinks get which
// notification; the outbox stores them; the sinks render them for their receiver.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "pipeline/api/alert_sink.h"
#include "stormwatch/v1/alert.pb.h"

namespace stormwatch {

enum class NotificationAction { kTrigger = 0, kAcknowledge = 1, kResolve = 2 };

std::string_view NotificationActionName(NotificationAction action);  // "trigger", ...

struct Notification {
  NotificationAction action = NotificationAction::kTrigger;
  // The incident id (= the first alert id of the incident); every sink deduplicates on it.
  std::string incident_id;
  v1::Alert alert;  // the latest alert of the incident
  int tier = 0;     // 0 = the time-of-day route, 1.. = escalation tiers
  std::string route;  // "office-hours", "after-hours", "critical", "tier-1", ...
  std::string actor;  // who acknowledged or resolved (from the incident API)
  uint32_t sequence = 0;  // n-th notification of the incident: unique message id part
  // Idempotency key of this message: "<incident>.<action>.<sequence>" (webhook-id).
  std::string MessageId() const;
};

// Compact binary form stored in the outbox.
std::string EncodeNotification(const Notification& notification);
absl::StatusOr<Notification> DecodeNotification(std::string_view bytes);

// A sink that understands incident updates (acknowledge too). It is an AlertSink, so the
// dispatcher's public contract (a vector of AlertSink) stays; the dispatcher calls
// Notify() on sinks of this type and adapts plain AlertSinks (AdaptAlertSink).
// Thread-compatible; each sink is called from its own delivery thread only.
class NotificationSink : public AlertSink {
 public:
  virtual DeliveryResult Notify(const Notification& notification) = 0;
  // A plain alert as a trigger (FIRING) or resolve (RESOLVED) of incident alert.id().
  DeliveryResult Deliver(const v1::Alert& alert) final;
};

// Wraps an AlertSink (console, jsonl, the demo's summary): triggers and resolves go
// through as the alert (a resolve as a RESOLVED alert); acknowledgements are not passed
// on. `name` overrides the sink's own name when not empty.
std::unique_ptr<NotificationSink> AdaptAlertSink(std::unique_ptr<AlertSink> sink,
                                                 std::string name = "");

// The alert a plain receiver sees for a notification (state RESOLVED for a resolve).
v1::Alert NotificationAlert(const Notification& notification);

}  // namespace stormwatch
