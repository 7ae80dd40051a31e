// Start-up checks of the operate role on its changelog topic (pipeline/runtime/
// operate_worker.cc): on the embedded broker, a changelog with fewer partitions than
// mentions.v1 stops start-up with one line naming the setting and what was expected; one
// with as many partitions starts. (A missing changelog cannot be shown here: the 2.0.2
// mock answers Metadata only up to v2, which creates any topic asked for, whatever the
// client's allow.auto.create.topics says.)
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "pipeline/cli/role_runner.h"
#include "pipeline/kafka/embedded_cluster.h"
#include "tests/testutil/child_process.h"
#include "tests/testutil/test_operator_context.h"

namespace stormwatch {
namespace {

class ChangelogTopicTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir("sw-changelog-topic-");
    config_ = DefaultPipelineConfig();
    config_.runtime.state_dir = dir_;
    config_.http.listen = "";
    config_.operators = {{"brand_counter", YAML::Load("{}")}};
    changelog_ = config_.kafka.group_id + config_.runtime.changelog_suffix;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // The embedded broker with the input topics at 4 partitions and the changelog at
  // `changelog_partitions`; then the operate role created on it.
  absl::Status CreateOperate(int changelog_partitions) {
    std::vector<TopicSpec> topics;
    for (const TopicSpec& topic : StormwatchTopics(config_, 4)) {
      if (topic.name != changelog_) topics.push_back(topic);
    }
    topics.push_back({changelog_, changelog_partitions});
    auto cluster = EmbeddedKafkaCluster::Create(1, topics);
    if (!cluster.ok()) return cluster.status();
    cluster_ = *std::move(cluster);
    config_.kafka.brokers = cluster_->bootstrap_servers();
    config_.kafka.embedded = true;
    std::ostringstream console;
    auto runner = RoleRunner::Create(config_, {.operate = true}, console);
    return runner.status();
  }

  std::string dir_;
  std::string changelog_;
  PipelineConfig config_;
  std::unique_ptr<EmbeddedKafkaCluster> cluster_;
};

TEST_F(ChangelogTopicTest, ChangelogWithFewerPartitionsThanTheInputsStopsStartUp) {
  const absl::Status status = CreateOperate(2);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(std::string(status.message()),
            "runtime.changelog_suffix: expected topic " + changelog_ +
                " to have at least as many partitions as mentions.v1 (4), got 2");
}

TEST_F(ChangelogTopicTest, ChangelogWithAsManyPartitionsStarts) {
  const absl::Status status = CreateOperate(4);
  EXPECT_TRUE(status.ok()) << status;
}

}  // namespace
}  // namespace stormwatch
