// Ingest process; see ingest_service.h.
#include "pipeline/ingest/ingest_service.h"

#include <httplib.h>

#include "pipeline/core/logging.h"
#include "pipeline/core/strings.h"
#include "pipeline/http/http_server.h"
#include "pipeline/ingest/batch_publisher.h"
#include "pipeline/ingest/common/poller.h"
#include "pipeline/ingest/dedup/dedup_store.h"
#include "pipeline/ingest/event_publisher.h"
#include "pipeline/ingest/server/ingest_server.h"
#include "pipeline/ingest/tracking/tracking_rules.h"
#include "pipeline/kafka/producer.h"

namespace stormwatch {

void RestrictIngest(IngestPart part, IngestConfig& ingest) {
  if (part == IngestPart::kWebhooks) ingest.pollers.clear();
  if (part == IngestPart::kPollers) {
    ingest.sources.clear();
    ingest.listen.clear();
  }
}

absl::StatusOr<std::unique_ptr<IngestService>> IngestService::Create(
    const PipelineConfig& config) {
  std::unique_ptr<IngestService> service(new IngestService());
  service->config_ = config;
  const IngestConfig& ingest = config.ingest;
  absl::StatusOr<std::unique_ptr<TrackingMatcher>> matcher =
      TrackingMatcher::Compile(ingest.tracking);
  if (!matcher.ok()) return matcher.status();
  service->matcher_ = *std::move(matcher);
  absl::StatusOr<std::unique_ptr<DedupStore>> dedup =
      DedupStore::Open(ingest.dedup_dir, ingest.dedup_ttl_seconds);
  if (!dedup.ok()) return dedup.status();
  service->dedup_ = *std::move(dedup);
  KafkaClientOptions options;
  options.brokers = config.kafka.brokers;
  options.client_id = "stormwatch-ingest";
  options.embedded_broker = config.kafka.embedded;
  options.properties = config.kafka.properties;
  absl::StatusOr<std::unique_ptr<KafkaProducer>> producer = KafkaProducer::Create(options);
  if (!producer.ok()) return producer.status();
  service->producer_ = *std::move(producer);
  service->publisher_ = std::make_unique<EventPublisher>(*service->producer_, config.topics);
  service->batches_ = std::make_unique<BatchPublisher>(
      *service->publisher_, *service->dedup_,
      service->matcher_->rule_count() > 0 ? service->matcher_.get() : nullptr,
      ingest.delivery_timeout_ms);
  absl::StatusOr<std::unique_ptr<IngestServer>> server =
      IngestServer::Create(ingest, *service->batches_, *service->publisher_);
  if (!server.ok()) return server.status();
  service->server_ = *std::move(server);
  const std::string state_dir =
      !ingest.state_dir.empty() ? ingest.state_dir : config.runtime.state_dir + "/ingest";
  for (const IngestPollerConfig& poller_config : ingest.pollers) {
    absl::StatusOr<std::unique_ptr<Poller>> poller = MakePoller(poller_config, state_dir);
    if (!poller.ok()) return poller.status();
    service->pollers_.push_back(
        std::make_unique<PollerRunner>(*std::move(poller), *service->batches_));
  }
  return service;
}

IngestService::~IngestService() { Stop(); }

absl::Status IngestService::Start() {
  poll_thread_ = std::thread([this] {
    while (!stop_polling_) producer_->Poll(50);
  });
  if (!config_.ingest.listen.empty()) {
    absl::StatusOr<std::unique_ptr<HttpServer>> http = HttpServer::Start(
        config_.ingest.listen, [this] { return ready(); },
        [this](httplib::Server& server) { server_->AddRoutes(server); });
    if (!http.ok()) return http.status();
    http_ = *std::move(http);
    LogInfo("ingest listening on ", config_.ingest.listen.substr(0, config_.ingest.listen.rfind(':')),
            ":", http_->port(), " (", static_cast<int64_t>(config_.ingest.sources.size()),
            " sources, ", static_cast<int64_t>(pollers_.size()), " pollers, ",
            static_cast<int64_t>(matcher_->rule_count()), " tracking rules)");
  }
  for (auto& poller : pollers_) poller->Start();
  return absl::OkStatus();
}

void IngestService::Stop() {
  if (stopped_) return;
  stopped_ = true;
  http_.reset();  // no new requests; in-flight handlers finish first
  for (auto& poller : pollers_) poller->Stop();
  if (producer_) (void)producer_->Flush(10'000);
  stop_polling_ = true;
  if (poll_thread_.joinable()) poll_thread_.join();
  if (producer_) producer_->Poll(0);
}

int IngestService::port() const { return http_ ? http_->port() : -1; }

bool IngestService::ready() const { return producer_ != nullptr && !stopped_; }

}  // namespace stormwatch
