// PagerDuty Events API v2 sink; see pagerduty_sink.h.
#include "pipeline/sinks/pagerduty/pagerduty_sink.h"

#include "nlohmann/json.hpp"
#include "pipeline/config/secret.h"
#include "pipeline/core/strings.h"
#include "pipeline/core/time_util.h"
#include "pipeline/sinks/http_delivery.h"
#include "pipeline/sinks/notification_json.h"

namespace stormwatch {
namespace {

class PagerDutySink final : public NotificationSink {
 public:
  PagerDutySink(std::string name, std::unique_ptr<HttpPoster> poster, std::string routing_key,
                std::string client_url)
      : name_(std::move(name)),
        poster_(std::move(poster)),
        routing_key_(std::move(routing_key)),
        client_url_(std::move(client_url)) {}
  std::string_view name() const override { return name_; }

  DeliveryResult Notify(const Notification& n) override {
    const v1::Alert& a = n.alert;
    nlohmann::json event = {{"routing_key", routing_key_},
                            {"event_action", std::string(NotificationActionName(n.action))},
                            {"dedup_key", n.incident_id}};
    if (n.action == NotificationAction::kTrigger) {
      nlohmann::json details = {{"kind", v1::AlertKind_Name(a.kind())},
                                {"brand", a.brand()},
                                {"scope", a.scope()},
                                {"score", a.score()},
                                {"route", n.route},
                                {"tier", n.tier}};
      for (const auto& [key, value] : a.evidence().values()) details["evidence"][key] = value;
      for (const auto& [key, value] : a.evidence().normal_values()) details["normal"][key] = value;
      std::string summary = NotificationTitle(n) + ": " + a.summary();
      if (summary.size() > 1024) summary.resize(1024);
      event["payload"] = {{"summary", summary},
                          {"source", "stormwatch/" + a.brand()},
                          {"severity", LowerSeverity(a.severity())},
                          {"timestamp", FormatRfc3339(ToMillis(a.event_time()))},
                          {"component", a.scope()},
                          {"group", a.brand()},
                          {"class", v1::AlertKind_Name(a.kind())},
                          {"custom_details", details}};
      event["client"] = "stormwatch";
      if (!client_url_.empty()) event["client_url"] = client_url_;
    }
    HttpPoster::Response response = poster_->Post("/v2/enqueue", event.dump());
    if (response.status == 202 || response.status == 200) return DeliveryResult::Delivered();
    if (response.status == 400) {
      // Invalid event: PagerDuty will never take it; the body says why (no secrets in it).
      return DeliveryResult::Rejected("pagerduty: HTTP 400 " + response.body.substr(0, 200));
    }
    return poster_->Classify(response);
  }

 private:
  std::string name_;
  std::unique_ptr<HttpPoster> poster_;
  std::string routing_key_;
  std::string client_url_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<NotificationSink>> MakePagerDutySink(const SinkConfig& config) {
  absl::StatusOr<std::string> key = ResolveSecret(config.routing_key, StrCat("sinks.", config.name, ".routing_key.secret"));
  if (!key.ok()) return key.status();
  std::string base = config.url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  absl::StatusOr<std::unique_ptr<HttpPoster>> poster =
      HttpPoster::Create(base, config.timeout_ms, config.name);
  if (!poster.ok()) return poster.status();
  return std::make_unique<PagerDutySink>(config.name, *std::move(poster), *std::move(key),
                                         config.generator_url);
}

}  // namespace stormwatch
