// Changelog writer and the sliced restore (pipeline/runtime/changelog.h) on the embedded
// broker and real RocksDB: a restore read in small slices, or cut short and begun again
// from the position it stored, ends with the same state as one read in a single go.
#include "pipeline/runtime/changelog.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <map>
#include <set>

#include "gtest/gtest.h"
#include "pipeline/core/strings.h"
#include "pipeline/core/time_util.h"
#include "pipeline/kafka/embedded_cluster.h"

namespace stormwatch {
namespace {

constexpr char kTopic[] = "test-changelog";
constexpr char kPositionKey[] = "l/position";
constexpr int kCheckpoints = 40;
constexpr int kChangesPerCheckpoint = 50;
constexpr int64_t kAll = std::numeric_limits<int64_t>::max();

class ChangelogRestoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = EmbeddedKafkaCluster::Create(1, {{kTopic, 2}});
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = *std::move(cluster);
    const KafkaClientOptions options{.brokers = cluster_->bootstrap_servers(),
                                     .client_id = "changelog-test"};
    auto writer = ChangelogWriter::Create(options);
    ASSERT_TRUE(writer.ok()) << writer.status();
    writer_ = *std::move(writer);
    auto reader = ChangelogReader::Create(options);
    ASSERT_TRUE(reader.ok()) << reader.status();
    reader_ = *std::move(reader);
    dir_ = std::filesystem::temp_directory_path() /
           StrCat("changelog_test_", ::getpid(), "_",
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    reader_.reset();
    targets_.clear();
    std::filesystem::remove_all(dir_);
  }

