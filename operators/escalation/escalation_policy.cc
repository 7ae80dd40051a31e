// Routing and escalation tiers; see escalation_policy.h.
#include "operators/escalation/escalation_policy.h"

#include <algorithm>

#include "absl/time/civil_time.h"
#include "pipeline/core/strings.h"
#include "pipeline/core/time_util.h"

namespace stormwatch {

absl::StatusOr<std::unique_ptr<EscalationPolicy>> EscalationPolicy::Create(
    const AlertingConfig& config, const std::vector<std::string>& sink_names) {
  std::unique_ptr<EscalationPolicy> policy(new EscalationPolicy());
  std::set<std::string> routed;
  for (size_t i = 0; i < config.routes.size(); ++i) {
    const AlertRouteConfig& rc = config.routes[i];
    const std::string path = StrCat("alerting.routes[", i, "]");
    BrandRoute route;
    route.config = rc;
    if (!absl::LoadTimeZone(rc.time_zone, &route.zone)) {
      return absl::InvalidArgumentError(StrCat(path, ".time_zone: expected an IANA time zone "
                                               "(tzdata), got '", rc.time_zone, "'"));
    }
    route.holidays.insert(rc.holidays.begin(), rc.holidays.end());
    for (const auto& [start, end] : rc.maintenance) {
      absl::Time s, e;
      std::string err;
      if (!absl::ParseTime(absl::RFC3339_full, start, &s, &err) ||
          !absl::ParseTime(absl::RFC3339_full, end, &e, &err) || !(s < e)) {
        return absl::InvalidArgumentError(StrCat(path, ".maintenance: expected RFC 3339 start < "
                                                 "end, got '", start, "', '", end, "'"));
      }
      route.maintenance.emplace_back(absl::ToUnixMillis(s), absl::ToUnixMillis(e));
    }
    for (const auto* list : {&rc.office_hours_sinks, &rc.after_hours_sinks, &rc.critical_sinks}) {
      routed.insert(list->begin(), list->end());
    }
    for (const auto& tier : rc.escalation_tiers) routed.insert(tier.begin(), tier.end());
    if (policy->routes_.contains(rc.brand)) {
      return absl::InvalidArgumentError(StrCat(path, ".brand: '", rc.brand, "' has two routes"));
    }
    policy->routes_.emplace(rc.brand, std::move(route));
  }
  for (const std::string& name : sink_names) {
    if (!routed.contains(name)) policy->unrouted_.push_back(name);
  }
  return policy;
}

const EscalationPolicy::BrandRoute* EscalationPolicy::Find(const std::string& brand) const {
  auto it = routes_.find(brand);
  if (it == routes_.end()) it = routes_.find("*");
  return it == routes_.end() ? nullptr : &it->second;
}

bool EscalationPolicy::IsOfficeHours(const std::string& brand, int64_t event_time_ms) const {
  const BrandRoute* route = Find(brand);
  if (route == nullptr) return false;
  const absl::CivilSecond local =
      absl::ToCivilSecond(absl::FromUnixMillis(event_time_ms), route->zone);
  const absl::CivilDay day(local);
  const char* date_format = "%04d-%02d-%02d";
  char date[16];
  std::snprintf(date, sizeof(date), date_format, static_cast<int>(day.year()), day.month(),
                day.day());
  if (route->holidays.contains(date)) return false;
  int iso_day = 1;
  switch (absl::GetWeekday(day)) {
    case absl::Weekday::monday: iso_day = 1; break;
    case absl::Weekday::tuesday: iso_day = 2; break;
    case absl::Weekday::wednesday: iso_day = 3; break;
    case absl::Weekday::thursday: iso_day = 4; break;
    case absl::Weekday::friday: iso_day = 5; break;
    case absl::Weekday::saturday: iso_day = 6; break;
    case absl::Weekday::sunday: iso_day = 7; break;
  }
  const auto& days = route->config.office_days;
  if (std::find(days.begin(), days.end(), iso_day) == days.end()) return false;
  const int minute = local.hour() * 60 + local.minute();
  return minute >= route->config.office_start_minute && minute < route->config.office_end_minute;
}

RouteDecision EscalationPolicy::Route(const v1::Alert& alert) const {
  const BrandRoute* route = Find(alert.brand());
  if (route == nullptr) return {};
  const AlertRouteConfig& rc = route->config;
  const bool office = IsOfficeHours(alert.brand(), ToMillis(alert.event_time()));
  if (alert.severity() == v1::CRITICAL && !rc.critical_sinks.empty()) {
    RouteDecision decision{"critical", rc.critical_sinks};
    if (office) {
      for (const std::string& s : rc.office_hours_sinks) {
        if (std::find(decision.sinks.begin(), decision.sinks.end(), s) == decision.sinks.end()) {
          decision.sinks.push_back(s);
        }
      }
    }
    return decision;
  }
  if (office) return {"office-hours", rc.office_hours_sinks};
  return {"after-hours", rc.after_hours_sinks.empty() ? rc.critical_sinks : rc.after_hours_sinks};
}

RouteDecision EscalationPolicy::Tier(const std::string& brand, int tier) const {
  const BrandRoute* route = Find(brand);
  if (route == nullptr || tier < 1 ||
      tier > static_cast<int>(route->config.escalation_tiers.size())) {
    return {};
  }
  return {StrCat("tier-", tier), route->config.escalation_tiers[tier - 1]};
}

int64_t EscalationPolicy::EscalateAfterMs(const std::string& brand) const {
  const BrandRoute* route = Find(brand);
  return route == nullptr ? 0 : route->config.escalate_after_ms;
}

bool EscalationPolicy::InMaintenance(const std::string& brand, int64_t now_ms) const {
  const BrandRoute* route = Find(brand);
  if (route == nullptr) return false;
  for (const auto& [start, end] : route->maintenance) {
    if (now_ms >= start && now_ms < end) return true;
  }
  return false;
}

}  // namespace stormwatch
