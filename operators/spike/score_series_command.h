// `stormwatch score-series --input SERIES.csv --output SCORES.csv` (public contract, see
// DESIGN.md "Command line"): the spike detector core on a numeric series in NAB format.
// Input columns timestamp,value (header first); output timestamp,value,anomaly_score, one
// row per input row, in order. The CLI (pipeline/cli) only parses flags and calls this.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "operators/spike/series_scorer.h"

namespace stormwatch::spike {

// One parsed input row; the text of both fields is kept to be echoed unchanged.
struct SeriesRow {
  std::string timestamp_text;
  std::string value_text;
  SeriesPoint point;
};

// Parses a NAB-format CSV. Errors name the file and line: "SERIES.csv:17: expected
// timestamp,value, got '...'" (InvalidArgument) or the I/O failure (Unavailable).
absl::StatusOr<std::vector<SeriesRow>> ReadSeriesCsv(const std::string& path);

// Writes timestamp,value,anomaly_score.
absl::Status WriteScoresCsv(const std::string& path, const std::vector<SeriesRow>& rows,
                            const std::vector<double>& scores);

// Exit code: 0 ok, 2 bad input file (message on `err`), 1 I/O failure.
int RunScoreSeriesCommand(const std::string& input_path, const std::string& output_path,
                          std::ostream& err);

}  // namespace stormwatch::spike
