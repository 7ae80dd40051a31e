// Console sink: prints each alert as one human-readable line (demo, local runs).
#pragma once

#include <memory>
#include <ostream>

#include "pipeline/api/alert_sink.h"

namespace stormwatch {

// `out` is borrowed (e.g. std::cout) and must outlive the sink.
std::unique_ptr<AlertSink> MakeConsoleSink(std::ostream& out);

}  // namespace stormwatch
