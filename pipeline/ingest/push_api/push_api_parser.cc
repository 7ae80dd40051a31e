// Push API body parsing; see push_api_parser.h.
#include "pipeline/ingest/push_api/push_api_parser.h"

#include <limits>

#include "pipeline/core/event_codec.h"
#include "pipeline/core/strings.h"
#include "pipeline/ingest/common/json_fields.h"

namespace stormwatch {
namespace {

using nlohmann::json;

class ItemReader {
 public:
  ItemReader(std::string prefix) : prefix_(std::move(prefix)) {}

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  void Fail(std::string_view field, std::string_view expected) {
    if (error_.empty()) error_ = StrCat(prefix_, field, ": expected ", expected);
  }

  void String(const json& value, std::string_view field, std::string* out) {
    if (value.is_string()) {
      *out = value.get<std::string>();
    } else if (!value.is_null()) {
      Fail(field, "a string");
    }
  }
  template <typename T>
  void Unsigned(const json& value, std::string_view field, T* out) {
    if (value.is_number_unsigned() ||
        (value.is_number_integer() && value.get<int64_t>() >= 0)) {
      const uint64_t v = value.get<uint64_t>();
      if (v <= std::numeric_limits<T>::max()) {
        *out = static_cast<T>(v);
        return;
      }
    } else if (value.is_string()) {  // proto3 JSON allows quoted integers
      const int64_t v = JsonInt(json::object({{"v", value}}), "v", -1);
      if (v >= 0 && static_cast<uint64_t>(v) <= std::numeric_limits<T>::max()) {
        *out = static_cast<T>(v);
        return;
      }
    } else if (value.is_null()) {
      return;
    }
    Fail(field, "a non-negative integer");
  }
  void Double(const json& value, std::string_view field, double* out) {
    if (value.is_number()) {
      *out = value.get<double>();
    } else if (!value.is_null()) {
      Fail(field, "a number");
    }
  }
  void Bool(const json& value, std::string_view field, bool* out) {
    if (value.is_boolean()) {
      *out = value.get<bool>();
    } else if (!value.is_null()) {
      Fail(field, "true or false");
    }
  }
  void Time(const json& value, std::string_view field, google::protobuf::Timestamp* out) {
    if (value.is_null()) return;
    std::optional<google::protobuf::Timestamp> ts;
    if (value.is_string()) ts = ParseTimestampText(value.get_ref<const std::string&>());
    if (!ts) return Fail(field, "an RFC 3339 timestamp");
    *out = *ts;
  }

