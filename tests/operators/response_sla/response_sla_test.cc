// Response-SLA tracker: office-hours deadlines (time zone, weekend, holiday, clock stopped
// after hours), config errors, answers by reply and by thread, one grouped breach incident
// per brand that resolves when answered, and the pending cap.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "operators/response_sla/response_sla_config.h"
#include "operators/response_sla/response_sla_operator.h"
#include "pipeline/core/strings.h"
#include "tests/testutil/test_operator_context.h"

namespace stormwatch {
namespace {

using ::testing::HasSubstr;
using testing::MakeMention;
using testing::OperatorHarness;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kFri0800 = 1795766400000;  // Fri 2026-11-27 08:00 UTC (09:00 Copenhagen)

TEST(OfficeHoursTest, DeadlinesFollowTimeZoneWeekdaysAndHolidays) {
  auto config = response_sla::ParseResponseSlaConfig(YAML::Load(
      "timezone: Europe/Copenhagen\nopen: '09:00'\nclose: '17:00'\n"
      "holidays: ['2026-11-30']\nsla_minutes_office: 30\nsla_minutes_after_hours: 0"));
  ASSERT_TRUE(config.ok()) << config.status();
  const response_sla::BrandSla& sla = config->defaults;
  EXPECT_TRUE(sla.hours.IsOpen(kFri0800));            // 09:00 local
  EXPECT_FALSE(sla.hours.IsOpen(kFri0800 - kMinute)); // 08:59 local
  EXPECT_EQ(sla.Deadline(kFri0800 + kHour), kFri0800 + kHour + 30 * kMinute);
  // Friday 17:30 local: the clock stops; Saturday, Sunday and the Monday holiday are
  // closed, so the deadline is Tuesday 09:30 local = 08:30 UTC.
  const int64_t fri_evening = kFri0800 + 8 * kHour + 30 * kMinute;
  EXPECT_EQ(sla.Deadline(fri_evening), kFri0800 + 4 * 24 * kHour + 30 * kMinute);
}

TEST(ResponseSlaConfigTest, ErrorsNameTheFieldAndTheExpectation) {
  auto tz = response_sla::ParseResponseSlaConfig(YAML::Load("timezone: Mars/Olympus"));
  ASSERT_FALSE(tz.ok());
  EXPECT_THAT(tz.status().message(),
              HasSubstr("response_sla.timezone: expected an IANA time zone"));
  auto open = response_sla::ParseResponseSlaConfig(YAML::Load("brands: {acme: {open: '25:00'}}"));
  ASSERT_FALSE(open.ok());
  EXPECT_EQ(open.status().message(),
            "response_sla.brands.acme.open: expected a time of day HH:MM, got '25:00'");
  auto days = response_sla::ParseResponseSlaConfig(YAML::Load("weekdays: [mon, funday]"));
  ASSERT_FALSE(days.ok());
  EXPECT_THAT(days.status().message(), HasSubstr("response_sla.weekdays: expected a list"));
}

class ResponseSlaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto factory = MakeResponseSlaOperatorFactory()->Configure(
        YAML::Load("sla_minutes_office: 60\nsla_minutes_after_hours: 240\n"
                   "brands: {small: {max_pending: 2}}"));
    ASSERT_TRUE(factory.ok()) << factory.status();
    harness_ = std::make_unique<OperatorHarness>((*factory)());
  }

  std::string Complaint(int64_t t, const std::string& brand = "acme",
                        const std::string& thread = "") {
    const std::string id = StrCat("m", ++seq_);
    v1::Event e = MakeMention(brand, id, t, "my bill is wrong");
    e.mutable_mention()->mutable_enrichment()->add_intents(v1::COMPLAINT);
    e.mutable_mention()->set_thread_id(thread.empty() ? id : thread);
    harness_->Process(std::move(e));
    return id;
  }
  void Reply(int64_t t, const std::string& in_reply_to, const std::string& thread = "") {
    v1::Event e = MakeMention("acme", StrCat("r", ++seq_), t, "we are on it");
    e.mutable_mention()->set_from_brand(true);
    e.mutable_mention()->set_in_reply_to(in_reply_to);
    e.mutable_mention()->set_thread_id(thread);
    harness_->Process(std::move(e));
  }
  // Moves event time on with an unrelated mention (the watermark follows event time).
  void Tick(int64_t t) { harness_->Process(MakeMention("other", StrCat("t", ++seq_), t)); }

