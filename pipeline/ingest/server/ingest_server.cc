// Ingest HTTP routes; see ingest_server.h.
#include "pipeline/ingest/server/ingest_server.h"

#include <httplib.h>

#include "nlohmann/json.hpp"
#include "pipeline/core/logging.h"
#include "pipeline/core/strings.h"
#include "pipeline/ingest/common/ingest_metrics.h"
#include "pipeline/ingest/common/secret.h"
#include "pipeline/ingest/common/utf8.h"
#include "pipeline/ingest/meta/meta_webhook.h"
#include "pipeline/ingest/push_api/push_api_parser.h"
#include "pipeline/ingest/trustpilot/trustpilot_webhook.h"

namespace stormwatch {
namespace {

constexpr size_t kMaxDeadLetterBytes = 512 * 1024;  // below Kafka's default message.max.bytes
constexpr int kHttpWorkers = 32;  // handlers block until Kafka acknowledges their batch

std::string ErrorJson(std::string_view message) {
  return nlohmann::json{{"error", message}}.dump(-1, ' ', false,
                                                 nlohmann::json::error_handler_t::replace);
}

void SetError(httplib::Response& res, int code, std::string_view message) {
  res.status = code;
  res.set_content(ErrorJson(message), "application/json");
}

std::string Base64Decode(std::string_view in) {
  static const auto kTable = [] {
    std::array<int, 256> table{};
    table.fill(-1);
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; ++i) table[static_cast<unsigned char>(alphabet[i])] = i;
    return table;
  }();
  std::string out;
  int value = 0, bits = -8;
  for (unsigned char c : in) {
    if (c == '=') break;
    if (kTable[c] < 0) return "";
    value = (value << 6) + kTable[c];
    bits += 6;
    if (bits >= 0) {
      out.push_back(static_cast<char>((value >> bits) & 0xFF));
      bits -= 8;
    }
  }
  return out;
}

bool IsSafeChallenge(std::string_view challenge) {
  if (challenge.empty() || challenge.size() > 256) return false;
  for (char c : challenge) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      return false;
    }
  }
  return true;
}

}  // namespace

absl::StatusOr<std::unique_ptr<IngestServer>> IngestServer::Create(const IngestConfig& config,
                                                                   BatchPublisher& batches,
                                                                   EventPublisher& dead_letters) {
  std::unique_ptr<IngestServer> server(new IngestServer(config, batches, dead_letters));
  for (size_t i = 0; i < config.sources.size(); ++i) {
    const IngestSourceConfig& source_config = config.sources[i];
    const std::string path = StrCat("ingest.sources[", static_cast<int64_t>(i), "].");
    auto source = std::make_unique<Source>();
    source->config = source_config;
    absl::StatusOr<std::string> secret = ResolveSecret(source_config.secret, path + "secret");
    if (!secret.ok()) return secret.status();
    source->secret = *std::move(secret);
    if (source_config.type == "meta") {
      absl::StatusOr<std::string> token =
          ResolveSecret(source_config.verify_token, path + "verify_token");
      if (!token.ok()) return token.status();
      source->verify_token = *std::move(token);
    }
    source->limiter = std::make_unique<TokenBucket>(
        static_cast<double>(source_config.rate_limit_per_second),
        static_cast<double>(source_config.burst));
    for (const auto& other : server->sources_) {
      if (other->config.name == source_config.name) {
        return absl::InvalidArgumentError(
            StrCat(path, "name: expected a unique source name, got '", source_config.name, "'"));
      }
    }
    server->sources_.push_back(std::move(source));
  }
  return server;
}

IngestServer::~IngestServer() = default;

