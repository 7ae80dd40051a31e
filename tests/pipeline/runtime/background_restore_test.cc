// The operate role restores moved task state between polls, not inside the rebalance
// callback: on a new instance whose changelog partition 0 sits on a slow broker (the
// restore takes longer than max.poll.interval.ms), partition 1 is processed while
// partition 0 still restores, the member stays in the group, and the state ends complete.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "pipeline/cli/role_runner.h"
#include "pipeline/core/strings.h"
#include "pipeline/ingest/event_publisher.h"
#include "pipeline/kafka/embedded_cluster.h"
#include "pipeline/kafka/producer.h"
#include "pipeline/runtime/runtime_metrics.h"
#include "tests/testutil/child_process.h"
#include "tests/testutil/test_operator_context.h"

namespace stormwatch {
namespace {

using testing::MakeMention;
using testing::WaitFor;

constexpr int64_t kT0 = 1795766400000;
constexpr int kFirstBrands = 6000;  // state to restore (one key per brand)
constexpr int kChunk = 120;         // ~60 per partition: above checkpoint_records
constexpr int kLaterBrands = 400;   // published while the new instance restores
constexpr int kSlowBrokerRttMs = 250;

class BackgroundRestoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir("sw-bgrestore-");
    const std::vector<TopicSpec> topics = StormwatchTopics(DefaultPipelineConfig(), 2);
    auto cluster = EmbeddedKafkaCluster::Create(2, topics);
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = *std::move(cluster);
    // Everything on broker 1; broker 2 will lead the changelog's partition 0 only.
    for (const TopicSpec& topic : topics) {
      for (int p = 0; p < topic.partitions; ++p) {
        ASSERT_TRUE(cluster_->SetPartitionLeader(topic.name, p, 1).ok());
      }
    }
    config_ = DefaultPipelineConfig();
    ASSERT_TRUE(cluster_->SetGroupCoordinator(config_.kafka.group_id, 1).ok());
    changelog_ = config_.kafka.group_id + config_.runtime.changelog_suffix;
    config_.kafka.brokers = cluster_->bootstrap_servers();
    config_.kafka.embedded = true;  // short group timers; max.poll.interval.ms 8000
    // Small checkpoints and small fetches: the changelog is many small message sets, and
    // each fetch returns one, so the restore of partition 0 takes many round trips.
    config_.runtime.checkpoint_records = 50;
    config_.kafka.properties["fetch.message.max.bytes"] = "1024";
    config_.runtime.idle_advance_after_ms = 600'000;
    config_.http.listen = "";
    config_.operators = {{"brand_counter", YAML::Load("{}")}};
    auto producer = KafkaProducer::Create({.brokers = config_.kafka.brokers});
    ASSERT_TRUE(producer.ok()) << producer.status();
    producer_ = *std::move(producer);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void PublishBrands(const std::string& prefix, int count) {
    EventPublisher publisher(*producer_, config_.topics);
    for (int i = 0; i < count; ++i) {
      const std::string brand = StrCat(prefix, i);
      ASSERT_TRUE(publisher.Publish(MakeMention(brand, brand, kT0 + i)).ok());
    }
    ASSERT_TRUE(producer_->Flush(30'000).ok());
  }
  std::unique_ptr<RoleRunner> StartInstance(const std::string& name) {
    PipelineConfig config = config_;
    config.runtime.state_dir = dir_ + "/" + name;
    config.runtime.dump_state_path = dir_ + "/" + name + "-dump.jsonl";
    std::ostringstream console;
    auto runner = RoleRunner::Create(config, {.operate = true}, console);
    EXPECT_TRUE(runner.ok()) << runner.status();
    EXPECT_TRUE((*runner)->Start().ok());
    return *std::move(runner);
  }
  // Brands in an instance's state dump (written when it stops).
  std::set<std::string> DumpedBrands(const std::string& name) {
    std::set<std::string> brands;
    std::ifstream in(dir_ + "/" + name + "-dump.jsonl");
    std::string line;
    const std::string marker = "\"key\":\"";
    while (std::getline(in, line)) {
      if (line.find("\"operator\":\"brand_counter\"") == std::string::npos) continue;
      const size_t at = line.find(marker) + marker.size();
      brands.insert(line.substr(at, line.find('"', at) - at));
    }
    return brands;
  }

  std::string dir_;
  std::string changelog_;
  std::unique_ptr<EmbeddedKafkaCluster> cluster_;
  std::unique_ptr<KafkaProducer> producer_;
  PipelineConfig config_;
};

TEST_F(BackgroundRestoreTest, ReadyPartitionProcessesWhileAMovedStateRestores) {
  // Instance a builds the state in small chunks (one checkpoint each: many message sets
  // in the changelog), then stops.
  {
    std::unique_ptr<RoleRunner> a = StartInstance("a");
    for (int chunk = 0; chunk < kFirstBrands / kChunk; ++chunk) {
      PublishBrands(StrCat("first-", chunk, "-"), kChunk);
      ASSERT_TRUE(WaitFor([&] { return a->records_processed() == (chunk + 1) * kChunk; },
                          std::chrono::seconds(30)));
    }
    ASSERT_TRUE(a->StopAndJoin().ok());
  }
  ASSERT_EQ(DumpedBrands("a").size(), static_cast<size_t>(kFirstBrands));

  // A new instance with an empty disk; its changelog partition 0 is behind a slow broker.
  ASSERT_TRUE(cluster_->SetPartitionLeader(changelog_, 0, 2).ok());
  ASSERT_TRUE(cluster_->SetBrokerRoundTripMs(2, kSlowBrokerRttMs).ok());
  PublishBrands("later-", kLaterBrands);
  RuntimeMetrics& metrics = RuntimeMetrics::Get();
  std::unique_ptr<RoleRunner> b = StartInstance("b");
  // Partition 1 restores from the fast broker and goes on while partition 0 restores.
  ASSERT_TRUE(WaitFor(
      [&] { return b->records_processed() > 0 && metrics.restoring_partitions.Value() == 1; },
      std::chrono::seconds(60)))
      << "no record was processed while a restore ran";
  const auto seen_restoring = std::chrono::steady_clock::now();
  EXPECT_FALSE(b->ready());  // ready once every owned task is restored
  ASSERT_TRUE(WaitFor([&] { return metrics.restoring_partitions.Value() == 0; },
                      std::chrono::seconds(120)));
  // Longer than max.poll.interval.ms (8 s here): inside the rebalance callback the member
  // would have been dropped from the group and its partitions given away.
  EXPECT_GT(std::chrono::duration<double>(std::chrono::steady_clock::now() - seen_restoring)
                .count(),
            8.0);
  ASSERT_TRUE(WaitFor([&] { return b->records_processed() == kLaterBrands; },
                      std::chrono::seconds(60)));
  EXPECT_EQ(metrics.assigned_partitions.Value(), 2);
  EXPECT_TRUE(b->ready());
  ASSERT_TRUE(b->StopAndJoin().ok());
  EXPECT_EQ(b->records_processed(), kLaterBrands);  // nothing twice, nothing lost

  const std::set<std::string> brands = DumpedBrands("b");
  EXPECT_EQ(brands.size(), static_cast<size_t>(kFirstBrands + kLaterBrands));
  EXPECT_TRUE(brands.contains("first-0-0"));
  EXPECT_TRUE(brands.contains(StrCat("later-", kLaterBrands - 1)));
}

}  // namespace
}  // namespace stormwatch
