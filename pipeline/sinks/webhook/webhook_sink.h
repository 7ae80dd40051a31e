// Plain HTTP webhook sink: POSTs each alert as proto3 JSON with a `webhook-id` header
// (the alert id and revision) so the receiver can deduplicate.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "pipeline/api/alert_sink.h"

namespace stormwatch {

// `url` is http://host[:port]/path or https://...; `timeout_ms` per request.
absl::StatusOr<std::unique_ptr<AlertSink>> MakeWebhookSink(const std::string& url,
                                                           int64_t timeout_ms);

}  // namespace stormwatch
