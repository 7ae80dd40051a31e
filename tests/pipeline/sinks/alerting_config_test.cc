// The `sinks:` and `alerting:` config sections: every sink type and policy key, routes
// with office hours and tiers, and the errors (inline secrets, unknown sink names).
#include <gtest/gtest.h>

#include "pipeline/config/pipeline_config.h"

namespace stormwatch {
namespace {

constexpr char kConfig[] = R"(
sinks:
  - {type: alertmanager, url: "http://am:9093"}
  - type: pagerduty
    name: pd-oncall
    routing_key: {secret_env: PD_KEY}
    retry_initial_ms: 500
    rate_per_second: 2
    max_age_seconds: 3600
  - {type: slack, name: community, url_secret: {secret_file: /run/secrets/slack}}
  - {type: webhook, url: "https://hooks.example/x", secret: {secret_env: WH}}
  - {type: kafka, topic: incidents.v1}
alerting:
  outbox_dir: /tmp/outbox
  api_token: {secret_file: /run/secrets/token}
  cooldown_seconds: 300
  renotify_minutes: 20
  routes:
    - brand: telenova
      time_zone: Europe/Copenhagen
      office_hours: {days: [1, 2, 3, 4, 5], start: "08:30", end: "17:00", holidays: ["2026-12-24"]}
      office_hours_sinks: [community]
      after_hours_sinks: [pd-oncall]
      critical_sinks: [pd-oncall]
      escalation_tiers: [[pd-oncall], [community]]
      escalate_after_minutes: 10
      maintenance: [{start: "2026-12-01T22:00:00Z", end: "2026-12-02T02:00:00Z"}]
)";

TEST(AlertingConfigTest, ReadsSinksAndRoutes) {
  auto config = ParsePipelineConfig(kConfig, "test.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_EQ(config->sinks.size(), 5u);
  EXPECT_EQ(config->sinks[0].name, "alertmanager");
  EXPECT_EQ(config->sinks[0].resend_interval_ms, 60'000);
  EXPECT_EQ(config->sinks[1].url, "https://events.pagerduty.com");
  EXPECT_EQ(config->sinks[1].routing_key.env, "PD_KEY");
  EXPECT_EQ(config->sinks[1].retry_initial_ms, 500);
  EXPECT_EQ(config->sinks[1].rate_per_second, 2);
  EXPECT_EQ(config->sinks[1].max_age_ms, 3'600'000);
  EXPECT_EQ(config->sinks[2].url_secret.file, "/run/secrets/slack");
  EXPECT_EQ(config->sinks[4].topic, "incidents.v1");
  EXPECT_EQ(config->alerting.outbox_dir, "/tmp/outbox");
  EXPECT_EQ(config->alerting.cooldown_ms, 300'000);
  EXPECT_EQ(config->alerting.renotify_ms, 20 * 60'000);
  ASSERT_EQ(config->alerting.routes.size(), 1u);
  const AlertRouteConfig& r = config->alerting.routes[0];
  EXPECT_EQ(r.office_start_minute, 8 * 60 + 30);
  EXPECT_EQ(r.office_end_minute, 17 * 60);
  EXPECT_EQ(r.holidays, std::vector<std::string>{"2026-12-24"});
  EXPECT_EQ(r.escalation_tiers.size(), 2u);
  EXPECT_EQ(r.escalate_after_ms, 10 * 60'000);
  EXPECT_EQ(r.maintenance.size(), 1u);
}

TEST(AlertingConfigTest, RejectsInlineSecretsWithoutEchoingThem) {
  auto config = ParsePipelineConfig(
      "sinks:\n  - {type: pagerduty, routing_key: sup3rsecret}\n", "test.yaml");
  ASSERT_FALSE(config.ok());
  const std::string message(config.status().message());
  EXPECT_NE(message.find("sinks[0].routing_key"), std::string::npos) << message;
  EXPECT_EQ(message.find("sup3rsecret"), std::string::npos) << message;
}

TEST(AlertingConfigTest, RejectsRoutesToUnknownSinksAndDuplicateNames) {
  auto unknown = ParsePipelineConfig(
      "sinks:\n  - {type: console}\nalerting:\n  routes:\n    - {after_hours_sinks: [nobody]}\n",
      "test.yaml");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(std::string(unknown.status().message()).find("nobody"), std::string::npos);
  auto duplicate = ParsePipelineConfig("sinks:\n  - {type: console}\n  - {type: console}\n",
                                       "test.yaml");
  EXPECT_FALSE(duplicate.ok());
  auto bad_clock = ParsePipelineConfig(
      "alerting:\n  routes:\n    - {office_hours: {start: '25:00'}}\n", "test.yaml");
  EXPECT_FALSE(bad_clock.ok());
}

}  // namespace
}  // namespace stormwatch
