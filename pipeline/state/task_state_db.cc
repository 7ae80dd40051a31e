// One RocksDB per task with a write-back buffer; see task_state_db.h.
#include "pipeline/state/task_state_db.h"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>
#include <rocksdb/write_buffer_manager.h>

#include "pipeline/core/strings.h"

namespace stormwatch {
namespace {

absl::Status ToStatus(const rocksdb::Status& status, std::string_view what) {
  if (status.ok()) return absl::OkStatus();
  return absl::UnavailableError(StrCat("rocksdb ", what, ": ", status.ToString()));
}

rocksdb::Slice ToSlice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

constexpr char kStagingBegin[] = "l/restore/";
constexpr char kStagingEnd[] = "l/restore0";  // '0' follows '/'
constexpr size_t kStagingBatch = 10'000;

// Staged change: kind byte (p put, d delete, r range delete), key length (8 bytes), key,
// then the value or the range end.
std::string EncodeChange(const StateChange& change) {
  const char kind = change.range_end ? 'r' : change.value ? 'p' : 'd';
  std::string out(1, kind);
  out += EncodeOrderedInt64(static_cast<int64_t>(change.key.size()));
  out += change.key;
  if (change.range_end) out += *change.range_end;
  if (kind == 'p') out += *change.value;
  return out;
}

StateChange DecodeChange(std::string_view bytes) {
  const char kind = bytes[0];
  const auto key_size = static_cast<size_t>(DecodeOrderedInt64(bytes.substr(1, 8)));
  StateChange change{std::string(bytes.substr(9, key_size)), std::nullopt, std::nullopt};
  const std::string_view rest = bytes.substr(9 + key_size);
  if (kind == 'r') change.range_end.emplace(rest);
  if (kind == 'p') change.value.emplace(rest);
  return change;
}

void AddToBatch(rocksdb::WriteBatch& batch, const StateChange& change) {
  if (change.range_end) {
    batch.DeleteRange(ToSlice(change.key), ToSlice(*change.range_end));
  } else if (change.value) {
    batch.Put(ToSlice(change.key), ToSlice(*change.value));
  } else {
    batch.Delete(ToSlice(change.key));
  }
}

}  // namespace

std::string EncodeOrderedInt64(int64_t value) {
  uint64_t bits = static_cast<uint64_t>(value) ^ (uint64_t{1} << 63);
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(bits & 0xff);
    bits >>= 8;
  }
  return out;
}

int64_t DecodeOrderedInt64(std::string_view bytes) {
  uint64_t bits = 0;
  for (size_t i = 0; i < 8 && i < bytes.size(); ++i) {
    bits = (bits << 8) | static_cast<uint8_t>(bytes[i]);
  }
  return static_cast<int64_t>(bits ^ (uint64_t{1} << 63));
}

StateDbResources::StateDbResources(int64_t block_cache_bytes, int64_t write_buffer_bytes)
    : block_cache_(rocksdb::NewLRUCache(static_cast<size_t>(block_cache_bytes))),
      write_buffers_(std::make_shared<rocksdb::WriteBufferManager>(
          static_cast<size_t>(write_buffer_bytes), block_cache_)) {}

StateDbResources::~StateDbResources() = default;

absl::StatusOr<std::unique_ptr<TaskStateDb>> TaskStateDb::Open(const std::string& path,
                                                               const StateDbResources& resources) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  options.write_buffer_manager = resources.write_buffers();
  options.write_buffer_size = 8 << 20;
  options.max_write_buffer_number = 2;
  options.max_open_files = 64;
  options.keep_log_file_num = 2;
  options.max_background_jobs = 1;
  options.compression = rocksdb::kLZ4Compression;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = resources.block_cache();
  table.cache_index_and_filter_blocks = true;
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  rocksdb::DB* db = nullptr;
  rocksdb::Status status = rocksdb::DB::Open(options, path, &db);
  if (!status.ok()) {
    // Without LZ4 support in the library fall back to no compression.
    options.compression = rocksdb::kNoCompression;
    status = rocksdb::DB::Open(options, path, &db);
  }
  if (absl::Status s = ToStatus(status, StrCat("open ", path)); !s.ok()) return s;
  // A restore staging left by a crash or a revoke belongs to a restore that will start over.
  std::unique_ptr<rocksdb::Iterator> staging(db->NewIterator(rocksdb::ReadOptions()));
  staging->Seek(kStagingBegin);
  if (staging->Valid() && staging->key().starts_with(kStagingBegin)) {
    rocksdb::WriteBatch drop_staging;
    drop_staging.DeleteRange(kStagingBegin, kStagingEnd);
    status = db->Write(rocksdb::WriteOptions(), &drop_staging);
  }
  staging.reset();
  if (!status.ok()) {
    delete db;
    return ToStatus(status, StrCat("open ", path));
  }
  return std::unique_ptr<TaskStateDb>(new TaskStateDb(db));
}

