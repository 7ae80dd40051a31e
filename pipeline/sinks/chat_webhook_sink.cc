// Chat-webhook delivery shared by the Slack and Teams sinks; see chat_webhook_sink.h.
#include "pipeline/sinks/chat_webhook_sink.h"

#include <string>
#include <string_view>
#include <utility>

#include "pipeline/config/secret.h"
#include "pipeline/core/strings.h"
#include "pipeline/sinks/http_delivery.h"

namespace stormwatch {
namespace {

// Not thread-safe: owned by one delivery thread, like its HttpPoster.
class ChatWebhookSink final : public NotificationSink {
 public:
  ChatWebhookSink(std::string name, std::unique_ptr<HttpPoster> poster, ChatMessageFormat format)
      : name_(std::move(name)), poster_(std::move(poster)), format_(format) {}
  std::string_view name() const override { return name_; }
  DeliveryResult Notify(const Notification& n) override {
    return poster_->Classify(poster_->Post("", format_(n).dump()));
  }

 private:
  std::string name_;
  std::unique_ptr<HttpPoster> poster_;
  ChatMessageFormat format_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<NotificationSink>> MakeChatWebhookSink(const SinkConfig& config,
                                                                      ChatMessageFormat format) {
  std::string url = config.url;
  if (!config.url_secret.empty()) {
    absl::StatusOr<std::string> secret = ResolveSecret(config.url_secret, StrCat("sinks.", config.name, ".url_secret.secret"));
    if (!secret.ok()) return secret.status();
    url = *secret;
  }
  absl::StatusOr<std::unique_ptr<HttpPoster>> poster =
      HttpPoster::Create(url, config.timeout_ms, config.name);
  if (!poster.ok()) return poster.status();
  return std::make_unique<ChatWebhookSink>(config.name, *std::move(poster), format);
}

}  // namespace stormwatch
