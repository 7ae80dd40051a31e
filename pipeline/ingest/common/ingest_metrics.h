// The ingest workers' metrics (docs/metrics.md, "ingest / publish"). Labels hold source
// and poller names from the configuration and HTTP codes, never author ids or text.
#pragma once

#include <string>

#include "pipeline/core/metrics.h"

namespace stormwatch {

// Thread-safe (prometheus-cpp families are). Handles are looked up per call: these are
// per request, not per record.
class IngestMetrics {
 public:
  static IngestMetrics& Get();

  void Request(const std::string& source, int code);
  void Duplicates(const std::string& source, int64_t n);
  void Untracked(const std::string& source, int64_t n);
  void Invalid(const std::string& source, int64_t n);
  void PollerRequest(const std::string& poller, const std::string& outcome);
  void PollerEvents(const std::string& poller, int64_t n);
  void DeliverySeconds(const std::string& source, double seconds);

 private:
  IngestMetrics();
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Counter>& duplicates_;
  prometheus::Family<prometheus::Counter>& untracked_;
  prometheus::Family<prometheus::Counter>& invalid_;
  prometheus::Family<prometheus::Counter>& poller_requests_;
  prometheus::Family<prometheus::Counter>& poller_events_;
  prometheus::Family<prometheus::Histogram>& delivery_;
};

}  // namespace stormwatch
