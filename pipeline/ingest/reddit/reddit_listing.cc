// Reddit poller; see reddit_listing.h.
#include "pipeline/ingest/reddit/reddit_listing.h"

#include <httplib.h>

#include "pipeline/core/logging.h"
#include "pipeline/core/strings.h"
#include "pipeline/core/time_util.h"
#include "pipeline/ingest/common/http_fetch.h"
#include "pipeline/ingest/common/ingest_metrics.h"
#include "pipeline/ingest/common/json_fields.h"
#include "pipeline/ingest/common/secret.h"
#include "pipeline/ingest/common/token_poller_parts.h"

namespace stormwatch {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

absl::Status FieldError(const std::string& path, std::string_view expected) {
  return absl::InvalidArgumentError(StrCat(path, ": expected ", expected));
}

std::string Param(const IngestPollerConfig& config, const char* key, const char* fallback) {
  auto it = config.params.find(key);
  return it == config.params.end() ? fallback : it->second;
}

}  // namespace

absl::StatusOr<RedditPage> ParseRedditListing(std::string_view body, const std::string& brand) {
  std::string error;
  std::optional<json> root = ParseJson(body, &error);
  if (!root) return absl::InvalidArgumentError(StrCat("body: ", error));
  if (!root->is_object() || JsonString(*root, "kind") != "Listing") {
    return FieldError("kind", "\"Listing\"");
  }
  auto data = root->find("data");
  if (data == root->end() || !data->is_object()) return FieldError("data", "an object");
  RedditPage page;
  page.after = JsonString(*data, "after");
  auto children = data->find("children");
  if (children == data->end() || !children->is_array()) {
    return FieldError("data.children", "an array");
  }
  for (size_t i = 0; i < children->size(); ++i) {
    const json& child = (*children)[i];
    const std::string path = StrCat("data.children[", static_cast<int64_t>(i), "]");
    const std::string kind = JsonString(child, "kind");
    if (kind != "t3" && kind != "t1") continue;  // "more" stubs, other things
    auto item_it = child.find("data");
    if (item_it == child.end() || !item_it->is_object()) return FieldError(path + ".data", "an object");
    const json& item = *item_it;
    v1::Event event;
    v1::Mention& m = *event.mutable_mention();
    m.set_id(JsonString(item, "name"));
    if (m.id().empty()) m.set_id(StrCat(kind, "_", JsonString(item, "id")));
    if (m.id().size() <= 3) return FieldError(path + ".data.name", "the fullname (t3_...)");
    m.set_source("reddit");
    m.set_brand(brand);
    const std::string author = JsonString(item, "author");
    m.set_author_id(author == "[deleted]" ? "" : author);
    const int64_t score = JsonInt(item, "score", 0);
    m.set_likes(static_cast<uint32_t>(std::clamp<int64_t>(score, 0, UINT32_MAX)));
    if (kind == "t3") {
      m.set_channel("post");
      m.set_thread_id(m.id());
      const std::string title = JsonString(item, "title");
      const std::string text = JsonString(item, "selftext");
      m.set_text(text.empty() ? title : StrCat(title, "\n", text));
    } else {
      const std::string parent = JsonString(item, "parent_id");
      m.set_channel(parent.rfind("t1_", 0) == 0 ? "reply" : "comment");
      m.set_in_reply_to(parent);
      m.set_thread_id(JsonString(item, "link_id"));
      m.set_text(JsonString(item, "body"));
    }
    std::optional<double> created = JsonDouble(item, "created_utc");
    if (!created || *created < 0 || *created > 1e11) {
      return FieldError(path + ".data.created_utc", "Unix seconds");
    }
    const int64_t ms = static_cast<int64_t>(*created * 1000);
    *m.mutable_created_at() = FromMillis(ms);
    page.newest_created_ms = std::max(page.newest_created_ms, ms);
    page.oldest_created_ms = page.oldest_created_ms == 0 ? ms : std::min(page.oldest_created_ms, ms);
    page.mentions.push_back(std::move(event));
  }
  return page;
}

