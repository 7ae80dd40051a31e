// JSON helpers; see json_fields.h.
#include "pipeline/ingest/common/json_fields.h"

#include <charconv>

#include "google/protobuf/util/time_util.h"
#include "pipeline/core/strings.h"

namespace stormwatch {
namespace {

const nlohmann::json* Field(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

google::protobuf::Timestamp FromUnix(int64_t value) {
  // Values above 10^11 are milliseconds (10^11 s is the year 5138).
  const int64_t ms = value > 100'000'000'000LL ? value : value * 1000;
  google::protobuf::Timestamp ts;
  ts.set_seconds(ms / 1000);
  ts.set_nanos(static_cast<int32_t>(ms % 1000) * 1'000'000);
  return ts;
}

}  // namespace

std::string JsonString(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json* value = Field(object, key);
  if (value == nullptr) return "";
  if (value->is_string()) return value->get<std::string>();
  if (value->is_number_integer()) return std::to_string(value->get<int64_t>());
  if (value->is_number_unsigned()) return std::to_string(value->get<uint64_t>());
  return "";
}

int64_t JsonInt(const nlohmann::json& object, std::string_view key, int64_t fallback) {
  const nlohmann::json* value = Field(object, key);
  if (value == nullptr) return fallback;
  if (value->is_number_integer() || value->is_number_unsigned()) return value->get<int64_t>();
  if (value->is_number_float()) return static_cast<int64_t>(value->get<double>());
  if (value->is_string()) {
    const std::string& s = value->get_ref<const std::string&>();
    int64_t out = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc() && end == s.data() + s.size()) return out;
  }
  return fallback;
}

std::optional<double> JsonDouble(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json* value = Field(object, key);
  if (value == nullptr || !value->is_number()) return std::nullopt;
  return value->get<double>();
}

std::optional<google::protobuf::Timestamp> ParseTimestampText(std::string_view text) {
  if (text.empty()) return std::nullopt;
  int64_t unix_value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), unix_value);
  if (ec == std::errc() && end == text.data() + text.size()) {
    if (unix_value < 0) return std::nullopt;
    return FromUnix(unix_value);
  }
  std::string normalised(text);
  // "+0000" -> "+00:00" (Meta's Graph API form).
  if (normalised.size() >= 5) {
    const size_t sign = normalised.size() - 5;
    if ((normalised[sign] == '+' || normalised[sign] == '-') &&
        normalised.find(':', sign) == std::string::npos) {
      normalised.insert(normalised.size() - 2, ":");
    }
  }
  google::protobuf::Timestamp ts;
  if (!google::protobuf::util::TimeUtil::FromString(normalised, &ts)) return std::nullopt;
  return ts;
}

std::optional<google::protobuf::Timestamp> ParseFlexibleTimestamp(const nlohmann::json& value) {
  if (value.is_number_integer() || value.is_number_unsigned()) {
    const int64_t v = value.get<int64_t>();
    if (v < 0) return std::nullopt;
    return FromUnix(v);
  }
  if (value.is_number_float()) {
    const double v = value.get<double>();
    if (!(v >= 0 && v < 1e15)) return std::nullopt;
    return FromUnix(static_cast<int64_t>(v));
  }
  if (value.is_string()) return ParseTimestampText(value.get_ref<const std::string&>());
  return std::nullopt;
}

std::optional<nlohmann::json> ParseJson(std::string_view text, std::string* error) {
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    // Bad input only: parse again with exceptions on to learn the byte of the error.
    try {
      const nlohmann::json unused = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
      *error = StrCat("invalid JSON at byte ", static_cast<int64_t>(e.byte), ": ",
                      std::string_view(e.what()).substr(
                          std::min<size_t>(std::string_view(e.what()).find(": ") + 2,
                                           std::string_view(e.what()).size())));
      return std::nullopt;
    } catch (...) {
    }
    *error = "invalid JSON";
    return std::nullopt;
  }
  return parsed;
}

}  // namespace stormwatch
