// RSS/Atom poller; see rss_feed.h.
#include "pipeline/ingest/rss/rss_feed.h"

#include <httplib.h>

#include <chrono>
#include <pugixml.hpp>

#include "absl/time/time.h"
#include "pipeline/core/logging.h"
#include "pipeline/core/strings.h"
#include "pipeline/core/time_util.h"
#include "pipeline/ingest/common/http_fetch.h"
#include "pipeline/ingest/common/ingest_metrics.h"
#include "pipeline/ingest/common/json_fields.h"

namespace stormwatch {
namespace {

using std::chrono::milliseconds;

// Child element by local name (ignores namespace prefixes such as dc:creator).
pugi::xml_node Child(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_node child : node.children()) {
    std::string_view name = child.name();
    const size_t colon = name.find(':');
    if (colon != std::string_view::npos) name = name.substr(colon + 1);
    if (name == local) return child;
  }
  return {};
}

std::string Text(const pugi::xml_node& node) { return node ? node.text().as_string() : ""; }

// Drops HTML tags from descriptions (entities were decoded by the XML parser once; a second
// level, e.g. &amp;lt;, is left as text).
std::string StripTags(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  bool in_tag = false;
  for (char c : html) {
    if (c == '<') in_tag = true;
    else if (c == '>' && in_tag) in_tag = false;
    else if (!in_tag) out.push_back(c);
  }
  return out;
}

std::optional<int64_t> ParseFeedDate(std::string text) {
  if (text.empty()) return std::nullopt;
  if (auto ts = ParseTimestampText(text)) return ToMillis(*ts);  // Atom: RFC 3339
  for (const char* zone : {" GMT", " UT", " UTC", " Z"}) {
    if (text.size() > strlen(zone) && text.compare(text.size() - strlen(zone), strlen(zone), zone) == 0) {
      text.replace(text.size() - strlen(zone), strlen(zone), " +0000");
    }
  }
  absl::Time time;
  std::string error;
  for (const char* format : {"%a, %d %b %Y %H:%M:%S %z", "%d %b %Y %H:%M:%S %z",
                             "%a, %d %b %Y %H:%M %z"}) {
    if (absl::ParseTime(format, text, &time, &error)) return absl::ToUnixMillis(time);
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<std::vector<v1::Event>> ParseFeed(std::string_view body, const std::string& brand,
                                                 int64_t fallback_ms) {
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_buffer(body.data(), body.size(),
                                                  pugi::parse_default | pugi::parse_cdata);
  if (!parsed) {
    return absl::InvalidArgumentError(StrCat("feed: invalid XML at byte ",
                                             static_cast<int64_t>(parsed.offset), ": ",
                                             parsed.description()));
  }
  std::vector<v1::Event> out;
  const pugi::xml_node root = doc.document_element();
  std::string_view root_name = root.name();
  const bool atom = root_name == "feed";
  if (!atom && root_name != "rss" && root_name != "rdf:RDF") {
    return absl::InvalidArgumentError(StrCat("feed: expected <rss> or <feed>, got <", root_name, ">"));
  }
  pugi::xml_node container = atom ? root : Child(root, "channel");
  if (!container) return absl::InvalidArgumentError("feed: expected <channel>");
  for (pugi::xml_node item : (atom ? root : (root_name == "rss" ? container : root)).children()) {
    std::string_view name = item.name();
    if (name != (atom ? "entry" : "item")) continue;
    v1::Event event;
    v1::Mention& m = *event.mutable_mention();
    std::string link = Text(Child(item, "link"));
    if (atom && link.empty()) link = Child(item, "link").attribute("href").as_string();
    std::string id = Text(Child(item, atom ? "id" : "guid"));
    m.set_id(!id.empty() ? id : link);
    if (m.id().empty()) continue;  // nothing to deduplicate on
    m.set_source("rss");
    m.set_brand(brand);
    m.set_channel("post");
    m.set_thread_id(link);
    const std::string title = Text(Child(item, "title"));
    std::string summary = Text(Child(item, atom ? "summary" : "description"));
    if (summary.empty()) summary = Text(Child(item, "content"));
    summary = StripTags(summary);
    m.set_text(summary.empty() ? title : StrCat(title, "\n", summary));
    pugi::xml_node author = Child(item, atom ? "author" : "creator");
    if (!author) author = Child(item, "author");
    m.set_author_id(atom ? Text(Child(author, "name")) : Text(author));
    std::optional<int64_t> ms = ParseFeedDate(
        Text(Child(item, atom ? "published" : "pubDate")));
    if (!ms) ms = ParseFeedDate(Text(Child(item, atom ? "updated" : "date")));
    *m.mutable_created_at() = FromMillis(ms.value_or(fallback_ms));
    out.push_back(std::move(event));
  }
  return out;
}

absl::StatusOr<std::unique_ptr<Poller>> RssPoller::Create(const IngestPollerConfig& config,
                                                          const std::string& state_dir) {
  std::unique_ptr<RssPoller> poller(new RssPoller(
      config, state_dir.empty() ? "" : StrCat(state_dir, "/", config.name, ".cursor.json")));
  absl::StatusOr<std::unique_ptr<httplib::Client>> client =
      MakeHttpClient(config.base_url, StrCat("ingest.pollers.", config.name, ".base_url"));
  if (!client.ok()) return client.status();
  poller->client_ = *std::move(client);
  return poller;
}

RssPoller::RssPoller(IngestPollerConfig config, std::string cursor_path)
    : config_(std::move(config)), cursor_(std::move(cursor_path)) {}

RssPoller::~RssPoller() = default;

milliseconds RssPoller::PollOnce(BatchSink& out) {
  IngestMetrics& metrics = IngestMetrics::Get();
  auto path_it = config_.params.find("path");
  const std::string path = path_it == config_.params.end() ? "/" : path_it->second;
  httplib::Headers headers;
  if (std::string etag = cursor_.Get("etag"); !etag.empty()) {
    headers.emplace("If-None-Match", etag);
  }
  if (std::string modified = cursor_.Get("last_modified"); !modified.empty()) {
    headers.emplace("If-Modified-Since", modified);
  }
  httplib::Result res = client_->Get(path, headers);
  const int status = res ? res->status : 0;
  metrics.PollerRequest(config_.name, PollOutcome(status));
  if (status == 304) {
    failures_ = 0;
    return milliseconds(config_.interval_ms);
  }
  if (status == 429 || status == 503) {
    const int64_t retry = JsonInt(nlohmann::json::object({{"v", res->get_header_value("Retry-After")}}), "v", 0);
    if (retry > 0) return milliseconds(std::min<int64_t>(retry, 3600) * 1000);
  }
  if (status != 200) {
    LogWarning("poller ", config_.name, ": ", FetchFailure(res).message());
    return Backoff(++failures_, milliseconds(5000), milliseconds(900'000));
  }
  const int64_t now = std::chrono::duration_cast<milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  absl::StatusOr<std::vector<v1::Event>> items = ParseFeed(res->body, config_.brand, now);
  if (!items.ok()) {
    LogWarning("poller ", config_.name, ": ", items.status().message());
    metrics.PollerRequest(config_.name, "bad_response");
    return Backoff(++failures_, milliseconds(5000), milliseconds(900'000));
  }
  metrics.PollerEvents(config_.name, static_cast<int64_t>(items->size()));
  if (!items->empty()) {
    BatchOutcome outcome = out.Publish(config_.name, *std::move(items));
    if (!outcome.status.ok()) return Backoff(++failures_, milliseconds(1000), milliseconds(60'000));
  }
  failures_ = 0;
  cursor_.Set("etag", res->get_header_value("ETag"));
  cursor_.Set("last_modified", res->get_header_value("Last-Modified"));
  if (absl::Status s = cursor_.Save(); !s.ok()) LogWarning("poller ", config_.name, ": ", s.message());
  return milliseconds(config_.interval_ms);
}

}  // namespace stormwatch
