// `stormwatch ingest`: everything one ingest process runs. Owns the Kafka producer (and
// the thread serving its delivery reports), the dedup store, the tracking rules, the
// webhook/push HTTP server on ingest.listen and one thread per poller.
#pragma once

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "pipeline/config/pipeline_config.h"

namespace stormwatch {

class KafkaProducer;
class EventPublisher;
class DedupStore;
class TrackingMatcher;
class BatchPublisher;
class IngestServer;
class HttpServer;
class PollerRunner;

// Which part of the ingest section one process runs. On Kubernetes the webhooks scale out
// (a Deployment under an HPA) while the pollers must run once (one replica, a volume for
// their cursors): both read the same config, each with its own part.
enum class IngestPart { kAll, kWebhooks, kPollers };

// `ingest` reduced to `part`: the webhooks keep the sources and the listen address and
// drop the pollers; the pollers drop the sources and the listen address.
void RestrictIngest(IngestPart part, IngestConfig& ingest);

// Not thread-safe (one owner); Stop() may be called once from any thread.
class IngestService {
 public:
  // Validates and builds everything (bad rules, unreadable secrets: InvalidArgument).
  // `config.kafka.brokers` must be set.
  static absl::StatusOr<std::unique_ptr<IngestService>> Create(const PipelineConfig& config);
  ~IngestService();

  // Binds ingest.listen and starts the pollers; returns at once.
  absl::Status Start();
  // Stops accepting, stops the pollers, flushes the producer.
  void Stop();

  int port() const;
  bool ready() const;

 private:
  IngestService() = default;
  PipelineConfig config_;
  std::unique_ptr<DedupStore> dedup_;
  std::unique_ptr<KafkaProducer> producer_;
  std::unique_ptr<EventPublisher> publisher_;
  std::unique_ptr<TrackingMatcher> matcher_;
  std::unique_ptr<BatchPublisher> batches_;
  std::unique_ptr<IngestServer> server_;
  std::unique_ptr<HttpServer> http_;
  std::vector<std::unique_ptr<PollerRunner>> pollers_;
  std::thread poll_thread_;
  std::atomic<bool> stop_polling_{false};
  bool stopped_ = false;
};

}  // namespace stormwatch
