// RocksDbStateStore behaves like MemoryStateStore (the operators' contract) and keeps
// its contents across a reopen once committed.
#include "pipeline/state/rocksdb_state_store.h"

#include <filesystem>

#include "gtest/gtest.h"
#include "pipeline/state/memory_state_store.h"

namespace stormwatch {
namespace {

class RocksDbStateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("rocksdb_state_store_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    db_ = *TaskStateDb::Open(dir_.string(), resources_);
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  StateDbResources resources_{8 << 20, 8 << 20};
  std::unique_ptr<TaskStateDb> db_;
};

TEST_F(RocksDbStateStoreTest, KeyValueStoresAreSeparatedByOperatorAndName) {
  RocksDbStateStore first(*db_, "o0/");
  RocksDbStateStore second(*db_, "o1/");
  first.KeyValue("a").Put("brand", "1");
  first.KeyValue("b").Put("brand", "2");
  second.KeyValue("a").Put("brand", "3");
  std::string value;
  ASSERT_TRUE(first.KeyValue("a").Get("brand", &value));
  EXPECT_EQ(value, "1");
  ASSERT_TRUE(second.KeyValue("a").Get("brand", &value));
  EXPECT_EQ(value, "3");
  std::vector<std::string> keys;
  first.KeyValue("a").ForEach([&](std::string_view k, std::string_view) { keys.emplace_back(k); });
  EXPECT_EQ(keys, std::vector<std::string>{"brand"});
}

TEST_F(RocksDbStateStoreTest, BucketedCountersMatchTheMemoryStore) {
  RocksDbStateStore rocks(*db_, "o0/");
  MemoryStateStore memory;
  BucketedCounterState& r = rocks.BucketedCounters("volume", 60'000, 10 * 60'000);
  BucketedCounterState& m = memory.BucketedCounters("volume", 60'000, 10 * 60'000);
  const int64_t base = 1'700'000'000'000;
  for (int i = 0; i < 300; ++i) {
    const int64_t t = base + i * 7'000;
    const std::string key = i % 3 == 0 ? "acme" : "globex";
    r.Add(key, t, 1);
    m.Add(key, t, 1);
    if (i % 50 == 0) {
      ASSERT_TRUE(db_->Commit({}).ok());
    }
  }
  for (const char* key : {"acme", "globex"}) {
    for (int64_t from = base; from < base + 300 * 7'000; from += 90'000) {
      EXPECT_EQ(r.Sum(key, from, from + 180'000), m.Sum(key, from, from + 180'000))
          << key << " " << from;
    }
  }
  // Retention dropped the oldest buckets in both.
  EXPECT_EQ(r.Sum("acme", base, base + 60'000), 0);
  EXPECT_EQ(m.Sum("acme", base, base + 60'000), 0);
}

TEST_F(RocksDbStateStoreTest, CommittedStateSurvivesReopen) {
  {
    RocksDbStateStore store(*db_, "o0/");
    store.KeyValue("counts").Put("acme", "41");
    store.BucketedCounters("v", 1000, 0).Add("acme", 5'500, 2);
    ASSERT_TRUE(db_->Commit({}).ok());
  }
  db_.reset();
  db_ = *TaskStateDb::Open(dir_.string(), resources_);
  RocksDbStateStore store(*db_, "o0/");
  std::string value;
  ASSERT_TRUE(store.KeyValue("counts").Get("acme", &value));
  EXPECT_EQ(value, "41");
  EXPECT_EQ(store.BucketedCounters("v", 1000, 0).Sum("acme", 5'000, 6'000), 2);
}

}  // namespace
}  // namespace stormwatch
