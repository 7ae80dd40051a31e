// Configuration of the response-SLA tracker: the YAML block of the `response_sla`
// operator, validated once by its factory (response_sla_operator.h), shared read-only by
// every task. Per brand: office hours (IANA time zone, weekdays, open/close, holidays) and
// the SLA minutes in and out of them; `brands: {<brand>: {...}}` overrides the defaults.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "yaml-cpp/yaml.h"

namespace stormwatch::response_sla {

// When a brand's social customer service is staffed. Immutable; thread-safe.
struct OfficeHours {
  std::string timezone = "UTC";
  absl::TimeZone tz = absl::UTCTimeZone();
  uint8_t weekdays = 0x1f;  // bit 0 = Monday ... bit 6 = Sunday; default Mon-Fri
  int open_minute = 8 * 60;    // minutes after local midnight
  int close_minute = 16 * 60;  // exclusive
  std::set<absl::CivilDay> holidays;

  bool IsOpen(int64_t epoch_ms) const;
  // The next opening at or after `epoch_ms` (itself when open); searches 400 days.
  int64_t NextOpening(int64_t epoch_ms) const;
};

struct BrandSla {
  OfficeHours hours;
  double sla_minutes_office = 60;
  // Out of office hours; 0 = the clock stops: deadline = next opening + sla_minutes_office.
  double sla_minutes_after_hours = 240;
  // Breached, unanswered mentions from which the incident is CRITICAL.
  double critical_breaches = 10;
  // Unanswered mentions tracked per brand; more are counted as overflow.
  double max_pending = 5000;
  // A breached mention nobody answers leaves the backlog after this many hours.
  double give_up_hours = 72;

  // The answer deadline of a mention created at `created_ms`; `open` is
  // hours.IsOpen(created_ms) when the caller knows it already.
  int64_t Deadline(int64_t created_ms) const { return Deadline(created_ms, hours.IsOpen(created_ms)); }
  int64_t Deadline(int64_t created_ms, bool open) const;
};

struct ResponseSlaConfig {
  BrandSla defaults;
  std::map<std::string, BrandSla, std::less<>> brands;
  int max_samples = 10;

  const BrandSla& For(std::string_view brand) const {
    auto it = brands.find(brand);
    return it == brands.end() ? defaults : it->second;
  }
};

// YAML (all optional; null = defaults): timezone (UTC), weekdays ([mon, tue, wed, thu,
// fri]), open ("08:00"), close ("16:00"), holidays ([]), sla_minutes_office (60),
// sla_minutes_after_hours (240), critical_breaches (10), max_pending (5000),
// give_up_hours (72), max_samples (10), brands. Errors: InvalidArgument
// "response_sla.<field>: expected <what>, got '<value>'".
absl::StatusOr<ResponseSlaConfig> ParseResponseSlaConfig(const YAML::Node& node);

}  // namespace stormwatch::response_sla
