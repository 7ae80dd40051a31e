// Dedup store: claims, commit, release, persistence across reopen (RocksDB).
#include "pipeline/ingest/dedup/dedup_store.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace stormwatch {
namespace {

TEST(DedupStoreTest, InFlightAndDeliveredAreDuplicates) {
  auto store = *DedupStore::Open("", 3600);
  EXPECT_TRUE(store->TryClaim("a"));
  EXPECT_FALSE(store->TryClaim("a"));  // in flight
  store->Commit({"a"});
  EXPECT_FALSE(store->TryClaim("a"));  // delivered
  EXPECT_TRUE(store->TryClaim("b"));
  store->Release({"b"});               // delivery failed: a retry is accepted
  EXPECT_TRUE(store->TryClaim("b"));
}

TEST(DedupStoreTest, RocksDbSurvivesReopen) {
  const std::string dir = std::filesystem::temp_directory_path() /
                          ("stormwatch-dedup-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    auto store = DedupStore::Open(dir, 3600);
    ASSERT_TRUE(store.ok()) << store.status();
    EXPECT_TRUE((*store)->TryClaim("m|x|b|1"));
    (*store)->Commit({"m|x|b|1"});
  }
  {
    auto store = DedupStore::Open(dir, 3600);
    ASSERT_TRUE(store.ok()) << store.status();
    EXPECT_FALSE((*store)->TryClaim("m|x|b|1"));
    EXPECT_TRUE((*store)->TryClaim("m|x|b|2"));
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace stormwatch