void IngestServer::AddRoutes(httplib::Server& server) {
  server.new_task_queue = [] { return new httplib::ThreadPool(kHttpWorkers); };
  server.set_payload_max_length(static_cast<size_t>(config_.body_limit_bytes));
  const int64_t cap = config_.body_limit_bytes;
  // httplib answers 413 itself (skipping the body) when Content-Length is above the cap.
  server.set_error_handler(httplib::Server::HandlerWithResponse(
      [cap](const httplib::Request& req, httplib::Response& res) {
    if (res.status != 413) return httplib::Server::HandlerResponse::Unhandled;
    std::string source = "push";
    if (req.path.rfind("/webhooks/", 0) == 0) source = req.path.substr(10);
    if (source.size() > 64) source = "unknown";
    IngestMetrics::Get().Request(source, 413);
    SetError(res, 413, StrCat("body: larger than the limit of ", cap, " bytes"));
    return httplib::Server::HandlerResponse::Handled;
  }));
  for (auto& source_ptr : sources_) {
    Source* source = source_ptr.get();
    if (source->config.type == "push") continue;
    const std::string path = StrCat("/webhooks/", source->config.name);
    if (source->config.type == "meta") {
      server.Get(path, [this, source](const httplib::Request& req, httplib::Response& res) {
        HandleMetaVerify(*source, req, res);
      });
    }
    server.Post(path, [this, source](const httplib::Request& req, httplib::Response& res) {
      HandleWebhook(*source, req, res);
    });
  }
  server.Post("/v1/mentions", [this](const httplib::Request& req, httplib::Response& res) {
    HandlePush(true, req, res);
  });
  server.Post("/v1/queue-samples", [this](const httplib::Request& req, httplib::Response& res) {
    HandlePush(false, req, res);
  });
}

void IngestServer::HandleMetaVerify(const Source& source, const httplib::Request& req,
                                    httplib::Response& res) const {
  const std::string mode = req.get_param_value("hub.mode");
  const std::string token = req.get_param_value("hub.verify_token");
  const std::string challenge = req.get_param_value("hub.challenge");
  int code = 200;
  if (mode != "subscribe" || !ConstantTimeEquals(token, source.verify_token)) {
    code = 403;
    SetError(res, code, "hub.verify_token: does not match");
  } else if (!IsSafeChallenge(challenge)) {
    code = 400;
    SetError(res, code, "hub.challenge: expected a short alphanumeric value");
  } else {
    res.status = 200;
    res.set_content(challenge, "text/plain");
  }
  IngestMetrics::Get().Request(source.config.name, code);
}

void IngestServer::Reject(const Source& source, std::string_view body, int code,
                          const std::string& reason, httplib::Response& res) {
  SetError(res, code, reason);
  IngestMetrics::Get().Invalid(source.config.name, 1);
  (void)dead_letters_.DeadLetter(body.substr(0, kMaxDeadLetterBytes), reason,
                                 StrCat("ingest/", source.config.name));
}

template <typename Parse>
int IngestServer::Ingest(Source& source, const httplib::Request& req, httplib::Response& res,
                         Parse parse) {
  int64_t retry_after = 0;
  if (!source.limiter->TryAcquire(&retry_after)) {
    res.set_header("Retry-After", std::to_string(retry_after));
    SetError(res, 429, StrCat("rate limit of source '", source.config.name, "' exceeded"));
    return 429;
  }
  if (static_cast<int64_t>(req.body.size()) > config_.body_limit_bytes) {
    SetError(res, 413, StrCat("body: larger than the limit of ", config_.body_limit_bytes,
                              " bytes"));
    return 413;
  }
  if (const size_t bad = FindInvalidUtf8(req.body); bad != std::string::npos) {
    Reject(source, req.body, 400,
           StrCat("body: invalid UTF-8 at byte ", static_cast<int64_t>(bad)), res);
    return 400;
  }
  absl::StatusOr<std::vector<v1::Event>> events = parse();
  if (!events.ok()) {
    const int code = absl::IsOutOfRange(events.status()) ? 413 : 400;
    if (code == 413) {
      SetError(res, code, std::string(events.status().message()));
    } else {
      Reject(source, req.body, code, std::string(events.status().message()), res);
    }
    return code;
  }
  BatchOutcome outcome = batches_.Publish(source.config.name, *std::move(events));
  if (!outcome.status.ok()) {
    const bool full = absl::IsResourceExhausted(outcome.status);
    if (full) res.set_header("Retry-After", "1");
    SetError(res, 503,
             full ? std::string("kafka producer queue is full; retry later")
                  : StrCat("not confirmed by kafka: ", outcome.status.message()));
    return 503;
  }
  res.status = 200;
  res.set_content(StrCat("{\"accepted\":", outcome.accepted, ",\"duplicates\":",
                         outcome.duplicates, ",\"untracked\":", outcome.untracked,
                         ",\"invalid\":", outcome.invalid, "}"),
                  "application/json");
  return 200;
}

