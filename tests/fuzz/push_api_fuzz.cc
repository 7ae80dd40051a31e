// Fuzzes the push API: UTF-8 check and the JSON / NDJSON parsers for both kinds.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pipeline/ingest/common/utf8.h"
#include "pipeline/ingest/push_api/push_api_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  (void)stormwatch::FindInvalidUtf8(body);
  stormwatch::PushParseOptions options;
  options.kind = (data[0] & 1) ? stormwatch::PushKind::kQueueSample : stormwatch::PushKind::kMention;
  options.format = (data[0] & 2) ? stormwatch::PushFormat::kNdjson : stormwatch::PushFormat::kJson;
  options.default_source = "fuzz";
  (void)stormwatch::ParsePushBody(body, options);
  return 0;
}