TaskStateDb::TaskStateDb(rocksdb::DB* db) : db_(db) {}

TaskStateDb::~TaskStateDb() {
  if (db_) (void)db_->Close();
}

bool TaskStateDb::InPendingRange(std::string_view key) const {
  for (const auto& [begin, end] : pending_ranges_) {
    if (key >= begin && key < end) return true;
  }
  return false;
}

bool TaskStateDb::Get(std::string_view key, std::string* value) {
  auto it = pending_.find(key);
  if (it != pending_.end()) {
    if (!it->second) return false;
    *value = *it->second;
    return true;
  }
  if (!pending_ranges_.empty() && InPendingRange(key)) return false;
  rocksdb::PinnableSlice slice;
  rocksdb::Status status =
      db_->Get(rocksdb::ReadOptions(), db_->DefaultColumnFamily(), ToSlice(key), &slice);
  if (!status.ok()) return false;
  value->assign(slice.data(), slice.size());
  return true;
}

void TaskStateDb::Put(std::string_view key, std::string_view value) {
  auto it = pending_.find(key);
  if (it == pending_.end()) {
    pending_bytes_ += key.size() + value.size() + 64;
    pending_.emplace(std::string(key), std::string(value));
  } else {
    const size_t old = it->second ? it->second->size() : 0;
    pending_bytes_ += value.size() - old;
    it->second = std::string(value);
  }
}

void TaskStateDb::Delete(std::string_view key) {
  auto it = pending_.find(key);
  if (it == pending_.end()) {
    pending_bytes_ += key.size() + 64;
    pending_.emplace(std::string(key), std::nullopt);
  } else {
    if (it->second) pending_bytes_ -= it->second->size();
    it->second.reset();
  }
}

void TaskStateDb::DeleteRange(std::string_view begin, std::string_view end) {
  if (begin >= end) return;
  // Pending writes inside the range happened before it: they are gone too.
  auto first = pending_.lower_bound(begin);
  auto last = pending_.lower_bound(end);
  for (auto it = first; it != last; ++it) {
    pending_bytes_ -= it->first.size() + (it->second ? it->second->size() : 0) + 64;
  }
  pending_.erase(first, last);
  for (auto& [b, e] : pending_ranges_) {
    if (b == begin) {  // expiry of one store grows the same range
      if (end > e) e = std::string(end);
      return;
    }
  }
  pending_ranges_.emplace_back(std::string(begin), std::string(end));
}

void TaskStateDb::ForEachWithPrefix(
    std::string_view prefix, const std::function<void(std::string_view, std::string_view)>& visit) {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  it->Seek(ToSlice(prefix));
  auto pending = pending_.lower_bound(prefix);
  auto pending_in_prefix = [&] {
    return pending != pending_.end() && pending->first.compare(0, prefix.size(), prefix) == 0;
  };
  auto db_in_prefix = [&] { return it->Valid() && it->key().starts_with(ToSlice(prefix)); };
  while (pending_in_prefix() || db_in_prefix()) {
    const bool use_pending =
        pending_in_prefix() &&
        (!db_in_prefix() || std::string_view(pending->first) <= it->key().ToStringView());
    if (use_pending) {
      if (db_in_prefix() && it->key().ToStringView() == pending->first) it->Next();
      if (pending->second) visit(pending->first, *pending->second);
      ++pending;
    } else {
      const std::string_view key = it->key().ToStringView();
      if (!InPendingRange(key)) visit(key, it->value().ToStringView());
      it->Next();
    }
  }
}

std::vector<StateChange> TaskStateDb::PendingChanges() const {
  std::vector<StateChange> changes;
  changes.reserve(pending_.size() + pending_ranges_.size());
  for (const auto& [begin, end] : pending_ranges_) changes.push_back({begin, std::nullopt, end});
  for (const auto& [key, value] : pending_) changes.push_back({key, value, std::nullopt});
  return changes;
}

