// RocksDB outbox; see outbox_store.h.
#include "pipeline/sinks/outbox/outbox_store.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <cstring>
#include <filesystem>
#include <map>
#include <optional>

#include "pipeline/core/strings.h"

namespace stormwatch {
namespace {

constexpr std::string_view kStatePrefix = "s/";

std::string Hex16(uint64_t v) {
  static const char* digits = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[i] = digits[v & 15];
  return out;
}

template <typename T>
void PutRaw(std::string& out, T v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof(v));
}

template <typename T>
T GetRaw(const char*& p) {
  T v;
  std::memcpy(&v, p, sizeof(v));
  p += sizeof(v);
  return v;
}

constexpr size_t kHeader = 8 + 8 + 4 + 8;

std::string EncodeDelivery(const OutboxDelivery& d) {
  std::string out;
  PutRaw<int64_t>(out, d.enqueued_ms);
  PutRaw<int64_t>(out, d.next_attempt_ms);
  PutRaw<int32_t>(out, d.attempts);
  PutRaw<uint64_t>(out, d.group);
  out.append(EncodeNotification(d.notification));
  return out;
}

bool DecodeDelivery(std::string_view key, std::string_view value, OutboxDelivery* d) {
  // key: d/<sink>/<16 hex>
  if (key.size() < 2 + 1 + 16 || value.size() < kHeader) return false;
  d->sink = std::string(key.substr(2, key.size() - 2 - 17));
  d->seq = std::stoull(std::string(key.substr(key.size() - 16)), nullptr, 16);
  const char* p = value.data();
  d->enqueued_ms = GetRaw<int64_t>(p);
  d->next_attempt_ms = GetRaw<int64_t>(p);
  d->attempts = GetRaw<int32_t>(p);
  d->group = GetRaw<uint64_t>(p);
  absl::StatusOr<Notification> n = DecodeNotification(value.substr(kHeader));
  if (!n.ok()) return false;
  d->notification = *std::move(n);
  return true;
}

}  // namespace

std::string OutboxKey(const std::string& sink, uint64_t seq) {
  return StrCat("d/", sink, "/", Hex16(seq));
}

// Incident state over the DB with the staged batch as an overlay.
class OutboxStore::StagedState final : public KeyValueState {
 public:
  explicit StagedState(OutboxStore* store) : store_(store) {}
  bool Get(std::string_view key, std::string* value) override {
    auto it = overlay_.find(std::string(key));
    if (it != overlay_.end()) {
      if (!it->second) return false;
      *value = *it->second;
      return true;
    }
    return store_->db_->Get(rocksdb::ReadOptions(), StrCat(kStatePrefix, key), value).ok();
  }
  void Put(std::string_view key, std::string_view value) override {
    overlay_[std::string(key)] = std::string(value);
    store_->staged_->Put(StrCat(kStatePrefix, key), rocksdb::Slice(value.data(), value.size()));
  }
  void Delete(std::string_view key) override {
    overlay_[std::string(key)] = std::nullopt;
    store_->staged_->Delete(StrCat(kStatePrefix, key));
  }
  void ForEach(const std::function<void(std::string_view, std::string_view)>& visit) override {
    std::map<std::string, std::optional<std::string>> merged;
    std::unique_ptr<rocksdb::Iterator> it(store_->db_->NewIterator(rocksdb::ReadOptions()));
    for (it->Seek(std::string(kStatePrefix)); it->Valid() && it->key().starts_with(std::string(kStatePrefix));
         it->Next()) {
      merged[it->key().ToString().substr(kStatePrefix.size())] = it->value().ToString();
    }
    for (const auto& [k, v] : overlay_) merged[k] = v;
    for (const auto& [k, v] : merged) {
      if (v) visit(k, *v);
    }
  }
  void Clear() { overlay_.clear(); }

 private:
  OutboxStore* store_;
  std::map<std::string, std::optional<std::string>> overlay_;
};

