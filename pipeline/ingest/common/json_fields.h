// Small helpers the connector parsers share for reading untrusted JSON (nlohmann::json):
// typed field access that never throws, and the timestamp forms platforms use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "google/protobuf/timestamp.pb.h"
#include "nlohmann/json.hpp"

namespace stormwatch {

// The string at `key` of an object (numbers are printed: ids often arrive as either), or "".
std::string JsonString(const nlohmann::json& object, std::string_view key);
// The non-negative integer at `key` (number or numeric string), or `fallback`.
int64_t JsonInt(const nlohmann::json& object, std::string_view key, int64_t fallback = 0);
// The number at `key`, or nullopt.
std::optional<double> JsonDouble(const nlohmann::json& object, std::string_view key);

// Parses a timestamp given as Unix seconds or milliseconds (number or digit string), RFC 3339
// ("2026-11-27T18:04:00Z", "...+01:00") or Meta's "2026-11-27T18:04:00+0000".
std::optional<google::protobuf::Timestamp> ParseFlexibleTimestamp(const nlohmann::json& value);
std::optional<google::protobuf::Timestamp> ParseTimestampText(std::string_view text);

// Parses JSON without exceptions; nullopt with `*error` set (position and reason) otherwise.
std::optional<nlohmann::json> ParseJson(std::string_view text, std::string* error);

}  // namespace stormwatch
