// JSONL event file reader; see jsonl_event_source.h.
#include "pipeline/ingest/jsonl_event_source.h"

#include "pipeline/core/strings.h"
#include "absl/strings/strip.h"
#include "pipeline/core/event_codec.h"

namespace stormwatch {

absl::StatusOr<std::unique_ptr<JsonlEventSource>> JsonlEventSource::Open(const std::string& path) {
  std::unique_ptr<JsonlEventSource> source(new JsonlEventSource());
  source->file_.open(path);
  if (!source->file_) {
    return absl::InvalidArgumentError(StrCat(path, ": cannot open input file"));
  }
  source->in_ = &source->file_;
  return source;
}

std::optional<SourceItem> JsonlEventSource::Next() {
  std::string line;
  while (std::getline(*in_, line)) {
    ++line_number_;
    const absl::string_view stripped = absl::StripAsciiWhitespace(line);
    const std::string_view trimmed(stripped.data(), stripped.size());
    if (trimmed.empty()) continue;
    SourceItem item;
    item.position = line_number_;
    absl::StatusOr<v1::Event> event = ParseEventJson(trimmed);
    if (event.ok()) {
      item.event = *std::move(event);
    } else {
      item.error = std::string(event.status().message());
      item.raw = std::move(line);
    }
    return item;
  }
  return std::nullopt;
}

}  // namespace stormwatch
