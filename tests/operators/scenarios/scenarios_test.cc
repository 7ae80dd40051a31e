// The four detector scenarios of tests/data/scenarios through `stormwatch replay` (the
// binary in STORMWATCH_BIN, default chain): each asserts the alert kinds it must (and must
// not) produce, for which brand, and that each fired within a stated delay of the
// scenario's onset (onsets as documented in tests/data/make_scenarios.py).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pipeline/core/event_codec.h"
#include "pipeline/core/time_util.h"

namespace stormwatch {
namespace {

constexpr int64_t kMinute = 60'000;
// Mon 2026-11-02 00:00 UTC, the start of every scenario.
constexpr int64_t kStart = 1793577600000;
constexpr int64_t kDay = 24 * 60 * kMinute;

class DetectorScenarioTest : public ::testing::Test {
 protected:
  // Replays tests/data/scenarios/<name>.jsonl; returns every alert update.
  std::vector<v1::Alert> Replay(const std::string& name) {
    const char* bin = std::getenv("STORMWATCH_BIN");
    // ctest runs the tests in the source tree (STORMWATCH_SOURCE_DIR may be unset).
    const char* src = std::getenv("STORMWATCH_SOURCE_DIR");
    if (src == nullptr) src = ".";
    EXPECT_NE(bin, nullptr) << "STORMWATCH_BIN is set by ctest";
    if (bin == nullptr) return {};
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("stormwatch_scenario_" + name);
    std::filesystem::create_directories(dir);
    const std::string input = std::string(src) + "/tests/data/scenarios/" + name + ".jsonl";
    const std::string output = (dir / "alerts.jsonl").string();
    const std::string command = std::string(bin) + " replay --input " + input + " --output " +
                                output + " > " + (dir / "stdout.txt").string() + " 2>&1";
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    std::vector<v1::Alert> alerts;
    std::ifstream in(output);
    std::string line;
    while (std::getline(in, line)) {
      absl::StatusOr<v1::Alert> alert = ParseAlertJson(line);
      EXPECT_TRUE(alert.ok()) << line;
      if (alert.ok()) alerts.push_back(*alert);
    }
    std::filesystem::remove_all(dir);
    return alerts;
  }

  // The first FIRING update of `kind` for `brand`, or null.
  static const v1::Alert* FirstFiring(const std::vector<v1::Alert>& alerts, v1::AlertKind kind,
                                      const std::string& brand) {
    for (const v1::Alert& a : alerts) {
      if (a.kind() == kind && a.brand() == brand && a.state() == v1::FIRING) return &a;
    }
    return nullptr;
  }

  static int Count(const std::vector<v1::Alert>& alerts, v1::AlertKind kind) {
    int n = 0;
    for (const v1::Alert& a : alerts) n += a.kind() == kind;
    return n;
  }

