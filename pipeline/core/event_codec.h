// Reading and writing the public schema (DESIGN.md "Event schema"): JSONL lines in
// proto3 JSON mapping for files and HTTP, binary protobuf on Kafka. Every entry point of
// events (publish, replay, ingest, operate) validates through here, so a bad event gets
// the same clear message everywhere.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "stormwatch/v1/alert.pb.h"
#include "stormwatch/v1/event.pb.h"

namespace stormwatch {

// Parses one JSON line (`{"mention": {...}}` or `{"queueSample": {...}}`); unknown fields
// are ignored. Errors name the field, e.g. "mention.createdAt: required field missing".
absl::StatusOr<v1::Event> ParseEventJson(std::string_view line);

// Checks the required fields of an already decoded event (used for Kafka records too).
absl::Status ValidateEvent(const v1::Event& event);

// Decodes a Kafka record value (binary Event) and validates it.
absl::StatusOr<v1::Event> DecodeEvent(std::string_view bytes);

// One-line proto3 JSON (camelCase names, enums as names).
std::string EventToJson(const v1::Event& event);
std::string AlertToJson(const v1::Alert& alert);
absl::StatusOr<v1::Alert> ParseAlertJson(std::string_view line);

}  // namespace stormwatch
