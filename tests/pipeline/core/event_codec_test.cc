// Schema parsing: JSONL lines written against DESIGN.md load; bad lines get a message
// that names what is wrong.
#include "pipeline/core/event_codec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pipeline/core/time_util.h"

namespace stormwatch {
namespace {

using ::testing::HasSubstr;

TEST(EventCodecTest, ParsesMentionWithEveryDesignField) {
  absl::StatusOr<v1::Event> event = ParseEventJson(R"({"mention": {
      "id": "fb-1", "source": "facebook", "brand": "telenova", "channel": "comment",
      "authorId": "a1", "authorFollowers": 120, "text": "Venter i telefonen", "lang": "da",
      "createdAt": "2026-11-27T17:03:00+01:00", "inReplyTo": "fb-0", "threadId": "t1",
      "shares": 3, "likes": 7, "fromBrand": false, "topics": ["network", "billing"]}})");
  ASSERT_TRUE(event.ok()) << event.status();
  const v1::Mention& m = event->mention();
  EXPECT_EQ(m.id(), "fb-1");
  EXPECT_EQ(m.source(), "facebook");
  EXPECT_EQ(m.channel(), "comment");
  EXPECT_EQ(m.author_id(), "a1");
  EXPECT_EQ(m.author_followers(), 120u);
  EXPECT_EQ(m.lang(), "da");
  EXPECT_EQ(m.in_reply_to(), "fb-0");
  EXPECT_EQ(m.thread_id(), "t1");
  EXPECT_EQ(m.shares(), 3u);
  EXPECT_EQ(m.likes(), 7u);
  EXPECT_THAT(m.topics(), ::testing::ElementsAre("network", "billing"));
  EXPECT_EQ(EventTimeMs(*event), 1795795380000);  // 16:03 UTC
  EXPECT_EQ(EventBrand(*event), "telenova");
}

TEST(EventCodecTest, ParsesQueueSample) {
  absl::StatusOr<v1::Event> event = ParseEventJson(
      R"({"queueSample": {"brand": "telenova", "queueId": "q1", "ts": "2026-11-27T16:00:00Z",
          "callsWaiting": 42, "longestWaitSeconds": 840, "avgWaitSeconds": 300.5,
          "offered": 90, "abandoned": 12, "agentsAvailable": 0}})");
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->queue_sample().calls_waiting(), 42u);
  EXPECT_DOUBLE_EQ(event->queue_sample().longest_wait_seconds(), 840);
  EXPECT_EQ(EventBrand(*event), "telenova");
}

TEST(EventCodecTest, IgnoresUnknownFields) {
  absl::StatusOr<v1::Event> event = ParseEventJson(
      R"({"mention": {"id": "1", "brand": "b", "createdAt": "2026-01-01T00:00:00Z",
          "sentimentFromVendor": 0.3, "extra": {"x": 1}}, "envelopeVersion": 2})");
  EXPECT_TRUE(event.ok()) << event.status();
}

TEST(EventCodecTest, MissingRequiredFieldIsNamed) {
  absl::StatusOr<v1::Event> event =
      ParseEventJson(R"({"mention": {"id": "1", "brand": "b"}})");
  ASSERT_FALSE(event.ok());
  EXPECT_THAT(event.status().message(), HasSubstr("mention.createdAt"));

  event = ParseEventJson(R"({"mention": {"id": "1", "createdAt": "2026-01-01T00:00:00Z"}})");
  ASSERT_FALSE(event.ok());
  EXPECT_THAT(event.status().message(), HasSubstr("mention.brand"));

  event = ParseEventJson(R"({"queueSample": {"brand": "b"}})");
  ASSERT_FALSE(event.ok());
  EXPECT_THAT(event.status().message(), HasSubstr("queueSample.ts"));
}

TEST(EventCodecTest, RejectsMalformedJsonAndWrongTypes) {
  EXPECT_FALSE(ParseEventJson(R"({"mention": {"id": "1",)").ok());
  absl::StatusOr<v1::Event> bad_time = ParseEventJson(
      R"({"mention": {"id": "1", "brand": "b", "createdAt": "yesterday"}})");
  ASSERT_FALSE(bad_time.ok());
  EXPECT_THAT(bad_time.status().message(), HasSubstr("invalid JSON event"));
  absl::StatusOr<v1::Event> bad_count = ParseEventJson(
      R"({"queueSample": {"brand": "b", "ts": "2026-01-01T00:00:00Z", "callsWaiting": "many"}})");
  EXPECT_FALSE(bad_count.ok());
}

TEST(EventCodecTest, RejectsEnvelopeWithoutPayload) {
  absl::StatusOr<v1::Event> event = ParseEventJson(R"({"tweet": {"id": "1"}})");
  ASSERT_FALSE(event.ok());
  EXPECT_THAT(event.status().message(), HasSubstr("\"mention\" or \"queueSample\""));
}

TEST(EventCodecTest, BinaryRoundTripAndGarbage) {
  absl::StatusOr<v1::Event> event = ParseEventJson(
      R"({"mention": {"id": "1", "brand": "b", "createdAt": "2026-01-01T00:00:00Z"}})");
  ASSERT_TRUE(event.ok());
  absl::StatusOr<v1::Event> decoded = DecodeEvent(event->SerializeAsString());
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->mention().id(), "1");
  EXPECT_FALSE(DecodeEvent("\xff\xff\xff garbage").ok());
  EXPECT_FALSE(DecodeEvent("").ok());  // an empty Event has no payload
}

TEST(EventCodecTest, AlertJsonUsesDesignNames) {
  v1::Alert alert;
  alert.set_id("spike-1");
  alert.set_kind(v1::SHITSTORM);
  alert.set_severity(v1::CRITICAL);
  alert.set_state(v1::FIRING);
  *alert.mutable_starts_at() = FromMillis(1795766400000);
  const std::string json = AlertToJson(alert);
  EXPECT_THAT(json, HasSubstr(R"("kind":"SHITSTORM")"));
  EXPECT_THAT(json, HasSubstr(R"("severity":"CRITICAL")"));
  EXPECT_THAT(json, HasSubstr(R"("startsAt":"2026-11-27T08:00:00Z")"));
  absl::StatusOr<v1::Alert> parsed = ParseAlertJson(json);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->kind(), v1::SHITSTORM);
}

}  // namespace
}  // namespace stormwatch
