// Ingest metrics; see ingest_metrics.h.
#include "pipeline/ingest/common/ingest_metrics.h"

namespace stormwatch {

IngestMetrics& IngestMetrics::Get() {
  static IngestMetrics* metrics = new IngestMetrics();
  return *metrics;
}

IngestMetrics::IngestMetrics()
    : requests_(prometheus::BuildCounter()
                    .Name("stormwatch_ingest_requests_total")
                    .Help("Ingest HTTP requests by source and response code")
                    .Register(*MetricsRegistry())),
      duplicates_(prometheus::BuildCounter()
                      .Name("stormwatch_ingest_duplicates_total")
                      .Help("Events dropped because their source id was already delivered")
                      .Register(*MetricsRegistry())),
      untracked_(prometheus::BuildCounter()
                     .Name("stormwatch_ingest_untracked_total")
                     .Help("Mentions without a brand that matched no tracking rule")
                     .Register(*MetricsRegistry())),
      invalid_(prometheus::BuildCounter()
                   .Name("stormwatch_ingest_invalid_total")
                   .Help("Malformed payloads or records rejected and sent to the dead-letter topic")
                   .Register(*MetricsRegistry())),
      poller_requests_(prometheus::BuildCounter()
                           .Name("stormwatch_poller_requests_total")
                           .Help("Poller requests to upstream APIs by outcome")
                           .Register(*MetricsRegistry())),
      poller_events_(prometheus::BuildCounter()
                         .Name("stormwatch_poller_events_total")
                         .Help("Events a poller read from its upstream API")
                         .Register(*MetricsRegistry())),
      delivery_(prometheus::BuildHistogram()
                    .Name("stormwatch_ingest_delivery_seconds")
                    .Help("Time from a request's arrival to Kafka's acknowledgement of its batch")
                    .Register(*MetricsRegistry())) {}

void IngestMetrics::Request(const std::string& source, int code) {
  requests_.Add({{"source", source}, {"code", std::to_string(code)}}).Increment();
}
void IngestMetrics::Duplicates(const std::string& source, int64_t n) {
  if (n > 0) duplicates_.Add({{"source", source}}).Increment(static_cast<double>(n));
}
void IngestMetrics::Untracked(const std::string& source, int64_t n) {
  if (n > 0) untracked_.Add({{"source", source}}).Increment(static_cast<double>(n));
}
void IngestMetrics::Invalid(const std::string& source, int64_t n) {
  if (n > 0) invalid_.Add({{"source", source}}).Increment(static_cast<double>(n));
}
void IngestMetrics::PollerRequest(const std::string& poller, const std::string& outcome) {
  poller_requests_.Add({{"poller", poller}, {"outcome", outcome}}).Increment();
}
void IngestMetrics::PollerEvents(const std::string& poller, int64_t n) {
  if (n > 0) poller_events_.Add({{"poller", poller}}).Increment(static_cast<double>(n));
}
void IngestMetrics::DeliverySeconds(const std::string& source, double seconds) {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  delivery_.Add({{"source", source}}, kBuckets).Observe(seconds);
}

}  // namespace stormwatch
