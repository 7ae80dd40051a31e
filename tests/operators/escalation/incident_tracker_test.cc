// The escalation engine, driven with explicit times: routing by the brand's local time,
// severity upgrades on the same incident, tiers after N minutes, ack, cooldown, silences
// and maintenance windows.
#include "operators/escalation/incident_tracker.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "absl/time/time.h"
#include "pipeline/core/time_util.h"
#include "pipeline/state/memory_state_store.h"

namespace stormwatch {
namespace {

int64_t Utc(const std::string& rfc3339) {
  absl::Time t;
  std::string err;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &err)) << err;
  return absl::ToUnixMillis(t);
}

v1::Alert MakeAlert(const std::string& id, int64_t event_ms, v1::Severity severity,
                    v1::AlertState state = v1::FIRING, const std::string& scope = "brand") {
  v1::Alert a;
  a.set_id(id);
  a.set_kind(v1::SHITSTORM);
  a.set_brand("telenova");
  a.set_scope(scope);
  a.set_severity(severity);
  a.set_state(state);
  *a.mutable_starts_at() = FromMillis(event_ms);
  *a.mutable_event_time() = FromMillis(event_ms);
  a.set_summary("negative flood");
  return a;
}

std::vector<std::string> Sinks(const std::vector<SinkNotification>& out) {
  std::vector<std::string> names;
  for (const auto& n : out) names.push_back(n.sink);
  std::sort(names.begin(), names.end());
  return names;
}

class IncidentTrackerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.cooldown_ms = 10 * 60'000;
    config_.renotify_ms = 30 * 60'000;
    AlertRouteConfig route;
    route.brand = "*";
    route.time_zone = "Europe/Copenhagen";
    route.office_days = {1, 2, 3, 4, 5};
    route.office_start_minute = 8 * 60;
    route.office_end_minute = 16 * 60;
    route.office_hours_sinks = {"slack-community"};
    route.after_hours_sinks = {"pagerduty-oncall"};
    route.critical_sinks = {"pagerduty-oncall"};
    route.escalation_tiers = {{"pagerduty-secondary"}, {"teams-management"}};
    route.escalate_after_ms = 15 * 60'000;
    config_.routes.push_back(route);
  }
  std::unique_ptr<IncidentTracker> MakeTracker() {
    auto tracker = IncidentTracker::Create(
        config_,
        {{"slack-community"}, {"pagerduty-oncall"}, {"pagerduty-secondary"}, {"teams-management"},
         {"jsonl"}, {"alertmanager", 60'000}},
        &state_);
    EXPECT_TRUE(tracker.ok()) << tracker.status();
    return tracker.ok() ? *std::move(tracker) : nullptr;
  }
  AlertingConfig config_;
  MemoryKeyValueState state_;
};

TEST_F(IncidentTrackerTest, RoutesOfficeHoursToCommunityAndEveningToOnCall) {
  auto tracker = MakeTracker();
  // Friday 2026-11-27, Copenhagen is UTC+1: 10:00 local = 09:00Z, 22:00 local = 21:00Z.
  const int64_t morning = Utc("2026-11-27T09:00:00Z");
  auto out = tracker->OnAlert(MakeAlert("a-morning", morning, v1::WARNING), morning);
  EXPECT_EQ(Sinks(out), (std::vector<std::string>{"alertmanager", "jsonl", "slack-community"}));
  EXPECT_EQ(out[0].notification.route, "office-hours");

  const int64_t evening = Utc("2026-11-27T21:00:00Z");
  out = tracker->OnAlert(MakeAlert("a-evening", evening, v1::WARNING, v1::FIRING, "topic:x"),
                         evening);
  EXPECT_EQ(Sinks(out), (std::vector<std::string>{"alertmanager", "jsonl", "pagerduty-oncall"}));
  EXPECT_EQ(out[0].notification.route, "after-hours");
}

TEST_F(IncidentTrackerTest, SameIncidentAtTenAndTwentyTwoTakesDifferentRoutes) {
  const int64_t ten = Utc("2026-11-27T09:00:00Z");
  const int64_t twenty_two = Utc("2026-11-27T21:00:00Z");
  MemoryKeyValueState other;
  auto a = MakeTracker();
  auto b = IncidentTracker::Create(config_, {{"slack-community"}, {"pagerduty-oncall"},
                                             {"pagerduty-secondary"}, {"teams-management"}},
                                   &other);
  ASSERT_TRUE(b.ok());
  auto at_ten = a->OnAlert(MakeAlert("same-id", ten, v1::WARNING), ten);
  auto at_night = (*b)->OnAlert(MakeAlert("same-id", twenty_two, v1::WARNING), twenty_two);
  EXPECT_NE(std::find_if(at_ten.begin(), at_ten.end(),
                         [](auto& n) { return n.sink == "slack-community"; }),
            at_ten.end());
  EXPECT_EQ(Sinks(at_night), (std::vector<std::string>{"pagerduty-oncall"}));
  EXPECT_EQ(at_ten[0].notification.incident_id, at_night[0].notification.incident_id);
}

TEST_F(IncidentTrackerTest, WeekendAndHolidayAreAfterHours) {
  AlertingConfig& c = config_;
  c.routes[0].holidays = {"2026-12-24"};
  auto tracker = MakeTracker();
  const int64_t saturday_ten = Utc("2026-11-28T09:00:00Z");
  auto out = tracker->OnAlert(MakeAlert("sat", saturday_ten, v1::WARNING), saturday_ten);
  EXPECT_EQ(out[0].notification.route, "after-hours");
  const int64_t christmas_eve_ten = Utc("2026-12-24T09:00:00Z");  // a Thursday
  out = tracker->OnAlert(MakeAlert("xmas", christmas_eve_ten, v1::WARNING, v1::FIRING, "s2"),
                         christmas_eve_ten);
  EXPECT_EQ(out[0].notification.route, "after-hours");
}

TEST_F(IncidentTrackerTest, CriticalGoesToOnCallAlsoInOfficeHours) {
  auto tracker = MakeTracker();
  const int64_t ten = Utc("2026-11-27T09:00:00Z");
  auto out = tracker->OnAlert(MakeAlert("crit", ten, v1::CRITICAL), ten);
  EXPECT_EQ(out[0].notification.route, "critical");
  EXPECT_EQ(Sinks(out), (std::vector<std::string>{"alertmanager", "jsonl", "pagerduty-oncall",
                                                 "slack-community"}));
}

TEST_F(IncidentTrackerTest, SeverityUpgradeUpdatesTheSameIncident) {
  auto tracker = MakeTracker();
  const int64_t ten = Utc("2026-11-27T09:00:00Z");
  tracker->OnAlert(MakeAlert("storm", ten, v1::WARNING), ten);
  // The same update again (a replay) is not news.
  EXPECT_TRUE(tracker->OnAlert(MakeAlert("storm", ten, v1::WARNING), ten + 1000).empty());
  auto out = tracker->OnAlert(MakeAlert("storm", ten, v1::CRITICAL), ten + 60'000);
  ASSERT_FALSE(out.empty());
  for (const auto& n : out) {
    EXPECT_EQ(n.notification.incident_id, "storm");
    EXPECT_EQ(n.notification.alert.severity(), v1::CRITICAL);
  }
  EXPECT_NE(std::find(Sinks(out).begin(), Sinks(out).end(), "pagerduty-oncall"), Sinks(out).end());
  EXPECT_EQ(tracker->open_incidents(), 1u);
}

TEST_F(IncidentTrackerTest, UnacknowledgedEscalatesToNextTierAfterNMinutes) {
  auto tracker = MakeTracker();
  const int64_t t0 = Utc("2026-11-27T21:00:00Z");
  tracker->OnAlert(MakeAlert("storm", t0, v1::WARNING), t0);
  EXPECT_TRUE(Sinks(tracker->OnTick(t0 + 14 * 60'000)) ==
              std::vector<std::string>{"alertmanager"});  // only Alertmanager's re-send
  auto out = tracker->OnTick(t0 + 15 * 60'000);
  EXPECT_EQ(Sinks(out), (std::vector<std::string>{"alertmanager", "pagerduty-secondary"}));
  for (const auto& n : out) EXPECT_EQ(n.notification.tier, 1);
  EXPECT_EQ(tracker->Find("storm")->status, IncidentStatus::kEscalated);
  out = tracker->OnTick(t0 + 30 * 60'000);
  ASSERT_EQ(out.size(), 2u);  // tier 2, and Alertmanager's re-send
  EXPECT_EQ(Sinks(out), (std::vector<std::string>{"alertmanager", "teams-management"}));
}

TEST_F(IncidentTrackerTest, AcknowledgeStopsEscalationAndResolveReachesEveryone) {
  auto tracker = MakeTracker();
  const int64_t t0 = Utc("2026-11-27T21:00:00Z");
  tracker->OnAlert(MakeAlert("storm", t0, v1::WARNING), t0);
  auto ack = tracker->Acknowledge("storm", "alice", t0 + 60'000);
  ASSERT_TRUE(ack.ok());
  EXPECT_EQ(Sinks(*ack), (std::vector<std::string>{"alertmanager", "jsonl", "pagerduty-oncall"}));
  EXPECT_EQ((*ack)[0].notification.action, NotificationAction::kAcknowledge);
  EXPECT_EQ((*ack)[0].notification.actor, "alice");
  for (const auto& n : tracker->OnTick(t0 + 60 * 60'000)) EXPECT_EQ(n.sink, "alertmanager");
  auto resolved = tracker->OnAlert(MakeAlert("storm", t0, v1::WARNING, v1::RESOLVED),
                                   t0 + 61 * 60'000);
  EXPECT_EQ(Sinks(resolved),
            (std::vector<std::string>{"alertmanager", "jsonl", "pagerduty-oncall"}));
  EXPECT_EQ(resolved[0].notification.action, NotificationAction::kResolve);
  EXPECT_TRUE(tracker->OnAlert(MakeAlert("storm", t0, v1::WARNING, v1::RESOLVED), t0).empty());
  EXPECT_EQ(tracker->Acknowledge("nope", "x", t0).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(IncidentTrackerTest, RefireWithinCooldownReopensTheIncident) {
  auto tracker = MakeTracker();
  const int64_t t0 = Utc("2026-11-27T21:00:00Z");
  tracker->OnAlert(MakeAlert("first", t0, v1::WARNING), t0);
  tracker->OnAlert(MakeAlert("first", t0, v1::WARNING, v1::RESOLVED), t0 + 60'000);
  auto out = tracker->OnAlert(MakeAlert("second", t0 + 120'000, v1::WARNING), t0 + 120'000);
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out[0].notification.incident_id, "first");
  EXPECT_EQ(tracker->open_incidents(), 1u);
  // After the cooldown a refire is a new incident.
  tracker->OnAlert(MakeAlert("second", t0, v1::WARNING, v1::RESOLVED), t0 + 180'000);
  out = tracker->OnAlert(MakeAlert("third", t0, v1::WARNING), t0 + 180'000 + 11 * 60'000);
  EXPECT_EQ(out[0].notification.incident_id, "third");
}

TEST_F(IncidentTrackerTest, RenotifiesWhileUnacknowledgedAndSilenceHoldsIt) {
  config_.routes[0].escalation_tiers.clear();
  auto tracker = MakeTracker();
  const int64_t t0 = Utc("2026-11-27T21:00:00Z");
  tracker->OnAlert(MakeAlert("storm", t0, v1::WARNING), t0);
  auto out = tracker->OnTick(t0 + 30 * 60'000);
  EXPECT_EQ(Sinks(out), (std::vector<std::string>{"alertmanager", "pagerduty-oncall"}));
  ASSERT_TRUE(tracker->Silence("storm", t0 + 120 * 60'000).ok());
  for (const auto& n : tracker->OnTick(t0 + 61 * 60'000)) EXPECT_EQ(n.sink, "alertmanager");
}

TEST_F(IncidentTrackerTest, MaintenanceWindowHoldsNotificationsUntilItEnds) {
  config_.routes[0].maintenance = {{"2026-11-27T20:00:00Z", "2026-11-27T22:00:00Z"}};
  auto tracker = MakeTracker();
  const int64_t t0 = Utc("2026-11-27T21:00:00Z");
  EXPECT_TRUE(tracker->OnAlert(MakeAlert("storm", t0, v1::WARNING), t0).empty());
  EXPECT_TRUE(tracker->OnTick(t0 + 30 * 60'000).empty());
  auto out = tracker->OnTick(Utc("2026-11-27T22:00:01Z"));
  EXPECT_EQ(Sinks(out), (std::vector<std::string>{"alertmanager", "jsonl", "pagerduty-oncall"}));
}

TEST_F(IncidentTrackerTest, StateSurvivesARestart) {
  const int64_t t0 = Utc("2026-11-27T21:00:00Z");
  {
    auto tracker = MakeTracker();
    tracker->OnAlert(MakeAlert("storm", t0, v1::WARNING), t0);
    ASSERT_TRUE(tracker->Acknowledge("storm", "bob", t0 + 1000).ok());
  }
  auto again = MakeTracker();
  ASSERT_NE(again->Find("storm"), nullptr);
  EXPECT_EQ(again->Find("storm")->status, IncidentStatus::kAcknowledged);
  EXPECT_TRUE(again->OnAlert(MakeAlert("storm", t0, v1::WARNING), t0 + 2000).empty());
}

TEST_F(IncidentTrackerTest, UnknownTimeZoneIsAConfigError) {
  config_.routes[0].time_zone = "Mars/Olympus";
  auto tracker = IncidentTracker::Create(config_, {}, &state_);
  EXPECT_EQ(tracker.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(tracker.status().message()).find("time_zone"), std::string::npos);
}

}  // namespace
}  // namespace stormwatch
