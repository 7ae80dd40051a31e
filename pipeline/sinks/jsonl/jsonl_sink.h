// JSONL file sink: appends each alert as one proto3-JSON line and flushes it, so other
// tools (and tests) can tail the file.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "pipeline/api/alert_sink.h"

namespace stormwatch {

absl::StatusOr<std::unique_ptr<AlertSink>> MakeJsonlSink(const std::string& path);

}  // namespace stormwatch
