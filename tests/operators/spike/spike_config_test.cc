// YAML configuration of the spike operator: defaults and clear errors.
#include "operators/spike/spike_config.h"

#include "gtest/gtest.h"

namespace stormwatch::spike {
namespace {

TEST(SpikeConfigTest, NullNodeGivesDefaults) {
  absl::StatusOr<SpikeConfig> config = ParseSpikeConfig(YAML::Node());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->detector.bucket_ms, 60'000);
  EXPECT_TRUE(config->per_topic);
  EXPECT_EQ(config->detector.model, ValueModel::kCount);
}

TEST(SpikeConfigTest, ReadsFields) {
  absl::StatusOr<SpikeConfig> config = ParseSpikeConfig(
      YAML::Load("{bucket_seconds: 300, window_buckets: 3, min_count: 20, fire_probability: 1e-7, "
                 "resolve_probability: 0.05, per_topic: false}"));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->detector.bucket_ms, 300'000);
  EXPECT_EQ(config->detector.window_buckets, 3);
  EXPECT_EQ(config->detector.min_count, 20);
  EXPECT_DOUBLE_EQ(config->detector.fire_probability, 1e-7);
  EXPECT_DOUBLE_EQ(config->detector.resolve_probability, 0.05);
  EXPECT_FALSE(config->per_topic);
}

TEST(SpikeConfigTest, BadValuesNameFieldAndExpectation) {
  absl::StatusOr<SpikeConfig> config = ParseSpikeConfig(YAML::Load("{bucket_seconds: -5}"));
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().message(),
            "spike.bucket_seconds: expected an integer in [1, 3600], got -5");
  config = ParseSpikeConfig(YAML::Load("{fire_probability: 2}"));
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("spike.fire_probability"), std::string::npos);
  config = ParseSpikeConfig(YAML::Load("{per_topic: maybe}"));
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("spike.per_topic: expected true or false"),
            std::string::npos);
  config = ParseSpikeConfig(YAML::Load("{bucket_secs: 60}"));
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("spike.bucket_secs: unknown field"), std::string::npos);
  config = ParseSpikeConfig(YAML::Load("{fire_probability: 0.01, resolve_probability: 0.001}"));
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("spike.resolve_probability"), std::string::npos);
}

}  // namespace
}  // namespace stormwatch::spike
