// The backtest report of `stormwatch replay --report REPORT.html`: one self-contained HTML
// page (inline SVG and CSS, no script, no network) with, per brand, mention volume against
// the expected band, negative share, phone-queue wait, and every alert as a marker with its
// evidence. It lives here, next to the operators, because it observes the same chain:
// ReportCollector::Observer() is appended as the last operator of the replayed chain (so it
// sees events after enrich), and ReportCollector::Tee() wraps the replay's AlertEmitter.
// It reads only events and alerts, never operator internals. The expected band is the
// spike detector's seasonal baseline (SeasonalCountDetector) run over the collected
// series, +/- 3 standard deviations.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "pipeline/api/alert_emitter.h"
#include "pipeline/api/operator.h"
#include "stormwatch/v1/alert.pb.h"
#include "stormwatch/v1/event.pb.h"

namespace stormwatch::report {

// One event-time minute of one brand.
struct MinuteFigures {
  uint32_t mentions = 0;
  uint32_t negative = 0;
  uint32_t contact_seeking = 0;
  double longest_wait_seconds = -1;  // -1: no queue sample in this minute
};

// Collects per-brand series and alerts during one replay. Not thread-safe (replay runs on
// one thread). Must outlive the observer operator and the tee emitter it hands out.
class ReportCollector {
 public:
  // An operator that records every event it sees; put it last in the chain.
  std::unique_ptr<Operator> Observer();
  // An emitter that records each alert and forwards it to `next` (borrowed).
  std::unique_ptr<AlertEmitter> Tee(AlertEmitter& next);

  void Record(const v1::Event& event, int64_t event_time_ms);
  void Record(const v1::Alert& alert) { alerts_.push_back(alert); }

  const std::map<std::string, std::map<int64_t, MinuteFigures>>& brands() const {
    return brands_;
  }
  const std::vector<v1::Alert>& alerts() const { return alerts_; }

 private:
  std::map<std::string, std::map<int64_t, MinuteFigures>> brands_;  // brand -> minute -> figures
  std::vector<v1::Alert> alerts_;
};

// Writes the HTML page; `title` names the input (e.g. its file name).
void WriteHtmlReport(const ReportCollector& collected, const std::string& title,
                     std::ostream& out);

}  // namespace stormwatch::report
