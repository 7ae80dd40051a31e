// `stormwatch score-series` on files: output layout, row-numbered errors, exit codes.
#include "operators/spike/score_series_command.h"

#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace stormwatch::spike {
namespace {

std::string TempPath(const std::string& name) { return ::testing::TempDir() + "/" + name; }

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(ScoreSeriesCommandTest, WritesOneScoredRowPerInputRowInOrder) {
  std::string csv = "timestamp,value\n";
  for (int i = 0; i < 100; ++i) {
    csv += "2014-04-01 " + std::to_string(10 + i / 60) + ":" + (i % 60 < 10 ? "0" : "") +
           std::to_string(i % 60) + ":00," + std::to_string(20 + (i % 7) * 0.5) + "\n";
  }
  WriteFile(TempPath("series.csv"), csv);
  std::ostringstream err;
  ASSERT_EQ(RunScoreSeriesCommand(TempPath("series.csv"), TempPath("scores.csv"), err), 0)
      << err.str();
  const std::vector<std::string> lines = ReadLines(TempPath("scores.csv"));
  ASSERT_EQ(lines.size(), 101u);
  EXPECT_EQ(lines[0], "timestamp,value,anomaly_score");
  EXPECT_EQ(lines[1].rfind("2014-04-01 10:00:00,20.000000,", 0), 0u) << lines[1];
  EXPECT_EQ(lines[100].rfind("2014-04-01 11:39:00,", 0), 0u) << lines[100];
}

TEST(ScoreSeriesCommandTest, MalformedRowNamesFileAndLine) {
  WriteFile(TempPath("bad.csv"), "timestamp,value\n2014-04-01 10:00:00,1\n2014-04-01 10:05:00;2\n");
  std::ostringstream err;
  EXPECT_EQ(RunScoreSeriesCommand(TempPath("bad.csv"), TempPath("out.csv"), err), 2);
  EXPECT_NE(err.str().find("bad.csv:3: expected timestamp,value, got '2014-04-01 10:05:00;2'"),
            std::string::npos)
      << err.str();
}

TEST(ScoreSeriesCommandTest, BadValueAndBadTimestampAreRowErrors) {
  WriteFile(TempPath("nan.csv"), "timestamp,value\n2014-04-01 10:00:00,abc\n");
  std::ostringstream err;
  EXPECT_EQ(RunScoreSeriesCommand(TempPath("nan.csv"), TempPath("out.csv"), err), 2);
  EXPECT_NE(err.str().find("nan.csv:2: expected timestamp,value"), std::string::npos) << err.str();
  WriteFile(TempPath("ts.csv"), "timestamp,value\nyesterday,4\n");
  std::ostringstream err2;
  EXPECT_EQ(RunScoreSeriesCommand(TempPath("ts.csv"), TempPath("out.csv"), err2), 2);
  EXPECT_NE(err2.str().find("ts.csv:2:"), std::string::npos) << err2.str();
}

TEST(ScoreSeriesCommandTest, MissingHeaderIsAnError) {
  WriteFile(TempPath("nohead.csv"), "2014-04-01 10:00:00,1\n");
  std::ostringstream err;
  EXPECT_EQ(RunScoreSeriesCommand(TempPath("nohead.csv"), TempPath("out.csv"), err), 2);
  EXPECT_NE(err.str().find("nohead.csv:1:"), std::string::npos) << err.str();
}

TEST(ScoreSeriesCommandTest, IoFailuresExitOne) {
  std::ostringstream err;
  EXPECT_EQ(RunScoreSeriesCommand(TempPath("does-not-exist.csv"), TempPath("out.csv"), err), 1);
  WriteFile(TempPath("ok.csv"), "timestamp,value\n2014-04-01 10:00:00,1\n");
  std::ostringstream err2;
  EXPECT_EQ(RunScoreSeriesCommand(TempPath("ok.csv"), "/nonexistent-dir/out.csv", err2), 1);
  EXPECT_FALSE(err2.str().empty());
}

}  // namespace
}  // namespace stormwatch::spike
