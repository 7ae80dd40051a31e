// Update throughput of the spike detector core (bench/README.md "Spike detector"):
// SeasonalCountDetector::Update on Poisson mention counts, for one key and for many keys
// (states spread over memory as in a task), against a plain EWMA z-score update as the
// baseline measured in the same run; and the two score-series tests on a continuous series.
#include <cmath>
#include <random>
#include <vector>

#include "benchmark/benchmark.h"
#include "operators/spike/seasonal_count_detector.h"
#include "operators/spike/transition_novelty.h"

namespace {

using stormwatch::spike::DetectorParams;
using stormwatch::spike::DetectorState;
using stormwatch::spike::SeasonalCountDetector;

constexpr int64_t kStartMs = 1'767'571'200'000;  // Monday 2026-01-05 00:00 UTC
constexpr int64_t kMinuteMs = 60'000;
constexpr int kCounts = 1 << 16;

// Pre-drawn counts with a daily curve around `mean`, so the RNG is not measured.
std::vector<double> Counts(double mean) {
  std::mt19937_64 rng(1);
  std::vector<double> counts(kCounts);
  for (int i = 0; i < kCounts; ++i) {
    const double daily = 0.2 + 0.8 * std::pow(std::sin(M_PI * (i % 1440) / 1440.0), 2.0);
    counts[i] = static_cast<double>(std::poisson_distribution<int>(mean * daily)(rng));
  }
  return counts;
}

// Baseline: the textbook detector this replaces — an EWMA mean/variance z-score.
struct EwmaZState {
  double mean = 0.0;
  double var = 1.0;
};

inline bool EwmaZUpdate(EwmaZState& s, double x) {
  constexpr double kAlpha = 0.01;
  const double z = (x - s.mean) / std::sqrt(s.var + 1e-9);
  const double d = x - s.mean;
  s.mean += kAlpha * d;
  s.var = (1.0 - kAlpha) * (s.var + kAlpha * d * d);
  return z > 4.0;
}

void BM_EwmaZScoreUpdate(benchmark::State& state) {
  const std::vector<double> counts = Counts(state.range(0));
  EwmaZState s;
  int i = 0;
  int64_t fired = 0;
  for (auto _ : state) {
    fired += EwmaZUpdate(s, counts[i]);
    i = (i + 1) & (kCounts - 1);
  }
  benchmark::DoNotOptimize(fired);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EwmaZScoreUpdate)->Arg(3)->Arg(30);

void BM_SeasonalCountUpdate(benchmark::State& state) {
  const std::vector<double> counts = Counts(state.range(0));
  const SeasonalCountDetector detector = *SeasonalCountDetector::Create(DetectorParams{});
  DetectorState s;
  SeasonalCountDetector::Reset(s);
  int64_t t = kStartMs;
  int i = 0;
  double sum = 0.0;
  for (auto _ : state) {
    sum += detector.Update(s, t, counts[i]).score;
    t += kMinuteMs;
    i = (i + 1) & (kCounts - 1);
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SeasonalCountUpdate)->Arg(3)->Arg(30);

// 10,000 keys (brand x topic) updated round-robin: the per-key states (about 1.3 KiB each)
// no longer fit in cache, as in a busy task.
void BM_SeasonalCountUpdateManyKeys(benchmark::State& state) {
  constexpr int kKeys = 10'000;
  const std::vector<double> counts = Counts(state.range(0));
  const SeasonalCountDetector detector = *SeasonalCountDetector::Create(DetectorParams{});
  std::vector<DetectorState> states(kKeys);
  for (DetectorState& s : states) SeasonalCountDetector::Reset(s);
  int64_t t = kStartMs;
  int key = 0;
  int i = 0;
  double sum = 0.0;
  for (auto _ : state) {
    sum += detector.Update(states[key], t, counts[i]).score;
    if (++key == kKeys) {
      key = 0;
      t += kMinuteMs;
    }
    i = (i + 1) & (kCounts - 1);
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SeasonalCountUpdateManyKeys)->Arg(30);

void BM_ContinuousUpdate(benchmark::State& state) {
  const std::vector<double> counts = Counts(30);
  DetectorParams params;
  params.model = stormwatch::spike::ValueModel::kContinuous;
  params.bucket_ms = 5 * kMinuteMs;
  const SeasonalCountDetector detector = *SeasonalCountDetector::Create(params);
  DetectorState s;
  SeasonalCountDetector::Reset(s);
  int64_t t = kStartMs;
  int i = 0;
  double sum = 0.0;
  for (auto _ : state) {
    sum += detector.Update(s, t, counts[i] * 0.37).score;
    t += params.bucket_ms;
    i = (i + 1) & (kCounts - 1);
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ContinuousUpdate);

// The pattern-novelty test score-series adds to the continuous model.
void BM_TransitionNoveltyUpdate(benchmark::State& state) {
  const std::vector<double> counts = Counts(30);
  const stormwatch::spike::TransitionNoveltyDetector detector =
      *stormwatch::spike::TransitionNoveltyDetector::Create({});
  stormwatch::spike::NoveltyState s;
  int i = 0;
  double sum = 0.0;
  for (auto _ : state) {
    sum += detector.Update(s, counts[i] * 0.37);
    i = (i + 1) & (kCounts - 1);
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TransitionNoveltyUpdate);

}  // namespace
