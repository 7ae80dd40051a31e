// Idempotent Kafka producer (acks=all) used by publish, ingest, the operate runtime
// (alerts, dead letters) and the dispatcher. Delivery is asynchronous; an optional
// callback reports each record's outcome (ingest answers HTTP 2xx only after it).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "pipeline/kafka/client_config.h"

namespace RdKafka {
class Producer;
class DeliveryReportCb;
}  // namespace RdKafka

namespace stormwatch {

using KafkaHeaders = std::vector<std::pair<std::string, std::string>>;
// Called on librdkafka's poll thread (the caller of Poll/Flush) once per record.
using DeliveryCallback = std::function<void(const absl::Status&)>;

// Thread-safe (librdkafka's producer is).
class KafkaProducer {
 public:
  static absl::StatusOr<std::unique_ptr<KafkaProducer>> Create(const KafkaClientOptions& options);
  ~KafkaProducer();

  // Enqueues a record (timestamp 0 = now; publishers pass the event time). When the local queue is full it polls for up to
  // `queue_full_wait_ms` and then returns ResourceExhausted.
  absl::Status Produce(const std::string& topic, std::string_view key, std::string_view value,
                       const KafkaHeaders& headers = {}, DeliveryCallback on_delivery = nullptr,
                       int queue_full_wait_ms = 1000, int64_t timestamp_ms = 0);
  // Serves delivery reports.
  void Poll(int timeout_ms);
  // Waits until every queued record is delivered or failed.
  absl::Status Flush(int timeout_ms);
  // Records waiting in the local queue or in flight.
  int QueueLength() const;

  int64_t delivered() const { return delivered_.load(); }
  int64_t failed() const { return failed_.load(); }

 private:
  class ReportCallback;
  KafkaProducer() = default;
  std::unique_ptr<ReportCallback> report_cb_;
  std::unique_ptr<RdKafka::Producer> producer_;
  std::atomic<int64_t> delivered_{0};
  std::atomic<int64_t> failed_{0};
};

}  // namespace stormwatch
