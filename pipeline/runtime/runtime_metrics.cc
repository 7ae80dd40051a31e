// Operate runtime metrics; see runtime_metrics.h.
#include "pipeline/runtime/runtime_metrics.h"

#include "absl/strings/ascii.h"

namespace stormwatch {
namespace {

prometheus::Family<prometheus::Counter>& ConsumedFamily() {
  return prometheus::BuildCounter()
      .Name("stormwatch_events_consumed_total")
      .Help("Records read from the input topics")
      .Register(*MetricsRegistry());
}

prometheus::Family<prometheus::Counter>& RejectedFamily() {
  return prometheus::BuildCounter()
      .Name("stormwatch_events_rejected_total")
      .Help("Malformed or late records sent to the dead-letter topic")
      .Register(*MetricsRegistry());
}

}  // namespace

RuntimeMetrics& RuntimeMetrics::Get() {
  static RuntimeMetrics* metrics = new RuntimeMetrics();
  return *metrics;
}

RuntimeMetrics::RuntimeMetrics()
    : mentions_consumed(ConsumedFamily().Add({{"topic", "mentions"}})),
      queue_samples_consumed(ConsumedFamily().Add({{"topic", "queue_samples"}})),
      rejected_malformed(RejectedFamily().Add({{"reason", "malformed"}})),
      rejected_late(RejectedFamily().Add({{"reason", "late"}})),
      dead_letters(prometheus::BuildCounter()
                       .Name("stormwatch_dead_letters_total")
                       .Help("Records written to the dead-letter topic")
                       .Register(*MetricsRegistry())
                       .Add({{"component", "operate"}})),
      assigned_partitions(prometheus::BuildGauge()
                              .Name("stormwatch_assigned_partitions")
                              .Help("Partitions (tasks) currently owned by this process")
                              .Register(*MetricsRegistry())
                              .Add({})),
      watermark_lag_seconds(prometheus::BuildGauge()
                                .Name("stormwatch_watermark_lag_seconds")
                                .Help("Wall clock minus the slowest task's watermark")
                                .Register(*MetricsRegistry())
                                .Add({})),
      consumer_lag(prometheus::BuildGauge()
                       .Name("stormwatch_consumer_lag_records")
                       .Help("High watermark minus position of the consumer")
                       .Register(*MetricsRegistry())),
      event_to_alert_latency(
          prometheus::BuildHistogram()
              .Name("stormwatch_event_to_alert_latency_seconds")
              .Help("Wall time from the triggering record's arrival to the alert's production")
              .Register(*MetricsRegistry())
              .Add({}, prometheus::Histogram::BucketBoundaries{0.001, 0.005, 0.01, 0.05, 0.1,
                                                               0.25, 0.5, 1, 2.5, 5, 10})),
      state_bytes(prometheus::BuildGauge()
                      .Name("stormwatch_state_bytes")
                      .Help("RocksDB live data, memtables and write-back buffers of all tasks")
                      .Register(*MetricsRegistry())
                      .Add({})),
      restore_progress_ratio(prometheus::BuildGauge()
                                 .Name("stormwatch_restore_progress_ratio")
                                 .Help("Share of the changelog read by the running restores "
                                       "(1 when no restore is running)")
                                 .Register(*MetricsRegistry())
                                 .Add({})),
      restoring_partitions(prometheus::BuildGauge()
                               .Name("stormwatch_restoring_partitions")
                               .Help("Owned partitions whose state is still being restored "
                                     "from the changelog (their input waits)")
                               .Register(*MetricsRegistry())
                               .Add({})),
      restore_records(prometheus::BuildCounter()
                          .Name("stormwatch_restore_records_total")
                          .Help("Changelog records read to restore task state")
                          .Register(*MetricsRegistry())
                          .Add({})),
      checkpoint_duration(
          prometheus::BuildHistogram()
              .Name("stormwatch_checkpoint_duration_seconds")
              .Help("Wall time of one checkpoint of all tasks (flush, changelog, WriteBatch)")
              .Register(*MetricsRegistry())
              .Add({}, prometheus::Histogram::BucketBoundaries{0.001, 0.005, 0.01, 0.025, 0.05,
                                                               0.1, 0.25, 0.5, 1, 2.5})),
      checkpoints(prometheus::BuildCounter()
                      .Name("stormwatch_checkpoints_total")
                      .Help("Completed checkpoints of all tasks")
                      .Register(*MetricsRegistry())
                      .Add({})),
      events_clamped(prometheus::BuildCounter()
                         .Name("stormwatch_events_clamped_total")
                         .Help("Events whose time lay too far in the future and was clamped")
                         .Register(*MetricsRegistry())
                         .Add({})),
      paused_partitions(prometheus::BuildGauge()
                            .Name("stormwatch_paused_partitions")
                            .Help("Input partitions paused by backpressure")
                            .Register(*MetricsRegistry())
                            .Add({})),
      alerts_emitted_(prometheus::BuildCounter()
                          .Name("stormwatch_alerts_emitted_total")
                          .Help("Alert updates produced to alerts.v1")
                          .Register(*MetricsRegistry())) {}

void RuntimeMetrics::CountAlert(const v1::Alert& alert) {
  alerts_emitted_
      .Add({{"kind", v1::AlertKind_Name(alert.kind())},
            {"severity", v1::Severity_Name(alert.severity())},
            {"state", v1::AlertState_Name(alert.state())}})
      .Increment();
}

}  // namespace stormwatch
