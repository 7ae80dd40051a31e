// Spill-over detector: config errors, the join of a queue breach with a rise of
// contact-seeking posts (both numbers in the alert), resolution, and each half alone.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "operators/spillover/spillover_config.h"
#include "operators/spillover/spillover_operator.h"
#include "pipeline/core/strings.h"
#include "tests/testutil/test_operator_context.h"

namespace stormwatch {
namespace {

using ::testing::HasSubstr;
using testing::MakeMention;
using testing::MakeQueueSample;
using testing::OperatorHarness;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kT0 = 1795766400000;  // Fri 2026-11-27 08:00 UTC

class SpilloverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto factory = MakeSpilloverOperatorFactory()->Configure(YAML::Node());
    ASSERT_TRUE(factory.ok()) << factory.status();
    harness_ = std::make_unique<OperatorHarness>((*factory)());
  }

  void Queue(int64_t t, double wait, uint32_t waiting) {
    harness_->Process(MakeQueueSample("acme", t, wait, waiting));
  }
  void ContactSeeking(int64_t t) {
    v1::Event e = MakeMention("acme", StrCat("c", ++seq_), t, "can't get through");
    e.mutable_mention()->mutable_enrichment()->add_intents(v1::CONTACT_SEEKING);
    harness_->Process(std::move(e));
  }
  // Two hours of a calm queue (90 s wait) and one contact-seeking post every 20 minutes.
  void Normal(int64_t from, int minutes) {
    for (int m = 0; m < minutes; ++m) {
      Queue(from + m * kMinute, 90, 4);
      if (m % 20 == 10) ContactSeeking(from + m * kMinute + 30'000);
    }
  }

  std::unique_ptr<OperatorHarness> harness_;
  int seq_ = 0;
};

TEST(SpilloverConfigTest, ErrorsNameTheFieldAndTheExpectation) {
  auto bad = spillover::ParseSpilloverConfig(YAML::Load("longest_wait_seconds: x"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "spillover.longest_wait_seconds: expected a number > 0, got 'x'");
  auto brand = spillover::ParseSpilloverConfig(YAML::Load("brands: {acme: {abandon_rate: 2}}"));
  ASSERT_FALSE(brand.ok());
  EXPECT_EQ(brand.status().message(),
            "spillover.brands.acme.abandon_rate: expected a number in (0, 1], got '2'");
  auto ok = spillover::ParseSpilloverConfig(YAML::Load("brands: {acme: {longest_wait_seconds: 300}}"));
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->For("acme").longest_wait_seconds, 300);
  EXPECT_EQ(ok->For("other").longest_wait_seconds, 600);
}

TEST_F(SpilloverTest, FiresOnQueueBreachWithRisingContactSeekingAndSaysBoth) {
  Normal(kT0, 120);
  const int64_t onset = kT0 + 120 * kMinute;
  for (int m = 0; m < 40; ++m) {
    const int64_t t = onset + m * kMinute;
    Queue(t, 90 + 30.0 * m, 4 + m);
    ContactSeeking(t + 10'000);
    ContactSeeking(t + 40'000);
  }
  ASSERT_FALSE(harness_->alerts().empty());
  const v1::Alert a = harness_->alerts().front();
  EXPECT_EQ(a.kind(), v1::SPILLOVER);
  EXPECT_EQ(a.brand(), "acme");
  EXPECT_EQ(a.state(), v1::FIRING);
  // The wait crosses 600 s after 17 minutes.
  EXPECT_LE(a.event_time().seconds() * 1000, onset + 19 * kMinute);
  EXPECT_GE(a.evidence().values().at("longest_wait_seconds"), 600);
  EXPECT_NEAR(a.evidence().normal_values().at("longest_wait_seconds"), 90, 10);
  EXPECT_GE(a.evidence().values().at("contact_seeking_ratio"), 2);
  EXPECT_THAT(a.summary(), HasSubstr("longest wait 10 min"));
  EXPECT_THAT(a.summary(), HasSubstr("x the usual phone/queue complaints"));
  EXPECT_GT(a.evidence().sample_mention_ids_size(), 0);
  // Back to normal: one RESOLVED for the same incident.
  Normal(onset + 40 * kMinute, 60);
  const v1::Alert& last = harness_->alerts().back();
  EXPECT_EQ(last.state(), v1::RESOLVED);
  EXPECT_EQ(last.id(), a.id());
}

TEST_F(SpilloverTest, AQueueBreachAloneIsNotASpillover) {
  Normal(kT0, 120);
  for (int m = 0; m < 40; ++m) Queue(kT0 + (120 + m) * kMinute, 1500, 80);
  EXPECT_TRUE(harness_->alerts().empty());
}

TEST_F(SpilloverTest, ContactSeekingPostsAloneAreNotASpillover) {
  Normal(kT0, 120);
  for (int m = 0; m < 40; ++m) {
    Queue(kT0 + (120 + m) * kMinute, 90, 4);
    for (int i = 0; i < 4; ++i) ContactSeeking(kT0 + (120 + m) * kMinute + i * 10'000);
  }
  EXPECT_TRUE(harness_->alerts().empty());
}

}  // namespace
}  // namespace stormwatch
