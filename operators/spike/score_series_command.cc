// CSV in, detector, CSV out for `stormwatch score-series`; see score_series_command.h.
#include "operators/spike/score_series_command.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "pipeline/core/strings.h"

namespace stormwatch::spike {
namespace {

constexpr size_t kMaxQuotedChars = 80;

std::string Quote(absl::string_view line) {
  if (line.size() > kMaxQuotedChars) return StrCat(line.substr(0, kMaxQuotedChars), "...");
  return std::string(line);
}

bool ParseTimestampMs(absl::string_view text, int64_t* ms) {
  static constexpr const char* kFormats[] = {"%Y-%m-%d %H:%M:%E*S", "%Y-%m-%dT%H:%M:%E*S",
                                             "%Y-%m-%dT%H:%M:%E*S%Ez"};
  std::string err;
  absl::Time t;
  for (const char* format : kFormats) {
    if (absl::ParseTime(format, text, absl::UTCTimeZone(), &t, &err)) {
      *ms = absl::ToUnixMillis(t);
      return true;
    }
  }
  return false;
}

bool ParseValue(absl::string_view text, double* value) {
  if (text.empty()) return false;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, *value);
  return ec == std::errc() && ptr == end && std::isfinite(*value);
}

}  // namespace

absl::StatusOr<std::vector<SeriesRow>> ReadSeriesCsv(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return absl::UnavailableError(StrCat(path, ": cannot open: ", std::strerror(errno)));
  }
  std::vector<SeriesRow> rows;
  std::string line;
  int64_t line_no = 0;
  auto bad_row = [&](absl::string_view why) {
    return absl::InvalidArgumentError(StrCat(path, ":", line_no, ": ", why));
  };
  while (std::getline(in, line)) {
    ++line_no;
    absl::string_view view = absl::StripAsciiWhitespace(line);  // also drops '\r'
    if (line_no == 1) {
      if (view != "timestamp,value") {
        return bad_row(StrCat("expected the header 'timestamp,value', got '", Quote(view), "'"));
      }
      continue;
    }
    if (view.empty()) continue;
    const size_t comma = view.find(',');
    SeriesRow row;
    if (comma == absl::string_view::npos || view.find(',', comma + 1) != absl::string_view::npos) {
      return bad_row(StrCat("expected timestamp,value, got '", Quote(view), "'"));
    }
    const absl::string_view ts = absl::StripAsciiWhitespace(view.substr(0, comma));
    const absl::string_view value = absl::StripAsciiWhitespace(view.substr(comma + 1));
    if (!ParseTimestampMs(ts, &row.point.time_ms)) {
      return bad_row(
          StrCat("expected timestamp,value with a timestamp like "
                 "'2014-07-01 00:00:00', got '",
                 Quote(view), "'"));
    }
    if (!ParseValue(value, &row.point.value)) {
      return bad_row(
          StrCat("expected timestamp,value with a finite number, got '", Quote(view), "'"));
    }
    row.timestamp_text = std::string(ts);
    row.value_text = std::string(value);
    rows.push_back(std::move(row));
  }
  if (in.bad()) {
    return absl::UnavailableError(StrCat(path, ": read failed: ", std::strerror(errno)));
  }
  if (line_no == 0) return bad_row("expected the header 'timestamp,value', got an empty file");
  return rows;
}

absl::Status WriteScoresCsv(const std::string& path, const std::vector<SeriesRow>& rows,
                            const std::vector<double>& scores) {
  std::ofstream out(path, std::ios::trunc);
  if (!out) {
    return absl::UnavailableError(StrCat(path, ": cannot write: ", std::strerror(errno)));
  }
  out << "timestamp,value,anomaly_score\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    out << rows[i].timestamp_text << ',' << rows[i].value_text << ','
        << absl::StrFormat("%.9g", scores[i]) << '\n';
  }
  out.flush();
  if (!out) {
    return absl::UnavailableError(StrCat(path, ": write failed: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

int RunScoreSeriesCommand(const std::string& input_path, const std::string& output_path,
                          std::ostream& err) {
  absl::StatusOr<std::vector<SeriesRow>> rows = ReadSeriesCsv(input_path);
  if (!rows.ok()) {
    err << rows.status().message() << "\n";
    return absl::IsInvalidArgument(rows.status()) ? 2 : 1;
  }
  std::vector<SeriesPoint> points;
  points.reserve(rows->size());
  for (const SeriesRow& row : *rows) points.push_back(row.point);
  std::vector<double> scores;
  if (!points.empty()) {
    scores = ScoreSeries(points, SeriesParams(SamplingIntervalMs(points)));
  }
  if (absl::Status s = WriteScoresCsv(output_path, *rows, scores); !s.ok()) {
    err << s.message() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace stormwatch::spike
