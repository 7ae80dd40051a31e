// Where "now" comes from. The runtime uses the system clock; replay and tests use a
// manual clock, so the same operator code is deterministic there.
#pragma once

#include <cstdint>

namespace stormwatch {

// Thread-safe implementations only.
class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch.
  virtual int64_t NowMs() const = 0;
};

}  // namespace stormwatch
