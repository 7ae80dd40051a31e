// The process-wide Prometheus registry. Each component declares its metrics (listed in
// docs/metrics.md) on it once and caches the Counter&/Gauge& handles it needs; the HTTP
// server exposes it on /metrics.
#pragma once

#include <memory>
#include <string>

#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace stormwatch {

// Thread-safe.
std::shared_ptr<prometheus::Registry> MetricsRegistry();

// The text exposition format of everything registered.
std::string SerializeMetrics();

// Sets stormwatch_build_info{version, role} = 1.
void ExportBuildInfo(const std::string& role);

}  // namespace stormwatch
