// Plain HTTP webhook sink; see webhook_sink.h.
#include "pipeline/sinks/webhook/webhook_sink.h"

#include <httplib.h>

#include "absl/strings/numbers.h"
#include "pipeline/core/strings.h"
#include "pipeline/core/event_codec.h"

namespace stormwatch {
namespace {

class WebhookSink final : public AlertSink {
 public:
  WebhookSink(const std::string& origin, std::string path, int64_t timeout_ms)
      : client_(origin), path_(std::move(path)) {
    client_.set_connection_timeout(std::chrono::milliseconds(timeout_ms));
    client_.set_read_timeout(std::chrono::milliseconds(timeout_ms));
    client_.set_write_timeout(std::chrono::milliseconds(timeout_ms));
  }
  std::string_view name() const override { return "webhook"; }

  DeliveryResult Deliver(const v1::Alert& alert) override {
    httplib::Headers headers = {
        {"webhook-id", StrCat(alert.id(), ".", alert.revision(), ".",
                                    v1::AlertState_Name(alert.state()))}};
    auto result = client_.Post(path_, headers, AlertToJson(alert), "application/json");
    if (!result) {
      return DeliveryResult::Retry(
          StrCat("webhook: ", httplib::to_string(result.error())));
    }
    const int status = result->status;
    if (status >= 200 && status < 300) return DeliveryResult::Delivered();
    if (status == 429 || status >= 500) {
      int seconds = 0;
      const std::string retry_after = result->get_header_value("Retry-After");
      (void)absl::SimpleAtoi(retry_after, &seconds);
      return DeliveryResult::Retry(StrCat("webhook: HTTP ", status),
                                   std::chrono::seconds(seconds));
    }
    return DeliveryResult::Rejected(StrCat("webhook: HTTP ", status));
  }

 private:
  httplib::Client client_;
  std::string path_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<AlertSink>> MakeWebhookSink(const std::string& url,
                                                           int64_t timeout_ms) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) {
    return absl::InvalidArgumentError(StrCat("webhook url: expected http(s)://, got '", url, "'"));
  }
  const size_t path_start = url.find('/', scheme_end + 3);
  const std::string origin = url.substr(0, path_start);
  const std::string path = path_start == std::string::npos ? "/" : url.substr(path_start);
  return std::make_unique<WebhookSink>(origin, path, timeout_ms);
}

}  // namespace stormwatch
