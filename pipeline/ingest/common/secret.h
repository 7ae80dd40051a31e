// The ingest sources' secrets: read through ResolveSecret (pipeline/config/secret.h), and
// compared with what a request carries in constant time.
#pragma once

#include <string_view>

#include "pipeline/config/secret.h"

namespace stormwatch {

// Constant-time comparison (its time depends only on the lengths).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace stormwatch
