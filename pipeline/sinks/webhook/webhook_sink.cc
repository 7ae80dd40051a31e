// Standard Webhooks signed webhook sink; see webhook_sink.h.
#include "pipeline/sinks/webhook/webhook_sink.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>

#include "pipeline/config/secret.h"
#include "pipeline/core/strings.h"
#include "pipeline/sinks/http_delivery.h"
#include "pipeline/sinks/notification_json.h"

namespace stormwatch {
namespace {

std::string Base64(const unsigned char* data, size_t n) {
  std::string out(4 * ((n + 2) / 3), '\0');
  const int len = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data,
                                  static_cast<int>(n));
  out.resize(len);
  return out;
}

absl::StatusOr<std::string> Unbase64(const std::string& text) {
  std::string out(3 * text.size() / 4 + 3, '\0');
  const int len = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(text.data()),
                                  static_cast<int>(text.size()));
  if (len < 0 || text.empty()) return absl::InvalidArgumentError("secret: expected whsec_<base64>");
  size_t padding = 0;
  for (size_t i = text.size(); i > 0 && text[i - 1] == '='; --i) ++padding;
  out.resize(static_cast<size_t>(len) - padding);
  return out;
}

class WebhookSink final : public NotificationSink {
 public:
  WebhookSink(std::string name, std::unique_ptr<HttpPoster> poster, std::string secret)
      : name_(std::move(name)), poster_(std::move(poster)), secret_(std::move(secret)) {}
  std::string_view name() const override { return name_; }

  DeliveryResult Notify(const Notification& n) override {
    const std::string id = n.MessageId();
    const int64_t timestamp = std::chrono::duration_cast<std::chrono::seconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count();
    const std::string body = NotificationEnvelope(n).dump();
    std::multimap<std::string, std::string> headers = {
        {"webhook-id", id}, {"webhook-timestamp", std::to_string(timestamp)}};
    if (!secret_.empty()) {
      absl::StatusOr<std::string> signature = StandardWebhookSignature(secret_, id, timestamp, body);
      if (!signature.ok()) return DeliveryResult::Rejected(std::string(signature.status().message()));
      headers.emplace("webhook-signature", *signature);
    }
    return poster_->Classify(poster_->Post("", body, headers));
  }

 private:
  std::string name_;
  std::unique_ptr<HttpPoster> poster_;
  std::string secret_;
};

}  // namespace

absl::StatusOr<std::string> StandardWebhookSignature(const std::string& secret,
                                                     const std::string& id,
                                                     int64_t timestamp_seconds,
                                                     const std::string& body) {
  const std::string encoded = secret.rfind("whsec_", 0) == 0 ? secret.substr(6) : secret;
  absl::StatusOr<std::string> key = Unbase64(encoded);
  if (!key.ok()) return key.status();
  const std::string content = StrCat(id, ".", timestamp_seconds, ".", body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), key->data(), static_cast<int>(key->size()),
       reinterpret_cast<const unsigned char*>(content.data()), content.size(), mac, &mac_len);
  return "v1," + Base64(mac, mac_len);
}

absl::StatusOr<std::unique_ptr<NotificationSink>> MakeWebhookSink(const SinkConfig& config) {
  std::string secret;
  if (!config.secret.empty()) {
    absl::StatusOr<std::string> read = ResolveSecret(config.secret, StrCat("sinks.", config.name, ".secret.secret"));
    if (!read.ok()) return read.status();
    secret = *read;
    if (absl::StatusOr<std::string> probe = StandardWebhookSignature(secret, "x", 0, "");
        !probe.ok()) {
      return probe.status();
    }
  }
  absl::StatusOr<std::unique_ptr<HttpPoster>> poster =
      HttpPoster::Create(config.url, config.timeout_ms, config.name);
  if (!poster.ok()) return poster.status();
  return std::make_unique<WebhookSink>(config.name, *std::move(poster), std::move(secret));
}

}  // namespace stormwatch
