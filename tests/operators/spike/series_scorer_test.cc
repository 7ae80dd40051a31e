// The detector core on generic real-valued series (the continuous model behind
// score-series): sampling interval, and one high score per excursion.
#include "operators/spike/series_scorer.h"

#include <algorithm>
#include <random>

#include "gtest/gtest.h"

namespace stormwatch::spike {
namespace {

constexpr int64_t kFiveMinutesMs = 300'000;

std::vector<SeriesPoint> NoisySeries(int n, double mean, double sd, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(mean, sd);
  std::vector<SeriesPoint> points;
  for (int i = 0; i < n; ++i) {
    points.push_back({1'400'000'000'000 + i * kFiveMinutesMs, noise(rng)});
  }
  return points;
}

TEST(SeriesScorerTest, SamplingIntervalIsTheMedianStep) {
  EXPECT_EQ(SamplingIntervalMs({{0, 1}, {300'000, 1}, {600'000, 1}, {4'000'000, 1}}), 300'000);
  EXPECT_EQ(SamplingIntervalMs({{0, 1}}), 60'000);
}

TEST(SeriesScorerTest, OneHighScoreForALevelShiftAndQuietBefore) {
  std::vector<SeriesPoint> points = NoisySeries(3000, 50.0, 2.0, 7);
  for (size_t i = 2000; i < points.size(); ++i) points[i].value += 30.0;
  const std::vector<double> scores = ScoreSeries(points, SeriesParams(kFiveMinutesMs));
  ASSERT_EQ(scores.size(), points.size());
  for (double s : scores) {
    ASSERT_GE(s, 0.0);
    ASSERT_LT(s, 1.0);
  }
  const double before = *std::max_element(scores.begin() + 500, scores.begin() + 2000);
  const double at_shift = *std::max_element(scores.begin() + 2000, scores.begin() + 2003);
  EXPECT_LT(before, 0.5);
  EXPECT_GT(at_shift, 0.9);
  const int high_after =
      std::count_if(scores.begin() + 2003, scores.end(), [&](double s) { return s >= 0.5; });
  EXPECT_LE(high_after, 1);
}

TEST(SeriesScorerTest, NeverSeenStepInsideTheUsualRangeScoresJustUnderTheFireLevel) {
  // Alternates between 3 and 13; at row 2000 the series stays at 13: no value is unusual,
  // the step is (pattern novelty), so it ranks high without being an alert on its own.
  std::vector<SeriesPoint> points = NoisySeries(3000, 0.0, 0.2, 5);
  for (size_t i = 0; i < points.size(); ++i) points[i].value += i % 2 == 0 ? 3.0 : 13.0;
  points[2000].value = points[1999].value;
  const std::vector<double> scores = ScoreSeries(points, SeriesParams(kFiveMinutesMs));
  EXPECT_LT(*std::max_element(scores.begin() + 500, scores.begin() + 2000), 0.1);
  EXPECT_GE(scores[2000], kNoveltyScore);
  EXPECT_LT(scores[2000], 0.5);
}

TEST(SeriesScorerTest, ConstantSeriesScoresZero) {
  std::vector<SeriesPoint> points;
  for (int i = 0; i < 1000; ++i) points.push_back({i * kFiveMinutesMs, 7.25});
  for (double s : ScoreSeries(points, SeriesParams(kFiveMinutesMs))) {
    ASSERT_EQ(s, 0.0);
  }
}

TEST(SeriesScorerTest, RepeatedTimestampsStillGiveOneScorePerRow) {
  std::vector<SeriesPoint> points = NoisySeries(200, 10.0, 1.0, 3);
  points[100].time_ms = points[99].time_ms;
  points[150].time_ms = points[10].time_ms;
  EXPECT_EQ(ScoreSeries(points, SeriesParams(kFiveMinutesMs)).size(), points.size());
}

}  // namespace
}  // namespace stormwatch::spike
