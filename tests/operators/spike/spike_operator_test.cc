// The spike operator in the in-memory harness: counting per brand and topic, FIRING and
// RESOLVED alerts with deterministic ids and evidence, state flushed to the "spike" store.
#include "operators/spike/spike_operator.h"

#include <random>

#include "gtest/gtest.h"
#include "operators/spike/spike_key_state.h"
#include "pipeline/core/alert_id.h"
#include "pipeline/core/time_util.h"
#include "tests/testutil/test_operator_context.h"

namespace stormwatch {
namespace {

using ::stormwatch::testing::MakeMention;
using ::stormwatch::testing::MakeQueueSample;
using ::stormwatch::testing::OperatorHarness;

constexpr int64_t kMinuteMs = 60'000;
constexpr int64_t kStartMs = 1'767'571'200'000;  // Monday 2026-01-05 00:00 UTC

class SpikeOperatorTest : public ::testing::Test {
 protected:
  void SetUp() override { Make(YAML::Node()); }

  void Make(const YAML::Node& config) {
    std::unique_ptr<OperatorFactory> factory = MakeSpikeOperatorFactory();
    ASSERT_EQ(factory->name(), "spike");
    absl::StatusOr<OperatorInstanceFactory> make = factory->Configure(config);
    ASSERT_TRUE(make.ok()) << make.status();
    harness_ = std::make_unique<OperatorHarness>((*make)());
  }

  // `per_minute(minute)` mentions in each minute, spread evenly, half about "billing".
  template <typename Rate>
  void Feed(int first_minute, int minutes, Rate per_minute) {
    for (int m = first_minute; m < first_minute + minutes; ++m) {
      const int n = static_cast<int>(per_minute(m));
      for (int j = 0; j < n; ++j) {
        v1::Event e = MakeMention("acme", "m" + std::to_string(next_id_++),
                                  kStartMs + m * kMinuteMs + j * (kMinuteMs / n));
        if (j % 2 == 0) e.mutable_mention()->add_topics("billing");
        harness_->Process(std::move(e));
      }
    }
  }

  double Poisson(double mean) { return std::poisson_distribution<int>(mean)(rng_); }

