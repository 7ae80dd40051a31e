// Dedup store; see dedup_store.h.
#include "pipeline/ingest/dedup/dedup_store.h"

#include <chrono>
#include <filesystem>

#include "pipeline/core/strings.h"
#include "rocksdb/utilities/db_ttl.h"
#include "rocksdb/write_batch.h"

namespace stormwatch {
namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

absl::StatusOr<std::unique_ptr<DedupStore>> DedupStore::Open(const std::string& dir,
                                                             int64_t ttl_seconds) {
  std::unique_ptr<DedupStore> store(new DedupStore());
  store->ttl_ms_ = ttl_seconds * 1000;
  if (dir.empty()) return store;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return absl::InvalidArgumentError(
        StrCat("ingest.dedup.dir: cannot create '", dir, "': ", ec.message()));
  }
  rocksdb::Options options;
  options.create_if_missing = true;
  options.max_open_files = 256;
  rocksdb::DBWithTTL* db = nullptr;
  rocksdb::Status s =
      rocksdb::DBWithTTL::Open(options, dir, &db, static_cast<int32_t>(ttl_seconds));
  if (!s.ok()) {
    return absl::UnavailableError(StrCat("ingest.dedup.dir: cannot open RocksDB at '", dir,
                                         "': ", s.ToString()));
  }
  store->db_.reset(db);
  return store;
}

DedupStore::~DedupStore() = default;

bool DedupStore::Delivered(const std::string& key) {
  if (db_) {
    std::string value;
    // DBWithTTL drops expired entries at compaction, so an id may be remembered a little
    // longer than the TTL (never shorter).
    if (!db_->Get(rocksdb::ReadOptions(), key, &value).ok()) return false;
    return true;
  }
  auto it = memory_.find(key);
  return it != memory_.end() && it->second > NowMs();
}

bool DedupStore::TryClaim(const std::string& key) {
  absl::MutexLock lock(&mu_);
  if (in_flight_.contains(key) || Delivered(key)) return false;
  in_flight_.insert(key);
  return true;
}

void DedupStore::Commit(const std::vector<std::string>& keys) {
  if (keys.empty()) return;
  absl::MutexLock lock(&mu_);
  if (db_) {
    rocksdb::WriteBatch batch;
    for (const std::string& key : keys) batch.Put(key, "");
    (void)db_->Write(rocksdb::WriteOptions(), &batch);
  } else {
    const int64_t now = NowMs();
    for (const std::string& key : keys) memory_[key] = now + ttl_ms_;
    if (now >= next_sweep_ms_) {
      std::erase_if(memory_, [now](const auto& entry) { return entry.second <= now; });
      next_sweep_ms_ = now + 60'000;
    }
  }
  for (const std::string& key : keys) in_flight_.erase(key);
}

void DedupStore::Release(const std::vector<std::string>& keys) {
  absl::MutexLock lock(&mu_);
  for (const std::string& key : keys) in_flight_.erase(key);
}

}  // namespace stormwatch
