// The spike detector core on synthetic mention counts: seasonality, spikes, quiet brands,
// hysteresis, cold start, state size and serialisation.
#include "operators/spike/seasonal_count_detector.h"

#include <cmath>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace stormwatch::spike {
namespace {

constexpr int64_t kMinuteMs = 60'000;
constexpr int64_t kDayMs = 24 * 60 * kMinuteMs;
constexpr int64_t kWeekMs = 7 * kDayMs;
// Monday 2026-01-05 00:00:00 UTC.
constexpr int64_t kMondayMs = 1'767'571'200'000;

// Mentions per minute of a typical brand: a daily curve (quiet nights, evening peak),
// weekends at 60%.
double WeeklyRate(int64_t t_ms, double peak_per_minute) {
  const int64_t since_monday = (t_ms - kMondayMs) % kWeekMs;
  const int day = static_cast<int>(since_monday / kDayMs);
  const double hour = static_cast<double>(since_monday % kDayMs) / (60.0 * kMinuteMs);
  const double daily = 0.1 + 0.9 * std::pow(std::sin(M_PI * hour / 24.0), 2.0);
  const double weekday = day >= 5 ? 0.6 : 1.0;
  return peak_per_minute * daily * weekday;
}

class SeasonalCountDetectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created = SeasonalCountDetector::Create(DetectorParams{});
    ASSERT_TRUE(created.ok()) << created.status();
    detector_ = std::make_unique<SeasonalCountDetector>(*created);
    SeasonalCountDetector::Reset(state_);
  }

  int64_t Poisson(double mean) { return std::poisson_distribution<int64_t>(mean)(rng_); }

  // Feeds `minutes` of weekly-seasonal traffic from `start_ms`; returns the buckets that fired.
  std::vector<int64_t> FeedSeasonal(int64_t start_ms, int minutes, double peak) {
    std::vector<int64_t> fired;
    for (int i = 0; i < minutes; ++i) {
      const int64_t t = start_ms + i * kMinuteMs;
      if (detector_->Update(state_, t, Poisson(WeeklyRate(t, peak))).fired) fired.push_back(t);
    }
    return fired;
  }

  std::unique_ptr<SeasonalCountDetector> detector_;
  DetectorState state_;
  std::mt19937_64 rng_{20261126};
};

TEST_F(SeasonalCountDetectorTest, SilentOnFourWeeksOfWeeklySeasonality) {
  const std::vector<int64_t> fired = FeedSeasonal(kMondayMs, 4 * 7 * 24 * 60, 30.0);
  EXPECT_TRUE(fired.empty()) << fired.size() << " alerts, first at minute "
                             << (fired.empty() ? 0 : (fired[0] - kMondayMs) / kMinuteMs);
  EXPECT_FALSE(state_.firing);
}

TEST_F(SeasonalCountDetectorTest, FiveFoldSpikeAlertsWithinTwoBuckets) {
  ASSERT_TRUE(FeedSeasonal(kMondayMs, 2 * 7 * 24 * 60, 30.0).empty());
  // Wednesday 14:00 of week 3.
  const int64_t spike_start = kMondayMs + 2 * kWeekMs + 2 * kDayMs + 14 * 60 * kMinuteMs;
  ASSERT_TRUE(FeedSeasonal(kMondayMs + 2 * kWeekMs,
                           static_cast<int>((spike_start - kMondayMs - 2 * kWeekMs) / kMinuteMs),
                           30.0)
                  .empty());
  int fired_at = -1;
  BucketScore fired;
  for (int i = 0; i < 10; ++i) {
    const int64_t t = spike_start + i * kMinuteMs;
    const double usual = WeeklyRate(t, 30.0);
    const BucketScore s = detector_->Update(state_, t, Poisson(5.0 * usual));
    if (s.fired && fired_at < 0) {
      fired_at = i;
      fired = s;
    }
  }
  ASSERT_GE(fired_at, 0) << "the spike was not alerted";
  EXPECT_LE(fired_at, 1) << "alerted in bucket " << fired_at + 1;
  EXPECT_GT(fired.score, 0.5);
  EXPECT_LE(fired.score, 1.0);
  EXPECT_LE(fired.probability, 1e-6);
  EXPECT_GT(fired.observed, 2.5 * fired.expected);
  EXPECT_GT(fired.baseline_age_hours, 14 * 24.0);
  EXPECT_EQ(fired.incident_start_ms, spike_start + fired_at * kMinuteMs);
}

TEST_F(SeasonalCountDetectorTest, QuietBrandFromFiveToEightPerHourDoesNotAlert) {
  const double five_per_hour = 5.0 / 60.0;
  for (int i = 0; i < 14 * 24 * 60; ++i) {
    ASSERT_FALSE(
        detector_->Update(state_, kMondayMs + i * kMinuteMs, Poisson(five_per_hour)).fired);
  }
  const double eight_per_hour = 8.0 / 60.0;
  for (int i = 14 * 24 * 60; i < 21 * 24 * 60; ++i) {
    ASSERT_FALSE(
        detector_->Update(state_, kMondayMs + i * kMinuteMs, Poisson(eight_per_hour)).fired)
        << "minute " << i;
  }
}

