// The explicit operator registry and chain configuration.
#include "operators/registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace stormwatch {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

class NoopOperator final : public Operator {
 public:
  void Process(v1::Event&, int64_t, OperatorContext&) override {}
};

class NoopFactory final : public OperatorFactory {
 public:
  std::string_view name() const override { return "noop"; }
  absl::StatusOr<OperatorInstanceFactory> Configure(const YAML::Node& config) const override {
    if (config && config["fail"]) return absl::InvalidArgumentError("noop.fail: expected nothing");
    return OperatorInstanceFactory([] { return std::make_unique<NoopOperator>(); });
  }
};

TEST(OperatorRegistryTest, BuiltinsAreRegistered) {
  OperatorRegistry registry;
  RegisterBuiltins(registry);
  EXPECT_THAT(registry.Names(), Contains("volume_threshold"));
  EXPECT_NE(registry.Find("volume_threshold"), nullptr);
  EXPECT_EQ(registry.Find("nope"), nullptr);
}

TEST(OperatorRegistryTest, DuplicateNameIsRejected) {
  OperatorRegistry registry;
  ASSERT_TRUE(registry.Register(std::make_unique<NoopFactory>()).ok());
  absl::Status again = registry.Register(std::make_unique<NoopFactory>());
  EXPECT_EQ(again.code(), absl::StatusCode::kAlreadyExists);
}

TEST(OperatorRegistryTest, ConfigureChainKeepsOrderAndMakesFreshInstances) {
  OperatorRegistry registry;
  RegisterBuiltins(registry);
  ASSERT_TRUE(registry.Register(std::make_unique<NoopFactory>()).ok());
  absl::StatusOr<ChainTemplate> chain =
      ConfigureChain(registry, {{"noop", YAML::Node()}, {"volume_threshold", YAML::Node()}});
  ASSERT_TRUE(chain.ok()) << chain.status();
  EXPECT_THAT(chain->names(), ::testing::ElementsAre("noop", "volume_threshold"));
  std::vector<NamedOperator> first = chain->Instantiate();
  std::vector<NamedOperator> second = chain->Instantiate();
  ASSERT_EQ(first.size(), 2u);
  EXPECT_NE(first[0].op.get(), second[0].op.get());
}

TEST(OperatorRegistryTest, ConfigureChainNamesTheBadEntry) {
  OperatorRegistry registry;
  RegisterBuiltins(registry);
  ASSERT_TRUE(registry.Register(std::make_unique<NoopFactory>()).ok());
  absl::StatusOr<ChainTemplate> unknown = ConfigureChain(registry, {{"spikes", YAML::Node()}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(std::string(unknown.status().message()),
              HasSubstr("operators[0].name: unknown operator 'spikes', expected one of"));
  YAML::Node bad = YAML::Load("{fail: true}");
  absl::StatusOr<ChainTemplate> failing =
      ConfigureChain(registry, {{"volume_threshold", YAML::Node()}, {"noop", bad}});
  ASSERT_FALSE(failing.ok());
  EXPECT_THAT(std::string(failing.status().message()), HasSubstr("operators[1] (noop): noop.fail"));
  EXPECT_FALSE(ConfigureChain(registry, {}).ok());
}

}  // namespace
}  // namespace stormwatch
