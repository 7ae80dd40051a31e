// The alert role (DESIGN.md "Data flow"; docs/alerting.md): reads alerts.v1 as a
// consumer group, feeds every alert to the escalation engine (IncidentTracker), and
// writes the notifications it decides on into the durable RocksDB outbox together with
// the incident state (one synced batch). Only then is the Kafka offset stored
// (at-least-once). One delivery thread per sink drains the outbox with exponential
// backoff and jitter, Retry-After, a token-bucket rate limit and a bounded in-memory
// window; a delivery older than the sink's max age goes to the dead-letter topic.
// Sinks deduplicate on the incident id, so a re-send after a crash pages nobody twice.
// It also serves the incident API (ack, resolve, silence) through InstallRoutes().
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "pipeline/api/alert_sink.h"
#include "pipeline/config/pipeline_config.h"
#include "pipeline/kafka/consumer.h"

namespace httplib {
class Server;
}

namespace stormwatch {

class IncidentTracker;
class KafkaProducer;
class OutboxStore;
struct SinkNotification;

// Run() on one thread; Stop(), ready(), alerts_dispatched() and the HTTP routes from any.
class AlertDispatcher final : private RebalanceListener {
 public:
  // `sinks`: the configured ones (sink_factory.h) plus any extra AlertSink (adapted).
  static absl::StatusOr<std::unique_ptr<AlertDispatcher>> Create(
      const PipelineConfig& config, std::vector<std::unique_ptr<AlertSink>> sinks);
  ~AlertDispatcher() override;

  absl::Status Run();
  void Stop() { stop_ = true; }
  bool ready() const { return ready_.load(); }
  // Consumed alerts whose every delivery finished (taken, rejected or dead-lettered).
  int64_t alerts_dispatched() const { return alerts_dispatched_.load(); }
  // Adds GET /api/v1/incidents and POST /api/v1/incidents/{id}/(ack|resolve|silence)
  // (bearer token alerting.api_token). The server must stop before the dispatcher dies.
  void InstallRoutes(httplib::Server& server);

 private:
  struct SinkWorker;
  struct ApiCommand;
  explicit AlertDispatcher(const PipelineConfig& config);
  void OnAssigned(std::vector<RdKafka::TopicPartition*>& partitions) override;
  void OnRevoked(const std::vector<RdKafka::TopicPartition*>& partitions, bool lost) override {}
  size_t StageAll(const std::vector<SinkNotification>& notifications, uint64_t group, int64_t now_ms);
  void RunApiCommands(int64_t now_ms, std::vector<std::shared_ptr<ApiCommand>>& done);
  void DeliveryLoop(SinkWorker& worker);
  void Finish(uint64_t group);
  bool DeadLetter(SinkWorker& worker, const struct OutboxDelivery& delivery, const std::string& why);
  void WakeAll();

  const PipelineConfig config_;
  std::string outbox_dir_;
  bool remove_outbox_dir_ = false;
  std::string api_token_;
  std::unique_ptr<OutboxStore> outbox_;
  std::unique_ptr<IncidentTracker> tracker_;
  std::vector<std::unique_ptr<SinkWorker>> workers_;
  std::unique_ptr<KafkaProducer> dead_letters_;
  std::unique_ptr<KafkaConsumer> consumer_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> ready_{false};
  std::atomic<int64_t> alerts_dispatched_{0};

  std::mutex groups_mu_;
  std::map<uint64_t, int> group_remaining_ ABSL_GUARDED_BY(groups_mu_);

  std::mutex api_mu_;
  std::deque<std::shared_ptr<ApiCommand>> api_queue_ ABSL_GUARDED_BY(api_mu_);
};

}  // namespace stormwatch