 private:
  std::string prefix_;
  std::string error_;
};

void ReadMention(const json& object, ItemReader& r, v1::Mention& m) {
  for (auto it = object.begin(); it != object.end() && r.ok(); ++it) {
    const std::string& key = it.key();
    const json& v = it.value();
    if (key == "id") r.String(v, "mention.id", m.mutable_id());
    else if (key == "source") r.String(v, "mention.source", m.mutable_source());
    else if (key == "brand") r.String(v, "mention.brand", m.mutable_brand());
    else if (key == "channel") r.String(v, "mention.channel", m.mutable_channel());
    else if (key == "authorId" || key == "author_id") r.String(v, "mention.authorId", m.mutable_author_id());
    else if (key == "text") r.String(v, "mention.text", m.mutable_text());
    else if (key == "lang") r.String(v, "mention.lang", m.mutable_lang());
    else if (key == "inReplyTo" || key == "in_reply_to") r.String(v, "mention.inReplyTo", m.mutable_in_reply_to());
    else if (key == "threadId" || key == "thread_id") r.String(v, "mention.threadId", m.mutable_thread_id());
    else if (key == "createdAt" || key == "created_at") r.Time(v, "mention.createdAt", m.mutable_created_at());
    else if (key == "authorFollowers" || key == "author_followers") {
      uint32_t n = 0;
      r.Unsigned(v, "mention.authorFollowers", &n);
      m.set_author_followers(n);
    } else if (key == "shares") {
      uint32_t n = 0;
      r.Unsigned(v, "mention.shares", &n);
      m.set_shares(n);
    } else if (key == "likes") {
      uint32_t n = 0;
      r.Unsigned(v, "mention.likes", &n);
      m.set_likes(n);
    } else if (key == "fromBrand" || key == "from_brand") {
      bool b = false;
      r.Bool(v, "mention.fromBrand", &b);
      m.set_from_brand(b);
    } else if (key == "topics") {
      if (!v.is_array()) return r.Fail("mention.topics", "a list of strings");
      for (const json& topic : v) {
        if (!topic.is_string()) return r.Fail("mention.topics", "a list of strings");
        m.add_topics(topic.get<std::string>());
      }
    }
  }
}

void ReadQueueSample(const json& object, ItemReader& r, v1::QueueSample& q) {
  for (auto it = object.begin(); it != object.end() && r.ok(); ++it) {
    const std::string& key = it.key();
    const json& v = it.value();
    uint32_t n = 0;
    double d = 0;
    if (key == "brand") r.String(v, "queueSample.brand", q.mutable_brand());
    else if (key == "queueId" || key == "queue_id") r.String(v, "queueSample.queueId", q.mutable_queue_id());
    else if (key == "ts") r.Time(v, "queueSample.ts", q.mutable_ts());
    else if (key == "callsWaiting" || key == "calls_waiting") { r.Unsigned(v, "queueSample.callsWaiting", &n); q.set_calls_waiting(n); }
    else if (key == "offered") { r.Unsigned(v, "queueSample.offered", &n); q.set_offered(n); }
    else if (key == "abandoned") { r.Unsigned(v, "queueSample.abandoned", &n); q.set_abandoned(n); }
    else if (key == "agentsAvailable" || key == "agents_available") { r.Unsigned(v, "queueSample.agentsAvailable", &n); q.set_agents_available(n); }
    else if (key == "longestWaitSeconds" || key == "longest_wait_seconds") { r.Double(v, "queueSample.longestWaitSeconds", &d); q.set_longest_wait_seconds(d); }
    else if (key == "avgWaitSeconds" || key == "avg_wait_seconds") { r.Double(v, "queueSample.avgWaitSeconds", &d); q.set_avg_wait_seconds(d); }
  }
}

absl::Status ReadItem(const json& item, size_t index, const PushParseOptions& options,
                      std::vector<v1::Event>& out) {
  const bool mention = options.kind == PushKind::kMention;
  ItemReader r(StrCat("item ", static_cast<int64_t>(index), ": "));
  if (!item.is_object()) {
    r.Fail(mention ? "mention" : "queueSample", "a JSON object");
    return absl::InvalidArgumentError(r.error());
  }
  const char* envelope = mention ? "mention" : "queueSample";
  auto wrapped = item.find(envelope);
  const json& object = wrapped != item.end() && wrapped->is_object() ? *wrapped : item;
  v1::Event event;
  if (mention) {
    v1::Mention& m = *event.mutable_mention();
    ReadMention(object, r, m);
    if (r.ok() && m.source().empty()) m.set_source(options.default_source);
    if (r.ok() && m.brand().empty()) m.set_brand(options.default_brand);
    if (r.ok() && m.id().empty()) r.Fail("mention.id", "a non-empty id");
    if (r.ok() && !m.has_created_at()) r.Fail("mention.createdAt", "an RFC 3339 timestamp");
  } else {
    v1::QueueSample& q = *event.mutable_queue_sample();
    ReadQueueSample(object, r, q);
    if (r.ok() && q.brand().empty()) q.set_brand(options.default_brand);
    if (r.ok()) {
      if (absl::Status valid = ValidateEvent(event); !valid.ok()) {
        return absl::InvalidArgumentError(
            StrCat("item ", static_cast<int64_t>(index), ": ", valid.message()));
      }
    }
  }
  if (!r.ok()) return absl::InvalidArgumentError(r.error());
  out.push_back(std::move(event));
  return absl::OkStatus();
}

absl::Status TooMany(size_t max_items) {
  return absl::OutOfRangeError(
      StrCat("body: more than ", static_cast<int64_t>(max_items), " items in one request"));
}

}  // namespace

PushFormat PushFormatFromContentType(std::string_view content_type) {
  if (content_type.find("ndjson") != std::string_view::npos ||
      content_type.find("jsonl") != std::string_view::npos ||
      content_type.find("json-seq") != std::string_view::npos) {
    return PushFormat::kNdjson;
  }
  return PushFormat::kJson;
}

absl::StatusOr<std::vector<v1::Event>> ParsePushBody(std::string_view body,
                                                     const PushParseOptions& options) {
  std::vector<v1::Event> events;
  std::string error;
  if (options.format == PushFormat::kNdjson) {
    size_t index = 0;
    size_t start = 0;
    while (start < body.size()) {
      size_t end = body.find('\n', start);
      if (end == std::string_view::npos) end = body.size();
      std::string_view line = body.substr(start, end - start);
      start = end + 1;
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
        line.remove_suffix(1);
      }
      if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
      ++index;
      if (events.size() >= options.max_items) return TooMany(options.max_items);
      std::optional<json> item = ParseJson(line, &error);
      if (!item) {
        return absl::InvalidArgumentError(
            StrCat("item ", static_cast<int64_t>(index), ": ", error));
      }
      if (absl::Status s = ReadItem(*item, index, options, events); !s.ok()) return s;
    }
  } else {
    std::optional<json> root = ParseJson(body, &error);
    if (!root) return absl::InvalidArgumentError(StrCat("body: ", error));
    if (root->is_array()) {
      if (root->size() > options.max_items) return TooMany(options.max_items);
      for (size_t i = 0; i < root->size(); ++i) {
        if (absl::Status s = ReadItem((*root)[i], i + 1, options, events); !s.ok()) return s;
      }
    } else {
      if (absl::Status s = ReadItem(*root, 1, options, events); !s.ok()) return s;
    }
  }
  if (events.empty()) return absl::InvalidArgumentError("body: no items");
  return events;
}

}  // namespace stormwatch
