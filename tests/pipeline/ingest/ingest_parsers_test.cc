// Parsers of untrusted ingest input: Meta webhook (signature, feed, Instagram), Trustpilot,
// push API, UTF-8. Fixtures follow the platforms' documented payloads.
#include <gtest/gtest.h>

#include "pipeline/core/time_util.h"
#include "pipeline/ingest/common/utf8.h"
#include "pipeline/ingest/meta/meta_webhook.h"
#include "pipeline/ingest/push_api/push_api_parser.h"
#include "pipeline/ingest/trustpilot/trustpilot_webhook.h"

namespace stormwatch {
namespace {

// developers.facebook.com/docs/graph-api/webhooks/reference/page/#feed (comment and post).
constexpr char kPageFeed[] = R"({
  "object": "page",
  "entry": [{"id": "1001", "time": 1764180000, "changes": [
    {"field": "feed", "value": {"from": {"id": "777", "name": "Kari"}, "post_id": "1001_55",
      "comment_id": "1001_55_9", "parent_id": "1001_55", "verb": "add", "item": "comment",
      "created_time": 1764180010, "message": "Jeg har ventet i telefonen i en time"}},
    {"field": "feed", "value": {"from": {"id": "1001", "name": "Telia"}, "post_id": "1001_55",
      "comment_id": "1001_55_10", "parent_id": "1001_55_9", "verb": "add", "item": "comment",
      "created_time": "2025-11-26T18:00:20+0000", "message": "Beklager! Skriv til os i DM"}},
    {"field": "feed", "value": {"from": {"id": "888"}, "post_id": "1001_56", "verb": "add",
      "item": "status", "created_time": 1764180030, "message": "Nede igen?"}},
    {"field": "feed", "value": {"from": {"id": "888"}, "post_id": "1001_56", "verb": "add",
      "item": "reaction", "reaction_type": "like", "created_time": 1764180040}}
  ]}]
})";

// developers.facebook.com/docs/instagram-platform/webhooks (comments field).
constexpr char kInstagram[] = R"({"object": "instagram", "entry": [{"id": "17841400",
  "time": 1764180000, "changes": [{"field": "comments", "value": {"from": {"id": "2323",
  "username": "user"}, "media": {"id": "179000", "media_product_type": "FEED"},
  "id": "180001", "text": "Hvorfor svarer I ikke?"}}]}]})";

MetaWebhookOptions PageOptions() {
  MetaWebhookOptions options;
  options.brands = {{"1001", "telia-dk"}, {"17841400", "telia-dk"}};
  return options;
}

TEST(MetaSignatureTest, AcceptsValidSignature) {
  const std::string body = kPageFeed;
  EXPECT_TRUE(VerifyMetaSignature(body, MetaSignature(body, "s3cret"), "s3cret"));
}

TEST(MetaSignatureTest, RejectsInvalidMissingAndTruncatedSignatures) {
  const std::string body = kPageFeed;
  const std::string good = MetaSignature(body, "s3cret");
  EXPECT_FALSE(VerifyMetaSignature(body, MetaSignature(body, "other"), "s3cret"));
  EXPECT_FALSE(VerifyMetaSignature(body, "", "s3cret"));
  EXPECT_FALSE(VerifyMetaSignature(body, good.substr(0, good.size() - 1), "s3cret"));
  EXPECT_FALSE(VerifyMetaSignature(body, good.substr(7), "s3cret"));  // no "sha256="
  EXPECT_FALSE(VerifyMetaSignature(body + " ", good, "s3cret"));       // body changed
  std::string bad_hex = good;
  bad_hex.back() = 'g';
  EXPECT_FALSE(VerifyMetaSignature(body, bad_hex, "s3cret"));
}

TEST(MetaWebhookTest, FeedCommentsAndPostsBecomeMentions) {
  absl::StatusOr<MetaWebhookBatch> batch = ParseMetaWebhook(kPageFeed, PageOptions());
  ASSERT_TRUE(batch.ok()) << batch.status();
  ASSERT_EQ(batch->mentions.size(), 3u);
  EXPECT_EQ(batch->changes, 4);
  EXPECT_EQ(batch->skipped, 1);  // the reaction
  const v1::Mention& comment = batch->mentions[0].mention();
  EXPECT_EQ(comment.id(), "1001_55_9");
  EXPECT_EQ(comment.source(), "facebook");
  EXPECT_EQ(comment.brand(), "telia-dk");
  EXPECT_EQ(comment.channel(), "comment");
  EXPECT_EQ(comment.author_id(), "777");
  EXPECT_EQ(comment.thread_id(), "1001_55");
  EXPECT_FALSE(comment.from_brand());
  EXPECT_EQ(ToMillis(comment.created_at()), 1764180010000);
  const v1::Mention& reply = batch->mentions[1].mention();
  EXPECT_EQ(reply.channel(), "reply");
  EXPECT_EQ(reply.in_reply_to(), "1001_55_9");
  EXPECT_TRUE(reply.from_brand());
  EXPECT_EQ(ToMillis(reply.created_at()), 1764180020000);
  EXPECT_EQ(batch->mentions[2].mention().channel(), "post");
}