void IngestServer::HandleWebhook(Source& source, const httplib::Request& req,
                                 httplib::Response& res) {
  int code = 0;
  if (source.config.type == "meta") {
    if (!VerifyMetaSignature(req.body, req.get_header_value("X-Hub-Signature-256"),
                             source.secret)) {
      code = 401;
      SetError(res, code, "X-Hub-Signature-256: missing or does not match the body");
    } else {
      code = Ingest(source, req, res, [&]() -> absl::StatusOr<std::vector<v1::Event>> {
        MetaWebhookOptions options{source.config.brands, source.config.brand,
                                   static_cast<size_t>(config_.max_batch)};
        absl::StatusOr<MetaWebhookBatch> batch = ParseMetaWebhook(req.body, options);
        if (!batch.ok()) return batch.status();
        return std::move(batch->mentions);
      });
    }
  } else {  // trustpilot
    bool authorised = false;
    if (req.has_param("secret")) {
      authorised = ConstantTimeEquals(req.get_param_value("secret"), source.secret);
    } else {
      const std::string auth = req.get_header_value("Authorization");
      if (auth.rfind("Basic ", 0) == 0) {
        const std::string decoded = Base64Decode(std::string_view(auth).substr(6));
        const size_t colon = decoded.find(':');
        const std::string password =
            colon == std::string::npos ? decoded : decoded.substr(colon + 1);
        authorised = ConstantTimeEquals(password, source.secret);
      }
    }
    if (!authorised) {
      code = 401;
      res.set_header("WWW-Authenticate", "Basic realm=\"stormwatch\"");
      SetError(res, code, "missing or wrong webhook secret (?secret= or basic auth)");
    } else {
      code = Ingest(source, req, res, [&]() -> absl::StatusOr<std::vector<v1::Event>> {
        const auto brand = source.config.brands.find(req.get_param_value("businessUnitId"));
        absl::StatusOr<TrustpilotBatch> batch = ParseTrustpilotWebhook(
            req.body, brand != source.config.brands.end() ? brand->second : source.config.brand,
            static_cast<size_t>(config_.max_batch));
        if (!batch.ok()) return batch.status();
        return std::move(batch->mentions);
      });
    }
  }
  IngestMetrics::Get().Request(source.config.name, code);
}

void IngestServer::HandlePush(bool mentions, const httplib::Request& req,
                              httplib::Response& res) {
  const std::string auth = req.get_header_value("Authorization");
  Source* source = nullptr;
  if (auth.rfind("Bearer ", 0) == 0) {
    const std::string_view token = std::string_view(auth).substr(7);
    for (auto& candidate : sources_) {
      if (candidate->config.type == "push" && ConstantTimeEquals(token, candidate->secret)) {
        source = candidate.get();
      }
    }
  }
  if (source == nullptr) {
    res.set_header("WWW-Authenticate", "Bearer");
    SetError(res, 401, "Authorization: missing or unknown bearer token");
    IngestMetrics::Get().Request("push", 401);
    return;
  }
  const int code = Ingest(*source, req, res, [&] {
    PushParseOptions options;
    options.kind = mentions ? PushKind::kMention : PushKind::kQueueSample;
    options.format = PushFormatFromContentType(req.get_header_value("Content-Type"));
    options.max_items = static_cast<size_t>(config_.max_batch);
    options.default_source = source->config.name;
    options.default_brand = source->config.brand;
    return ParsePushBody(req.body, options);
  });
  IngestMetrics::Get().Request(source->config.name, code);
}

}  // namespace stormwatch
