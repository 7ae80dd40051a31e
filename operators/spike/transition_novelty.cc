// Quantised-transition novelty; see transition_novelty.h for the model.
#include "operators/spike/transition_novelty.h"

#include <algorithm>
#include <cmath>

#include "pipeline/core/strings.h"

namespace stormwatch::spike {
namespace {

// Bins are clamped to this magnitude (far beyond any real series / its spread).
constexpr double kMaxBin = 4.0e18;
// A spread this small relative to the mean is rounding noise: the series is constant.
constexpr double kRelativeSpreadFloor = 1e-9;
constexpr int32_t kMaxExponent = 1023;

uint64_t Mix(uint64_t x) {  // splitmix64 finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Exponent e of the bin width 2^e: the smallest power of two >= the standard deviation.
int32_t StepExponent(const NoveltyState& state) {
  const double var = state.mean_sq - state.mean * state.mean;
  const double sd = std::sqrt(std::max(var, 0.0));
  if (!(sd > kRelativeSpreadFloor * std::max(1.0, std::fabs(state.mean)))) return 0;
  // Values near the double range overflow the mean square: the widest bin then.
  const double exponent = std::ceil(std::log2(sd));
  return exponent < kMaxExponent ? static_cast<int32_t>(exponent) : kMaxExponent;
}

// Tests and sets the bit of one transition; true if it was not set.
bool MarkSeen(NoveltyState& state, int grid, int32_t exponent, int64_t from, int64_t to) {
  uint64_t h = Mix(static_cast<uint64_t>(from) ^ (static_cast<uint64_t>(grid) << 62));
  h = Mix(h ^ static_cast<uint64_t>(to));
  h = Mix(h ^ static_cast<uint64_t>(static_cast<uint32_t>(exponent)));
  const uint64_t bit = h % NoveltyState::kTableBits;
  uint64_t& word = state.seen[bit / 64];
  const uint64_t mask = uint64_t{1} << (bit % 64);
  const bool fresh = (word & mask) == 0;
  word |= mask;
  return fresh;
}

}  // namespace

absl::Status ValidateNoveltyParams(const NoveltyParams& params) {
  if (params.rest_buckets < 0 || params.rest_buckets > 1'000'000) {
    return absl::InvalidArgumentError(
        StrCat("rest_buckets: expected an integer in [0, 1000000], got ", params.rest_buckets));
  }
  return absl::OkStatus();
}

absl::StatusOr<TransitionNoveltyDetector> TransitionNoveltyDetector::Create(
    const NoveltyParams& params) {
  if (absl::Status s = ValidateNoveltyParams(params); !s.ok()) return s;
  return TransitionNoveltyDetector(params);
}

double TransitionNoveltyDetector::Update(NoveltyState& state, double value) const {
  // Running mean and mean square of every value so far (this one included).
  if (state.values_seen < UINT32_MAX) ++state.values_seen;
  const double a = 1.0 / state.values_seen;
  state.mean += a * (value - state.mean);
  state.mean_sq += a * (value * value - state.mean_sq);
  const int32_t exponent = StepExponent(state);
  const double step = std::ldexp(1.0, exponent);

  int novel = 0;
  for (int g = 0; g < NoveltyState::kGrids; ++g) {
    const double offset = static_cast<double>(g) / NoveltyState::kGrids;
    const int64_t bin =
        static_cast<int64_t>(std::clamp(std::floor(value / step + offset), -kMaxBin, kMaxBin));
    if (state.values_seen > 1 && MarkSeen(state, g, exponent, state.prev_bin[g], bin)) ++novel;
    state.prev_bin[g] = bin;
  }

  // The first value has no transition yet, but starts the learning rest like a novel one.
  const bool fully_novel = state.values_seen == 1 || novel == NoveltyState::kGrids;
  const double novelty = state.values_seen == 1
                             ? 0.0
                             : static_cast<double>(novel) / NoveltyState::kGrids;
  const double reported = state.rest_left > 0 ? 0.0 : novelty;
  if (state.rest_left > 0) --state.rest_left;
  if (fully_novel) state.rest_left = static_cast<uint32_t>(params_.rest_buckets);
  return reported;
}

}  // namespace stormwatch::spike
