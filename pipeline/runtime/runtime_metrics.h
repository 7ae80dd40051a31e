// Metrics of the operate runtime (docs/metrics.md, table "operate (runtime)").
#pragma once

#include <string>

#include "pipeline/core/metrics.h"
#include "stormwatch/v1/alert.pb.h"

namespace stormwatch {

// Thread-safe; handles are cached so the hot path does no label lookup.
class RuntimeMetrics {
 public:
  static RuntimeMetrics& Get();

  prometheus::Counter& mentions_consumed;
  prometheus::Counter& queue_samples_consumed;
  prometheus::Counter& rejected_malformed;
  prometheus::Counter& rejected_late;
  prometheus::Counter& dead_letters;
  prometheus::Gauge& assigned_partitions;
  prometheus::Gauge& watermark_lag_seconds;
  prometheus::Family<prometheus::Gauge>& consumer_lag;
  prometheus::Histogram& event_to_alert_latency;
  // Stateful runtime (docs/runtime.md).
  prometheus::Gauge& state_bytes;
  prometheus::Gauge& restore_progress_ratio;
  prometheus::Gauge& restoring_partitions;
  prometheus::Counter& restore_records;
  prometheus::Histogram& checkpoint_duration;
  prometheus::Counter& checkpoints;
  prometheus::Counter& events_clamped;
  prometheus::Gauge& paused_partitions;

  void CountAlert(const v1::Alert& alert);

 private:
  RuntimeMetrics();
  prometheus::Family<prometheus::Counter>& alerts_emitted_;
};

}  // namespace stormwatch
