// The end of the data path: the alert dispatcher hands each alert to every configured
// sink. Sinks deduplicate on the alert id, so a replayed alert never pages twice.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "stormwatch/v1/alert.pb.h"

namespace stormwatch {

struct DeliveryResult {
  enum class Outcome { kDelivered, kRetry, kRejected };
  Outcome outcome = Outcome::kDelivered;
  // For kRetry: the earliest time to try again that the receiver asked for (0 = none).
  std::chrono::milliseconds retry_after{0};
  std::string detail;  // human-readable reason; never contains secrets

  static DeliveryResult Delivered() { return {}; }
  static DeliveryResult Retry(std::string why, std::chrono::milliseconds after = {}) {
    return {Outcome::kRetry, after, std::move(why)};
  }
  static DeliveryResult Rejected(std::string why) {
    return {Outcome::kRejected, std::chrono::milliseconds{0}, std::move(why)};
  }
};

// Called from the dispatcher's delivery thread for this sink only (one thread per sink).
class AlertSink {
 public:
  virtual ~AlertSink() = default;
  virtual std::string_view name() const = 0;
  virtual DeliveryResult Deliver(const v1::Alert& alert) = 0;
};

}  // namespace stormwatch
