// Against a real Alertmanager (Debian's prometheus-alertmanager on loopback): an incident
// appears in GET /api/v2/alerts with its labels and annotations, then resolves (endsAt)
// and is gone from the active list.
#include "tests/pipeline/sinks/alertmanager_process.h"

namespace stormwatch {
namespace {

using namespace stormwatch::testing;

TEST(AlertmanagerSinkTest, AlertAppearsWithLabelsThenResolves) {
  ASSERT_FALSE(AlertmanagerBinary().empty())
      << "prometheus-alertmanager not installed (scripts/setup.sh installs it)";
  AlertmanagerReceiver receiver;
  AlertmanagerProcess alertmanager(receiver.port());
  ASSERT_TRUE(alertmanager.Start());
  DispatcherHarness harness;
  PipelineConfig config = harness.Config();
  SinkConfig am;
  am.type = am.name = "alertmanager";
  am.url = alertmanager.url();
  am.generator_url = "http://stormwatch.example";
  am.resend_interval_ms = 60'000;
  config.sinks.push_back(am);
  harness.StartDispatcher(config);

  harness.Publish(TestAlert("spike-am-1", v1::FIRING, v1::CRITICAL));
  nlohmann::json found;
  ASSERT_TRUE(WaitFor(
      [&] {
        for (const auto& a : alertmanager.Alerts()) {
          if (a["labels"].value("incident_id", "") == "spike-am-1") found = a;
        }
        return !found.is_null();
      },
      std::chrono::seconds(20)));
  EXPECT_EQ(found["labels"]["alertname"], "StormwatchIncident");
  EXPECT_EQ(found["labels"]["kind"], "SPIKE");
  EXPECT_EQ(found["labels"]["brand"], "telenova");
  EXPECT_EQ(found["labels"]["scope"], "brand");
  EXPECT_EQ(found["annotations"]["severity"], "critical");
  EXPECT_EQ(found["annotations"]["summary"], "50 mentions of telenova within 5 min");
  EXPECT_EQ(found["status"]["state"], "active");
  EXPECT_EQ(found["generatorURL"], "http://stormwatch.example/api/v1/incidents/spike-am-1");
  ASSERT_TRUE(WaitFor([&] { return receiver.seen()["spike-am-1/firing"] == 1; },
                      std::chrono::seconds(15)));

  harness.Publish(TestAlert("spike-am-1", v1::RESOLVED, v1::CRITICAL));
  EXPECT_TRUE(WaitFor(
      [&] {
        for (const auto& a : alertmanager.Alerts()) {
          if (a["labels"].value("incident_id", "") == "spike-am-1") return false;
        }
        return true;
      },
      std::chrono::seconds(20)));
  EXPECT_TRUE(WaitFor([&] { return harness.dispatcher().alerts_dispatched() == 2; },
                      std::chrono::seconds(10)));
}

}  // namespace
}  // namespace stormwatch
