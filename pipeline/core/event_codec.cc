// JSON and binary codecs for events and alerts; see event_codec.h.
#include "pipeline/core/event_codec.h"

#include "pipeline/core/event_json_fast.h"

#include "pipeline/core/strings.h"
#include "google/protobuf/util/json_util.h"

namespace stormwatch {
namespace {

absl::Status Missing(std::string_view field) {
  return absl::InvalidArgumentError(StrCat(field, ": required field missing"));
}

// protobuf's JSON errors span lines (the text and a caret): keep the first line.
std::string FirstLine(const std::string& message) {
  return message.substr(0, message.find('\n'));
}

template <typename Message>
std::string ToJsonLine(const Message& message) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = false;
  (void)google::protobuf::util::MessageToJsonString(message, &out, options);
  return out;
}

}  // namespace

absl::Status ValidateEvent(const v1::Event& event) {
  switch (event.payload_case()) {
    case v1::Event::kMention: {
      const v1::Mention& m = event.mention();
      if (m.id().empty()) return Missing("mention.id");
      if (m.brand().empty()) return Missing("mention.brand");
      if (!m.has_created_at()) return Missing("mention.createdAt");
      return absl::OkStatus();
    }
    case v1::Event::kQueueSample: {
      const v1::QueueSample& q = event.queue_sample();
      if (q.brand().empty()) return Missing("queueSample.brand");
      if (!q.has_ts()) return Missing("queueSample.ts");
      if (q.longest_wait_seconds() < 0 || q.avg_wait_seconds() < 0) {
        return absl::InvalidArgumentError("queueSample: wait seconds must not be negative");
      }
      return absl::OkStatus();
    }
    case v1::Event::PAYLOAD_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError(
      "event: expected an object with \"mention\" or \"queueSample\"");
}

absl::StatusOr<v1::Event> ParseEventJson(std::string_view line) {
  if (std::optional<v1::Event> fast = TryParseEventJsonFast(line)) {
    if (absl::Status valid = ValidateEvent(*fast); !valid.ok()) return valid;
    return *std::move(fast);
  }
  v1::Event event;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(line.data(), line.size()), &event, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        StrCat("invalid JSON event: ", FirstLine(std::string(status.message()))));
  }
  if (absl::Status valid = ValidateEvent(event); !valid.ok()) return valid;
  return event;
}

absl::StatusOr<v1::Event> DecodeEvent(std::string_view bytes) {
  v1::Event event;
  if (!event.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::InvalidArgumentError("record value: not a binary stormwatch.v1.Event");
  }
  if (absl::Status valid = ValidateEvent(event); !valid.ok()) return valid;
  return event;
}

std::string EventToJson(const v1::Event& event) { return ToJsonLine(event); }
std::string AlertToJson(const v1::Alert& alert) { return ToJsonLine(alert); }

absl::StatusOr<v1::Alert> ParseAlertJson(std::string_view line) {
  v1::Alert alert;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(line.data(), line.size()), &alert, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        StrCat("invalid JSON alert: ", FirstLine(std::string(status.message()))));
  }
  return alert;
}

}  // namespace stormwatch