TEST(MetaWebhookTest, InstagramCommentsUseEntryTime) {
  absl::StatusOr<MetaWebhookBatch> batch = ParseMetaWebhook(kInstagram, PageOptions());
  ASSERT_TRUE(batch.ok()) << batch.status();
  ASSERT_EQ(batch->mentions.size(), 1u);
  const v1::Mention& m = batch->mentions[0].mention();
  EXPECT_EQ(m.source(), "instagram");
  EXPECT_EQ(m.id(), "180001");
  EXPECT_EQ(m.thread_id(), "179000");
  EXPECT_EQ(m.text(), "Hvorfor svarer I ikke?");
  EXPECT_EQ(ToMillis(m.created_at()), 1764180000000);
}

TEST(MetaWebhookTest, UnknownPageIsSkippedNotFailed) {
  MetaWebhookOptions options;  // no brands, no default
  absl::StatusOr<MetaWebhookBatch> batch = ParseMetaWebhook(kPageFeed, options);
  ASSERT_TRUE(batch.ok());
  EXPECT_TRUE(batch->mentions.empty());
  EXPECT_EQ(batch->skipped, 4);
}

TEST(MetaWebhookTest, ErrorsNameTheField) {
  EXPECT_EQ(ParseMetaWebhook("{\"object\": \"page\"", PageOptions()).status().code(),
            absl::StatusCode::kInvalidArgument);
  absl::Status s = ParseMetaWebhook(R"({"object":"user","entry":[]})", PageOptions()).status();
  EXPECT_NE(s.message().find("object"), std::string::npos) << s;
  s = ParseMetaWebhook(R"({"object":"page","entry":[{"id":"1001","changes":[{"field":"feed",
      "value":{"verb":"add","item":"status","post_id":"1","created_time":"yesterday"}}]}]})",
                       PageOptions())
          .status();
  EXPECT_NE(s.message().find("entry[0].changes[0].value.created_time"), std::string::npos) << s;
}

TEST(MetaWebhookTest, BatchAboveLimitIsOutOfRange) {
  std::string body = R"({"object":"page","entry":[{"id":"1001","time":1,"changes":[)";
  for (int i = 0; i < 1001; ++i) {
    if (i > 0) body += ",";
    body += R"({"field":"feed","value":{"verb":"add","item":"status","post_id":")" +
            std::to_string(i) + R"("}})";
  }
  body += "]}]}";
  MetaWebhookOptions options = PageOptions();
  EXPECT_EQ(ParseMetaWebhook(body, options).status().code(), absl::StatusCode::kOutOfRange);
  options.max_changes = 2000;
  absl::StatusOr<MetaWebhookBatch> batch = ParseMetaWebhook(body, options);
  ASSERT_TRUE(batch.ok()) << batch.status();
  EXPECT_EQ(batch->mentions.size(), 1001u);
}

// developers.trustpilot.com webhooks: service-review-created.
constexpr char kTrustpilot[] = R"({"events": [{"eventName": "service-review-created",
  "version": "v1", "eventData": {"id": "6543ab", "link": "https://www.trustpilot.com/reviews/6543ab",
  "language": "da", "stars": 1, "title": "Elendig kundeservice", "text": "45 minutter i kø",
  "referenceId": null, "createdAt": "2025-11-26T18:04:00Z", "isVerified": true,
  "consumer": {"id": "c-1", "name": "Ole", "link": "https://www.trustpilot.com/users/c-1"},
  "tags": []}}, {"eventName": "service-review-deleted", "eventData": {"id": "x"}}]})";

TEST(TrustpilotWebhookTest, ServiceReviewBecomesMention) {
  absl::StatusOr<TrustpilotBatch> batch = ParseTrustpilotWebhook(kTrustpilot, "telia-dk");
  ASSERT_TRUE(batch.ok()) << batch.status();
  ASSERT_EQ(batch->mentions.size(), 1u);
  EXPECT_EQ(batch->skipped, 1);
  const v1::Mention& m = batch->mentions[0].mention();
  EXPECT_EQ(m.id(), "6543ab");
  EXPECT_EQ(m.source(), "trustpilot");
  EXPECT_EQ(m.channel(), "review");
  EXPECT_EQ(m.lang(), "da");
  EXPECT_EQ(m.text(), "Elendig kundeservice\n45 minutter i kø");
  EXPECT_EQ(m.author_id(), "c-1");
  ASSERT_EQ(m.topics_size(), 1);
  EXPECT_EQ(m.topics(0), "stars:1");
}

