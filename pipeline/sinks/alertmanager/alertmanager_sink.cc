// Alertmanager API v2 sink; see alertmanager_sink.h.
#include "pipeline/sinks/alertmanager/alertmanager_sink.h"

#include "nlohmann/json.hpp"
#include "pipeline/core/time_util.h"
#include "pipeline/sinks/http_delivery.h"
#include "pipeline/sinks/notification_json.h"

namespace stormwatch {
namespace {

class AlertmanagerSink final : public NotificationSink {
 public:
  AlertmanagerSink(std::string name, std::unique_ptr<HttpPoster> poster, std::string generator)
      : name_(std::move(name)), poster_(std::move(poster)), generator_(std::move(generator)) {}
  std::string_view name() const override { return name_; }

  DeliveryResult Notify(const Notification& n) override {
    const v1::Alert& a = n.alert;
    nlohmann::json alert;
    alert["labels"] = {{"alertname", "StormwatchIncident"},
                       {"incident_id", n.incident_id},
                       {"kind", v1::AlertKind_Name(a.kind())},
                       {"brand", a.brand()},
                       {"scope", a.scope()},
                       {"source", "stormwatch"}};
    nlohmann::json annotations = {{"summary", a.summary()},
                                  {"title", NotificationTitle(n)},
                                  {"severity", LowerSeverity(a.severity())},
                                  {"route", n.route},
                                  {"tier", std::to_string(n.tier)},
                                  {"score", std::to_string(a.score())}};
    if (n.action == NotificationAction::kAcknowledge) annotations["acknowledged_by"] = n.actor;
    for (const auto& [key, value] : a.evidence().values()) {
      annotations[std::string("evidence_") + key] = std::to_string(value);
    }
    alert["annotations"] = annotations;
    alert["startsAt"] = FormatRfc3339(ToMillis(a.starts_at()));
    if (n.action == NotificationAction::kResolve) {
      int64_t ends = a.has_ends_at() ? ToMillis(a.ends_at()) : 0;
      if (ends <= ToMillis(a.starts_at())) {
        ends = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
      }
      alert["endsAt"] = FormatRfc3339(ends);
    }
    if (!generator_.empty()) alert["generatorURL"] = generator_ + "/api/v1/incidents/" + n.incident_id;
    const std::string body = nlohmann::json::array({alert}).dump();
    return poster_->Classify(poster_->Post("/api/v2/alerts", body));
  }

 private:
  std::string name_;
  std::unique_ptr<HttpPoster> poster_;
  std::string generator_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<NotificationSink>> MakeAlertmanagerSink(const SinkConfig& config) {
  std::string base = config.url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  absl::StatusOr<std::unique_ptr<HttpPoster>> poster =
      HttpPoster::Create(base, config.timeout_ms, config.name);
  if (!poster.ok()) return poster.status();
  return std::make_unique<AlertmanagerSink>(config.name, *std::move(poster), config.generator_url);
}

}  // namespace stormwatch