  static std::string Describe(const std::vector<v1::Alert>& alerts) {
    std::string text;
    for (const v1::Alert& a : alerts) text += AlertToJson(a).substr(0, 400) + "\n";
    return text;
  }
};

TEST_F(DetectorScenarioTest, QuietWeekRaisesNoAlert) {
  const std::vector<v1::Alert> alerts = Replay("quiet_week");
  EXPECT_TRUE(alerts.empty()) << Describe(alerts);
}

TEST_F(DetectorScenarioTest, CampaignLaunchIsASpikeNotAShitstorm) {
  const int64_t onset = kStart + 2 * kDay + 12 * 60 * kMinute;  // Wed 12:00 UTC
  const std::vector<v1::Alert> alerts = Replay("campaign");
  const v1::Alert* spike = FirstFiring(alerts, v1::SPIKE, "nordbank");
  ASSERT_NE(spike, nullptr) << Describe(alerts);
  const int64_t fired = ToMillis(spike->event_time());
  EXPECT_GE(fired, onset);
  EXPECT_LE(fired, onset + 10 * kMinute) << "SPIKE within 10 min of the launch";
  EXPECT_EQ(Count(alerts, v1::SHITSTORM), 0) << Describe(alerts);
  EXPECT_EQ(Count(alerts, v1::SPILLOVER), 0) << Describe(alerts);
  EXPECT_EQ(Count(alerts, v1::RESPONSE_SLA), 0) << Describe(alerts);
}

TEST_F(DetectorScenarioTest, OutageSpillsOverThenEscalatesIntoAShitstorm) {
  const int64_t queue_onset = kStart + 2 * kDay + 18 * 60 * kMinute;  // Wed 18:00 UTC
  const int64_t storm_onset = queue_onset + 60 * kMinute;
  const std::vector<v1::Alert> alerts = Replay("outage");
  const v1::Alert* spill = FirstFiring(alerts, v1::SPILLOVER, "telenova");
  ASSERT_NE(spill, nullptr) << Describe(alerts);
  EXPECT_GE(ToMillis(spill->event_time()), queue_onset);
  EXPECT_LE(ToMillis(spill->event_time()), queue_onset + 40 * kMinute)
      << "SPILLOVER within 40 min of the queue starting to build";
  EXPECT_THAT(spill->summary(), ::testing::HasSubstr("longest wait"));
  EXPECT_THAT(spill->summary(), ::testing::HasSubstr("the usual phone/queue complaints"));
  EXPECT_GT(spill->evidence().values().at("longest_wait_seconds"),
            2 * spill->evidence().normal_values().at("longest_wait_seconds"));

  const v1::Alert* storm = FirstFiring(alerts, v1::SHITSTORM, "telenova");
  ASSERT_NE(storm, nullptr) << Describe(alerts);
  EXPECT_GE(ToMillis(storm->event_time()), storm_onset);
  EXPECT_LE(ToMillis(storm->event_time()), storm_onset + 20 * kMinute)
      << "SHITSTORM within 20 min of the negative flood";
  EXPECT_GT(ToMillis(storm->event_time()), ToMillis(spill->event_time()));
  // One incident, escalated in place up to crisis, then resolved.
  std::vector<v1::Severity> stages;
  bool resolved = false;
  for (const v1::Alert& a : alerts) {
    if (a.kind() != v1::SHITSTORM) continue;
    EXPECT_EQ(a.id(), storm->id()) << "one incident, one id";
    if (a.state() == v1::FIRING) stages.push_back(a.severity());
    resolved = resolved || a.state() == v1::RESOLVED;
  }
  ASSERT_GE(stages.size(), 2u) << Describe(alerts);
  EXPECT_TRUE(std::is_sorted(stages.begin(), stages.end()));
  EXPECT_EQ(stages.back(), v1::CRITICAL) << Describe(alerts);
  EXPECT_TRUE(resolved) << Describe(alerts);
  const auto& values = storm->evidence().values();
  for (const char* signal : {"volume_ratio", "negative_share", "new_author_share",
                             "shares_per_minute", "top_tag_share"}) {
    EXPECT_TRUE(values.contains(signal)) << signal;
    EXPECT_TRUE(storm->evidence().normal_values().contains(signal)) << signal;
  }
  EXPECT_GT(storm->evidence().sample_mention_ids_size(), 0);
}

TEST_F(DetectorScenarioTest, UnansweredNightComplaintsBreachTheResponseSla) {
  const int64_t onset = kStart + 2 * kDay + 21 * 60 * kMinute;  // Wed 21:00 UTC
  const std::vector<v1::Alert> alerts = Replay("night");
  const v1::Alert* breach = FirstFiring(alerts, v1::RESPONSE_SLA, "telenova");
  ASSERT_NE(breach, nullptr) << Describe(alerts);
  // After-hours SLA 240 min: the first unanswered mention after 21:00 breaches after 01:00.
  EXPECT_GE(ToMillis(breach->event_time()), onset + 240 * kMinute);
  EXPECT_LE(ToMillis(breach->event_time()), onset + 240 * kMinute + 20 * kMinute)
      << "RESPONSE_SLA within 20 min of the first deadline";
  // Grouped per brand: one incident id for the whole night.
  for (const v1::Alert& a : alerts) {
    if (a.kind() == v1::RESPONSE_SLA) {
      EXPECT_EQ(a.id(), breach->id());
    }
  }
  EXPECT_GT(breach->evidence().sample_mention_ids_size(), 0);
  EXPECT_EQ(Count(alerts, v1::SHITSTORM), 0) << Describe(alerts);
}

}  // namespace
}  // namespace stormwatch
