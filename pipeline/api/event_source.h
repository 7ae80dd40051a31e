// A finite or endless stream of events: a JSONL file for replay and publish, a poller
// or webhook queue in ingest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "stormwatch/v1/event.pb.h"

namespace stormwatch {

// One item read from a source: either an event or the reason the input was rejected.
struct SourceItem {
  int64_t position = 0;  // line number, offset or sequence, for error messages
  std::optional<v1::Event> event;
  std::string error;     // set when `event` is empty
  std::string raw;       // the rejected input, for the dead-letter topic
};

// Not thread-safe.
class EventSource {
 public:
  virtual ~EventSource() = default;
  // Next item, or nullopt at the end of a finite source.
  virtual std::optional<SourceItem> Next() = 0;
};

}  // namespace stormwatch