  std::unique_ptr<OperatorHarness> harness_;
  std::mt19937 rng_{42};
  int64_t next_id_ = 0;
};

TEST_F(SpikeOperatorTest, SpikeFiresOnceForBrandAndTopicThenResolves) {
  Feed(0, 2 * 24 * 60, [&](int) { return Poisson(20); });
  ASSERT_TRUE(harness_->alerts().empty()) << harness_->alerts()[0].summary();

  const int spike_minute = 2 * 24 * 60;
  Feed(spike_minute, 10, [&](int) { return Poisson(150); });
  Feed(spike_minute + 10, 90, [&](int) { return Poisson(20); });

  std::vector<v1::Alert> brand;
  std::vector<v1::Alert> topic;
  for (const v1::Alert& a : harness_->alerts()) {
    (a.scope() == "brand" ? brand : topic).push_back(a);
  }
  ASSERT_EQ(brand.size(), 2u);
  ASSERT_EQ(topic.size(), 2u);
  EXPECT_EQ(topic[0].scope(), "topic:billing");

  const v1::Alert& firing = brand[0];
  EXPECT_EQ(firing.kind(), v1::SPIKE);
  EXPECT_EQ(firing.state(), v1::FIRING);
  EXPECT_EQ(firing.brand(), "acme");
  const int64_t start_ms = ToMillis(firing.starts_at());
  EXPECT_GE(start_ms, kStartMs + spike_minute * kMinuteMs);
  EXPECT_LE(start_ms, kStartMs + (spike_minute + 1) * kMinuteMs);
  EXPECT_EQ(firing.id(), MakeAlertId(v1::SPIKE, "acme", "brand", start_ms));
  EXPECT_GT(firing.score(), 0.5);
  EXPECT_LE(firing.score(), 1.0);
  EXPECT_EQ(firing.severity(), v1::CRITICAL);
  EXPECT_NE(firing.summary().find("mentions of acme in"), std::string::npos) << firing.summary();
  EXPECT_NE(firing.summary().find("Wed 00:00 UTC"), std::string::npos) << firing.summary();
  EXPECT_NE(firing.summary().find("baseline 2 days old"), std::string::npos) << firing.summary();
  const auto& values = firing.evidence().values();
  ASSERT_TRUE(values.contains("count"));
  ASSERT_TRUE(values.contains("probability"));
  ASSERT_TRUE(values.contains("baseline_age_hours"));
  EXPECT_LE(values.at("probability"), 1e-6);
  EXPECT_GT(values.at("count"), 3 * firing.evidence().normal_values().at("count"));
  EXPECT_FALSE(firing.evidence().sample_mention_ids().empty());

  const v1::Alert& resolved = brand[1];
  EXPECT_EQ(resolved.state(), v1::RESOLVED);
  EXPECT_EQ(resolved.id(), firing.id());
  EXPECT_EQ(ToMillis(resolved.starts_at()), start_ms);
  EXPECT_GT(ToMillis(resolved.ends_at()), start_ms);
  EXPECT_GT(resolved.revision(), firing.revision());
  EXPECT_NE(resolved.summary().find("back to normal"), std::string::npos) << resolved.summary();
}

TEST_F(SpikeOperatorTest, IncidentResolvesWhenMentionsStopEntirely) {
  Feed(0, 24 * 60, [&](int) { return Poisson(20); });
  Feed(24 * 60, 5, [&](int) { return 200; });
  ASSERT_FALSE(harness_->alerts().empty());
  harness_->ClearAlerts();
  harness_->AdvanceWatermark(kStartMs + (24 * 60 + 240) * kMinuteMs);
  int resolved = 0;
  for (const v1::Alert& a : harness_->alerts()) resolved += a.state() == v1::RESOLVED;
  EXPECT_EQ(resolved, 2);  // brand and topic:billing
}

TEST_F(SpikeOperatorTest, PerTopicOffDetectsBrandOnly) {
  Make(YAML::Load("{per_topic: false}"));
  Feed(0, 24 * 60, [&](int) { return Poisson(20); });
  Feed(24 * 60, 5, [&](int) { return 200; });
  ASSERT_FALSE(harness_->alerts().empty());
  for (const v1::Alert& a : harness_->alerts()) EXPECT_EQ(a.scope(), "brand");
}

TEST_F(SpikeOperatorTest, FlushWritesCompactStatePerKey) {
  harness_->Process(MakeQueueSample("acme", kStartMs, 30));  // ignored: not a mention
  Feed(0, 90, [&](int) { return 10; });
  harness_->Flush();
  KeyValueState& store = harness_->state().KeyValue("spike");
  int keys = 0;
  store.ForEach([&](std::string_view key, std::string_view value) {
    ++keys;
    EXPECT_LE(value.size(), 4096u);
    spike::SpikeKeyState state;
    EXPECT_TRUE(spike::DeserializeKeyState(value, state));
    EXPECT_GE(state.detector.buckets_seen, 89u);
  });
  EXPECT_EQ(keys, 2);  // acme/brand and acme/topic:billing
  std::string bytes;
  EXPECT_TRUE(store.Get(spike::MakeStateKey("acme", "brand"), &bytes));
}

TEST_F(SpikeOperatorTest, BadConfigIsRejected) {
  absl::StatusOr<OperatorInstanceFactory> make =
      MakeSpikeOperatorFactory()->Configure(YAML::Load("{bucket_seconds: -5}"));
  ASSERT_FALSE(make.ok());
  EXPECT_EQ(make.status().message(),
            "spike.bucket_seconds: expected an integer in [1, 3600], got -5");
}

TEST(SpikeKeyStateTest, RoundTripsOpenBucketsAndSamples) {
  spike::SpikeKeyState state;
  spike::SeasonalCountDetector::Reset(state.detector);
  state.detector.level = 12.5;
  state.revision = 3;
  state.open_buckets[60'000].count = 7;
  state.open_buckets[60'000].sample_mention_ids = {"a", "b"};
  state.incident_samples = {"x"};
  spike::SpikeKeyState back;
  ASSERT_TRUE(spike::DeserializeKeyState(spike::SerializeKeyState(state), back));
  EXPECT_EQ(back.detector.level, 12.5);
  EXPECT_EQ(back.revision, 3u);
  EXPECT_EQ(back.open_buckets.at(60'000).count, 7);
  EXPECT_EQ(back.open_buckets.at(60'000).sample_mention_ids.size(), 2u);
  EXPECT_EQ(back.incident_samples, std::vector<std::string>{"x"});
  EXPECT_FALSE(spike::DeserializeKeyState("garbage", back));
  const std::string key = spike::MakeStateKey("acme", "topic:billing");
  std::string_view brand, scope;
  spike::SplitStateKey(key, &brand, &scope);
  EXPECT_EQ(brand, "acme");
  EXPECT_EQ(scope, "topic:billing");
}

}  // namespace
}  // namespace stormwatch
