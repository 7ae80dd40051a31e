// The generic push API's body format: mentions (POST /v1/mentions) or queue samples
// (POST /v1/queue-samples) in the public schema's JSON (DESIGN.md "Event schema", camelCase
// names), as one JSON object, a JSON array of objects, or NDJSON (one object per line).
// Each object may also be wrapped in its envelope ({"mention": {...}}), so a JSONL event
// file can be posted as it is.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "stormwatch/v1/event.pb.h"

namespace stormwatch {

enum class PushKind { kMention, kQueueSample };
enum class PushFormat { kJson, kNdjson };

struct PushParseOptions {
  PushKind kind = PushKind::kMention;
  PushFormat format = PushFormat::kJson;
  size_t max_items = 1000;
  std::string default_source;  // for mentions without "source"
  std::string default_brand;   // for events without "brand" ("" = leave empty)
};

// All items or an error: InvalidArgument naming the item and field ("item 3: mention.createdAt:
// expected an RFC 3339 timestamp") or OutOfRange above `max_items`. Mentions without a
// brand are returned with an empty brand (tracking rules may assign one); everything else
// is validated with ValidateEvent.
absl::StatusOr<std::vector<v1::Event>> ParsePushBody(std::string_view body,
                                                     const PushParseOptions& options);

// The format from a Content-Type header (application/x-ndjson, application/jsonl -> NDJSON).
PushFormat PushFormatFromContentType(std::string_view content_type);

}  // namespace stormwatch