  // kCheckpoints checkpoints on `partition`: puts, overwrites, deletes, a range delete
  // first in the last one, and a key written first and last in each (so the order of
  // applying matters); then `trailing` changes no commit marker closes (a crashed writer).
  void WriteChangelog(int partition, int trailing) {
    const std::string same = StrCat("k/", partition, "/same");
    for (int c = 0; c < kCheckpoints; ++c) {
      if (c == kCheckpoints - 1) {
        Append(partition, {StrCat("k/", partition, "/100"), std::nullopt,
                           StrCat("k/", partition, "/110")});
      }
      Append(partition, {same, StrCat("first of ", c), std::nullopt});
      for (int i = 0; i < kChangesPerCheckpoint; ++i) {
        const int key = (c * 7 + i) % 120;
        StateChange change{StrCat("k/", partition, "/", key), StrCat("v", c, ".", i),
                           std::nullopt};
        if (i % 11 == 10) change.value.reset();  // a delete
        Append(partition, change);
      }
      Append(partition, {same, StrCat("last of ", c), std::nullopt});
      ASSERT_TRUE(writer_->AppendCommit(kTopic, partition, c).ok());
    }
    for (int i = 0; i < trailing; ++i) {
      Append(partition, {StrCat("k/", partition, "/crashed", i), "half", std::nullopt});
    }
    ASSERT_TRUE(writer_->Flush(10'000).ok());
  }
  void Append(int partition, const StateChange& change) {
    ASSERT_TRUE(writer_->Append(kTopic, partition, change).ok());
  }

  std::unique_ptr<TaskStateDb> OpenDb(const std::string& name) {
    auto db = TaskStateDb::Open((dir_ / name).string(), resources_);
    EXPECT_TRUE(db.ok()) << db.status();
    return *std::move(db);
  }
  // Restores into `db` (a target per db, kept for the test's lifetime); checkpoints over
  // `memory_changes` go through the db's staging.
  std::unique_ptr<ChangelogRestore> Begin(TaskStateDb& db, int partition, int64_t from,
                                          size_t memory_changes = kDefaultRestoreMemoryChanges) {
    targets_.push_back(std::make_unique<TaskDbRestoreTarget>(db, kPositionKey));
    auto restore = reader_->BeginRestore(kTopic, partition, from, *targets_.back(),
                                         memory_changes);
    EXPECT_TRUE(restore.ok()) << restore.status();
    return *std::move(restore);
  }
  // Continues until done; returns how many calls it took.
  static int Finish(ChangelogRestore& restore, int64_t slice) {
    int calls = 0;
    while (true) {
      ++calls;
      absl::StatusOr<bool> done = restore.Continue(slice, 100);
      EXPECT_TRUE(done.ok()) << done.status();
      if (!done.ok() || *done) return calls;
    }
  }
  static std::map<std::string, std::string> Contents(TaskStateDb& db) {
    std::map<std::string, std::string> contents;
    db.ForEachWithPrefix("k/", [&](std::string_view key, std::string_view value) {
      contents.emplace(key, value);
    });
    return contents;
  }

  std::unique_ptr<EmbeddedKafkaCluster> cluster_;
  std::unique_ptr<ChangelogWriter> writer_;
  std::unique_ptr<ChangelogReader> reader_;
  std::vector<std::unique_ptr<TaskDbRestoreTarget>> targets_;
  std::filesystem::path dir_;
  StateDbResources resources_{8 << 20, 8 << 20};
};

TEST_F(ChangelogRestoreTest, SmallSlicesRestoreWhatOneGoRestores) {
  WriteChangelog(0, 3);
  auto whole_db = OpenDb("whole");
  auto whole = Begin(*whole_db, 0, 0);
  EXPECT_EQ(Finish(*whole, kAll), 1);
  auto sliced_db = OpenDb("sliced");
  auto sliced = Begin(*sliced_db, 0, 0);
  EXPECT_GT(Finish(*sliced, 37), 50);

  const RestoreResult& a = whole->result();
  const RestoreResult& b = sliced->result();
  EXPECT_EQ(a.checkpoints, kCheckpoints);
  EXPECT_EQ(a.records, kCheckpoints * (kChangesPerCheckpoint + 3) + 1 + 3);
  EXPECT_EQ(a.next_offset, a.records - 3);  // after the last commit marker
  EXPECT_EQ(a.uncommitted_keys,
            (std::set<std::string>{"k/0/crashed0", "k/0/crashed1", "k/0/crashed2"}));
  EXPECT_EQ(b.records, a.records);
  EXPECT_EQ(b.checkpoints, a.checkpoints);
  EXPECT_EQ(b.next_offset, a.next_offset);
  EXPECT_EQ(b.uncommitted_keys, a.uncommitted_keys);
  EXPECT_EQ(sliced->records_read(), sliced->records_total());

  const auto contents = Contents(*whole_db);
  EXPECT_EQ(Contents(*sliced_db), contents);
  EXPECT_FALSE(contents.contains("k/0/crashed0"));  // never committed
  EXPECT_FALSE(contents.contains("k/0/105"));       // range-deleted
  EXPECT_TRUE(contents.contains("k/0/110"));        // the range's end is exclusive
  EXPECT_FALSE(contents.contains("k/0/43"));        // deleted
  EXPECT_EQ(contents.at("k/0/38"), "v39.5");        // the last checkpoint's value
  EXPECT_EQ(contents.at("k/0/same"), "last of 39");
}

TEST_F(ChangelogRestoreTest, RestoreCutShortGoesOnFromItsStoredPosition) {
  WriteChangelog(0, 0);
  auto whole_db = OpenDb("whole");
  Finish(*Begin(*whole_db, 0, 0), kAll);

  auto db = OpenDb("cut");
  {
    auto restore = Begin(*db, 0, 0);
    while (restore->result().checkpoints < kCheckpoints / 3) {
      ASSERT_TRUE(restore->Continue(25, 100).ok());
    }
  }  // revoked mid-way: the restore is dropped
  std::string bytes;
  ASSERT_TRUE(db->Get(kPositionKey, &bytes));
  const int64_t position = DecodeOrderedInt64(bytes);
  EXPECT_GT(position, 0);
  auto again = Begin(*db, 0, position);
  Finish(*again, 64);
  EXPECT_LT(again->records_total(), again->result().next_offset);  // read only the rest
  EXPECT_EQ(again->result().checkpoints, kCheckpoints - kCheckpoints / 3);
  EXPECT_EQ(Contents(*db), Contents(*whole_db));
}

TEST_F(ChangelogRestoreTest, NothingAfterTheLocalCopyIsDoneAtOnce) {
  WriteChangelog(0, 0);
  auto db = OpenDb("db");
  auto full = Begin(*db, 0, 0);
  Finish(*full, kAll);
  auto nothing_left = Begin(*db, 0, full->result().next_offset);
  absl::StatusOr<bool> done = nothing_left->Continue(0, 0);
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_TRUE(*done);
  EXPECT_EQ(nothing_left->result().records, 0);
  EXPECT_EQ(nothing_left->result().next_offset, full->result().next_offset);
  EXPECT_EQ(nothing_left->records_total(), 0);
}

TEST_F(ChangelogRestoreTest, TwoPartitionsRestoreInterleavedOnOneReader) {
  WriteChangelog(0, 0);
  WriteChangelog(1, 2);
  auto db0 = OpenDb("p0");
  auto db1 = OpenDb("p1");
  auto r0 = Begin(*db0, 0, 0);
  auto r1 = Begin(*db1, 1, 0);
  bool done0 = false, done1 = false;
  while (!done0 || !done1) {
    if (!done0) {
      absl::StatusOr<bool> d = r0->Continue(40, 100);
      ASSERT_TRUE(d.ok()) << d.status();
      done0 = *d;
    }
    if (!done1) {
      absl::StatusOr<bool> d = r1->Continue(40, 100);
      ASSERT_TRUE(d.ok()) << d.status();
      done1 = *d;
    }
  }
  EXPECT_EQ(r0->result().checkpoints, kCheckpoints);
  EXPECT_EQ(r1->result().checkpoints, kCheckpoints);
  EXPECT_EQ(r1->result().uncommitted_keys.size(), 2u);
  const auto c0 = Contents(*db0);
  const auto c1 = Contents(*db1);
  ASSERT_FALSE(c0.empty());
  for (const auto& [key, value] : c0) EXPECT_TRUE(key.starts_with("k/0/")) << key;
  for (const auto& [key, value] : c1) EXPECT_TRUE(key.starts_with("k/1/")) << key;
  EXPECT_EQ(c0.size(), c1.size());
}

// A checkpoint larger than the restore's memory (as a compacted changelog's cleaned part,
// which keeps one commit marker) goes through the db's staging, with the same result; a
// staged checkpoint that never completed is dropped and its keys reported.
TEST_F(ChangelogRestoreTest, CheckpointsBeyondMemoryAreStagedOnDisk) {
  WriteChangelog(0, 30);
  auto whole_db = OpenDb("whole");
  auto whole = Begin(*whole_db, 0, 0);
  Finish(*whole, kAll);
  auto staged_db = OpenDb("staged");
  auto staged = Begin(*staged_db, 0, 0, /*memory_changes=*/7);
  int most_staged = 0;
  for (bool done = false; !done;) {
    absl::StatusOr<bool> d = staged->Continue(23, 100);
    ASSERT_TRUE(d.ok()) << d.status();
    done = *d;
    int now = 0;
    staged_db->ForEachWithPrefix("l/restore/", [&](std::string_view, std::string_view) { ++now; });
    most_staged = std::max(most_staged, now);
  }
  EXPECT_GE(most_staged, 7);  // checkpoints (53 changes) went through the staging
  EXPECT_EQ(staged->result().checkpoints, kCheckpoints);
  EXPECT_EQ(staged->result().next_offset, whole->result().next_offset);
  EXPECT_EQ(staged->result().uncommitted_keys.size(), 30u);  // 28 of them were staged
  EXPECT_EQ(staged->result().uncommitted_keys, whole->result().uncommitted_keys);
  EXPECT_EQ(Contents(*staged_db), Contents(*whole_db));
  EXPECT_EQ(Contents(*staged_db).at("k/0/same"), "last of 39");  // staged first, applied first
  EXPECT_FALSE(Contents(*staged_db).contains("k/0/105"));  // a staged range delete
  std::set<std::string> leftovers;
  staged_db->ForEachWithPrefix("l/restore/", [&](std::string_view key, std::string_view) {
    leftovers.emplace(key);
  });
  EXPECT_TRUE(leftovers.empty());
}

// Cut short with changes staged: reopening the db drops the staging, and the restore from
// the stored position ends as a single read does.
TEST_F(ChangelogRestoreTest, StagingLeftByARestoreCutShortIsDroppedOnOpen) {
  WriteChangelog(0, 0);
  auto whole_db = OpenDb("whole");
  Finish(*Begin(*whole_db, 0, 0), kAll);
  int64_t position = 0;
  {
    auto db = OpenDb("cut");
    auto restore = Begin(*db, 0, 0, /*memory_changes=*/10);
    while (restore->result().checkpoints < 5) ASSERT_TRUE(restore->Continue(1, 100).ok());
    ASSERT_TRUE(restore->Continue(30, 100).ok());  // into the next checkpoint: staged
    int staged = 0;
    db->ForEachWithPrefix("l/restore/", [&](std::string_view, std::string_view) { ++staged; });
    EXPECT_GT(staged, 0);
    std::string bytes;
    ASSERT_TRUE(db->Get(kPositionKey, &bytes));
    position = DecodeOrderedInt64(bytes);
  }  // revoked (or killed): restore and db closed with the staging on disk
  targets_.clear();
  auto db = OpenDb("cut");
  int staged = 0;
  db->ForEachWithPrefix("l/restore/", [&](std::string_view, std::string_view) { ++staged; });
  EXPECT_EQ(staged, 0);
  Finish(*Begin(*db, 0, position, /*memory_changes=*/10), 17);
  EXPECT_EQ(Contents(*db), Contents(*whole_db));
}

}  // namespace
}  // namespace stormwatch
