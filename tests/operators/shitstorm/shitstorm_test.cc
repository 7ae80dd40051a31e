// Shitstorm detector: config errors, staged escalation as one incident, resolution, and
// what must not fire (a positive spike, a storm during cold start).
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "operators/shitstorm/author_sketch.h"
#include "operators/shitstorm/shitstorm_config.h"
#include "operators/shitstorm/shitstorm_operator.h"
#include "pipeline/core/strings.h"
#include "tests/testutil/test_operator_context.h"

namespace stormwatch {
namespace {

using ::testing::HasSubstr;
using testing::MakeMention;
using testing::OperatorHarness;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kT0 = 1795766400000;  // Fri 2026-11-27 08:00 UTC

class ShitstormTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto factory = MakeShitstormOperatorFactory()->Configure(YAML::Node());
    ASSERT_TRUE(factory.ok()) << factory.status();
    harness_ = std::make_unique<OperatorHarness>((*factory)());
  }

  void Mention(int64_t t, v1::SentimentLabel label, const std::string& author,
               const std::string& text = "", uint32_t shares = 0) {
    v1::Event e = MakeMention("acme", StrCat("m", ++seq_), t, text);
    e.mutable_mention()->set_author_id(author);
    e.mutable_mention()->set_shares(shares);
    e.mutable_mention()->mutable_enrichment()->set_label(label);
    harness_->Process(std::move(e));
  }

  // `minutes` of ordinary traffic: 3 mentions a minute from 60 regular authors, 1 in 10
  // negative.
  void Baseline(int64_t from, int minutes) {
    for (int m = 0; m < minutes; ++m) {
      for (int i = 0; i < 3; ++i) {
        const int n = m * 3 + i;
        Mention(from + m * kMinute + i * 15'000, n % 10 == 0 ? v1::NEGATIVE : v1::NEUTRAL,
                StrCat("u", n % 60));
      }
    }
  }

  std::unique_ptr<OperatorHarness> harness_;
  int seq_ = 0;
};

TEST(ShitstormConfigTest, ErrorsNameTheFieldAndTheExpectation) {
  auto bad = shitstorm::ParseShitstormConfig(YAML::Load("crisis_volume_ratio: x"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "shitstorm.crisis_volume_ratio: expected a number in [1, 1e+06], got 'x'");
  auto unknown = shitstorm::ParseShitstormConfig(YAML::Load("brands: {acme: {foo: 1}}"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.status().message(), HasSubstr("shitstorm.brands.acme.foo: unknown field"));
  auto order = shitstorm::ParseShitstormConfig(YAML::Load("watch_volume_ratio: 4"));
  ASSERT_FALSE(order.ok());
  EXPECT_THAT(order.status().message(), HasSubstr("watch_volume_ratio <= warning_volume_ratio"));
}

TEST(ShitstormConfigTest, BrandOverridesStartFromTheDefaults) {
  auto config = shitstorm::ParseShitstormConfig(
      YAML::Load("min_negative_mentions: 20\nbrands: {acme: {crisis_volume_ratio: 8}}"));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->For("acme").crisis_volume_ratio, 8);
  EXPECT_EQ(config->For("acme").min_negative_mentions, 20);
  EXPECT_EQ(config->For("other").crisis_volume_ratio, 5);
}

TEST(AuthorSketchTest, RemembersAuthorsWithFewFalsePositives) {
  shitstorm::AuthorSketch sketch;
  for (int i = 0; i < 5000; ++i) EXPECT_FALSE(sketch.SeenAndRecord(StrCat("a", i)) && i < 10);
  for (int i = 0; i < 5000; ++i) EXPECT_TRUE(sketch.SeenAndRecord(StrCat("a", i)));
  int false_seen = 0;
  for (int i = 0; i < 5000; ++i) false_seen += sketch.SeenAndRecord(StrCat("new", i));
  EXPECT_LT(false_seen, 250);  // < 5%
}

TEST_F(ShitstormTest, EscalatesWatchWarningCrisisAsOneIncidentThenResolves) {
  Baseline(kT0, 120);
  ASSERT_TRUE(harness_->alerts().empty());
  const int64_t onset = kT0 + 120 * kMinute;
  // The flood: a negative post every 2 s growing to 4 per second, new authors, one hashtag.
  int n = 0;
  for (int64_t t = onset; t < onset + 20 * kMinute; t += std::max<int64_t>(250, 2000 - (t - onset) / 600)) {
    Mention(t, v1::NEGATIVE, StrCat("new", ++n), "Terrible outage #acmedown", 20);
  }
  Baseline(onset + 20 * kMinute, 60);
  const auto& alerts = harness_->alerts();
  ASSERT_GE(alerts.size(), 3u);
  EXPECT_EQ(alerts.front().severity(), v1::INFO);
  EXPECT_EQ(alerts.front().kind(), v1::SHITSTORM);
  v1::Severity last = v1::SEVERITY_UNSPECIFIED;
  for (size_t i = 0; i + 1 < alerts.size(); ++i) {
    EXPECT_EQ(alerts[i].id(), alerts.front().id());
    EXPECT_EQ(alerts[i].state(), v1::FIRING);
    EXPECT_GT(alerts[i].severity(), last);
    EXPECT_EQ(alerts[i].revision(), i);
    last = alerts[i].severity();
  }
  EXPECT_EQ(last, v1::CRITICAL);
  EXPECT_LT(alerts.front().event_time().seconds() * 1000, onset + 10 * kMinute);
  const v1::Alert& crisis = alerts[alerts.size() - 2];
  EXPECT_THAT(crisis.summary(), HasSubstr("crisis"));
  EXPECT_THAT(crisis.summary(), HasSubstr("#acmedown"));
  EXPECT_GT(crisis.evidence().values().at("new_author_share"), 0.9);
  EXPECT_LT(crisis.evidence().normal_values().at("new_author_share"), 0.3);
  EXPECT_NEAR(crisis.evidence().normal_values().at("negative_share"), 0.1, 0.05);
  EXPECT_GT(crisis.evidence().sample_mention_ids_size(), 0);
  EXPECT_EQ(alerts.back().state(), v1::RESOLVED);
  EXPECT_EQ(alerts.back().id(), alerts.front().id());
}

TEST_F(ShitstormTest, APositiveSpikeIsNotAShitstorm) {
  Baseline(kT0, 120);
  const int64_t onset = kT0 + 120 * kMinute;
  int n = 0;
  for (int64_t t = onset; t < onset + 20 * kMinute; t += 500) {
    ++n;
    Mention(t, n % 20 == 0 ? v1::NEGATIVE : v1::POSITIVE, StrCat("fan", n), "Love it #launch", 30);
  }
  EXPECT_TRUE(harness_->alerts().empty());
}

TEST_F(ShitstormTest, NoAlertDuringColdStart) {
  int n = 0;
  for (int64_t t = kT0; t < kT0 + 30 * kMinute; t += 1000) {
    Mention(t, v1::NEGATIVE, StrCat("new", ++n), "Terrible #acmedown", 20);
  }
  EXPECT_TRUE(harness_->alerts().empty());
}

TEST_F(ShitstormTest, FlushWritesTheBrandStateToItsStore) {
  Baseline(kT0, 90);
  harness_->Flush();
  std::string bytes;
  EXPECT_TRUE(harness_->state().KeyValue("shitstorm").Get("acme", &bytes));
  EXPECT_GT(bytes.size(), 16'000u);  // detector state + author sketch
}

}  // namespace
}  // namespace stormwatch
