// X API v2 pollers; see x_api.h.
#include "pipeline/ingest/x/x_api.h"

#include <httplib.h>

#include <unordered_map>

#include "pipeline/core/logging.h"
#include "pipeline/core/strings.h"
#include "pipeline/ingest/common/http_fetch.h"
#include "pipeline/ingest/common/ingest_metrics.h"
#include "pipeline/ingest/common/json_fields.h"
#include "pipeline/ingest/common/secret.h"
#include "pipeline/ingest/common/token_poller_parts.h"

namespace stormwatch {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

constexpr char kFields[] =
    "tweet.fields=created_at,lang,author_id,public_metrics,conversation_id,referenced_tweets"
    "&expansions=author_id&user.fields=public_metrics";

absl::Status FieldError(const std::string& path, std::string_view expected) {
  return absl::InvalidArgumentError(StrCat(path, ": expected ", expected));
}

std::unordered_map<std::string, uint32_t> Followers(const json& root) {
  std::unordered_map<std::string, uint32_t> out;
  auto includes = root.find("includes");
  if (includes == root.end() || !includes->is_object()) return out;
  auto users = includes->find("users");
  if (users == includes->end() || !users->is_array()) return out;
  for (const json& user : *users) {
    auto metrics = user.find("public_metrics");
    if (metrics != user.end() && metrics->is_object()) {
      out[JsonString(user, "id")] =
          static_cast<uint32_t>(std::clamp<int64_t>(JsonInt(*metrics, "followers_count"), 0, UINT32_MAX));
    }
  }
  return out;
}

absl::Status ReadPost(const json& post, const std::string& path, const std::string& brand,
                      const std::unordered_map<std::string, uint32_t>& followers,
                      std::vector<v1::Event>& out) {
  if (!post.is_object()) return FieldError(path, "an object");
  v1::Event event;
  v1::Mention& m = *event.mutable_mention();
  m.set_id(JsonString(post, "id"));
  if (m.id().empty()) return FieldError(path + ".id", "the post id");
  m.set_source("x");
  m.set_brand(brand);
  m.set_text(JsonString(post, "text"));
  m.set_lang(JsonString(post, "lang") == "und" ? "" : JsonString(post, "lang"));
  m.set_author_id(JsonString(post, "author_id"));
  m.set_thread_id(JsonString(post, "conversation_id"));
  m.set_channel("post");
  auto refs = post.find("referenced_tweets");
  if (refs != post.end() && refs->is_array()) {
    for (const json& ref : *refs) {
      if (JsonString(ref, "type") == "replied_to") {
        m.set_channel("reply");
        m.set_in_reply_to(JsonString(ref, "id"));
      }
    }
  }
  auto metrics = post.find("public_metrics");
  if (metrics != post.end() && metrics->is_object()) {
    const auto clamp = [](int64_t v) { return static_cast<uint32_t>(std::clamp<int64_t>(v, 0, UINT32_MAX)); };
    m.set_shares(clamp(JsonInt(*metrics, "retweet_count") + JsonInt(*metrics, "quote_count")));
    m.set_likes(clamp(JsonInt(*metrics, "like_count")));
  }
  auto f = followers.find(m.author_id());
  if (f != followers.end()) m.set_author_followers(f->second);
  auto created = post.find("created_at");
  std::optional<google::protobuf::Timestamp> ts;
  if (created != post.end()) ts = ParseFlexibleTimestamp(*created);
  if (!ts) return FieldError(path + ".created_at", "an RFC 3339 timestamp");
  *m.mutable_created_at() = *ts;
  out.push_back(std::move(event));
  return absl::OkStatus();
}

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The wait until x-rate-limit-reset (Unix seconds), at least 1 s, at most 15 min.
milliseconds UntilReset(const httplib::Response& res) {
  const int64_t reset = JsonInt(json::object({{"v", res.get_header_value("x-rate-limit-reset")}}), "v", 0);
  const int64_t wait = reset > 0 ? reset - NowSeconds() : 60;
  return milliseconds(std::clamp<int64_t>(wait, 1, 900) * 1000);
}

}  // namespace