TEST(TrustpilotWebhookTest, MissingCreatedAtIsNamed) {
  absl::Status s = ParseTrustpilotWebhook(
                       R"({"events":[{"eventName":"service-review-created","eventData":{"id":"1"}}]})",
                       "b")
                       .status();
  EXPECT_NE(s.message().find("events[0].eventData.createdAt"), std::string::npos) << s;
}

TEST(PushApiParserTest, NdjsonMentions) {
  PushParseOptions options;
  options.format = PushFormat::kNdjson;
  options.default_source = "partner";
  const std::string body =
      "{\"id\":\"a\",\"brand\":\"b\",\"text\":\"hej\",\"createdAt\":\"2025-11-26T18:00:00Z\","
      "\"likes\":3,\"topics\":[\"x\"]}\r\n\n"
      "{\"mention\":{\"id\":\"b\",\"brand\":\"b\",\"source\":\"web\",\"createdAt\":\"2025-11-26T18:00:01Z\"}}\n";
  absl::StatusOr<std::vector<v1::Event>> events = ParsePushBody(body, options);
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].mention().source(), "partner");
  EXPECT_EQ((*events)[0].mention().likes(), 3u);
  EXPECT_EQ((*events)[1].mention().source(), "web");
}

TEST(PushApiParserTest, JsonArrayOfQueueSamples) {
  PushParseOptions options;
  options.kind = PushKind::kQueueSample;
  absl::StatusOr<std::vector<v1::Event>> events = ParsePushBody(
      R"([{"brand":"b","queueId":"q1","ts":"2025-11-26T18:00:00Z","callsWaiting":12,
          "longestWaitSeconds":340.5}])",
      options);
  ASSERT_TRUE(events.ok()) << events.status();
  EXPECT_EQ((*events)[0].queue_sample().calls_waiting(), 12u);
  EXPECT_DOUBLE_EQ((*events)[0].queue_sample().longest_wait_seconds(), 340.5);
}

TEST(PushApiParserTest, ErrorsNameItemAndField) {
  PushParseOptions options;
  options.format = PushFormat::kNdjson;
  absl::Status s =
      ParsePushBody("{\"id\":\"a\",\"createdAt\":\"2025-11-26T18:00:00Z\"}\n{\"id\":\"b\"}",
                    options)
          .status();
  EXPECT_EQ(s.message(), "item 2: mention.createdAt: expected an RFC 3339 timestamp");
  s = ParsePushBody("{\"id\":\"a\",\"likes\":-1}", options).status();
  EXPECT_EQ(s.message(), "item 1: mention.likes: expected a non-negative integer");
  s = ParsePushBody("{\"id\":", options).status();
  EXPECT_NE(s.message().find("item 1: invalid JSON"), std::string::npos) << s;
  s = ParsePushBody("", options).status();
  EXPECT_EQ(s.message(), "body: no items");
  options.kind = PushKind::kQueueSample;
  s = ParsePushBody("{\"queueId\":\"q\",\"ts\":\"2025-11-26T18:00:00Z\"}", options).status();
  EXPECT_EQ(s.message(), "item 1: queueSample.brand: required field missing");
}

TEST(PushApiParserTest, TooManyItemsIsOutOfRange) {
  PushParseOptions options;
  options.format = PushFormat::kNdjson;
  options.max_items = 2;
  std::string body;
  for (int i = 0; i < 3; ++i) {
    body += "{\"id\":\"" + std::to_string(i) + "\",\"createdAt\":\"2025-11-26T18:00:00Z\"}\n";
  }
  EXPECT_EQ(ParsePushBody(body, options).status().code(), absl::StatusCode::kOutOfRange);
}

TEST(Utf8Test, FindsFirstInvalidByte) {
  EXPECT_EQ(FindInvalidUtf8("plain ascii text that is long enough"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("kø æøå 🙂"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8(std::string_view("ab\xC3", 3)), 2u);         // truncated
  EXPECT_EQ(FindInvalidUtf8(std::string_view("a\xC0\xAF", 3)), 1u);      // overlong
  EXPECT_EQ(FindInvalidUtf8(std::string_view("\xED\xA0\x80", 3)), 0u);   // surrogate
  EXPECT_EQ(FindInvalidUtf8(std::string_view("abcdefgh\xFF", 9)), 8u);
}

}  // namespace
}  // namespace stormwatch
