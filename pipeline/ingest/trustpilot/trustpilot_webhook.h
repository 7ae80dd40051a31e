// Trustpilot service-review webhooks -> mentions (source "trustpilot", channel "review").
// Trustpilot posts {"events": [{"eventName": "service-review-created", "eventData": {...}}]};
// the receiver is authenticated by a secret in the URL (?secret=) or by basic auth.
// Reference: developers.trustpilot.com "Webhooks" (service review created/updated).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "stormwatch/v1/event.pb.h"

namespace stormwatch {

struct TrustpilotBatch {
  std::vector<v1::Event> mentions;
  int64_t skipped = 0;  // events that are not new or updated service reviews
};

// Errors (InvalidArgument) name the field, e.g. "events[0].eventData.createdAt: expected ...".
absl::StatusOr<TrustpilotBatch> ParseTrustpilotWebhook(std::string_view body,
                                                       const std::string& brand,
                                                       size_t max_events = 1000);

}  // namespace stormwatch