absl::StatusOr<XSearchPage> ParseXSearchPage(std::string_view body, const std::string& brand) {
  std::string error;
  std::optional<json> root = ParseJson(body, &error);
  if (!root) return absl::InvalidArgumentError(StrCat("body: ", error));
  if (!root->is_object()) return FieldError("body", "a JSON object");
  XSearchPage page;
  auto meta = root->find("meta");
  if (meta != root->end() && meta->is_object()) {
    page.newest_id = JsonString(*meta, "newest_id");
    page.next_token = JsonString(*meta, "next_token");
  }
  auto data = root->find("data");
  if (data == root->end()) return page;  // no results
  if (!data->is_array()) return FieldError("data", "an array");
  const auto followers = Followers(*root);
  for (size_t i = 0; i < data->size(); ++i) {
    if (absl::Status s = ReadPost((*data)[i], StrCat("data[", static_cast<int64_t>(i), "]"),
                                  brand, followers, page.mentions);
        !s.ok()) {
      return s;
    }
  }
  return page;
}

absl::StatusOr<std::vector<v1::Event>> ParseXStreamLine(std::string_view line,
                                                        const std::string& brand) {
  std::vector<v1::Event> out;
  if (line.find_first_not_of(" \r\n\t") == std::string_view::npos) return out;  // keep-alive
  std::string error;
  std::optional<json> root = ParseJson(line, &error);
  if (!root) return absl::InvalidArgumentError(StrCat("line: ", error));
  if (!root->is_object()) return FieldError("line", "a JSON object");
  auto data = root->find("data");
  if (data == root->end()) return out;  // errors / operational messages
  if (absl::Status s = ReadPost(*data, "data", brand, Followers(*root), out); !s.ok()) return s;
  return out;
}

// --- recent search ---

absl::StatusOr<std::unique_ptr<Poller>> XRecentSearchPoller::Create(
    const IngestPollerConfig& config, const std::string& state_dir) {
  const std::string field = StrCat("ingest.pollers.", config.name);
  if (config.params.find("query") == config.params.end()) {
    return absl::InvalidArgumentError(StrCat(field, ".params.query: expected a search query"));
  }
  absl::StatusOr<TokenPollerParts> parts =
      PrepareTokenPoller(config, state_dir, "https://api.x.com");
  if (!parts.ok()) return parts.status();
  std::unique_ptr<XRecentSearchPoller> poller(new XRecentSearchPoller(
      std::move(parts->config), std::move(parts->token), std::move(parts->cursor_path)));
  poller->client_ = std::move(parts->client);
  return poller;
}

XRecentSearchPoller::XRecentSearchPoller(IngestPollerConfig config, std::string token,
                                         std::string cursor_path)
    : config_(std::move(config)), token_(std::move(token)), cursor_(std::move(cursor_path)) {}

XRecentSearchPoller::~XRecentSearchPoller() = default;

