// Trustpilot webhook parsing; see trustpilot_webhook.h.
#include "pipeline/ingest/trustpilot/trustpilot_webhook.h"

#include "pipeline/core/strings.h"
#include "pipeline/ingest/common/json_fields.h"

namespace stormwatch {
namespace {

absl::Status FieldError(const std::string& path, std::string_view expected) {
  return absl::InvalidArgumentError(StrCat(path, ": expected ", expected));
}

}  // namespace

absl::StatusOr<TrustpilotBatch> ParseTrustpilotWebhook(std::string_view body,
                                                       const std::string& brand,
                                                       size_t max_events) {
  std::string error;
  std::optional<nlohmann::json> root = ParseJson(body, &error);
  if (!root) return absl::InvalidArgumentError(StrCat("body: ", error));
  if (!root->is_object()) return FieldError("body", "a JSON object");
  auto events = root->find("events");
  if (events == root->end() || !events->is_array()) return FieldError("events", "an array");
  if (events->size() > max_events) {
    return absl::OutOfRangeError(
        StrCat("events: more than ", static_cast<int64_t>(max_events), " events"));
  }
  TrustpilotBatch batch;
  for (size_t i = 0; i < events->size(); ++i) {
    const nlohmann::json& event = (*events)[i];
    const std::string path = StrCat("events[", i, "]");
    if (!event.is_object()) return FieldError(path, "an object");
    const std::string name = JsonString(event, "eventName");
    if (name != "service-review-created" && name != "service-review-updated") {
      ++batch.skipped;
      continue;
    }
    auto data_it = event.find("eventData");
    if (data_it == event.end() || !data_it->is_object()) {
      return FieldError(path + ".eventData", "an object");
    }
    const nlohmann::json& data = *data_it;
    v1::Event out;
    v1::Mention& m = *out.mutable_mention();
    m.set_id(JsonString(data, "id"));
    if (m.id().empty()) return FieldError(path + ".eventData.id", "the review id");
    m.set_source("trustpilot");
    m.set_brand(brand);
    m.set_channel("review");
    const std::string title = JsonString(data, "title");
    const std::string text = JsonString(data, "text");
    m.set_text(title.empty() ? text : text.empty() ? title : StrCat(title, "\n", text));
    m.set_lang(JsonString(data, "language"));
    auto consumer = data.find("consumer");
    if (consumer != data.end() && consumer->is_object()) {
      m.set_author_id(JsonString(*consumer, "id"));
    }
    const int64_t stars = JsonInt(data, "stars", 0);
    if (stars < 0 || stars > 5) return FieldError(path + ".eventData.stars", "1 to 5");
    if (stars > 0) m.add_topics(StrCat("stars:", stars));
    auto created_it = data.find("createdAt");
    std::optional<google::protobuf::Timestamp> created;
    if (created_it != data.end()) created = ParseFlexibleTimestamp(*created_it);
    if (!created) return FieldError(path + ".eventData.createdAt", "an RFC 3339 timestamp");
    *m.mutable_created_at() = *created;
    batch.mentions.push_back(std::move(out));
  }
  return batch;
}

}  // namespace stormwatch
