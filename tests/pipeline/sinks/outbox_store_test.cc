// The RocksDB outbox: staged deliveries become visible only after Commit, survive a
// reopen in order, and are gone once removed; incident state rides in the same batch.
#include "pipeline/sinks/outbox/outbox_store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/pipeline/sinks/dispatcher_harness.h"

namespace stormwatch {
namespace {

Notification MakeNotification(const std::string& id) {
  Notification n;
  n.incident_id = id;
  n.alert.set_id(id);
  return n;
}

TEST(OutboxStoreTest, CommitMakesDeliveriesAndStateDurableInOrder) {
  const std::string dir = testing::MakeTempDir("outbox-store");
  {
    auto store = OutboxStore::Open(dir);
    ASSERT_TRUE(store.ok()) << store.status();
    const uint64_t group = (*store)->NewGroup();
    (*store)->Stage("pagerduty", MakeNotification("a"), group, 1000);
    (*store)->Stage("slack", MakeNotification("a"), group, 1000);
    (*store)->Stage("pagerduty", MakeNotification("b"), 0, 1001);
    (*store)->incidents().Put("incident/a", "{}");
    EXPECT_TRUE((*store)->Load("pagerduty", 0, 10).empty());  // not yet committed
    std::string value;
    EXPECT_TRUE((*store)->incidents().Get("incident/a", &value));  // read your writes
    ASSERT_TRUE((*store)->Commit().ok());
    EXPECT_EQ((*store)->Load("pagerduty", 0, 10).size(), 2u);
  }
  auto store = OutboxStore::Open(dir);
  ASSERT_TRUE(store.ok());
  auto pending = (*store)->Load("pagerduty", 0, 10);
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0].notification.incident_id, "a");
  EXPECT_EQ(pending[1].notification.incident_id, "b");
  EXPECT_LT(pending[0].seq, pending[1].seq);
  EXPECT_EQ((*store)->Load("pagerduty", pending[0].seq, 10).size(), 1u);
  pending[0].attempts = 3;
  pending[0].next_attempt_ms = 5000;
  ASSERT_TRUE((*store)->Update(pending[0]).ok());
  EXPECT_EQ((*store)->Load("pagerduty", 0, 1)[0].attempts, 3);
  ASSERT_TRUE((*store)->Remove(pending[0]).ok());
  EXPECT_EQ((*store)->CountPending("pagerduty"), 1);
  EXPECT_EQ((*store)->CountPending("slack"), 1);
  EXPECT_EQ((*store)->PendingGroups().size(), 2u);
  // New seqs never reuse old ones.
  EXPECT_GT((*store)->Stage("slack", MakeNotification("c"), 0, 2000), pending[1].seq);
  std::string value;
  EXPECT_TRUE((*store)->incidents().Get("incident/a", &value));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace stormwatch
