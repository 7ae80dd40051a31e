// Prometheus counters of the enrich operator (docs/metrics.md, "enrich operator"): what
// enrichment found for every mention it passed: language and how it was found, sentiment
// label, intents. Bounded labels only (4 languages, 3 sources, 3 labels, 4 intents).
#pragma once

#include <array>

#include "operators/enrich/mention_enricher.h"
#include "prometheus/counter.h"

namespace stormwatch {

// Registered on MetricsRegistry() once per process; Count is thread-safe.
class EnrichMetrics {
 public:
  static constexpr int kNumLabels = 3;   // negative, neutral, positive
  static constexpr int kNumIntents = 4;  // complaint, question, contact_seeking, praise

  static EnrichMetrics& Get();

  void Count(const enrich::EnrichmentResult& result);

 private:
  EnrichMetrics();

  std::array<std::array<prometheus::Counter*, enrich::kNumLangSources>, enrich::kNumLangs>
      mentions_{};
  std::array<std::array<prometheus::Counter*, kNumLabels>, enrich::kNumLangs> labels_{};
  std::array<prometheus::Counter*, kNumIntents> intents_{};
};

}  // namespace stormwatch
