// Who hears about an incident (DESIGN.md "On-call crisis responders"): per-brand routing
// by the time of day in the brand's time zone (office hours -> community team; after
// hours or CRITICAL -> crisis on-call), escalation tiers, and maintenance windows.
// Built once from `alerting.routes`; immutable and thread-safe afterwards.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "pipeline/config/pipeline_config.h"
#include "stormwatch/v1/alert.pb.h"

namespace stormwatch {

struct RouteDecision {
  std::string route;  // "office-hours", "after-hours", "critical", "tier-1", ...; "" = none
  std::vector<std::string> sinks;
};

class EscalationPolicy {
 public:
  // `sink_names`: every configured sink. Sinks that no route names receive every
  // notification (recording sinks: console, jsonl, kafka, Alertmanager). Errors name the
  // route field (unknown time zone, bad maintenance window).
  static absl::StatusOr<std::unique_ptr<EscalationPolicy>> Create(
      const AlertingConfig& config, const std::vector<std::string>& sink_names);

  // Tier 0: the route for an alert by severity and its event time in the brand's zone.
  RouteDecision Route(const v1::Alert& alert) const;
  // Tier >= 1: the escalation tier's sinks; route "" when the brand has no such tier.
  RouteDecision Tier(const std::string& brand, int tier) const;
  int64_t EscalateAfterMs(const std::string& brand) const;
  bool InMaintenance(const std::string& brand, int64_t now_ms) const;
  bool IsOfficeHours(const std::string& brand, int64_t event_time_ms) const;
  const std::vector<std::string>& unrouted_sinks() const { return unrouted_; }

 private:
  struct BrandRoute {
    AlertRouteConfig config;
    absl::TimeZone zone;
    std::set<std::string> holidays;
    std::vector<std::pair<int64_t, int64_t>> maintenance;
  };
  EscalationPolicy() = default;
  const BrandRoute* Find(const std::string& brand) const;

  std::map<std::string, BrandRoute> routes_;  // by brand; "*" is the fallback
  std::vector<std::string> unrouted_;
};

}  // namespace stormwatch
