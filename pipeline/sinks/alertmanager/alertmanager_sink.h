// Prometheus Alertmanager sink (API v2): POST {url}/api/v2/alerts with one alert whose
// labels identify the incident (alertname, incident_id, kind, brand, scope), re-sent while
// the incident is open (SinkConfig.resend_interval_ms) and resolved with endsAt.
// Severity is an annotation and a label fixed at the first trigger, so an upgrade updates
// the same Alertmanager alert instead of creating a second one.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "pipeline/config/pipeline_config.h"
#include "pipeline/sinks/notification.h"

namespace stormwatch {

absl::StatusOr<std::unique_ptr<NotificationSink>> MakeAlertmanagerSink(const SinkConfig& config);

}  // namespace stormwatch