absl::StatusOr<std::unique_ptr<Poller>> RedditPoller::Create(const IngestPollerConfig& config,
                                                             const std::string& state_dir) {
  absl::StatusOr<TokenPollerParts> parts =
      PrepareTokenPoller(config, state_dir, "https://oauth.reddit.com");
  if (!parts.ok()) return parts.status();
  std::unique_ptr<RedditPoller> poller(new RedditPoller(
      std::move(parts->config), std::move(parts->token), std::move(parts->cursor_path)));
  poller->client_ = std::move(parts->client);
  return poller;
}

RedditPoller::RedditPoller(IngestPollerConfig config, std::string token, std::string cursor_path)
    : config_(std::move(config)), token_(std::move(token)), cursor_(std::move(cursor_path)) {}

RedditPoller::~RedditPoller() = default;

milliseconds RedditPoller::PollOnce(BatchSink& out) {
  IngestMetrics& metrics = IngestMetrics::Get();
  const int64_t since_ms =
      JsonInt(json::object({{"v", cursor_.Get("newest_created_ms")}}), "v", 0);
  const std::string query = Param(config_, "query", "");
  const std::string base_path =
      query.empty() ? StrCat(Param(config_, "path", "/r/all/new"), "?limit=100&raw_json=1")
                    : StrCat("/search?sort=new&limit=100&raw_json=1&q=",
                             httplib::detail::encode_query_param(query));
  const int max_pages =
      static_cast<int>(JsonInt(json::object({{"v", Param(config_, "max_pages", "5")}}), "v", 5));
  const httplib::Headers headers = {
      {"Authorization", "Bearer " + token_},
      {"User-Agent", Param(config_, "user_agent", "linux:stormwatch:0.1 (ingest poller)")}};
  std::string after;
  int64_t newest = since_ms;
  milliseconds next_delay(config_.interval_ms);
  for (int page_index = 0; page_index < max_pages; ++page_index) {
    httplib::Result res =
        client_->Get(after.empty() ? base_path : StrCat(base_path, "&after=", after), headers);
    const int status = res ? res->status : 0;
    metrics.PollerRequest(config_.name, PollOutcome(status));
    const auto reset_delay = [&res] {
      const double reset = std::atof(res->get_header_value("X-Ratelimit-Reset").c_str());
      return milliseconds(static_cast<int64_t>(std::clamp(reset, 1.0, 600.0) * 1000));
    };
    if (status == 429) return reset_delay();
    if (status != 200) {
      LogWarning("poller ", config_.name, ": ", FetchFailure(res).message());
      return Backoff(++failures_, milliseconds(2000), milliseconds(600'000));
    }
    absl::StatusOr<RedditPage> page = ParseRedditListing(res->body, config_.brand);
    if (!page.ok()) {
      LogWarning("poller ", config_.name, ": ", page.status().message());
      metrics.PollerRequest(config_.name, "bad_response");
      return Backoff(++failures_, milliseconds(2000), milliseconds(600'000));
    }
    std::vector<v1::Event> fresh;
    for (v1::Event& event : page->mentions) {
      if (ToMillis(event.mention().created_at()) > since_ms) fresh.push_back(std::move(event));
    }
    metrics.PollerEvents(config_.name, static_cast<int64_t>(fresh.size()));
    if (!fresh.empty()) {
      BatchOutcome outcome = out.Publish(config_.name, std::move(fresh));
      if (!outcome.status.ok()) return Backoff(++failures_, milliseconds(1000), milliseconds(60'000));
    }
    newest = std::max(newest, page->newest_created_ms);
    const std::string remaining = res->get_header_value("X-Ratelimit-Remaining");
    if (!remaining.empty() && std::atof(remaining.c_str()) < 1.0) {
      next_delay = std::max(next_delay, reset_delay());
      break;
    }
    // Stop at the last page or once the page reaches what the previous round saw.
    if (page->after.empty() || page->oldest_created_ms <= since_ms) break;
    after = page->after;
  }
  failures_ = 0;
  if (newest > since_ms) {
    cursor_.Set("newest_created_ms", std::to_string(newest));
    if (absl::Status s = cursor_.Save(); !s.ok()) LogWarning("poller ", config_.name, ": ", s.message());
  }
  return next_delay;
}

}  // namespace stormwatch