milliseconds XRecentSearchPoller::PollOnce(BatchSink& out) {
  IngestMetrics& metrics = IngestMetrics::Get();
  const auto param = [&](const char* key, const char* fallback) {
    auto it = config_.params.find(key);
    return it == config_.params.end() ? std::string(fallback) : it->second;
  };
  const std::string since_id = cursor_.Get("since_id");
  const int max_pages = static_cast<int>(
      JsonInt(json::object({{"v", param("max_pages", "10")}}), "v", 10));
  std::string newest;
  std::string next_token;
  milliseconds next_delay(config_.interval_ms);
  for (int page_index = 0; page_index < max_pages; ++page_index) {
    std::string path = StrCat("/2/tweets/search/recent?query=",
                              httplib::detail::encode_query_param(param("query", "")),
                              "&max_results=", param("max_results", "100"), "&", kFields);
    if (!since_id.empty()) path += StrCat("&since_id=", since_id);
    if (!next_token.empty()) path += StrCat("&next_token=", httplib::detail::encode_query_param(next_token));
    httplib::Result res = client_->Get(path, {{"Authorization", "Bearer " + token_}});
    const int status = res ? res->status : 0;
    metrics.PollerRequest(config_.name, PollOutcome(status));
    if (status == 429) return UntilReset(*res);  // cursor unchanged; dedup absorbs re-reads
    if (status < 200 || status >= 300) {
      LogWarning("poller ", config_.name, ": ", FetchFailure(res).message());
      return Backoff(++failures_, milliseconds(1000), milliseconds(300'000));
    }
    absl::StatusOr<XSearchPage> page = ParseXSearchPage(res->body, config_.brand);
    if (!page.ok()) {
      LogWarning("poller ", config_.name, ": ", page.status().message());
      metrics.PollerRequest(config_.name, "bad_response");
      return Backoff(++failures_, milliseconds(1000), milliseconds(300'000));
    }
    if (page_index == 0) newest = page->newest_id;
    metrics.PollerEvents(config_.name, static_cast<int64_t>(page->mentions.size()));
    if (!page->mentions.empty()) {
      BatchOutcome outcome = out.Publish(config_.name, std::move(page->mentions));
      if (!outcome.status.ok()) {
        LogWarning("poller ", config_.name, ": ", outcome.status.message());
        return Backoff(++failures_, milliseconds(1000), milliseconds(60'000));
      }
    }
    next_token = page->next_token;
    if (res->get_header_value("x-rate-limit-remaining") == "0") {
      next_delay = std::max(next_delay, UntilReset(*res));
      if (!next_token.empty()) break;  // finish the pages after the reset (dedup absorbs)
    }
    if (next_token.empty()) break;
  }
  failures_ = 0;
  if (!newest.empty() && next_token.empty()) {
    cursor_.Set("since_id", newest);
    if (absl::Status s = cursor_.Save(); !s.ok()) LogWarning("poller ", config_.name, ": ", s.message());
  }
  return next_delay;
}

// --- filtered stream ---

absl::StatusOr<std::unique_ptr<Poller>> XFilteredStreamPoller::Create(
    const IngestPollerConfig& config) {
  auto it = config.params.find("keepalive_timeout_seconds");
  const int keepalive = static_cast<int>(
      it == config.params.end() ? 30 : JsonInt(json::object({{"v", it->second}}), "v", 30));
  absl::StatusOr<TokenPollerParts> parts =
      PrepareTokenPoller(config, "", "https://api.x.com", std::max(1, keepalive));
  if (!parts.ok()) return parts.status();
  std::unique_ptr<XFilteredStreamPoller> poller(
      new XFilteredStreamPoller(std::move(parts->config), std::move(parts->token)));
  poller->client_ = std::move(parts->client);
  return poller;
}

XFilteredStreamPoller::XFilteredStreamPoller(IngestPollerConfig config, std::string token)
    : config_(std::move(config)), token_(std::move(token)) {}

XFilteredStreamPoller::~XFilteredStreamPoller() = default;

void XFilteredStreamPoller::Interrupt() {
  interrupted_ = true;
  client_->stop();
}

milliseconds XFilteredStreamPoller::PollOnce(BatchSink& out) {
  IngestMetrics& metrics = IngestMetrics::Get();
  if (interrupted_) return milliseconds(0);
  std::string buffer;
  int64_t received = 0;
  bool publish_failed = false;
  httplib::Result res = client_->Get(
      StrCat("/2/tweets/search/stream?", kFields), {{"Authorization", "Bearer " + token_}},
      [&](const char* data, size_t length) {
        buffer.append(data, length);
        size_t newline;
        while ((newline = buffer.find('\n')) != std::string::npos) {
          const std::string line = buffer.substr(0, newline);
          buffer.erase(0, newline + 1);
          absl::StatusOr<std::vector<v1::Event>> events = ParseXStreamLine(line, config_.brand);
          if (!events.ok()) {
            LogWarning("poller ", config_.name, ": ", events.status().message());
            continue;
          }
          if (events->empty()) continue;
          received += static_cast<int64_t>(events->size());
          metrics.PollerEvents(config_.name, static_cast<int64_t>(events->size()));
          if (!out.Publish(config_.name, *std::move(events)).status.ok()) {
            publish_failed = true;
            return false;  // reconnect later; X replays nothing, so keep the backoff short
          }
        }
        return !interrupted_.load();
      });
  if (interrupted_) return milliseconds(0);
  const int status = res ? res->status : 0;
  metrics.PollerRequest(config_.name, status == 0 && received > 0 ? "disconnected"
                                                                  : PollOutcome(status));
  if (received > 0) failures_ = 0;  // the connection worked for a while
  if (status >= 400 || (status == 0 && received == 0)) {
    LogWarning("poller ", config_.name, ": ", FetchFailure(res).message());
  }
  if (status == 429) {
    // X: back off exponentially from one minute on 429.
    return Backoff(++failures_, milliseconds(60'000), milliseconds(900'000));
  }
  if (publish_failed) return Backoff(++failures_, milliseconds(500), milliseconds(30'000));
  // Keep-alive timeout, network error or HTTP error: reconnect with backoff.
  return Backoff(++failures_, milliseconds(status >= 400 ? 5000 : 250), milliseconds(320'000));
}

}  // namespace stormwatch
