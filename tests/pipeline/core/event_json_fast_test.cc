// The simdjson fast path must give exactly what protobuf's JSON mapping gives, or step
// aside: every line here is parsed both ways and compared (or the fast path declines).
#include "pipeline/core/event_json_fast.h"

#include <gtest/gtest.h>

#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "pipeline/core/event_codec.h"

namespace stormwatch {
namespace {

std::optional<v1::Event> ParseWithProtobuf(const std::string& line) {
  v1::Event event;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  if (!google::protobuf::util::JsonStringToMessage(line, &event, options).ok()) return std::nullopt;
  return event;
}

const char* const kAcceptedLines[] = {
    R"({"mention": {"id": "fb-1", "source": "facebook", "brand": "telenova", "channel": "comment", "authorId": "a1", "authorFollowers": 120, "text": "Venter i telefonen \u00e6\u00f8\u00e5 \"quoted\" \ud83d\ude21", "lang": "da", "createdAt": "2026-11-27T17:03:00+01:00", "inReplyTo": "fb-0", "threadId": "t1", "shares": 3, "likes": 7, "fromBrand": true, "topics": ["network", "billing"]}})",
    R"({"mention":{"id":"1","brand":"b","createdAt":"2026-11-27T17:03:00.123Z","author_id":"snake","from_brand":false}})",
    R"({"mention":{"id":"1","brand":"b","createdAt":"2024-02-29T23:59:59.123456789-05:30"}})",
    R"({"queueSample": {"brand": "telenova", "queueId": "q1", "ts": "2026-11-27T16:00:00Z", "callsWaiting": 42, "longestWaitSeconds": 840.5, "avgWaitSeconds": 300, "offered": 90, "abandoned": 12, "agentsAvailable": 0}})",
    R"({"queue_sample": {"brand": "x", "queue_id": "q", "ts": "1970-01-01T00:00:00Z", "longest_wait_seconds": 1e3}})",
};

const char* const kDeclinedLines[] = {
    R"({"mention": {"id": "1", "brand": "b", "createdAt": "2026-01-01T00:00:00Z", "extra": 1}})",
    R"({"mention": {"id": "1", "brand": "b", "createdAt": "2026-01-01T00:00:00Z"}, "v": 2})",
    R"({"mention": {"id": "1", "brand": "b", "likes": "7", "createdAt": "2026-01-01T00:00:00Z"}})",
    R"({"mention": {"id": "1", "brand": "b", "likes": -1, "createdAt": "2026-01-01T00:00:00Z"}})",
    R"({"mention": {"id": "1", "brand": "b", "likes": 4294967296, "createdAt": "2026-01-01T00:00:00Z"}})",
    R"({"mention": {"id": null, "brand": "b", "createdAt": "2026-01-01T00:00:00Z"}})",
    R"({"mention": {"id": "1", "brand": "b", "createdAt": "2026-02-30T00:00:00Z"}})",
    R"({"mention": {"id": "1", "brand": "b", "createdAt": "2026-01-01 00:00:00Z"}})",
    R"({"mention": {"id": "1", "brand": "b", "createdAt": "2026-01-01T00:00:00"}})",
    R"({"mention": {"id": "1"}, "queueSample": {"brand": "b"}})",
    R"({"mention": {"id": "1", "brand": "b",)",
    R"({"mention": {"id": "1"}} trailing)",
    R"([1, 2])",
    "",
};

TEST(EventJsonFastTest, AcceptedLinesMatchProtobufExactly) {
  for (const char* line : kAcceptedLines) {
    std::optional<v1::Event> fast = TryParseEventJsonFast(line);
    ASSERT_TRUE(fast.has_value()) << line;
    std::optional<v1::Event> reference = ParseWithProtobuf(line);
    ASSERT_TRUE(reference.has_value()) << line;
    EXPECT_EQ(fast->SerializeAsString(), reference->SerializeAsString()) << line;
  }
}

TEST(EventJsonFastTest, DeclinesWhatItCannotMatchAndParseEventJsonStillAgrees) {
  for (const char* line : kDeclinedLines) {
    EXPECT_FALSE(TryParseEventJsonFast(line).has_value()) << line;
    // The public entry point falls back to protobuf: same acceptance as protobuf alone.
    const bool protobuf_ok = ParseWithProtobuf(line).has_value();
    absl::StatusOr<v1::Event> parsed = ParseEventJson(line);
    if (!protobuf_ok) {
      EXPECT_FALSE(parsed.ok()) << line;
    }
  }
}

TEST(EventJsonFastTest, Rfc3339AgreesWithProtobufTimeUtil) {
  for (const char* text : {"2026-11-27T17:03:00Z", "2026-11-27T17:03:00.5+01:00",
                           "1999-12-31T23:59:59.999999999-08:00", "2000-02-29T00:00:00Z",
                           "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"}) {
    int64_t seconds = 0;
    int32_t nanos = 0;
    ASSERT_TRUE(ParseRfc3339(text, &seconds, &nanos)) << text;
    google::protobuf::Timestamp expected;
    ASSERT_TRUE(google::protobuf::util::TimeUtil::FromString(text, &expected)) << text;
    EXPECT_EQ(seconds, expected.seconds()) << text;
    EXPECT_EQ(nanos, expected.nanos()) << text;
  }
  int64_t s;
  int32_t n;
  EXPECT_FALSE(ParseRfc3339("2026-13-01T00:00:00Z", &s, &n));
  EXPECT_FALSE(ParseRfc3339("2026-11-27T24:00:00Z", &s, &n));
  EXPECT_FALSE(ParseRfc3339("2026-11-27T17:03:00.Z", &s, &n));
  EXPECT_FALSE(ParseRfc3339("2026-11-27T17:03:00+0100", &s, &n));
}

}  // namespace
}  // namespace stormwatch
