// Per-source request rate limit of the ingest server (token bucket): a sender above its
// rate gets 429 with Retry-After instead of filling the producer queue.
#pragma once

#include <chrono>
#include <cstdint>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace stormwatch {

// Thread-safe. rate_per_second 0 = unlimited.
class TokenBucket {
 public:
  TokenBucket(double rate_per_second, double burst);

  // Takes one token; otherwise returns false and sets `*retry_after_seconds` (>= 1).
  bool TryAcquire(int64_t* retry_after_seconds);

 private:
  const double rate_;
  const double burst_;
  absl::Mutex mu_;
  double tokens_ ABSL_GUARDED_BY(mu_);
  std::chrono::steady_clock::time_point last_ ABSL_GUARDED_BY(mu_);
};

}  // namespace stormwatch
