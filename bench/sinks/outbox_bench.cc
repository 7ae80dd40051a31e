// The alert outbox's hot path (pipeline/sinks/outbox/outbox_store.h): stage a consumer
// batch of deliveries, commit it with a synced WAL write, load them back and mark each
// done. Baseline in the same run: the same number of raw RocksDB Puts of the same bytes in
// one synced WriteBatch, then a Delete each (no encoding, no iteration).
#include <benchmark/benchmark.h>
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>
#include <stdlib.h>

#include <filesystem>

#include "pipeline/sinks/outbox/outbox_store.h"

namespace stormwatch {
namespace {

std::string TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "outbox-bench-XXXXXX").string();
  return mkdtemp(tmpl.data()) ? tmpl : "/tmp/outbox-bench";
}

Notification SampleNotification() {
  Notification n;
  n.incident_id = "shitstorm-3f2a9c0d1e2f3a4b5c6d7e8f90a1b2c3";
  n.alert.set_id(n.incident_id);
  n.alert.set_kind(v1::SHITSTORM);
  n.alert.set_brand("telenova");
  n.alert.set_scope("brand");
  n.alert.set_severity(v1::CRITICAL);
  n.alert.set_summary("negative share 71% (normal 18%), volume 6.2x normal, 38% new authors");
  for (const char* k : {"count", "negative_share", "new_author_share", "volume_ratio"}) {
    (*n.alert.mutable_evidence()->mutable_values())[k] = 0.5;
  }
  n.route = "critical";
  return n;
}

void BM_OutboxStageCommitMarkDone(benchmark::State& state) {
  const std::string dir = TempDir();
  auto store = OutboxStore::Open(dir);
  const Notification n = SampleNotification();
  const int batch = static_cast<int>(state.range(0));
  for (auto _ : state) {
    const uint64_t group = (*store)->NewGroup();
    for (int i = 0; i < batch; ++i) (*store)->Stage("pagerduty", n, group, 1);
    if (!(*store)->Commit().ok()) state.SkipWithError("commit failed");
    for (const OutboxDelivery& d : (*store)->Load("pagerduty", 0, batch)) {
      (void)(*store)->Remove(d);
    }
  }
  state.SetItemsProcessed(state.iterations() * batch);
  store->reset();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_OutboxStageCommitMarkDone)->Arg(1)->Arg(100)->UseRealTime();

void BM_RawRocksDbPutDeleteBaseline(benchmark::State& state) {
  const std::string dir = TempDir();
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* db = nullptr;
  if (!rocksdb::DB::Open(options, dir, &db).ok()) {
    state.SkipWithError("open failed");
    return;
  }
  const std::string value(EncodeNotification(SampleNotification()).size() + 28, 'x');
  const int batch = static_cast<int>(state.range(0));
  rocksdb::WriteOptions synced;
  synced.sync = true;
  uint64_t seq = 0;
  for (auto _ : state) {
    rocksdb::WriteBatch wb;
    const uint64_t first = seq;
    for (int i = 0; i < batch; ++i) wb.Put(OutboxKey("pagerduty", seq++), value);
    (void)db->Write(synced, &wb);
    for (uint64_t s = first; s < seq; ++s) (void)db->Delete(rocksdb::WriteOptions(), OutboxKey("pagerduty", s));
  }
  state.SetItemsProcessed(state.iterations() * batch);
  delete db;
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_RawRocksDbPutDeleteBaseline)->Arg(1)->Arg(100)->UseRealTime();

}  // namespace
}  // namespace stormwatch