absl::Status TaskStateDb::Commit(
    const std::vector<std::pair<std::string, std::string>>& local_only) {
  rocksdb::WriteBatch batch;
  for (const auto& [begin, end] : pending_ranges_) {
    batch.DeleteRange(ToSlice(begin), ToSlice(end));
  }
  for (const auto& [key, value] : pending_) {
    if (value) {
      batch.Put(ToSlice(key), ToSlice(*value));
    } else {
      batch.Delete(ToSlice(key));
    }
  }
  for (const auto& [key, value] : local_only) batch.Put(ToSlice(key), ToSlice(value));
  rocksdb::WriteOptions options;  // WAL on; no fsync: a process crash loses nothing
  if (absl::Status s = ToStatus(db_->Write(options, &batch), "write"); !s.ok()) return s;
  pending_.clear();
  pending_ranges_.clear();
  pending_bytes_ = 0;
  return absl::OkStatus();
}

absl::Status TaskStateDb::Apply(const std::vector<StateChange>& changes,
                                const std::vector<std::pair<std::string, std::string>>& local_only) {
  for (bool done = stage_seq_ == 0; !done;) {
    absl::StatusOr<bool> applied = ApplyStaged(kStagingBatch);
    if (!applied.ok()) return applied.status();
    done = *applied;
  }
  rocksdb::WriteBatch batch;
  for (const StateChange& change : changes) AddToBatch(batch, change);
  for (const auto& [key, value] : local_only) batch.Put(ToSlice(key), ToSlice(value));
  return ToStatus(db_->Write(rocksdb::WriteOptions(), &batch), "write");
}

absl::StatusOr<bool> TaskStateDb::ApplyStaged(size_t max_changes) {
  if (stage_seq_ == 0) return true;
  if (staged_from_.empty()) staged_from_ = kStagingBegin;
  rocksdb::WriteBatch batch;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  auto staged = [&it] { return it->Valid() && it->key().starts_with(kStagingBegin); };
  it->Seek(staged_from_);
  for (size_t n = 0; n < max_changes && staged(); ++n, it->Next()) {
    AddToBatch(batch, DecodeChange(it->value().ToStringView()));
  }
  if (absl::Status s = ToStatus(it->status(), "read staging"); !s.ok()) return s;
  const bool rest = staged();
  const std::string next = rest ? it->key().ToString() : std::string(kStagingEnd);
  batch.DeleteRange(kStagingBegin, next);
  if (absl::Status s = ToStatus(db_->Write(rocksdb::WriteOptions(), &batch), "write");
      !s.ok()) {
    return s;
  }
  staged_from_ = rest ? next : std::string();
  if (!rest) stage_seq_ = 0;
  return !rest;
}

absl::Status TaskStateDb::Stage(const std::vector<StateChange>& changes) {
  rocksdb::WriteBatch batch;
  for (const StateChange& change : changes) {
    batch.Put(StrCat(kStagingBegin, EncodeOrderedInt64(stage_seq_++)), EncodeChange(change));
  }
  return ToStatus(db_->Write(rocksdb::WriteOptions(), &batch), "write staging");
}

absl::StatusOr<std::set<std::string>> TaskStateDb::DiscardStaged() {
  std::set<std::string> keys;
  if (stage_seq_ == 0) return keys;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(kStagingBegin); it->Valid() && it->key().starts_with(kStagingBegin); it->Next()) {
    keys.insert(DecodeChange(it->value().ToStringView()).key);
  }
  if (absl::Status s = ToStatus(it->status(), "read staging"); !s.ok()) return s;
  rocksdb::WriteBatch batch;
  batch.DeleteRange(kStagingBegin, kStagingEnd);
  if (absl::Status s = ToStatus(db_->Write(rocksdb::WriteOptions(), &batch), "drop staging");
      !s.ok()) {
    return s;
  }
  stage_seq_ = 0;
  staged_from_.clear();
  return keys;
}

int64_t TaskStateDb::ApproximateBytes() const {
  uint64_t live = 0, memtables = 0;
  db_->GetIntProperty("rocksdb.estimate-live-data-size", &live);
  db_->GetIntProperty("rocksdb.cur-size-all-mem-tables", &memtables);
  return static_cast<int64_t>(live + memtables + pending_bytes_);
}

}  // namespace stormwatch
