// Counts the mentions of each brand, exactly. The runtime's observable for its
// guarantees (tests compare these counts after crashes, restarts and rebalances with an
// uninterrupted run) and the "counting operator" of the throughput benchmarks. Counts
// live in a hash map and are written back to the key-value store "counts" (brand ->
// decimal count) at every Flush(), as the state_store.h contract asks.
#pragma once

#include <memory>

#include "pipeline/api/operator.h"

namespace stormwatch {

// Name "brand_counter"; no configuration.
std::unique_ptr<OperatorFactory> MakeBrandCounterOperatorFactory();

}  // namespace stormwatch
