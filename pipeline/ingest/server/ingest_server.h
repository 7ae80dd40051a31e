// The HTTP side of `stormwatch ingest`: mounts the webhook and push routes of the
// configured sources on an httplib server.
//   GET  /webhooks/<name>   Meta verification handshake (hub.mode, hub.verify_token, hub.challenge)
//   POST /webhooks/<name>   Meta (X-Hub-Signature-256) or Trustpilot (?secret= or basic auth)
//   POST /v1/mentions       push API, JSON or NDJSON, Authorization: Bearer <token>
//   POST /v1/queue-samples  push API for phone-queue samples
// Every request is authenticated before its body is parsed; 2xx only after Kafka confirmed
// the batch (BatchPublisher); 401 bad signature/token, 413 body or batch too large, 429 rate
// limit (Retry-After), 503 producer queue full or Kafka not confirming; malformed payloads
// get 400 with {"error": "..."} naming what is wrong and go to the dead-letter topic.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "pipeline/config/pipeline_config.h"
#include "pipeline/ingest/batch_publisher.h"
#include "pipeline/ingest/event_publisher.h"
#include "pipeline/ingest/server/rate_limiter.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace stormwatch {

// Thread-safe: httplib calls the handlers from its worker threads. Borrows the publishers,
// which must outlive the routes (stop the HTTP server first).
class IngestServer {
 public:
  // Resolves every source's secrets (errors name the field, never the value).
  static absl::StatusOr<std::unique_ptr<IngestServer>> Create(const IngestConfig& config,
                                                              BatchPublisher& batches,
                                                              EventPublisher& dead_letters);
  ~IngestServer();

  // Adds the routes, the body cap and a larger worker pool to `server` (before it starts).
  void AddRoutes(httplib::Server& server);

 private:
  struct Source {
    IngestSourceConfig config;
    std::string secret;
    std::string verify_token;
    std::unique_ptr<TokenBucket> limiter;
  };

  IngestServer(const IngestConfig& config, BatchPublisher& batches, EventPublisher& dead_letters)
      : config_(config), batches_(batches), dead_letters_(dead_letters) {}

  void HandleMetaVerify(const Source& source, const httplib::Request& req,
                        httplib::Response& res) const;
  void HandleWebhook(Source& source, const httplib::Request& req, httplib::Response& res);
  void HandlePush(bool mentions, const httplib::Request& req, httplib::Response& res);
  // Rate limit, UTF-8, parse (into events or an error), publish, respond.
  template <typename Parse>
  int Ingest(Source& source, const httplib::Request& req, httplib::Response& res, Parse parse);
  void Reject(const Source& source, std::string_view body, int code, const std::string& reason,
              httplib::Response& res);

  const IngestConfig config_;
  BatchPublisher& batches_;
  EventPublisher& dead_letters_;
  std::vector<std::unique_ptr<Source>> sources_;
};

}  // namespace stormwatch
