// The fast path of ParseEventJson (event_codec.h): a simdjson reader for the event schema
// as files and the push API usually write it. It accepts a line only when it can produce
// exactly what protobuf's JSON mapping would; anything else (unknown keys, nulls, numbers
// as strings, unusual timestamps, errors) returns nullopt and the caller falls back to
// protobuf, so results and error messages stay the same. Parsing JSON through protobuf
// costs ~9 us a line and limited `replay` and `publish`. Uses simdjson's DOM parser.
#pragma once

#include <optional>
#include <string_view>

#include "stormwatch/v1/event.pb.h"

namespace stormwatch {

// Thread-safe (one simdjson parser per thread). Does not validate required fields.
std::optional<v1::Event> TryParseEventJsonFast(std::string_view line);

// RFC 3339 "YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)" to epoch milliseconds
// (nanoseconds kept in *nanos); nullopt for anything else.
bool ParseRfc3339(std::string_view text, int64_t* seconds, int32_t* nanos);

}  // namespace stormwatch
