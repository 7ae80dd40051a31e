// Process-wide metrics registry; see metrics.h.
#include "pipeline/core/metrics.h"

#include "prometheus/text_serializer.h"

namespace stormwatch {

std::shared_ptr<prometheus::Registry> MetricsRegistry() {
  static const auto registry = std::make_shared<prometheus::Registry>();
  return registry;
}

std::string SerializeMetrics() {
  return prometheus::TextSerializer().Serialize(MetricsRegistry()->Collect());
}

void ExportBuildInfo(const std::string& role) {
  prometheus::BuildGauge()
      .Name("stormwatch_build_info")
      .Help("Always 1; the running version and role")
      .Register(*MetricsRegistry())
      .Add({{"version", "0.1.0"}, {"role", role}})
      .Set(1);
}

}  // namespace stormwatch
