// Slack incoming-webhook sink; see slack_sink.h.
#include "pipeline/sinks/slack/slack_sink.h"

#include "pipeline/core/time_util.h"
#include "pipeline/sinks/chat_webhook_sink.h"
#include "pipeline/sinks/notification_json.h"

namespace stormwatch {
namespace {

nlohmann::json Field(const std::string& title, const std::string& value) {
  return {{"type", "mrkdwn"}, {"text", "*" + title + "*\n" + value}};
}

}  // namespace

nlohmann::json SlackMessage(const Notification& n) {
  const v1::Alert& a = n.alert;
  std::string title = NotificationTitle(n);
  if (title.size() > 150) title.resize(150);  // header blocks take at most 150 characters
  nlohmann::json blocks = nlohmann::json::array();
  blocks.push_back({{"type", "header"}, {"text", {{"type", "plain_text"}, {"text", title}}}});
  blocks.push_back({{"type", "section"},
                    {"fields",
                     {Field("Brand", a.brand()), Field("Kind", v1::AlertKind_Name(a.kind())),
                      Field("Severity", v1::Severity_Name(a.severity())),
                      Field("Since", FormatRfc3339(ToMillis(a.starts_at())))}}});
  blocks.push_back({{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", a.summary()}}}});
  blocks.push_back(
      {{"type", "context"},
       {"elements",
        {{{"type", "mrkdwn"},
          {"text", "incident `" + n.incident_id + "` - route " + n.route}}}}});
  return {{"text", title + ": " + a.summary()}, {"blocks", blocks}};
}

absl::StatusOr<std::unique_ptr<NotificationSink>> MakeSlackSink(const SinkConfig& config) {
  return MakeChatWebhookSink(config, &SlackMessage);
}

}  // namespace stormwatch
