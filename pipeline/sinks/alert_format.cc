// Human-readable alert line; see alert_format.h.
#include "pipeline/sinks/alert_format.h"

#include "absl/strings/str_format.h"
#include "pipeline/core/time_util.h"

namespace stormwatch {

std::string FormatAlertLine(const v1::Alert& alert) {
  return absl::StrFormat("%s  %-12s %-10s %-8s %-8s %s", FormatRfc3339(ToMillis(alert.event_time())),
                         v1::AlertKind_Name(alert.kind()), alert.brand(),
                         v1::Severity_Name(alert.severity()), v1::AlertState_Name(alert.state()),
                         alert.summary());
}

}  // namespace stormwatch
