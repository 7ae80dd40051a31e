// Token bucket; see rate_limiter.h.
#include "pipeline/ingest/server/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace stormwatch {

TokenBucket::TokenBucket(double rate_per_second, double burst)
    : rate_(rate_per_second),
      burst_(burst > 0 ? burst : std::max(1.0, rate_per_second)),
      tokens_(burst_),
      last_(std::chrono::steady_clock::now()) {}

bool TokenBucket::TryAcquire(int64_t* retry_after_seconds) {
  if (rate_ <= 0) return true;
  absl::MutexLock lock(&mu_);
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - last_).count();
  last_ = now;
  tokens_ = std::min(burst_, tokens_ + elapsed * rate_);
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    return true;
  }
  *retry_after_seconds =
      std::max<int64_t>(1, static_cast<int64_t>(std::ceil((1.0 - tokens_) / rate_)));
  return false;
}

}  // namespace stormwatch
