// The pattern-novelty half of score-series: a transition between quantised values that
// the series has never made scores, a repeated one does not, and a novel step starts a
// rest period.
#include "operators/spike/transition_novelty.h"

#include <random>

#include "gtest/gtest.h"

namespace stormwatch::spike {
namespace {

class TransitionNoveltyTest : public ::testing::Test {
 protected:
  TransitionNoveltyDetector Detector(int rest_buckets) {
    NoveltyParams params;
    params.rest_buckets = rest_buckets;
    absl::StatusOr<TransitionNoveltyDetector> detector = TransitionNoveltyDetector::Create(params);
    EXPECT_TRUE(detector.ok()) << detector.status();
    return *detector;
  }

  // Alternates between 3 and 13 (bins 8 wide once the spread is known) with a little noise.
  double Wave(int i) { return (i % 2 == 0 ? 3.0 : 13.0) + noise_(rng_); }

  std::mt19937_64 rng_{11};
  std::normal_distribution<double> noise_{0.0, 0.2};
};

TEST_F(TransitionNoveltyTest, RepeatedPatternIsNotNovel) {
  const TransitionNoveltyDetector detector = Detector(10);
  NoveltyState state;
  for (int i = 0; i < 100; ++i) detector.Update(state, Wave(i));
  for (int i = 100; i < 2000; ++i) ASSERT_EQ(detector.Update(state, Wave(i)), 0.0) << i;
}

TEST_F(TransitionNoveltyTest, NeverSeenTransitionScoresThenRests) {
  const TransitionNoveltyDetector detector = Detector(10);
  NoveltyState state;
  for (int i = 0; i < 1000; ++i) detector.Update(state, Wave(i));
  // 13 after 13: both values are usual, the step between them is not.
  EXPECT_EQ(detector.Update(state, 13.0), 1.0);
  // Resting: nothing scores, not even the never-seen step 3 -> 3, which restarts the rest
  // (10 more steps).
  EXPECT_EQ(detector.Update(state, 3.0), 0.0);
  EXPECT_EQ(detector.Update(state, 3.0), 0.0);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(detector.Update(state, Wave(i)), 0.0) << i;
  // Known steps end the rest; then a new step scores again.
  EXPECT_EQ(detector.Update(state, 3.0), 0.0);
  EXPECT_EQ(detector.Update(state, 3.0), 0.0);
  EXPECT_EQ(detector.Update(state, 40.0), 1.0);
}

TEST_F(TransitionNoveltyTest, FirstValueStartsTheRest) {
  const TransitionNoveltyDetector detector = Detector(5);
  NoveltyState state;
  EXPECT_EQ(detector.Update(state, 1.0), 0.0);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(detector.Update(state, 100.0 * (i + 1)), 0.0) << i;
}

TEST_F(TransitionNoveltyTest, ConstantSeriesIsNovelOnlyAtItsFirstStep) {
  const TransitionNoveltyDetector detector = Detector(0);
  NoveltyState state;
  detector.Update(state, 0.1);
  EXPECT_EQ(detector.Update(state, 0.1), 1.0);  // the first step is new by definition
  for (int i = 0; i < 5000; ++i) ASSERT_EQ(detector.Update(state, 0.1), 0.0) << i;
}

TEST_F(TransitionNoveltyTest, ValuesNearTheDoubleRangeStayDefined) {
  const TransitionNoveltyDetector detector = Detector(0);
  NoveltyState state;
  for (double v : {1e300, -1e300, 1e308, 0.0, -1e308, 1e308}) {
    const double novelty = detector.Update(state, v);
    EXPECT_GE(novelty, 0.0);
    EXPECT_LE(novelty, 1.0);
  }
}

TEST_F(TransitionNoveltyTest, RejectsNegativeRest) {
  NoveltyParams params;
  params.rest_buckets = -1;
  absl::StatusOr<TransitionNoveltyDetector> detector = TransitionNoveltyDetector::Create(params);
  ASSERT_FALSE(detector.ok());
  EXPECT_NE(detector.status().message().find("rest_buckets"), std::string::npos);
}

}  // namespace
}  // namespace stormwatch::spike
