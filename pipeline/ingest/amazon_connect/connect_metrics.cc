// Amazon Connect queue poller and SigV4 signing; see connect_metrics.h.
#include "pipeline/ingest/amazon_connect/connect_metrics.h"

#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "absl/time/time.h"
#include "pipeline/core/strings.h"
#include "pipeline/ingest/common/http_fetch.h"
#include "pipeline/ingest/common/json_fields.h"
#include "pipeline/ingest/common/secret.h"

namespace stormwatch {
namespace {

using nlohmann::json;

std::string Hex(const unsigned char* data, size_t length) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < length; ++i) {
    out.push_back(kHex[data[i] >> 4]);
    out.push_back(kHex[data[i] & 15]);
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return Hex(digest, sizeof(digest));
}

std::string Hmac(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

}  // namespace

std::map<std::string, std::string> SignSigV4(const SigV4Request& r) {
  const std::string date = r.amz_date.substr(0, 8);
  const std::string payload_hash = Sha256Hex(r.body);
  std::map<std::string, std::string> headers = {{"content-type", "application/json"},
                                                {"host", r.host},
                                                {"x-amz-content-sha256", payload_hash},
                                                {"x-amz-date", r.amz_date}};
  if (!r.session_token.empty()) headers["x-amz-security-token"] = r.session_token;
  std::string canonical_headers, signed_headers;
  for (const auto& [name, value] : headers) {
    canonical_headers += StrCat(name, ":", value, "\n");
    signed_headers += (signed_headers.empty() ? "" : ";") + name;
  }
  const std::string canonical_request = StrCat(r.method, "\n", r.path, "\n\n", canonical_headers,
                                               "\n", signed_headers, "\n", payload_hash);
  const std::string scope = StrCat(date, "/", r.region, "/", r.service, "/aws4_request");
  const std::string string_to_sign = StrCat("AWS4-HMAC-SHA256\n", r.amz_date, "\n", scope, "\n",
                                            Sha256Hex(canonical_request));
  const std::string signing_key =
      Hmac(Hmac(Hmac(Hmac(StrCat("AWS4", r.secret_key), date), r.region), r.service),
           "aws4_request");
  const std::string signature = Hmac(signing_key, string_to_sign);
  std::map<std::string, std::string> out = {
      {"Authorization",
       StrCat("AWS4-HMAC-SHA256 Credential=", r.access_key, "/", scope,
              ", SignedHeaders=", signed_headers, ", Signature=",
              Hex(reinterpret_cast<const unsigned char*>(signature.data()), signature.size()))},
      {"X-Amz-Date", r.amz_date},
      {"X-Amz-Content-Sha256", payload_hash}};
  if (!r.session_token.empty()) out["X-Amz-Security-Token"] = r.session_token;
  return out;
}

absl::StatusOr<ConnectPage> ParseConnectCurrentMetrics(
    std::string_view body, const std::map<std::string, std::string>& queues, bool grouped,
    const std::string& ungrouped_queue_id, int64_t now_ms) {
  std::string error;
  std::optional<json> root = ParseJson(body, &error);
  if (!root) return absl::InvalidArgumentError(StrCat("body: ", error));
  if (!root->is_object()) return absl::InvalidArgumentError("body: expected a JSON object");
  ConnectPage page;
  page.next_token = JsonString(*root, "NextToken");
  auto results = root->find("MetricResults");
  if (results == root->end()) return page;
  if (!results->is_array()) return absl::InvalidArgumentError("MetricResults: expected an array");
  for (size_t i = 0; i < results->size(); ++i) {
    const json& result = (*results)[i];
    std::string queue_id;
    auto dimensions = result.find("Dimensions");
    const bool has_dimensions =
        dimensions != result.end() && dimensions->is_object() && !dimensions->empty();
    if (has_dimensions) {
      auto queue = dimensions->find("Queue");
      if (queue != dimensions->end() && queue->is_object()) queue_id = JsonString(*queue, "Id");
    } else {
      queue_id = ungrouped_queue_id;
    }
    auto brand = queues.find(queue_id);
    if (brand == queues.end()) continue;
    v1::Event event = MakeQueueSample(brand->second, queue_id, now_ms);
    v1::QueueSample& q = *event.mutable_queue_sample();
    auto collections = result.find("Collections");
    if (collections == result.end() || !collections->is_array()) continue;
    for (const json& collection : *collections) {
      auto metric = collection.find("Metric");
      if (metric == collection.end() || !metric->is_object()) continue;
      const std::string name = JsonString(*metric, "Name");
      const std::optional<double> value = JsonDouble(collection, "Value");
      if (!value) continue;
      if (*value < 0 || *value > 1e12) {
        return absl::InvalidArgumentError(StrCat("MetricResults[", static_cast<int64_t>(i),
                                                 "].Collections.", name,
                                                 ": expected a non-negative value"));
      }
      if (name == "CONTACTS_IN_QUEUE") {
        q.set_calls_waiting(static_cast<uint32_t>(std::min(*value, 1e9)));
      } else if (name == "AGENTS_AVAILABLE") {
        q.set_agents_available(static_cast<uint32_t>(std::min(*value, 1e9)));
      } else if (name == "OLDEST_CONTACT_AGE") {
        // Without groupings Connect reports this metric in milliseconds.
        q.set_longest_wait_seconds(grouped && has_dimensions ? *value : *value / 1000.0);
      }
    }
    page.samples.push_back(std::move(event));
  }
  return page;
}

absl::StatusOr<std::unique_ptr<Poller>> AmazonConnectQueuePoller::Create(
    const IngestPollerConfig& config) {
  const std::string field = StrCat("ingest.pollers.", config.name);
  absl::StatusOr<std::string> secret = ResolveSecret(config.secret, field + ".secret");
  if (!secret.ok()) return secret.status();
  if (secret->find(':') == std::string::npos) {
    return absl::InvalidArgumentError(
        StrCat(field, ".secret: expected ACCESS_KEY_ID:SECRET_ACCESS_KEY[:SESSION_TOKEN]"));
  }
  std::unique_ptr<AmazonConnectQueuePoller> poller(
      new AmazonConnectQueuePoller(config, *std::move(secret)));
  const auto param = [&](const char* key) {
    auto it = config.params.find(key);
    return it == config.params.end() ? std::string() : it->second;
  };
  poller->instance_id_ = param("instance_id");
  poller->region_ = param("region");
  poller->grouped_ = param("group_by_queue") != "false";
  poller->queues_ = ParseQueueList(param("queues"), config.brand);
  if (poller->instance_id_.empty() || poller->region_.empty() || poller->queues_.empty()) {
    return absl::InvalidArgumentError(
        StrCat(field, ".params: expected instance_id, region and queues"));
  }
  if (!poller->grouped_ && poller->queues_.size() != 1) {
    return absl::InvalidArgumentError(
        StrCat(field, ".params.queues: group_by_queue: false needs exactly one queue"));
  }
  if (absl::Status s = poller->InitClient(
          StrCat("https://connect.", poller->region_, ".amazonaws.com"));
      !s.ok()) {
    return s;
  }
  std::string host = poller->config_.base_url.substr(poller->config_.base_url.find("://") + 3);
  poller->host_ = host.substr(0, host.find('/'));
  if (poller->host_.size() > 4 && poller->host_.compare(poller->host_.size() - 4, 4, ":443") == 0) {
    poller->host_.resize(poller->host_.size() - 4);
  }
  return poller;
}

QueuePoller::Fetched AmazonConnectQueuePoller::Fetch(int64_t now_ms) {
  const auto param = [&](const char* key, const char* fallback) {
    auto it = config_.params.find(key);
    return it == config_.params.end() ? std::string(fallback) : it->second;
  };
  json queue_ids = json::array();
  for (const auto& [id, brand] : queues_) queue_ids.push_back(id);
  json request = {{"Filters", {{"Queues", queue_ids}, {"Channels", {param("channel", "VOICE")}}}},
                  {"CurrentMetrics",
                   {{{"Name", "CONTACTS_IN_QUEUE"}, {"Unit", "COUNT"}},
                    {{"Name", "AGENTS_AVAILABLE"}, {"Unit", "COUNT"}},
                    {{"Name", "OLDEST_CONTACT_AGE"}, {"Unit", "SECONDS"}}}}};
  if (grouped_) request["Groupings"] = {"QUEUE"};
  const size_t first_colon = secret_.find(':');
  const size_t second_colon = secret_.find(':', first_colon + 1);
  SigV4Request sig;
  sig.method = "POST";
  sig.host = host_;
  sig.path = StrCat("/metrics/current/", instance_id_);
  sig.region = region_;
  sig.service = "connect";
  sig.access_key = secret_.substr(0, first_colon);
  sig.secret_key = secret_.substr(first_colon + 1, second_colon == std::string::npos
                                                      ? std::string::npos
                                                      : second_colon - first_colon - 1);
  if (second_colon != std::string::npos) sig.session_token = secret_.substr(second_colon + 1);
  Fetched fetched;
  std::vector<v1::Event> samples;
  std::string next_token;
  for (int page = 0; page < 10; ++page) {
    if (!next_token.empty()) request["NextToken"] = next_token;
    sig.body = request.dump();
    sig.amz_date = absl::FormatTime("%Y%m%dT%H%M%SZ", absl::FromUnixMillis(now_ms), absl::UTCTimeZone());
    httplib::Headers headers;
    for (const auto& [name, value] : SignSigV4(sig)) headers.emplace(name, value);
    httplib::Result res = client_->Post(sig.path, headers, sig.body, "application/json");
    fetched.http_status = res ? res->status : 0;
    if (fetched.http_status == 429) fetched.retry_after = std::chrono::seconds(1);
    if (fetched.http_status != 200) {
      fetched.samples = FetchFailure(res);
      return fetched;
    }
    absl::StatusOr<ConnectPage> parsed =
        ParseConnectCurrentMetrics(res->body, queues_, grouped_, queues_.begin()->first, now_ms);
    if (!parsed.ok()) {
      fetched.samples = parsed.status();
      return fetched;
    }
    for (v1::Event& e : parsed->samples) samples.push_back(std::move(e));
    next_token = parsed->next_token;
    if (next_token.empty()) break;
  }
  fetched.samples = std::move(samples);
  return fetched;
}

}  // namespace stormwatch