  std::unique_ptr<OperatorHarness> harness_;
  int seq_ = 0;
};

TEST_F(ResponseSlaTest, AnsweredInTimeRaisesNothing) {
  const std::string a = Complaint(kFri0800 + kHour);
  const std::string b = Complaint(kFri0800 + kHour + 5 * kMinute, "acme", "thread-1");
  Reply(kFri0800 + kHour + 20 * kMinute, a);
  Reply(kFri0800 + kHour + 30 * kMinute, "", "thread-1");  // same thread, no inReplyTo
  Tick(kFri0800 + 10 * kHour);
  EXPECT_TRUE(harness_->alerts().empty());
}

TEST_F(ResponseSlaTest, BreachesAreOneIncidentPerBrandAndResolveWhenAnswered) {
  const std::string a = Complaint(kFri0800 + kHour);             // deadline 10:00
  const std::string b = Complaint(kFri0800 + kHour + kMinute);   // deadline 10:01
  const std::string c = Complaint(kFri0800 + kHour + 2 * kMinute);
  Tick(kFri0800 + 2 * kHour + 30 * kMinute);
  const auto& alerts = harness_->alerts();
  ASSERT_FALSE(alerts.empty());
  EXPECT_EQ(alerts.front().kind(), v1::RESPONSE_SLA);
  EXPECT_EQ(alerts.front().state(), v1::FIRING);
  EXPECT_EQ(alerts.front().event_time().seconds() * 1000, kFri0800 + 2 * kHour);
  for (const v1::Alert& alert : alerts) EXPECT_EQ(alert.id(), alerts.front().id());
  EXPECT_LE(alerts.size(), 3u) << "grouped, not one alert per mention";
  EXPECT_GE(alerts.back().evidence().values().at("breached_unanswered"), 2);
  Reply(kFri0800 + 3 * kHour, a);
  Reply(kFri0800 + 3 * kHour, b);
  EXPECT_EQ(harness_->alerts().back().state(), v1::FIRING);
  Reply(kFri0800 + 3 * kHour, c);
  EXPECT_EQ(harness_->alerts().back().state(), v1::RESOLVED);
  EXPECT_EQ(harness_->alerts().back().id(), alerts.front().id());
}

TEST_F(ResponseSlaTest, AfterHoursMentionsGetTheAfterHoursSla) {
  Complaint(kFri0800 + 12 * kHour);  // 20:00 UTC, closed: deadline 00:00
  Tick(kFri0800 + 15 * kHour + 50 * kMinute);
  EXPECT_TRUE(harness_->alerts().empty());
  Tick(kFri0800 + 16 * kHour + 5 * kMinute);
  ASSERT_EQ(harness_->alerts().size(), 1u);
}

TEST_F(ResponseSlaTest, BrandsOwnPostsAndUnrelatedMentionsAreNotTracked) {
  v1::Event own = MakeMention("acme", "own", kFri0800, "new offer");
  own.mutable_mention()->set_from_brand(true);
  own.mutable_mention()->mutable_enrichment()->add_intents(v1::QUESTION);
  harness_->Process(std::move(own));
  v1::Event praise = MakeMention("acme", "praise", kFri0800, "great");
  praise.mutable_mention()->mutable_enrichment()->add_intents(v1::PRAISE);
  harness_->Process(std::move(praise));
  Tick(kFri0800 + 10 * kHour);
  EXPECT_TRUE(harness_->alerts().empty());
}

TEST_F(ResponseSlaTest, PendingMentionsAreCappedWithAnOverflowCount) {
  for (int i = 0; i < 5; ++i) Complaint(kFri0800 + kHour + i * kMinute, "small");
  Tick(kFri0800 + 3 * kHour);
  ASSERT_FALSE(harness_->alerts().empty());
  const v1::Alert& a = harness_->alerts().back();
  EXPECT_EQ(a.evidence().values().at("breached_unanswered"), 2);
  EXPECT_EQ(a.evidence().values().at("overflow"), 3);
}

}  // namespace
}  // namespace stormwatch
