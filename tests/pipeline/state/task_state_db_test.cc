// TaskStateDb: write-back buffer, atomic commit, range deletes, restore from changes.
#include "pipeline/state/task_state_db.h"

#include <filesystem>
#include <set>

#include "gtest/gtest.h"

namespace stormwatch {
namespace {

class TaskStateDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("task_state_db_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::unique_ptr<TaskStateDb> Open() {
    auto db = TaskStateDb::Open(dir_.string(), resources_);
    EXPECT_TRUE(db.ok()) << db.status();
    return *std::move(db);
  }
  std::filesystem::path dir_;
  StateDbResources resources_{8 << 20, 8 << 20};
};

TEST_F(TaskStateDbTest, PendingWritesAreVisibleButDurableOnlyAfterCommit) {
  std::string value;
  {
    auto db = Open();
    db->Put("a", "1");
    EXPECT_TRUE(db->Get("a", &value));
    EXPECT_EQ(value, "1");
    ASSERT_TRUE(db->Commit({{"l/x", "local"}}).ok());
    db->Put("b", "2");  // never committed
  }
  auto db = Open();
  EXPECT_TRUE(db->Get("a", &value));
  EXPECT_EQ(value, "1");
  EXPECT_TRUE(db->Get("l/x", &value));
  EXPECT_FALSE(db->Get("b", &value));
}

TEST_F(TaskStateDbTest, DeleteRangeDropsCommittedAndPendingKeys) {
  auto db = Open();
  db->Put("b/1", "x");
  db->Put("b/2", "x");
  ASSERT_TRUE(db->Commit({}).ok());
  db->Put("b/3", "x");
  db->DeleteRange("b/", "b/3");
  db->Put("b/0", "new");  // after the range delete: survives
  std::string value;
  EXPECT_FALSE(db->Get("b/1", &value));
  EXPECT_TRUE(db->Get("b/0", &value));
  EXPECT_TRUE(db->Get("b/3", &value));
  std::vector<StateChange> changes = db->PendingChanges();
  ASSERT_FALSE(changes.empty());
  EXPECT_TRUE(changes.front().range_end.has_value());
  ASSERT_TRUE(db->Commit({}).ok());
  EXPECT_FALSE(db->Get("b/2", &value));
  EXPECT_TRUE(db->Get("b/0", &value));
  EXPECT_EQ(value, "new");
}

TEST_F(TaskStateDbTest, ForEachMergesPendingAndCommittedInKeyOrder) {
  auto db = Open();
  db->Put("p/a", "1");
  db->Put("p/c", "3");
  ASSERT_TRUE(db->Commit({}).ok());
  db->Put("p/b", "2");
  db->Delete("p/c");
  db->Put("q/a", "other");
  std::vector<std::string> seen;
  db->ForEachWithPrefix("p/", [&](std::string_view k, std::string_view v) {
    seen.push_back(std::string(k) + "=" + std::string(v));
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"p/a=1", "p/b=2"}));
}

TEST_F(TaskStateDbTest, ApplyReplaysChangelogChanges) {
  auto db = Open();
  db->Put("k3", "old");
  ASSERT_TRUE(db->Commit({}).ok());
  std::vector<StateChange> changes = {{"k1", "v1", std::nullopt},
                                      {"k3", std::nullopt, std::nullopt},
                                      {"r/", std::nullopt, std::string("r/5")}};
  db->Put("r/1", "x");
  ASSERT_TRUE(db->Commit({}).ok());
  ASSERT_TRUE(db->Apply(changes, {{"l/offset", "7"}}).ok());
  std::string value;
  EXPECT_TRUE(db->Get("k1", &value));
  EXPECT_FALSE(db->Get("k3", &value));
  EXPECT_FALSE(db->Get("r/1", &value));
  EXPECT_TRUE(db->Get("l/offset", &value));
  EXPECT_EQ(value, "7");
}

// The restore staging: 12,000 changes (more than one internal WriteBatch) with binary
// keys, empty values, deletes and a range delete come back in order; applied in slices;
// a staging cut short is dropped on reopen, with the prefix it applied kept.
std::string BinaryKey(int i) { return std::string("s/\0bin/", 7) + std::to_string(i); }

