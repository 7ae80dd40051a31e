// SPIKE alert construction; see spike_alert.h.
#include "operators/spike/spike_alert.h"

#include <algorithm>

#include "absl/strings/str_format.h"
#include "pipeline/core/alert_id.h"
#include "pipeline/core/strings.h"
#include "pipeline/core/time_util.h"

namespace stormwatch::spike {
namespace {

constexpr const char* kWeekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
// Observed/expected at or above which a spike is CRITICAL rather than WARNING.
constexpr double kCriticalRatio = 5.0;

std::string Duration(int64_t ms) {
  const int64_t minutes = ms / 60'000;
  if (minutes < 1) return StrCat(ms / 1000, " s");
  if (minutes < 120) return StrCat(minutes, " min");
  return StrCat(minutes / 60, " h");
}

std::string Age(double hours) {
  if (hours < 48.0) return absl::StrFormat("%.0f hours", hours);
  return absl::StrFormat("%.0f days", hours / 24.0);
}

std::string ScopeText(std::string_view scope) {
  if (scope.substr(0, 6) == "topic:") {
    return StrCat(" about ", absl::string_view(scope.data() + 6, scope.size() - 6));
  }
  return "";
}

}  // namespace

std::string SpikeSummary(const SpikeAlertInput& in) {
  const BucketScore& v = *in.verdict;
  const int64_t span_ms = in.bucket_ms * v.span_buckets;
  const int slot = SeasonalCountDetector::SeasonSlot(in.bucket_start_ms);
  const std::string when = absl::StrFormat("%s %02d:00 UTC", kWeekdays[slot / 24], slot % 24);
  const double ratio = v.observed / std::max(v.expected, 1e-9);
  if (v.resolved) {
    return absl::StrFormat("%s%s back to normal: %.0f mentions in %s against the usual %.0f",
                           in.brand, ScopeText(in.scope), v.observed, Duration(span_ms),
                           v.expected);
  }
  return absl::StrFormat(
      "%.0f mentions of %s%s in %s, %.1fx the usual %.0f for %s (p=%.1g, baseline %s old)",
      v.observed, in.brand, ScopeText(in.scope), Duration(span_ms), ratio, v.expected, when,
      v.probability, Age(v.baseline_age_hours));
}

v1::Alert BuildSpikeAlert(const SpikeAlertInput& in) {
  const BucketScore& v = *in.verdict;
  v1::Alert alert;
  alert.set_id(MakeAlertId(v1::SPIKE, in.brand, in.scope, v.incident_start_ms));
  alert.set_kind(v1::SPIKE);
  alert.set_brand(std::string(in.brand));
  alert.set_scope(std::string(in.scope));
  const double ratio = v.observed / std::max(v.expected, 1e-9);
  alert.set_severity(ratio >= kCriticalRatio ? v1::CRITICAL : v1::WARNING);
  alert.set_state(v.resolved ? v1::RESOLVED : v1::FIRING);
  *alert.mutable_starts_at() = FromMillis(v.incident_start_ms);
  const int64_t bucket_end_ms = in.bucket_start_ms + in.bucket_ms;
  *alert.mutable_event_time() = FromMillis(bucket_end_ms);
  if (v.resolved) *alert.mutable_ends_at() = FromMillis(bucket_end_ms);
  alert.set_score(v.score);
  alert.set_revision(in.revision);
  alert.set_summary(SpikeSummary(in));
  v1::Evidence& evidence = *alert.mutable_evidence();
  (*evidence.mutable_values())["count"] = v.observed;
  (*evidence.mutable_values())["probability"] = v.probability;
  (*evidence.mutable_values())["baseline_age_hours"] = v.baseline_age_hours;
  (*evidence.mutable_values())["window_minutes"] =
      static_cast<double>(in.bucket_ms * v.span_buckets) / 60'000.0;
  (*evidence.mutable_normal_values())["count"] = v.expected;
  if (in.sample_mention_ids != nullptr) {
    for (const std::string& id : *in.sample_mention_ids) evidence.add_sample_mention_ids(id);
  }
  return alert;
}

}  // namespace stormwatch::spike
