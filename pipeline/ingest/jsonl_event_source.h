// Reads a JSONL event file (DESIGN.md "Event schema"), one event per line. Bad lines come
// out as items with the line number and the reason, so callers report them and go on.
// Used by `stormwatch publish`, `replay` and `demo`.
#pragma once

#include <fstream>
#include <istream>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "pipeline/api/event_source.h"

namespace stormwatch {

// Not thread-safe. Blank lines are skipped silently; position = 1-based line number.
class JsonlEventSource final : public EventSource {
 public:
  static absl::StatusOr<std::unique_ptr<JsonlEventSource>> Open(const std::string& path);
  // Reads from a borrowed stream (stdin, an in-memory scenario).
  explicit JsonlEventSource(std::istream& in) : in_(&in) {}

  std::optional<SourceItem> Next() override;

 private:
  JsonlEventSource() = default;
  std::ifstream file_;
  std::istream* in_ = nullptr;
  int64_t line_number_ = 0;
};

}  // namespace stormwatch