std::vector<StateChange> StagedCheckpoint() {
  std::vector<StateChange> changes;
  changes.push_back({"s/gone/a", "1", std::nullopt});
  changes.push_back({"s/gone/", std::nullopt, "s/gone0"});  // range delete of s/gone/*
  for (int i = 0; i < 12'000; ++i) {
    changes.push_back({BinaryKey(i % 3000), std::to_string(i), std::nullopt});
  }
  changes.push_back({"s/empty", "", std::nullopt});
  changes.push_back({"s/deleted", "x", std::nullopt});
  changes.push_back({"s/deleted", std::nullopt, std::nullopt});
  return changes;
}

TEST_F(TaskStateDbTest, StagedChangesApplyInOrderAcrossSlices) {
  auto db = Open();
  db->Put("s/gone/old", "1");
  ASSERT_TRUE(db->Commit({}).ok());
  const std::vector<StateChange> changes = StagedCheckpoint();
  ASSERT_TRUE(db->Stage({changes.begin(), changes.begin() + 5000}).ok());
  ASSERT_TRUE(db->Stage({changes.begin() + 5000, changes.end()}).ok());
  int slices = 0;
  for (bool done = false; !done; ++slices) {
    absl::StatusOr<bool> applied = db->ApplyStaged(2500);
    ASSERT_TRUE(applied.ok()) << applied.status();
    done = *applied;
  }
  EXPECT_EQ(slices, 5);  // 12,005 changes in slices of 2,500
  ASSERT_TRUE(db->Apply({{"s/tail", "t", std::nullopt}}, {{"l/pos", "9"}}).ok());
  std::string value;
  EXPECT_FALSE(db->Get("s/gone/a", &value));
  EXPECT_FALSE(db->Get("s/gone/old", &value));
  EXPECT_TRUE(db->Get(BinaryKey(2999), &value));
  EXPECT_EQ(value, "11999");  // the last of the four writes of this key
  EXPECT_TRUE(db->Get("s/empty", &value));
  EXPECT_EQ(value, "");
  EXPECT_FALSE(db->Get("s/deleted", &value));
  EXPECT_TRUE(db->Get("s/tail", &value));
  int staged = 0;
  db->ForEachWithPrefix("l/restore/", [&](std::string_view, std::string_view) { ++staged; });
  EXPECT_EQ(staged, 0);
}

TEST_F(TaskStateDbTest, StagingCutShortIsDroppedOnReopenAndDiscardReportsKeys) {
  const std::vector<StateChange> changes = StagedCheckpoint();
  {
    auto db = Open();
    ASSERT_TRUE(db->Stage(changes).ok());
    absl::StatusOr<bool> applied = db->ApplyStaged(3);  // then killed
    ASSERT_TRUE(applied.ok());
    EXPECT_FALSE(*applied);
  }
  auto db = Open();
  std::string value;
  EXPECT_FALSE(db->Get("s/gone/a", &value));  // the applied prefix stays (put, range
  EXPECT_TRUE(db->Get(BinaryKey(0), &value));  // delete, first binary key) ...
  EXPECT_EQ(value, "0");
  EXPECT_FALSE(db->Get(BinaryKey(1), &value));
  int staged = 0;
  db->ForEachWithPrefix("l/restore/", [&](std::string_view, std::string_view) { ++staged; });
  EXPECT_EQ(staged, 0);  // ... the rest of the staging is gone
  ASSERT_TRUE(db->Stage({{"s/x", "1", std::nullopt}, {"s/y", std::nullopt, std::nullopt}}).ok());
  absl::StatusOr<std::set<std::string>> keys = db->DiscardStaged();
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(*keys, (std::set<std::string>{"s/x", "s/y"}));
  EXPECT_FALSE(db->Get("s/x", &value));
  absl::StatusOr<bool> nothing = db->ApplyStaged(10);
  ASSERT_TRUE(nothing.ok());
  EXPECT_TRUE(*nothing);
}

TEST(OrderedInt64Test, SortsLikeNumbers) {
  EXPECT_LT(EncodeOrderedInt64(-5), EncodeOrderedInt64(3));
  EXPECT_LT(EncodeOrderedInt64(3), EncodeOrderedInt64(1'700'000'000'000));
  EXPECT_EQ(DecodeOrderedInt64(EncodeOrderedInt64(-42)), -42);
  EXPECT_EQ(DecodeOrderedInt64(EncodeOrderedInt64(INT64_MIN)), INT64_MIN);
}

}  // namespace
}  // namespace stormwatch