TEST_F(SeasonalCountDetectorTest, OneAlertPerSpike) {
  const int64_t start = kMondayMs;
  ASSERT_TRUE(FeedSeasonal(start, 10 * 24 * 60, 30.0).empty());
  // A 45-minute spike that wobbles between 3x and 6x, then normal traffic again.
  const int64_t spike_start = start + 10 * kDayMs + 15 * 60 * kMinuteMs;
  ASSERT_TRUE(FeedSeasonal(start + 10 * kDayMs, 15 * 60, 30.0).empty());
  int fired = 0;
  int resolved = 0;
  for (int i = 0; i < 45; ++i) {
    const int64_t t = spike_start + i * kMinuteMs;
    const double factor = i % 2 == 0 ? 6.0 : 3.0;
    const BucketScore s = detector_->Update(state_, t, Poisson(factor * WeeklyRate(t, 30.0)));
    fired += s.fired;
    resolved += s.resolved;
  }
  for (int i = 45; i < 6 * 60; ++i) {
    const int64_t t = spike_start + i * kMinuteMs;
    const BucketScore s = detector_->Update(state_, t, Poisson(WeeklyRate(t, 30.0)));
    fired += s.fired;
    resolved += s.resolved;
  }
  EXPECT_EQ(fired, 1);
  EXPECT_EQ(resolved, 1);
  EXPECT_FALSE(state_.firing);
}

TEST_F(SeasonalCountDetectorTest, ColdStartDoesNotAlarmOnOrdinaryTraffic) {
  // Starts at 06:00 on a Monday, when the morning ramp begins: a young baseline sees the
  // volume triple within hours.
  const std::vector<int64_t> fired =
      FeedSeasonal(kMondayMs + 6 * 60 * kMinuteMs, 3 * 24 * 60, 30.0);
  EXPECT_TRUE(fired.empty()) << "first alert after "
                             << (fired.empty() ? 0 : fired[0] - kMondayMs) / kMinuteMs << " min";
}

TEST_F(SeasonalCountDetectorTest, NoAlertBeforeWarmup) {
  detector_->Update(state_, kMondayMs, 1);
  for (int i = 1; i < DetectorParams{}.warmup_buckets; ++i) {
    EXPECT_FALSE(detector_->Update(state_, kMondayMs + i * kMinuteMs, 500).fired);
  }
}

TEST_F(SeasonalCountDetectorTest, ScoreIsAProbabilityScaleInUnitInterval) {
  FeedSeasonal(kMondayMs, 3 * 24 * 60, 30.0);
  const int64_t t = kMondayMs + 3 * kDayMs;
  DetectorState copy = state_;
  const BucketScore ordinary = detector_->Update(copy, t, WeeklyRate(t, 30.0));
  copy = state_;
  const BucketScore huge = detector_->Update(copy, t, 10'000);
  EXPECT_GE(ordinary.score, 0.0);
  EXPECT_LT(ordinary.score, 0.5);
  EXPECT_GT(huge.score, 0.9);
  EXPECT_LT(huge.score, 1.0);
  EXPECT_GT(huge.onset_score, 0.9);
  EXPECT_NEAR(ordinary.expected, WeeklyRate(t, 30.0) * DetectorParams{}.window_buckets,
              0.35 * ordinary.expected);
}

TEST_F(SeasonalCountDetectorTest, GapsCountAsZerosInConstantTime) {
  FeedSeasonal(kMondayMs, 24 * 60, 30.0);
  const double level = state_.level;
  // A year without mentions is folded in one step.
  detector_->Update(state_, kMondayMs + 365 * kDayMs, 0);
  EXPECT_LT(state_.level, level * 1e-3);
  EXPECT_EQ(state_.last_bucket_ms, kMondayMs + 365 * kDayMs);
}

TEST_F(SeasonalCountDetectorTest, StateIsSmallAndRoundTrips) {
  EXPECT_LE(sizeof(DetectorState), 4096u);
  FeedSeasonal(kMondayMs, 24 * 60, 30.0);
  const std::string bytes = SeasonalCountDetector::Serialize(state_);
  EXPECT_LE(bytes.size(), 4096u);
  DetectorState restored;
  ASSERT_TRUE(SeasonalCountDetector::Deserialize(bytes, restored));
  DetectorState original = state_;
  const int64_t t = kMondayMs + kDayMs;
  EXPECT_EQ(detector_->Update(original, t, 77).score, detector_->Update(restored, t, 77).score);
  EXPECT_FALSE(SeasonalCountDetector::Deserialize(bytes.substr(1), restored));
}

TEST_F(SeasonalCountDetectorTest, OldOrRepeatedBucketsAreIgnored) {
  detector_->Update(state_, kMondayMs, 5);
  detector_->Update(state_, kMondayMs + kMinuteMs, 5);
  const uint32_t seen = state_.buckets_seen;
  EXPECT_EQ(detector_->Update(state_, kMondayMs, 500).score, 0.0);
  EXPECT_EQ(state_.buckets_seen, seen);
}

TEST(SeasonalCountDetectorParamsTest, RejectsBadParamsNamingTheField) {
  DetectorParams p;
  p.window_buckets = 0;
  absl::StatusOr<SeasonalCountDetector> d = SeasonalCountDetector::Create(p);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("window_buckets"), std::string::npos);
  p = DetectorParams{};
  p.resolve_probability = p.fire_probability / 2;
  EXPECT_FALSE(SeasonalCountDetector::Create(p).ok());
}

TEST(SeasonalCountDetectorSlotTest, HourOfWeekStartsMondayUtc) {
  EXPECT_EQ(SeasonalCountDetector::SeasonSlot(kMondayMs), 0);
  EXPECT_EQ(SeasonalCountDetector::SeasonSlot(kMondayMs + 4 * kDayMs + 18 * 3'600'000),
            4 * 24 + 18);
  EXPECT_EQ(SeasonalCountDetector::SeasonSlot(kMondayMs - 1), 167);
}

}  // namespace
}  // namespace stormwatch::spike
