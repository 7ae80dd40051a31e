// What each sink puts on the wire: Standard Webhooks signature (the spec's test vector),
// Slack blocks, Teams Adaptive Card, Retry-After parsing, the notification codec.
#include <gtest/gtest.h>

#include "pipeline/config/secret.h"
#include "pipeline/sinks/http_delivery.h"
#include "pipeline/sinks/notification.h"
#include "pipeline/sinks/notification_json.h"
#include "pipeline/sinks/pagerduty/pagerduty_sink.h"
#include "pipeline/sinks/slack/slack_sink.h"
#include "pipeline/sinks/teams/teams_sink.h"
#include "pipeline/sinks/webhook/webhook_sink.h"

namespace stormwatch {
namespace {

Notification SampleNotification() {
  Notification n;
  n.action = NotificationAction::kTrigger;
  n.incident_id = "shitstorm-0123";
  n.alert.set_id("shitstorm-0123");
  n.alert.set_kind(v1::SHITSTORM);
  n.alert.set_brand("telenova");
  n.alert.set_scope("brand");
  n.alert.set_severity(v1::CRITICAL);
  n.alert.set_summary("negative share 71% (normal 18%)");
  n.tier = 1;
  n.route = "tier-1";
  n.sequence = 3;
  return n;
}

TEST(SinkPayloadTest, StandardWebhookSignatureMatchesTheSpecVector) {
  auto signature = StandardWebhookSignature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                                            "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                                            R"({"test": 2432232314})");
  ASSERT_TRUE(signature.ok()) << signature.status();
  EXPECT_EQ(*signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(SinkPayloadTest, NotificationRoundTripsThroughTheOutboxCodec) {
  Notification n = SampleNotification();
  n.actor = "alice";
  auto decoded = DecodeNotification(EncodeNotification(n));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->incident_id, n.incident_id);
  EXPECT_EQ(decoded->actor, "alice");
  EXPECT_EQ(decoded->tier, 1);
  EXPECT_EQ(decoded->sequence, 3u);
  EXPECT_EQ(decoded->alert.summary(), n.alert.summary());
  EXPECT_EQ(decoded->MessageId(), "shitstorm-0123.trigger.3");
  EXPECT_FALSE(DecodeNotification("garbage").ok());
}

TEST(SinkPayloadTest, SlackMessageHasHeaderFieldsAndIncidentContext) {
  const nlohmann::json m = SlackMessage(SampleNotification());
  ASSERT_TRUE(m.contains("text"));
  const auto& blocks = m["blocks"];
  ASSERT_EQ(blocks.size(), 4u);
  EXPECT_EQ(blocks[0]["type"], "header");
  EXPECT_NE(blocks[0]["text"]["text"].get<std::string>().find("escalated"), std::string::npos);
  EXPECT_EQ(blocks[1]["fields"].size(), 4u);
  EXPECT_NE(blocks[3]["elements"][0]["text"].get<std::string>().find("shitstorm-0123"),
            std::string::npos);
}

TEST(SinkPayloadTest, TeamsMessageIsAnAdaptiveCardAttachment) {
  const nlohmann::json m = TeamsMessage(SampleNotification());
  EXPECT_EQ(m["type"], "message");
  const auto& attachment = m["attachments"][0];
  EXPECT_EQ(attachment["contentType"], "application/vnd.microsoft.card.adaptive");
  EXPECT_EQ(attachment["content"]["type"], "AdaptiveCard");
  EXPECT_EQ(attachment["content"]["body"][2]["type"], "FactSet");
}

TEST(SinkPayloadTest, EnvelopeCarriesIdsAndTheAlertAsProtoJson) {
  Notification n = SampleNotification();
  n.action = NotificationAction::kResolve;
  const nlohmann::json e = NotificationEnvelope(n);
  EXPECT_EQ(e["type"], "incident.resolve");
  EXPECT_EQ(e["messageId"], "shitstorm-0123.resolve.3");
  EXPECT_EQ(e["alert"]["state"], "RESOLVED");
  EXPECT_EQ(e["alert"]["brand"], "telenova");
}

TEST(SinkPayloadTest, RetryAfterAcceptsSecondsAndHttpDates) {
  EXPECT_EQ(ParseRetryAfter("120", 0).count(), 120'000);
  EXPECT_EQ(ParseRetryAfter("", 0).count(), 0);
  // Thu, 01 Jan 1970 00:01:40 GMT = 100 s after the epoch.
  EXPECT_EQ(ParseRetryAfter("Thu, 01 Jan 1970 00:01:40 GMT", 40'000).count(), 60'000);
  EXPECT_EQ(ParseRetryAfter("soon", 0).count(), 0);
}

TEST(SinkPayloadTest, SecretsComeFromEnvAndNeverFromEmptyValues) {
  setenv("STORMWATCH_TEST_SECRET", "s3cret\n", 1);
  SecretRef ref;
  ref.env = "STORMWATCH_TEST_SECRET";
  auto value = ResolveSecret(ref, "routing_key");
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, "s3cret");
  ref.env = "STORMWATCH_TEST_SECRET_MISSING";
  auto missing = ResolveSecret(ref, "routing_key");
  EXPECT_FALSE(missing.ok());
  EXPECT_EQ(std::string(missing.status().message()).find("s3cret"), std::string::npos);
  setenv("STORMWATCH_TEST_SECRET_BLANK", "  \n", 1);
  ref.env = "STORMWATCH_TEST_SECRET_BLANK";
  EXPECT_FALSE(ResolveSecret(ref, "routing_key").ok());
}

// A sink whose secret file is missing stops start-up naming the sink's field and the file.
TEST(SinkPayloadTest, MissingSecretFileNamesSinkFieldAndFile) {
  SinkConfig config;
  config.type = "pagerduty";
  config.name = "pd";
  config.url = "https://events.pagerduty.com";
  config.routing_key.file = "/nonexistent/pd-key";
  auto sink = MakePagerDutySink(config);
  ASSERT_FALSE(sink.ok());
  EXPECT_EQ(std::string(sink.status().message()),
            "sinks.pd.routing_key.secret_file: cannot read secret file '/nonexistent/pd-key'");
}

}  // namespace
}  // namespace stormwatch
