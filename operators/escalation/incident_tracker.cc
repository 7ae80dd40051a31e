// Escalation engine; see incident_tracker.h.
#include "operators/escalation/incident_tracker.h"

#include <algorithm>

#include "pipeline/core/event_codec.h"
#include "pipeline/core/logging.h"
#include "pipeline/core/metrics.h"
#include "pipeline/core/strings.h"
#include "pipeline/core/time_util.h"

namespace stormwatch {
namespace {

constexpr std::string_view kIncidentPrefix = "incident/";
constexpr int64_t kKeepResolvedMs = 3'600'000;  // after the cooldown, for the API

prometheus::Family<prometheus::Gauge>& ActiveFamily() {
  static auto& family = prometheus::BuildGauge()
                            .Name("stormwatch_incidents_active")
                            .Help("Open incidents by kind and severity")
                            .Register(*MetricsRegistry());
  return family;
}

prometheus::Family<prometheus::Counter>& TransitionsFamily() {
  static auto& family = prometheus::BuildCounter()
                            .Name("stormwatch_incident_transitions_total")
                            .Help("Incident lifecycle transitions by target state")
                            .Register(*MetricsRegistry());
  return family;
}

prometheus::Counter& TransitionCounter(std::string_view to) {
  return TransitionsFamily().Add({{"to", std::string(to)}});
}

std::string ScopeKey(const v1::Alert& a) {
  return StrCat(v1::AlertKind_Name(a.kind()), "|", a.brand(), "|", a.scope());
}

nlohmann::json IncidentToJson(const Incident& i) {
  return {{"id", i.id},
          {"status", std::string(IncidentStatusName(i.status))},
          {"alert", nlohmann::json::parse(AlertToJson(i.alert), nullptr, false)},
          {"tier", i.tier},
          {"route", i.route},
          {"notified", i.notified},
          {"sequence", i.sequence},
          {"openedMs", i.opened_ms},
          {"tierSinceMs", i.tier_since_ms},
          {"lastNotifiedMs", i.last_notified_ms},
          {"lastResendMs", i.last_resend_ms},
          {"silencedUntilMs", i.silenced_until_ms},
          {"resolvedMs", i.resolved_ms},
          {"held", i.held},
          {"manuallyResolved", i.manually_resolved},
          {"acknowledgedBy", i.acknowledged_by}};
}

bool IncidentFromJson(const nlohmann::json& j, Incident* i) {
  try {
    i->id = j.at("id").get<std::string>();
    const std::string status = j.at("status").get<std::string>();
    i->status = status == "escalated"      ? IncidentStatus::kEscalated
                : status == "acknowledged" ? IncidentStatus::kAcknowledged
                : status == "resolved"     ? IncidentStatus::kResolved
                                           : IncidentStatus::kFiring;
    absl::StatusOr<v1::Alert> alert = ParseAlertJson(j.at("alert").dump());
    if (!alert.ok()) return false;
    i->alert = *alert;
    i->tier = j.at("tier").get<int>();
    i->route = j.at("route").get<std::string>();
    i->notified = j.at("notified").get<std::set<std::string>>();
    i->sequence = j.at("sequence").get<uint32_t>();
    i->opened_ms = j.at("openedMs").get<int64_t>();
    i->tier_since_ms = j.at("tierSinceMs").get<int64_t>();
    i->last_notified_ms = j.at("lastNotifiedMs").get<int64_t>();
    i->last_resend_ms = j.at("lastResendMs").get<int64_t>();
    i->silenced_until_ms = j.at("silencedUntilMs").get<int64_t>();
    i->resolved_ms = j.at("resolvedMs").get<int64_t>();
    i->held = j.at("held").get<bool>();
    i->manually_resolved = j.at("manuallyResolved").get<bool>();
    i->acknowledged_by = j.at("acknowledgedBy").get<std::string>();
    return true;
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

bool IsOpen(const Incident& i) { return i.status != IncidentStatus::kResolved; }

}  // namespace

std::string_view IncidentStatusName(IncidentStatus status) {
  switch (status) {
    case IncidentStatus::kFiring: return "firing";
    case IncidentStatus::kEscalated: return "escalated";
    case IncidentStatus::kAcknowledged: return "acknowledged";
    case IncidentStatus::kResolved: return "resolved";
  }
  return "firing";
}

absl::StatusOr<std::unique_ptr<IncidentTracker>> IncidentTracker::Create(
    const AlertingConfig& config, std::vector<SinkInfo> sinks, KeyValueState* state) {
  std::vector<std::string> names;
  for (const SinkInfo& s : sinks) names.push_back(s.name);
  absl::StatusOr<std::unique_ptr<EscalationPolicy>> policy = EscalationPolicy::Create(config, names);
  if (!policy.ok()) return policy.status();
  std::unique_ptr<IncidentTracker> tracker(
      new IncidentTracker(config, *std::move(policy), std::move(sinks), state));
  tracker->Load();
  return tracker;
}

IncidentTracker::IncidentTracker(const AlertingConfig& config,
                                 std::unique_ptr<EscalationPolicy> policy,
                                 std::vector<SinkInfo> sinks, KeyValueState* state)
    : config_(config), policy_(std::move(policy)), sinks_(std::move(sinks)), state_(state) {}

void IncidentTracker::Load() {
  state_->ForEach([this](std::string_view key, std::string_view value) {
    if (key.substr(0, kIncidentPrefix.size()) != kIncidentPrefix) return;
    Incident incident;
    const nlohmann::json j = nlohmann::json::parse(value, nullptr, false);
    if (j.is_discarded() || !IncidentFromJson(j, &incident)) {
      LogError("escalation: unreadable incident record ", key, "; skipped");
      return;
    }
    if (IsOpen(incident)) UpdateActiveGauge(incident, +1);
    incidents_.emplace(incident.id, std::move(incident));
  });
}

void IncidentTracker::Save(const Incident& incident) {
  state_->Put(StrCat(kIncidentPrefix, incident.id), IncidentToJson(incident).dump());
}

void IncidentTracker::UpdateActiveGauge(const Incident& incident, int delta) {
  ActiveFamily()
      .Add({{"kind", v1::AlertKind_Name(incident.alert.kind())},
            {"severity", v1::Severity_Name(incident.alert.severity())}})
      .Increment(delta);
}

void IncidentTracker::Transition(Incident& incident, IncidentStatus to) {
  if (incident.status == to) return;
  const bool was_open = IsOpen(incident);
  incident.status = to;
  TransitionCounter(IncidentStatusName(to)).Increment();
  if (was_open && !IsOpen(incident)) UpdateActiveGauge(incident, -1);
  if (!was_open && IsOpen(incident)) UpdateActiveGauge(incident, +1);
}

std::vector<std::string> IncidentTracker::TargetsFor(const Incident& incident) const {
  std::vector<std::string> targets = policy_->unrouted_sinks();
  RouteDecision decision = incident.tier == 0 ? policy_->Route(incident.alert)
                                              : policy_->Tier(incident.alert.brand(), incident.tier);
  for (const std::string& s : decision.sinks) {
    if (std::find(targets.begin(), targets.end(), s) == targets.end()) targets.push_back(s);
  }
  return targets;
}

void IncidentTracker::Notify(Incident& incident, NotificationAction action,
                             const std::vector<std::string>& sinks, int64_t now_ms,
                             std::vector<SinkNotification>& out, bool new_message) {
  if (sinks.empty()) return;
  if (new_message) ++incident.sequence;
  Notification n;
  n.action = action;
  n.incident_id = incident.id;
  n.alert = incident.alert;
  n.tier = incident.tier;
  n.route = incident.route;
  n.actor = incident.acknowledged_by;
  n.sequence = incident.sequence;
  for (const std::string& sink : sinks) {
    out.push_back({sink, n});
    incident.notified.insert(sink);
  }
  if (new_message) incident.last_notified_ms = now_ms;
  // A message to a re-sending sink (Alertmanager) restarts its re-send interval.
  for (const SinkInfo& info : sinks_) {
    if (info.resend_interval_ms > 0 &&
        std::find(sinks.begin(), sinks.end(), info.name) != sinks.end()) {
      incident.last_resend_ms = now_ms;
    }
  }
}

void IncidentTracker::TriggerNew(Incident& incident, int64_t now_ms,
                                 std::vector<SinkNotification>& out) {
  incident.tier = 0;
  incident.tier_since_ms = now_ms;
  incident.route = policy_->Route(incident.alert).route;
  if (policy_->InMaintenance(incident.alert.brand(), now_ms)) {
    incident.held = true;
    LogInfo("escalation: incident ", incident.id, " held (maintenance window)");
    return;
  }
  incident.held = false;
  Notify(incident, NotificationAction::kTrigger, TargetsFor(incident), now_ms, out);
}

std::vector<SinkNotification> IncidentTracker::OnAlert(const v1::Alert& alert, int64_t now_ms) {
  std::vector<SinkNotification> out;
  Incident* incident = nullptr;
  // The incident of this alert id: its own, or one it reopened (see below).
  for (auto& [id, candidate] : incidents_) {
    if (id == alert.id()) {
      incident = &candidate;
      break;
    }
  }
  if (incident == nullptr) {
    for (auto& [id, candidate] : incidents_) {
      if (candidate.alert.id() == alert.id()) {
        incident = &candidate;
        break;
      }
    }
  }
  if (alert.state() == v1::RESOLVED) {
    if (incident == nullptr || !IsOpen(*incident)) return out;  // nothing open: nobody to tell
    incident->alert = alert;
    incident->resolved_ms = now_ms;
    incident->held = false;
    Transition(*incident, IncidentStatus::kResolved);
    Notify(*incident, NotificationAction::kResolve,
           std::vector<std::string>(incident->notified.begin(), incident->notified.end()), now_ms,
           out);
    Save(*incident);
    return out;
  }

  if (incident == nullptr) {
    // Cooldown: a refire of the same kind/brand/scope soon after a resolve reopens it.
    const std::string scope = ScopeKey(alert);
    for (auto& [id, candidate] : incidents_) {
      if (!IsOpen(candidate) && !candidate.manually_resolved &&
          ScopeKey(candidate.alert) == scope && now_ms - candidate.resolved_ms < config_.cooldown_ms) {
        incident = &candidate;
        LogInfo("escalation: ", alert.id(), " reopens incident ", id, " (within cooldown)");
        break;
      }
    }
  }
  if (incident == nullptr) {
    Incident fresh;
    fresh.id = alert.id();
    fresh.alert = alert;
    fresh.opened_ms = now_ms;
    incident = &incidents_.emplace(fresh.id, std::move(fresh)).first->second;
    UpdateActiveGauge(*incident, +1);
    TransitionCounter("firing").Increment();
    TriggerNew(*incident, now_ms, out);
    Save(*incident);
    return out;
  }
  if (!IsOpen(*incident)) {
    if (incident->manually_resolved && incident->alert.id() == alert.id()) {
      return out;  // a person closed it; the detector's further updates are not news
    }
    incident->alert = alert;
    incident->acknowledged_by.clear();
    incident->resolved_ms = 0;
    Transition(*incident, IncidentStatus::kFiring);
    TriggerNew(*incident, now_ms, out);
    Save(*incident);
    return out;
  }
  const bool upgrade = alert.severity() > incident->alert.severity();
  if (upgrade) UpdateActiveGauge(*incident, -1);
  const std::string keep_id = incident->alert.id();
  incident->alert = alert;
  if (upgrade) {
    UpdateActiveGauge(*incident, +1);
    TransitionCounter("upgraded").Increment();
    if (incident->held) {
      Save(*incident);
      return out;
    }
    // The same incident, now more severe: everybody who knows hears it, plus the route
    // for the new severity (e.g. on-call for CRITICAL).
    std::vector<std::string> targets(incident->notified.begin(), incident->notified.end());
    if (incident->tier == 0) {
      const RouteDecision decision = policy_->Route(alert);
      incident->route = decision.route;
      for (const std::string& s : TargetsFor(*incident)) {
        if (std::find(targets.begin(), targets.end(), s) == targets.end()) targets.push_back(s);
      }
    }
    Notify(*incident, NotificationAction::kTrigger, targets, now_ms, out);
  }
  (void)keep_id;
  Save(*incident);
  return out;
}

std::vector<SinkNotification> IncidentTracker::OnTick(int64_t now_ms) {
  std::vector<SinkNotification> out;
  std::vector<std::string> expired;
  for (auto& [id, incident] : incidents_) {
    if (!IsOpen(incident)) {
      if (now_ms - incident.resolved_ms > config_.cooldown_ms + kKeepResolvedMs) {
        expired.push_back(id);
      }
      continue;
    }
    bool changed = false;
    if (incident.held && !policy_->InMaintenance(incident.alert.brand(), now_ms)) {
      TriggerNew(incident, now_ms, out);
      changed = true;
    }
    const bool silenced = incident.silenced_until_ms > now_ms;
    const bool unacked = incident.status == IncidentStatus::kFiring ||
                         incident.status == IncidentStatus::kEscalated;
    if (!incident.held && !silenced && unacked) {
      const int64_t escalate_after = policy_->EscalateAfterMs(incident.alert.brand());
      const RouteDecision next = policy_->Tier(incident.alert.brand(), incident.tier + 1);
      if (escalate_after > 0 && !next.route.empty() &&
          now_ms - incident.tier_since_ms >= escalate_after) {
        incident.tier += 1;
        incident.tier_since_ms = now_ms;
        incident.route = next.route;
        Transition(incident, IncidentStatus::kEscalated);
        Notify(incident, NotificationAction::kTrigger, next.sinks, now_ms, out);
        changed = true;
      } else if (config_.renotify_ms > 0 && now_ms - incident.last_notified_ms >= config_.renotify_ms) {
        const RouteDecision current = incident.tier == 0
                                          ? policy_->Route(incident.alert)
                                          : policy_->Tier(incident.alert.brand(), incident.tier);
        Notify(incident, NotificationAction::kTrigger, current.sinks, now_ms, out);
        incident.last_notified_ms = now_ms;
        changed = true;
      }
    }
    // Receivers that forget what is not re-sent (Alertmanager) hear every open incident.
    if (!incident.held) {
      for (const SinkInfo& sink : sinks_) {
        if (sink.resend_interval_ms <= 0 || !incident.notified.contains(sink.name) ||
            now_ms - incident.last_resend_ms < sink.resend_interval_ms) {
          continue;
        }
        std::vector<SinkNotification> resend;
        Notify(incident,
               incident.status == IncidentStatus::kAcknowledged ? NotificationAction::kAcknowledge
                                                                : NotificationAction::kTrigger,
               {sink.name}, now_ms, resend, /*new_message=*/false);
        out.insert(out.end(), resend.begin(), resend.end());
        changed = true;
      }
    }
    if (changed) Save(incident);
  }
  for (const std::string& id : expired) {
    state_->Delete(StrCat(kIncidentPrefix, id));
    incidents_.erase(id);
  }
  return out;
}

absl::StatusOr<std::vector<SinkNotification>> IncidentTracker::Acknowledge(
    const std::string& id, const std::string& actor, int64_t now_ms) {
  auto it = incidents_.find(id);
  if (it == incidents_.end()) return absl::NotFoundError(StrCat("no incident ", id));
  Incident& incident = it->second;
  if (!IsOpen(incident)) return absl::FailedPreconditionError(StrCat("incident ", id, " is resolved"));
  std::vector<SinkNotification> out;
  if (incident.status == IncidentStatus::kAcknowledged) return out;
  incident.acknowledged_by = actor;
  Transition(incident, IncidentStatus::kAcknowledged);
  Notify(incident, NotificationAction::kAcknowledge,
         std::vector<std::string>(incident.notified.begin(), incident.notified.end()), now_ms,
         out);
  Save(incident);
  return out;
}

absl::StatusOr<std::vector<SinkNotification>> IncidentTracker::Resolve(const std::string& id,
                                                                       const std::string& actor,
                                                                       int64_t now_ms) {
  auto it = incidents_.find(id);
  if (it == incidents_.end()) return absl::NotFoundError(StrCat("no incident ", id));
  Incident& incident = it->second;
  std::vector<SinkNotification> out;
  if (!IsOpen(incident)) return out;
  incident.acknowledged_by = actor;
  incident.manually_resolved = true;
  incident.resolved_ms = now_ms;
  incident.held = false;
  incident.alert.set_state(v1::RESOLVED);
  *incident.alert.mutable_ends_at() = FromMillis(now_ms);
  Transition(incident, IncidentStatus::kResolved);
  Notify(incident, NotificationAction::kResolve,
         std::vector<std::string>(incident.notified.begin(), incident.notified.end()), now_ms,
         out);
  Save(incident);
  return out;
}

absl::Status IncidentTracker::Silence(const std::string& id, int64_t until_ms) {
  auto it = incidents_.find(id);
  if (it == incidents_.end()) return absl::NotFoundError(StrCat("no incident ", id));
  it->second.silenced_until_ms = until_ms;
  Save(it->second);
  return absl::OkStatus();
}

nlohmann::json IncidentTracker::ToJson() const {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [id, incident] : incidents_) list.push_back(IncidentToJson(incident));
  return {{"incidents", list}};
}

const Incident* IncidentTracker::Find(const std::string& id) const {
  auto it = incidents_.find(id);
  return it == incidents_.end() ? nullptr : &it->second;
}

size_t IncidentTracker::open_incidents() const {
  return std::count_if(incidents_.begin(), incidents_.end(),
                       [](const auto& entry) { return IsOpen(entry.second); });
}

}  // namespace stormwatch
