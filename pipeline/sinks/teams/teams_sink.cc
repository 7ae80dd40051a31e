// Teams Workflows webhook sink; see teams_sink.h.
#include "pipeline/sinks/teams/teams_sink.h"

#include "pipeline/core/time_util.h"
#include "pipeline/sinks/http_delivery.h"
#include "pipeline/sinks/notification_json.h"

namespace stormwatch {
namespace {

class TeamsSink final : public NotificationSink {
 public:
  TeamsSink(std::string name, std::unique_ptr<HttpPoster> poster)
      : name_(std::move(name)), poster_(std::move(poster)) {}
  std::string_view name() const override { return name_; }
  DeliveryResult Notify(const Notification& n) override {
    return poster_->Classify(poster_->Post("", TeamsMessage(n).dump()));
  }

 private:
  std::string name_;
  std::unique_ptr<HttpPoster> poster_;
};

}  // namespace

nlohmann::json TeamsMessage(const Notification& n) {
  const v1::Alert& a = n.alert;
  const bool attention =
      n.action == NotificationAction::kTrigger && a.severity() == v1::CRITICAL;
  nlohmann::json card = {
      {"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
      {"type", "AdaptiveCard"},
      {"version", "1.4"},
      {"body",
       {{{"type", "TextBlock"},
         {"text", NotificationTitle(n)},
         {"weight", "Bolder"},
         {"size", "Medium"},
         {"color", attention ? "Attention" : "Default"},
         {"wrap", true}},
        {{"type", "TextBlock"}, {"text", a.summary()}, {"wrap", true}},
        {{"type", "FactSet"},
         {"facts",
          {{{"title", "Brand"}, {"value", a.brand()}},
           {{"title", "Scope"}, {"value", a.scope()}},
           {{"title", "Since"}, {"value", FormatRfc3339(ToMillis(a.starts_at()))}},
           {{"title", "Route"}, {"value", n.route}},
           {{"title", "Incident"}, {"value", n.incident_id}}}}}}}};
  return {{"type", "message"},
          {"attachments",
           {{{"contentType", "application/vnd.microsoft.card.adaptive"},
             {"contentUrl", nullptr},
             {"content", card}}}}};
}

absl::StatusOr<std::unique_ptr<NotificationSink>> MakeTeamsSink(const SinkConfig& config) {
  std::string url = config.url;
  if (!config.url_secret.empty()) {
    absl::StatusOr<std::string> secret = ReadSecret(config.url_secret, "url_secret");
    if (!secret.ok()) return secret.status();
    url = *secret;
  }
  absl::StatusOr<std::unique_ptr<HttpPoster>> poster =
      HttpPoster::Create(url, config.timeout_ms, config.name);
  if (!poster.ok()) return poster.status();
  return std::make_unique<TeamsSink>(config.name, *std::move(poster));
}

}  // namespace stormwatch