absl::StatusOr<std::unique_ptr<OutboxStore>> OutboxStore::Open(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return absl::InvalidArgumentError(StrCat("alerting.outbox_dir: cannot create ", dir));
  rocksdb::Options options;
  options.create_if_missing = true;
  options.max_open_files = 256;
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, dir, &db);
  if (!s.ok()) {
    return absl::UnavailableError(StrCat("alerting.outbox_dir: cannot open RocksDB at ", dir,
                                         ": ", s.ToString()));
  }
  std::unique_ptr<OutboxStore> store(new OutboxStore());
  store->db_.reset(db);
  store->staged_ = std::make_unique<rocksdb::WriteBatch>();
  store->incidents_ = std::make_unique<StagedState>(store.get());
  uint64_t max_seq = 0;
  std::string meta;
  if (db->Get(rocksdb::ReadOptions(), "m/seq", &meta).ok() && meta.size() == 8) {
    std::memcpy(&max_seq, meta.data(), 8);
  }
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek("d/"); it->Valid() && it->key().starts_with("d/"); it->Next()) {
    const std::string key = it->key().ToString();
    max_seq = std::max<uint64_t>(max_seq, std::stoull(key.substr(key.size() - 16), nullptr, 16));
  }
  store->next_seq_ = max_seq + 1;
  return store;
}

OutboxStore::~OutboxStore() = default;

KeyValueState& OutboxStore::incidents() { return *incidents_; }

uint64_t OutboxStore::Stage(const std::string& sink, const Notification& notification,
                            uint64_t group, int64_t now_ms) {
  OutboxDelivery d;
  d.sink = sink;
  d.seq = next_seq_.fetch_add(1);
  d.group = group;
  d.enqueued_ms = now_ms;
  d.next_attempt_ms = now_ms;
  d.notification = notification;
  staged_->Put(OutboxKey(sink, d.seq), EncodeDelivery(d));
  return d.seq;
}

absl::Status OutboxStore::Commit() {
  if (staged_->Count() == 0) return absl::OkStatus();
  const uint64_t seq = next_seq_.load();
  std::string meta;
  PutRaw<uint64_t>(meta, seq);
  staged_->Put("m/seq", meta);
  rocksdb::WriteOptions options;
  options.sync = true;
  rocksdb::Status s = db_->Write(options, staged_.get());
  staged_->Clear();
  incidents_->Clear();
  if (!s.ok()) return absl::UnavailableError(StrCat("outbox: write failed: ", s.ToString()));
  return absl::OkStatus();
}

std::vector<OutboxDelivery> OutboxStore::Load(const std::string& sink, uint64_t after_seq,
                                              size_t limit) {
  std::vector<OutboxDelivery> out;
  const std::string prefix = StrCat("d/", sink, "/");
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(OutboxKey(sink, after_seq + 1));
       it->Valid() && it->key().starts_with(prefix) && out.size() < limit; it->Next()) {
    OutboxDelivery d;
    if (DecodeDelivery(it->key().ToStringView(), it->value().ToStringView(), &d)) {
      out.push_back(std::move(d));
    }
  }
  return out;
}

absl::Status OutboxStore::Update(const OutboxDelivery& d) {
  rocksdb::Status s = db_->Put(rocksdb::WriteOptions(), OutboxKey(d.sink, d.seq), EncodeDelivery(d));
  return s.ok() ? absl::OkStatus() : absl::UnavailableError(s.ToString());
}

absl::Status OutboxStore::Remove(const OutboxDelivery& d) {
  rocksdb::Status s = db_->Delete(rocksdb::WriteOptions(), OutboxKey(d.sink, d.seq));
  return s.ok() ? absl::OkStatus() : absl::UnavailableError(s.ToString());
}

std::vector<std::pair<std::string, uint64_t>> OutboxStore::PendingGroups() {
  std::vector<std::pair<std::string, uint64_t>> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek("d/"); it->Valid() && it->key().starts_with("d/"); it->Next()) {
    OutboxDelivery d;
    if (DecodeDelivery(it->key().ToStringView(), it->value().ToStringView(), &d)) {
      out.emplace_back(d.sink, d.group);
    }
  }
  return out;
}

int64_t OutboxStore::CountPending(const std::string& sink) {
  int64_t n = 0;
  const std::string prefix = StrCat("d/", sink, "/");
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) ++n;
  return n;
}

}  // namespace stormwatch
