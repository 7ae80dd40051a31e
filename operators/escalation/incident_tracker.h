// The escalation engine (issue 7): one incident per alert id, with the lifecycle
// firing -> escalated -> acknowledged -> resolved. Severity upgrades update the same
// incident; a refire of the same kind/brand/scope within the cooldown after a resolve
// reopens the old incident (no second page for a flapping detector); unacknowledged
// incidents are re-notified every `renotify` and moved to the next escalation tier after
// the route's `escalate_after`; silences and maintenance windows hold notifications back.
//
// It runs in the alert role (docs/alerting.md "Where escalation runs"): the dispatcher
// feeds it every alert of alerts.v1, the incident API's acks, and a processing-time tick,
// and puts the notifications it returns into the outbox in the same RocksDB batch as the
// incident state. Time is passed in (no clock inside), so tests drive it directly.
// Not thread-safe: one thread (the dispatcher's) owns it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "operators/escalation/escalation_policy.h"
#include "pipeline/api/state_store.h"
#include "pipeline/sinks/notification.h"

namespace stormwatch {

// A notification for one sink.
struct SinkNotification {
  std::string sink;
  Notification notification;
};

enum class IncidentStatus { kFiring, kEscalated, kAcknowledged, kResolved };
std::string_view IncidentStatusName(IncidentStatus status);

struct Incident {
  std::string id;
  IncidentStatus status = IncidentStatus::kFiring;
  v1::Alert alert;  // latest update
  int tier = 0;
  std::string route;
  std::set<std::string> notified;  // sinks that have heard of it (they get the resolve)
  uint32_t sequence = 0;           // notifications sent so far
  int64_t opened_ms = 0;           // processing time
  int64_t tier_since_ms = 0;
  int64_t last_notified_ms = 0;
  int64_t last_resend_ms = 0;
  int64_t silenced_until_ms = 0;
  int64_t resolved_ms = 0;
  bool held = false;  // firing but not yet notified (maintenance window)
  bool manually_resolved = false;
  std::string acknowledged_by;
};

class IncidentTracker {
 public:
  struct SinkInfo {
    std::string name;
    int64_t resend_interval_ms = 0;  // Alertmanager: re-send open incidents this often
  };
  // `state` holds the incidents (the outbox's RocksDB column in the alert role); it is
  // borrowed and must outlive the tracker. Open incidents are loaded from it here.
  static absl::StatusOr<std::unique_ptr<IncidentTracker>> Create(const AlertingConfig& config,
                                                                 std::vector<SinkInfo> sinks,
                                                                 KeyValueState* state);

  std::vector<SinkNotification> OnAlert(const v1::Alert& alert, int64_t now_ms);
  // Re-notify, escalate, re-send, release held incidents.
  std::vector<SinkNotification> OnTick(int64_t now_ms);
  // NotFound for an unknown id, FailedPrecondition for a resolved one.
  absl::StatusOr<std::vector<SinkNotification>> Acknowledge(const std::string& id,
                                                            const std::string& actor,
                                                            int64_t now_ms);
  absl::StatusOr<std::vector<SinkNotification>> Resolve(const std::string& id,
                                                        const std::string& actor, int64_t now_ms);
  absl::Status Silence(const std::string& id, int64_t until_ms);

  // The open incidents (and resolved ones still in memory), as the API shows them.
  nlohmann::json ToJson() const;
  const Incident* Find(const std::string& id) const;
  size_t open_incidents() const;

 private:
  IncidentTracker(const AlertingConfig& config, std::unique_ptr<EscalationPolicy> policy,
                  std::vector<SinkInfo> sinks, KeyValueState* state);
  void Load();
  void Save(const Incident& incident);
  void Transition(Incident& incident, IncidentStatus to);
  void Notify(Incident& incident, NotificationAction action, const std::vector<std::string>& sinks,
              int64_t now_ms, std::vector<SinkNotification>& out, bool new_message = true);
  std::vector<std::string> TargetsFor(const Incident& incident) const;
  void TriggerNew(Incident& incident, int64_t now_ms, std::vector<SinkNotification>& out);
  void UpdateActiveGauge(const Incident& incident, int delta);

  const AlertingConfig config_;
  std::unique_ptr<EscalationPolicy> policy_;
  std::vector<SinkInfo> sinks_;
  KeyValueState* state_;
  std::map<std::string, Incident> incidents_;  // open, plus resolved within the cooldown
};

}  // namespace stormwatch
