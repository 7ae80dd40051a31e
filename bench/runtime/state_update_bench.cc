// State update cost in the task store: hot-aggregate updates through the write-back
// buffer (flushed as one WriteBatch per checkpoint) against one RocksDB write per update,
// and the cost of one checkpoint by number of dirty keys. Figures: bench/README.md
// "Stateful runtime".
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "pipeline/state/rocksdb_state_store.h"
#include "pipeline/state/task_state_db.h"

namespace stormwatch {
namespace {

struct BenchDb {
  BenchDb() {
    dir = std::filesystem::temp_directory_path() / ("state_update_bench_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    db = *TaskStateDb::Open(dir.string(), resources);
  }
  ~BenchDb() {
    db.reset();
    std::filesystem::remove_all(dir);
  }
  std::filesystem::path dir;
  StateDbResources resources{64 << 20, 32 << 20};
  std::unique_ptr<TaskStateDb> db;
};

std::vector<std::string> Brands(int n) {
  std::vector<std::string> brands;
  for (int i = 0; i < n; ++i) brands.push_back("brand-" + std::to_string(i));
  return brands;
}

// Read-modify-write of a per-brand counter through the write-back buffer; one
// checkpoint (WriteBatch) per `checkpoint_every` updates, as the runtime does.
void BM_CachedUpdates(benchmark::State& state) {
  BenchDb bench;
  RocksDbStateStore store(*bench.db, "o0/");
  KeyValueState& counts = store.KeyValue("counts");
  const std::vector<std::string> brands = Brands(static_cast<int>(state.range(0)));
  std::mt19937 rng(1);
  const int64_t checkpoint_every = 100'000;
  int64_t n = 0;
  std::string value;
  for (auto _ : state) {
    const std::string& brand = brands[rng() % brands.size()];
    int64_t count = counts.Get(brand, &value) ? std::stoll(value) : 0;
    counts.Put(brand, std::to_string(count + 1));
    if (++n % checkpoint_every == 0) (void)bench.db->Commit({});
  }
  state.counters["updates_per_s"] = benchmark::Counter(static_cast<double>(n),
                                                       benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CachedUpdates)->Arg(1000)->Arg(100'000);

// The same updates with one RocksDB write (WAL on) each: what the runtime avoids.
void BM_DirectPuts(benchmark::State& state) {
  BenchDb bench;
  RocksDbStateStore store(*bench.db, "o0/");
  KeyValueState& counts = store.KeyValue("counts");
  const std::vector<std::string> brands = Brands(static_cast<int>(state.range(0)));
  std::mt19937 rng(1);
  int64_t n = 0;
  std::string value;
  for (auto _ : state) {
    const std::string& brand = brands[rng() % brands.size()];
    int64_t count = counts.Get(brand, &value) ? std::stoll(value) : 0;
    counts.Put(brand, std::to_string(count + 1));
    (void)bench.db->Commit({});
    ++n;
  }
  state.counters["updates_per_s"] = benchmark::Counter(static_cast<double>(n),
                                                       benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DirectPuts)->Arg(1000)->Arg(100'000);

// One checkpoint's WriteBatch with `range(0)` dirty keys (plus building the changelog
// list of changes).
void BM_CheckpointCommit(benchmark::State& state) {
  BenchDb bench;
  RocksDbStateStore store(*bench.db, "o0/");
  KeyValueState& counts = store.KeyValue("counts");
  const std::vector<std::string> brands = Brands(static_cast<int>(state.range(0)));
  int64_t round = 0;
  for (auto _ : state) {
    state.PauseTiming();
    for (const std::string& brand : brands) counts.Put(brand, std::to_string(round));
    ++round;
    state.ResumeTiming();
    benchmark::DoNotOptimize(bench.db->PendingChanges());
    (void)bench.db->Commit({{"l/changelog_offset", std::to_string(round)}});
  }
  state.counters["keys_per_s"] = benchmark::Counter(
      static_cast<double>(round * brands.size()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CheckpointCommit)->Arg(1000)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace stormwatch
