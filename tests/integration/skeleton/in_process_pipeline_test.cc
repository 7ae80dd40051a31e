// The whole data path inside one process: events published to the embedded broker,
// operate and the alert dispatcher running, the alert arriving at a JSONL sink; a
// malformed record goes to the dead-letter topic and the pipeline goes on.
#include <librdkafka/rdkafkacpp.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "pipeline/cli/role_runner.h"
#include "pipeline/core/event_codec.h"
#include "pipeline/ingest/event_publisher.h"
#include "pipeline/kafka/consumer.h"
#include "pipeline/kafka/embedded_cluster.h"
#include "tests/testutil/child_process.h"
#include "tests/testutil/test_operator_context.h"

namespace stormwatch {
namespace {

using testing::MakeMention;
using testing::ReadFile;
using testing::WaitFor;

constexpr int64_t kT0 = 1795766400000;

class InProcessPipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir("sw-inproc-");
    absl::StatusOr<std::unique_ptr<EmbeddedKafkaCluster>> cluster =
        EmbeddedKafkaCluster::Create(1, StormwatchTopics(DefaultPipelineConfig(), 2));
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = *std::move(cluster);
    config_ = DefaultPipelineConfig();
    config_.kafka.brokers = cluster_->bootstrap_servers();
    config_.kafka.embedded = true;  // short group timers
    config_.runtime.idle_advance_after_ms = 200;
    config_.runtime.state_dir = dir_ + "/state";
    config_.http.listen = "";
    config_.operators = {{"volume_threshold", YAML::Load("{window_seconds: 60, fire_count: 5}")}};
    config_.sinks = {SinkConfig{.type = "jsonl", .path = dir_ + "/alerts.jsonl"}};
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_;
  std::unique_ptr<EmbeddedKafkaCluster> cluster_;
  PipelineConfig config_;
};

TEST_F(InProcessPipelineTest, PublishedBurstRaisesAlertAtSinkAndBadRecordIsDeadLettered) {
  std::ostringstream console;
  absl::StatusOr<std::unique_ptr<RoleRunner>> runner =
      RoleRunner::Create(config_, {.operate = true, .alert = true}, console);
  ASSERT_TRUE(runner.ok()) << runner.status();
  ASSERT_TRUE((*runner)->Start().ok());

  absl::StatusOr<std::unique_ptr<KafkaProducer>> producer =
      KafkaProducer::Create({.brokers = config_.kafka.brokers});
  ASSERT_TRUE(producer.ok());
  EventPublisher publisher(**producer, config_.topics);
  ASSERT_TRUE((*producer)->Produce(config_.topics.mentions, "acme", "\x01garbage").ok());
  for (int i = 0; i < 8; ++i) {
    ASSERT_TRUE(publisher.Publish(MakeMention("acme", "m" + std::to_string(i), kT0 + i * 1000)).ok());
  }
  ASSERT_TRUE(publisher.Publish(MakeMention("quiet", "q1", kT0)).ok());
  ASSERT_TRUE((*producer)->Flush(10'000).ok());

  const std::string alerts_path = dir_ + "/alerts.jsonl";
  ASSERT_TRUE(WaitFor([&] { return !ReadFile(alerts_path).empty(); }, std::chrono::seconds(60)))
      << "no alert reached the JSONL sink";
  std::istringstream lines(ReadFile(alerts_path));
  std::string first_line;
  std::getline(lines, first_line);
  absl::StatusOr<v1::Alert> alert = ParseAlertJson(first_line);
  ASSERT_TRUE(alert.ok()) << first_line;
  EXPECT_EQ(alert->kind(), v1::SPIKE);
  EXPECT_EQ(alert->brand(), "acme");
  EXPECT_EQ(alert->state(), v1::FIRING);
  EXPECT_EQ(alert->evidence().values().at("count"), 5);
  EXPECT_GE((*runner)->records_processed(), 10);
  ASSERT_TRUE((*runner)->StopAndJoin().ok());

  // The garbage record is in the dead-letter topic with its reason.
  absl::StatusOr<std::unique_ptr<KafkaConsumer>> dlq = KafkaConsumer::Create(
      {.brokers = config_.kafka.brokers, .group_id = "dlq-reader", .embedded_broker = true},
      nullptr);
  ASSERT_TRUE(dlq.ok());
  ASSERT_TRUE((*dlq)->Subscribe({config_.topics.dead_letter}).ok());
  std::vector<std::unique_ptr<RdKafka::Message>> dead;
  WaitFor(
      [&] {
        for (auto& m : (*dlq)->ConsumeBatch(10, 200)) dead.push_back(std::move(m));
        return !dead.empty();
      },
      std::chrono::seconds(30));
  ASSERT_EQ(dead.size(), 1u);
  const RdKafka::Headers* headers = dead[0]->headers();
  ASSERT_NE(headers, nullptr);
  std::vector<RdKafka::Headers::Header> reason = headers->get("stormwatch-reason");
  ASSERT_EQ(reason.size(), 1u);
  EXPECT_THAT(std::string(static_cast<const char*>(reason[0].value()), reason[0].value_size()),
              ::testing::HasSubstr("not a binary stormwatch.v1.Event"));
  (*dlq)->Close();
}

}  // namespace
}  // namespace stormwatch
