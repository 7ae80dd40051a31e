// Alertmanager down while incidents fire (60 s by default; STORMWATCH_OUTAGE_SECONDS
// overrides), then back: the outbox delivers every alert, and Alertmanager's webhook
// receiver sees each incident exactly once. Labelled `slow`.
#include <cstdlib>

#include "tests/pipeline/sinks/alertmanager_process.h"

namespace stormwatch {
namespace {

using namespace stormwatch::testing;

TEST(AlertmanagerOutageTest, EveryAlertDeliveredAfterOutageAndNotifiedOnce) {
  ASSERT_FALSE(AlertmanagerBinary().empty())
      << "prometheus-alertmanager not installed (scripts/setup.sh installs it)";
  int outage_seconds = 60;
  if (const char* env = std::getenv("STORMWATCH_OUTAGE_SECONDS")) outage_seconds = std::atoi(env);
  AlertmanagerReceiver receiver;
  AlertmanagerProcess alertmanager(receiver.port());
  ASSERT_TRUE(alertmanager.Start());
  DispatcherHarness harness;
  PipelineConfig config = harness.Config();
  SinkConfig am;
  am.type = am.name = "alertmanager";
  am.url = alertmanager.url();
  am.resend_interval_ms = 20'000;
  am.retry_initial_ms = 500;
  am.retry_max_ms = 4'000;
  am.timeout_ms = 1'000;
  config.sinks.push_back(am);
  harness.StartDispatcher(config);

  alertmanager.Stop();
  const int kIncidents = 6;
  std::vector<std::string> ids;
  for (int i = 0; i < kIncidents; ++i) {
    ids.push_back("spike-outage-" + std::to_string(i));
    harness.Publish(TestAlert(ids.back(), v1::FIRING, v1::WARNING, "topic:" + std::to_string(i)));
    // A replayed update of the same incident while the receiver is down.
    harness.Publish(TestAlert(ids.back(), v1::FIRING, v1::WARNING, "topic:" + std::to_string(i)));
  }
  std::this_thread::sleep_for(std::chrono::seconds(outage_seconds));
  EXPECT_EQ(harness.dispatcher().alerts_dispatched(), kIncidents);  // the replays: no-ops
  ASSERT_TRUE(alertmanager.Start());

  ASSERT_TRUE(WaitFor([&] { return harness.dispatcher().alerts_dispatched() == 2 * kIncidents; },
                      std::chrono::seconds(30)));
  ASSERT_TRUE(WaitFor(
      [&] {
        auto seen = receiver.seen();
        for (const auto& id : ids) {
          if (seen[id + "/firing"] < 1) return false;
        }
        return true;
      },
      std::chrono::seconds(30)));
  size_t active = 0;
  for (const auto& a : alertmanager.Alerts()) {
    if (a["labels"].value("incident_id", "").rfind("spike-outage-", 0) == 0) ++active;
  }
  EXPECT_EQ(active, ids.size());
  // Several group intervals later, still one notification per incident.
  std::this_thread::sleep_for(std::chrono::seconds(6));
  for (const auto& [key, count] : receiver.seen()) EXPECT_EQ(count, 1) << key;
}

}  // namespace
}  // namespace stormwatch
