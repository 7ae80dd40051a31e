// Teams Workflows webhook sink; see teams_sink.h.
#include "pipeline/sinks/teams/teams_sink.h"

#include "pipeline/core/time_util.h"
#include "pipeline/sinks/chat_webhook_sink.h"
#include "pipeline/sinks/notification_json.h"

namespace stormwatch {

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
  return MakeChatWebhookSink(config, &TeamsMessage);
}

}  // namespace stormwatch
