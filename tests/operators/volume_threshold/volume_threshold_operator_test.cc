// The first-form volume threshold operator, driven through the operator harness.
#include "operators/volume_threshold/volume_threshold_operator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testutil/test_operator_context.h"

namespace stormwatch {
namespace {

using testing::MakeMention;
using testing::OperatorHarness;

constexpr int64_t kT0 = 1795766400000;  // a window boundary (08:00 UTC)
constexpr int64_t kMinute = 60'000;

class VolumeThresholdOperatorTest : public ::testing::Test {
 protected:
  std::unique_ptr<Operator> Make(const std::string& yaml) {
    absl::StatusOr<OperatorInstanceFactory> factory =
        MakeVolumeThresholdOperatorFactory()->Configure(YAML::Load(yaml));
    EXPECT_TRUE(factory.ok()) << factory.status();
    return (*factory)();
  }
};

TEST_F(VolumeThresholdOperatorTest, FiresOnceWhenWindowReachesThresholdThenResolves) {
  OperatorHarness harness(Make("{window_seconds: 60, fire_count: 5, resolve_count: 2}"));
  for (int i = 0; i < 8; ++i) harness.Process(MakeMention("b", "m" + std::to_string(i), kT0 + i * 1000));
  ASSERT_EQ(harness.alerts().size(), 1u);
  const v1::Alert fired = harness.alerts()[0];
  EXPECT_EQ(fired.state(), v1::FIRING);
  EXPECT_EQ(fired.kind(), v1::SPIKE);
  EXPECT_EQ(fired.brand(), "b");
  EXPECT_EQ(fired.evidence().values().at("count"), 5);
  EXPECT_EQ(fired.evidence().sample_mention_ids_size(), 5);
  // A quiet next window resolves the same incident.
  harness.Process(MakeMention("b", "late1", kT0 + kMinute + 5000));
  harness.AdvanceWatermark(kT0 + 2 * kMinute);
  ASSERT_EQ(harness.alerts().size(), 2u);
  EXPECT_EQ(harness.alerts()[1].state(), v1::RESOLVED);
  EXPECT_EQ(harness.alerts()[1].id(), fired.id());
}

TEST_F(VolumeThresholdOperatorTest, BrandsAreIndependentAndQuietTrafficIsSilent) {
  OperatorHarness harness(Make("{window_seconds: 60, fire_count: 5}"));
  for (int i = 0; i < 4; ++i) {
    harness.Process(MakeMention("a", "a" + std::to_string(i), kT0 + i * 1000));
    harness.Process(MakeMention("b", "b" + std::to_string(i), kT0 + i * 1000));
  }
  harness.AdvanceWatermark(kT0 + 10 * kMinute);
  EXPECT_TRUE(harness.alerts().empty());
}

TEST_F(VolumeThresholdOperatorTest, StateSurvivesFlushIntoStore) {
  OperatorHarness harness(Make("{window_seconds: 60, fire_count: 50}"));
  harness.Process(MakeMention("b", "m1", kT0));
  harness.Flush();
  std::string bytes;
  EXPECT_TRUE(harness.state().KeyValue("volume").Get("b", &bytes));
  EXPECT_FALSE(bytes.empty());
}

TEST_F(VolumeThresholdOperatorTest, LateEventIsRejectedByTheChain) {
  OperatorHarness harness(Make("{}"), /*allowed_lateness_ms=*/kMinute);
  EXPECT_EQ(harness.Process(MakeMention("b", "m1", kT0 + 10 * kMinute)),
            OperatorChain::Admission::kProcessed);
  EXPECT_EQ(harness.Process(MakeMention("b", "m2", kT0 + 9 * kMinute + 1)),
            OperatorChain::Admission::kProcessed);  // within the allowed lateness
  EXPECT_EQ(harness.Process(MakeMention("b", "m3", kT0 + 8 * kMinute)),
            OperatorChain::Admission::kLate);
}

TEST_F(VolumeThresholdOperatorTest, BadConfigNamesField) {
  absl::StatusOr<OperatorInstanceFactory> factory =
      MakeVolumeThresholdOperatorFactory()->Configure(YAML::Load("{window_seconds: -5}"));
  ASSERT_FALSE(factory.ok());
  EXPECT_THAT(std::string(factory.status().message()),
              ::testing::HasSubstr("volume_threshold.window_seconds: expected an integer in [1, "));
  EXPECT_FALSE(MakeVolumeThresholdOperatorFactory()
                   ->Configure(YAML::Load("{fire_count: 10, resolve_count: 11}"))
                   .ok());
}

}  // namespace
}  // namespace stormwatch
