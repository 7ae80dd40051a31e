// YAML -> ResponseSlaConfig, and office-hours arithmetic; see response_sla_config.h.
#include "operators/response_sla/response_sla_config.h"

#include "operators/common/config_fields.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "pipeline/core/strings.h"

namespace stormwatch::response_sla {
namespace {

constexpr const char* kDayNames[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

struct NumberField {
  const char* name;
  double BrandSla::*member;
  double min;
  double max;
};

constexpr NumberField kNumbers[] = {
    {"sla_minutes_office", &BrandSla::sla_minutes_office, 1, 100'000},
    {"sla_minutes_after_hours", &BrandSla::sla_minutes_after_hours, 0, 100'000},
    {"critical_breaches", &BrandSla::critical_breaches, 1, 1e9},
    {"max_pending", &BrandSla::max_pending, 1, 10'000'000},
    {"give_up_hours", &BrandSla::give_up_hours, 1, 24 * 365},
};

absl::Status Bad(std::string_view path, std::string_view expect, const YAML::Node& value) {
  return ConfigFieldError("response_sla", path, expect, value);
}

int WeekdayIndex(absl::Weekday d) {
  switch (d) {
    case absl::Weekday::monday: return 0;
    case absl::Weekday::tuesday: return 1;
    case absl::Weekday::wednesday: return 2;
    case absl::Weekday::thursday: return 3;
    case absl::Weekday::friday: return 4;
    case absl::Weekday::saturday: return 5;
    case absl::Weekday::sunday: return 6;
  }
  return 0;
}

bool ParseClock(const std::string& text, int* minutes) {
  int h = 0;
  int m = 0;
  char tail = 0;
  if (text.size() != 5 || std::sscanf(text.c_str(), "%2d:%2d%c", &h, &m, &tail) != 2) return false;
  if (h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0)) return false;
  *minutes = h * 60 + m;
  return true;
}

absl::Status ReadBrand(const YAML::Node& node, const std::string& prefix, bool top_level,
                       BrandSla& out) {
  for (const auto& entry : node) {
    const std::string key = entry.first.as<std::string>("");
    const std::string path = prefix + key;
    const YAML::Node& value = entry.second;
    if (key == "timezone") {
      const std::string name = value.IsScalar() ? value.Scalar() : "";
      absl::TimeZone tz;
      if (name.empty() || !absl::LoadTimeZone(name, &tz)) {
        return Bad(path, "an IANA time zone such as Europe/Copenhagen", value);
      }
      out.hours.timezone = name;
      out.hours.tz = tz;
    } else if (key == "weekdays") {
      if (!value.IsSequence()) return Bad(path, "a list of mon, tue, wed, thu, fri, sat, sun", value);
      uint8_t mask = 0;
      for (const auto& day : value) {
        std::string d = day.IsScalar() ? day.Scalar() : "";
        for (char& c : d) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        bool found = false;
        for (int i = 0; i < 7; ++i) {
          if (d.substr(0, 3) == kDayNames[i] && d.size() >= 3) {
            mask |= static_cast<uint8_t>(1u << i);
            found = true;
          }
        }
        if (!found) return Bad(path, "a list of mon, tue, wed, thu, fri, sat, sun", value);
      }
      out.hours.weekdays = mask;
    } else if (key == "open" || key == "close") {
      int minutes = 0;
      if (!value.IsScalar() || !ParseClock(value.Scalar(), &minutes)) {
        return Bad(path, "a time of day HH:MM", value);
      }
      (key == "open" ? out.hours.open_minute : out.hours.close_minute) = minutes;
    } else if (key == "holidays") {
      if (!value.IsSequence()) return Bad(path, "a list of dates YYYY-MM-DD", value);
      out.hours.holidays.clear();
      for (const auto& day : value) {
        absl::CivilDay civil;
        if (!day.IsScalar() || day.Scalar().size() != 10 ||
            !absl::ParseCivilTime(day.Scalar(), &civil)) {
          return Bad(path, "a list of dates YYYY-MM-DD", day);
        }
        out.hours.holidays.insert(civil);
      }
    } else {
      bool known = top_level && (key == "brands" || key == "max_samples");
      for (const NumberField& f : kNumbers) {
        if (key != f.name) continue;
        known = true;
        double parsed = 0;
        const std::string expect =
            f.max >= 1e9 ? StrCat("a number >= ", f.min) : StrCat("a number in [", f.min, ", ", f.max, "]");
        try {
          parsed = value.as<double>();
        } catch (const YAML::Exception&) {
          return Bad(path, expect, value);
        }
        if (!(parsed >= f.min && parsed <= f.max)) return Bad(path, expect, value);
        out.*f.member = parsed;
      }
      if (!known) {
        std::string names = "timezone, weekdays, open, close, holidays";
        for (const NumberField& f : kNumbers) StrAppend(&names, ", ", f.name);
        if (top_level) names += ", max_samples, brands";
        return absl::InvalidArgumentError(
            StrCat("response_sla.", path, ": unknown field (expected one of ", names, ")"));
      }
    }
  }
  if (out.hours.close_minute <= out.hours.open_minute) {
    return absl::InvalidArgumentError(StrCat("response_sla.", prefix,
                                             "close: expected a time after open, got ",
                                             out.hours.close_minute / 60, ":",
                                             out.hours.close_minute % 60 < 10 ? "0" : "",
                                             out.hours.close_minute % 60));
  }
  if (out.sla_minutes_after_hours == 0 && out.hours.weekdays == 0) {
    return absl::InvalidArgumentError(StrCat(
        "response_sla.", prefix,
        "weekdays: expected at least one day when sla_minutes_after_hours is 0, got []"));
  }
  return absl::OkStatus();
}

}  // namespace

bool OfficeHours::IsOpen(int64_t epoch_ms) const {
  const absl::CivilMinute local = absl::ToCivilMinute(absl::FromUnixMillis(epoch_ms), tz);
  const absl::CivilDay day(local);
  if (!(weekdays & (1u << WeekdayIndex(absl::GetWeekday(day))))) return false;
  if (holidays.count(day)) return false;
  const int minute = local.hour() * 60 + local.minute();
  return minute >= open_minute && minute < close_minute;
}

int64_t OfficeHours::NextOpening(int64_t epoch_ms) const {
  if (IsOpen(epoch_ms)) return epoch_ms;
  const absl::Time t = absl::FromUnixMillis(epoch_ms);
  absl::CivilDay day(absl::ToCivilDay(t, tz));
  for (int i = 0; i < 400; ++i, ++day) {
    if (!(weekdays & (1u << WeekdayIndex(absl::GetWeekday(day)))) || holidays.count(day)) {
      continue;
    }
    const absl::CivilMinute open =
        absl::CivilMinute(day) + open_minute;
    const int64_t open_ms = absl::ToUnixMillis(absl::FromCivil(open, tz));
    if (open_ms >= epoch_ms) return open_ms;
  }
  return epoch_ms;  // no opening within 400 days (every day a holiday): count from now
}

int64_t BrandSla::Deadline(int64_t created_ms, bool open) const {
  constexpr int64_t kMinute = 60'000;
  if (open) {
    return created_ms + static_cast<int64_t>(sla_minutes_office * kMinute);
  }
  if (sla_minutes_after_hours > 0) {
    return created_ms + static_cast<int64_t>(sla_minutes_after_hours * kMinute);
  }
  return hours.NextOpening(created_ms) + static_cast<int64_t>(sla_minutes_office * kMinute);
}

absl::StatusOr<ResponseSlaConfig> ParseResponseSlaConfig(const YAML::Node& node) {
  ResponseSlaConfig config;
  if (!node || node.IsNull()) return config;
  if (!node.IsMap()) {
    return absl::InvalidArgumentError(
        StrCat("response_sla: expected a map of settings, got '", ShownConfigValue(node), "'"));
  }
  if (absl::Status s = ReadBrand(node, "", true, config.defaults); !s.ok()) return s;
  if (const YAML::Node v = node["max_samples"]) {
    double n = -1;
    try {
      n = v.as<double>();
    } catch (const YAML::Exception&) {
    }
    if (!(n >= 0 && n <= 100 && n == std::floor(n))) {
      return Bad("max_samples", "an integer in [0, 100]", v);
    }
    config.max_samples = static_cast<int>(n);
  }
  if (const YAML::Node brands = node["brands"]) {
    if (!brands.IsMap()) return Bad("brands", "a map of brand -> settings", brands);
    for (const auto& entry : brands) {
      const std::string brand = entry.first.as<std::string>("");
      if (!entry.second.IsMap()) {
        return Bad(StrCat("brands.", brand), "a map of settings", entry.second);
      }
      BrandSla sla = config.defaults;
      if (absl::Status s = ReadBrand(entry.second, StrCat("brands.", brand, "."), false, sla);
          !s.ok()) {
        return s;
      }
      config.brands.emplace(brand, std::move(sla));
    }
  }
  return config;
}

}  // namespace stormwatch::response_sla
