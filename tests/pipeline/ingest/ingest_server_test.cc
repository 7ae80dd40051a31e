// `stormwatch ingest` end to end on loopback: an embedded Kafka broker, the ingest service
// with push, Meta and Trustpilot sources, and an HTTP client playing each sender. Asserts
// the HTTP contract (2xx after delivery, 401/413/429/503, JSON errors) and what reached
// Kafka (mentions, dead letters, no duplicates).
#include <httplib.h>
#include <librdkafka/rdkafkacpp.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <set>
#include <thread>

#include "pipeline/core/event_codec.h"
#include "pipeline/ingest/ingest_service.h"
#include "pipeline/ingest/meta/meta_webhook.h"
#include "pipeline/kafka/embedded_cluster.h"
#include "nlohmann/json.hpp"

namespace stormwatch {
namespace {

struct Record {
  std::string key;
  std::string value;
  std::map<std::string, std::string> headers;
};

// Every record of `topic` (both partitions, from the beginning): stops after `expected`
// records or after `timeout_ms`. Dead letters are produced asynchronously and may land after
// a first end-of-partition, so reaching the end does not stop the read.
std::vector<Record> ReadTopic(const std::string& brokers, const std::string& topic,
                              size_t expected, int timeout_ms = 5000) {
  std::string errstr;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  conf->set("bootstrap.servers", brokers, errstr);
  conf->set("group.id", "ingest-test-reader", errstr);
  conf->set("enable.auto.commit", "false", errstr);
  conf->set("enable.partition.eof", "true", errstr);
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(
      RdKafka::KafkaConsumer::create(conf.get(), errstr));
  std::vector<RdKafka::TopicPartition*> partitions;
  for (int p = 0; p < 2; ++p) {
    partitions.push_back(RdKafka::TopicPartition::create(topic, p, RdKafka::Topic::OFFSET_BEGINNING));
  }
  consumer->assign(partitions);
  RdKafka::TopicPartition::destroy(partitions);
  std::vector<Record> records;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline && records.size() < expected) {
    std::unique_ptr<RdKafka::Message> message(consumer->consume(100));
    if (message->err() != RdKafka::ERR_NO_ERROR) continue;
    Record record;
    if (message->key() != nullptr) record.key = *message->key();
    record.value.assign(static_cast<const char*>(message->payload()), message->len());
    if (RdKafka::Headers* headers = message->headers()) {
      for (const auto& h : headers->get_all()) {
        record.headers[h.key()] = std::string(static_cast<const char*>(h.value()), h.value_size());
      }
    }
    records.push_back(std::move(record));
  }
  consumer->close();
  return records;
}

std::vector<v1::Mention> Mentions(const std::vector<Record>& records, std::string_view id_prefix) {
  std::vector<v1::Mention> out;
  for (const Record& r : records) {
    absl::StatusOr<v1::Event> event = DecodeEvent(r.value);
    if (event.ok() && event->mention().id().rfind(id_prefix, 0) == 0) {
      out.push_back(event->mention());
    }
  }
  return out;
}

std::string MentionLine(const std::string& id, const std::string& brand = "telia-dk") {
  return R"({"id":")" + id + R"(","brand":")" + brand +
         R"(","text":"ingen svar","createdAt":"2025-11-26T18:00:00Z"})";
}

constexpr char kConfig[] = R"(
ingest:
  listen: 127.0.0.1:0
  body_limit_bytes: 65536
  delivery_timeout_ms: 5000
  sources:
    - {name: partner, type: push, secret: {secret_env: SW_TEST_PUSH_TOKEN}}
    - {name: limited, type: push, secret: {secret_env: SW_TEST_LIMITED_TOKEN},
       rate_limit_per_second: 1, burst: 1}
    - name: meta
      type: meta
      secret: {secret_env: SW_TEST_META_SECRET}
      verify_token: {secret_env: SW_TEST_META_VERIFY}
      brands: {"1001": telia-dk}
    - {name: trustpilot, type: trustpilot, brand: telia-dk,
       secret: {secret_env: SW_TEST_TRUSTPILOT_SECRET}}
  tracking:
    - {brand: telia-dk, query: 'telia AND (nede OR kø)', topics: [outage]}
)";

class IngestServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    setenv("SW_TEST_PUSH_TOKEN", "push-token", 1);
    setenv("SW_TEST_LIMITED_TOKEN", "limited-token", 1);
    setenv("SW_TEST_META_SECRET", "meta-app-secret", 1);
    setenv("SW_TEST_META_VERIFY", "verify-me", 1);
    setenv("SW_TEST_TRUSTPILOT_SECRET", "tp-secret", 1);
    cluster_ = EmbeddedKafkaCluster::Create(1, StormwatchTopics(DefaultPipelineConfig(), 2))->release();
    absl::StatusOr<PipelineConfig> config = ParsePipelineConfig(kConfig, "test.yaml");
    ASSERT_TRUE(config.ok()) << config.status();
    config->kafka.brokers = cluster_->bootstrap_servers();
    config->kafka.embedded = true;
    absl::StatusOr<std::unique_ptr<IngestService>> service = IngestService::Create(*config);
    ASSERT_TRUE(service.ok()) << service.status();
    service_ = service->release();
    ASSERT_TRUE(service_->Start().ok());
  }
  static void TearDownTestSuite() {
    delete service_;
    delete cluster_;
  }

  httplib::Client Client() {
    httplib::Client client("127.0.0.1", service_->port());
    client.set_read_timeout(10, 0);
    return client;
  }
  httplib::Result PushMentions(const std::string& body, const std::string& token = "push-token",
                               const std::string& type = "application/x-ndjson") {
    return Client().Post("/v1/mentions", {{"Authorization", "Bearer " + token}}, body, type);
  }
  std::vector<Record> MentionsTopic(size_t expected) {
    return ReadTopic(cluster_->bootstrap_servers(), TopicsConfig{}.mentions, expected);
  }

  static EmbeddedKafkaCluster* cluster_;
  static IngestService* service_;
};

EmbeddedKafkaCluster* IngestServerTest::cluster_ = nullptr;
IngestService* IngestServerTest::service_ = nullptr;

TEST_F(IngestServerTest, PushNdjsonIsOnKafkaBeforeTheResponse) {
  auto res = PushMentions(MentionLine("push-1") + "\n" + MentionLine("push-2", "yousee"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(nlohmann::json::parse(res->body)["accepted"], 2);
  std::vector<Record> records = MentionsTopic(1000);
  std::vector<v1::Mention> mentions = Mentions(records, "push-");
  ASSERT_EQ(mentions.size(), 2u);
  EXPECT_EQ(mentions[0].source(), "partner");
  for (const Record& r : records) {
    absl::StatusOr<v1::Event> e = DecodeEvent(r.value);
    if (e.ok() && e->mention().id() == "push-2") {
      EXPECT_EQ(r.key, "yousee");  // key = brand
    }
  }
}

TEST_F(IngestServerTest, RetriedRequestIsPublishedOnce) {
  const std::string body = MentionLine("dup-1") + "\n" + MentionLine("dup-1") + "\n";
  auto first = PushMentions(body);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(nlohmann::json::parse(first->body)["duplicates"], 1);
  auto retry = PushMentions(body);
  ASSERT_TRUE(retry);
  EXPECT_EQ(retry->status, 200);
  EXPECT_EQ(nlohmann::json::parse(retry->body)["accepted"], 0);
  EXPECT_EQ(Mentions(MentionsTopic(100000), "dup-").size(), 1u);
}

TEST_F(IngestServerTest, JsonArrayAndTrackingRulesForMentionsWithoutBrand) {
  auto res = PushMentions(
      R"([{"id":"track-1","text":"Er Telia nede?","createdAt":"2025-11-26T18:00:00Z"},
          {"id":"track-2","text":"no brand here","createdAt":"2025-11-26T18:00:00Z"}])",
      "push-token", "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  auto body = nlohmann::json::parse(res->body);
  EXPECT_EQ(body["accepted"], 1);
  EXPECT_EQ(body["untracked"], 1);
  std::vector<v1::Mention> mentions = Mentions(MentionsTopic(100000), "track-");
  ASSERT_EQ(mentions.size(), 1u);
  EXPECT_EQ(mentions[0].brand(), "telia-dk");
  EXPECT_EQ(mentions[0].topics(0), "outage");
}

TEST_F(IngestServerTest, BadTokenIs401) {
  auto res = PushMentions(MentionLine("auth-1"), "wrong");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  auto none = Client().Post("/v1/mentions", MentionLine("auth-1"), "application/x-ndjson");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_NE(none->body.find("bearer token"), std::string::npos);
}

TEST_F(IngestServerTest, MalformedPayloadIs400AndDeadLettered) {
  auto res = PushMentions(MentionLine("bad-1") + "\n{\"id\":\"bad-2\",\"likes\":\"many\"}");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(nlohmann::json::parse(res->body)["error"],
            "item 2: mention.likes: expected a non-negative integer");
  auto bad_json = PushMentions("{not json");
  ASSERT_TRUE(bad_json);
  EXPECT_EQ(bad_json->status, 400);
  EXPECT_NE(bad_json->body.find("invalid JSON"), std::string::npos);
  std::vector<Record> dead = ReadTopic(cluster_->bootstrap_servers(), TopicsConfig{}.dead_letter, 2);
  ASSERT_GE(dead.size(), 2u);
  bool found = false;
  for (const Record& r : dead) {
    if (!r.headers.contains("stormwatch-reason")) continue;
    if (r.headers.at("stormwatch-reason") == "item 2: mention.likes: expected a non-negative integer") {
      found = true;
      EXPECT_EQ(r.headers.at("stormwatch-origin"), "ingest/partner");
    }
  }
  EXPECT_TRUE(found);
  EXPECT_TRUE(Mentions(MentionsTopic(100000), "bad-").empty());  // all or nothing
}

TEST_F(IngestServerTest, InvalidUtf8Is400) {
  auto res = PushMentions(R"({"id":"utf-1","text":"bad )" + std::string("\xC3\x28") +
                          R"(","createdAt":"2025-11-26T18:00:00Z"})");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("invalid UTF-8 at byte"), std::string::npos) << res->body;
}

TEST_F(IngestServerTest, BodyAboveCapIs413) {
  std::string body;
  while (body.size() < 70000) body += MentionLine("cap-" + std::to_string(body.size())) + "\n";
  auto res = PushMentions(body);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_NE(res->body.find("larger than the limit of 65536 bytes"), std::string::npos);
  // The connection stays usable for the next request.
  EXPECT_EQ(PushMentions(MentionLine("cap-ok"))->status, 200);
}

TEST_F(IngestServerTest, RateLimitIs429WithRetryAfter) {
  // Rate 1/s, burst 1. The first request takes the token and is answered at once (a
  // malformed body needs no Kafka round trip, so the bucket cannot refill meanwhile).
  auto first = PushMentions("{", "limited-token");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 400);
  auto second = PushMentions(MentionLine("rate-2"), "limited-token");
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 429);
  EXPECT_EQ(second->get_header_value("Retry-After"), "1");
}

TEST_F(IngestServerTest, MetaVerificationHandshake) {
  auto ok = Client().Get(
      "/webhooks/meta?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->body, "1158201444");
  auto bad = Client().Get(
      "/webhooks/meta?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1158201444");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 403);
}

TEST_F(IngestServerTest, MetaPostNeedsValidSignature) {
  const std::string body = R"({"object":"page","entry":[{"id":"1001","time":1764180000,
    "changes":[{"field":"feed","value":{"from":{"id":"1001"},"post_id":"1001_meta-1",
    "verb":"add","item":"status","created_time":1764180000,"message":"Vi arbejder på sagen"}}]}]})";
  const std::string signature = MetaSignature(body, "meta-app-secret");
  auto post = [&](const std::string& sig) {
    httplib::Headers headers;
    if (!sig.empty()) headers.emplace("X-Hub-Signature-256", sig);
    return Client().Post("/webhooks/meta", headers, body, "application/json");
  };
  EXPECT_EQ(post("")->status, 401);                                            // missing
  EXPECT_EQ(post(MetaSignature(body, "wrong"))->status, 401);                  // invalid
  EXPECT_EQ(post(signature.substr(0, signature.size() - 2))->status, 401);     // truncated
  auto ok = post(signature);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
  std::vector<v1::Mention> mentions = Mentions(MentionsTopic(100000), "1001_meta-");
  ASSERT_EQ(mentions.size(), 1u);
  EXPECT_TRUE(mentions[0].from_brand());
  EXPECT_EQ(mentions[0].source(), "facebook");
}

TEST_F(IngestServerTest, TrustpilotSecretInUrlOrBasicAuth) {
  const std::string body = R"({"events":[{"eventName":"service-review-created","eventData":{
    "id":"tp-1","stars":2,"text":"Lang ventetid","language":"da",
    "createdAt":"2025-11-26T18:04:00Z","consumer":{"id":"c1"}}}]})";
  EXPECT_EQ(Client().Post("/webhooks/trustpilot?secret=wrong", body, "application/json")->status,
            401);
  EXPECT_EQ(Client().Post("/webhooks/trustpilot", body, "application/json")->status, 401);
  auto in_url = Client().Post("/webhooks/trustpilot?secret=tp-secret", body, "application/json");
  ASSERT_TRUE(in_url);
  EXPECT_EQ(in_url->status, 200) << in_url->body;
  httplib::Client client = Client();
  client.set_basic_auth("trustpilot", "tp-secret");
  auto basic = client.Post("/webhooks/trustpilot", body, "application/json");
  ASSERT_TRUE(basic);
  EXPECT_EQ(basic->status, 200);
  EXPECT_EQ(nlohmann::json::parse(basic->body)["duplicates"], 1);
  ASSERT_EQ(Mentions(MentionsTopic(100000), "tp-").size(), 1u);
}

TEST_F(IngestServerTest, QueueSamplesGoToTheirTopic) {
  auto res = Client().Post(
      "/v1/queue-samples", {{"Authorization", "Bearer push-token"}},
      R"({"brand":"telia-dk","queueId":"support-dk","ts":"2025-11-26T18:00:00Z","callsWaiting":31,"longestWaitSeconds":1260})",
      "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  std::vector<Record> records =
      ReadTopic(cluster_->bootstrap_servers(), TopicsConfig{}.queue_samples, 1);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(DecodeEvent(records[0].value)->queue_sample().calls_waiting(), 31u);
}

// Kafka unreachable: the producer accepts the record locally but nobody acknowledges it,
// so the sender gets 503 (and retries) instead of a 2xx for data that is not safe.
TEST(IngestServerUnavailableTest, NoAcknowledgementIs503) {
  setenv("SW_TEST_PUSH_TOKEN", "push-token", 1);
  absl::StatusOr<PipelineConfig> config = ParsePipelineConfig(R"(
ingest:
  listen: 127.0.0.1:0
  delivery_timeout_ms: 300
  sources: [{name: partner, type: push, secret: {secret_env: SW_TEST_PUSH_TOKEN}}]
)", "test.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  config->kafka.brokers = "127.0.0.1:1";
  config->kafka.properties["message.timeout.ms"] = "1000";
  auto service = IngestService::Create(*config);
  ASSERT_TRUE(service.ok()) << service.status();
  ASSERT_TRUE((*service)->Start().ok());
  httplib::Client client("127.0.0.1", (*service)->port());
  auto res = client.Post("/v1/mentions", {{"Authorization", "Bearer push-token"}},
                         MentionLine("down-1"), "application/x-ndjson");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_NE(res->body.find("not confirmed by kafka"), std::string::npos) << res->body;
}

TEST(IngestConfigTest, InlineSecretsAreRefusedAndNotEchoed) {
  absl::Status s = ParsePipelineConfig(R"(
ingest:
  sources: [{type: push, secret: hunter2}]
)", "c.yaml").status();
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.message().find("hunter2"), std::string::npos) << s;
  s = ParsePipelineConfig("ingest:\n  pollers: [{type: myspace}]\n", "c.yaml").status();
  EXPECT_NE(s.message().find("ingest.pollers[0].type"), std::string::npos) << s;
}

TEST(IngestConfigTest, MissingSecretFileNamesTheFileNotTheValue) {
  absl::StatusOr<PipelineConfig> config = ParsePipelineConfig(R"(
ingest:
  listen: 127.0.0.1:0
  sources: [{type: push, secret: {secret_file: /nonexistent/token}}]
)", "c.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  config->kafka.brokers = "127.0.0.1:1";
  absl::Status s = IngestService::Create(*config).status();
  EXPECT_NE(s.message().find("/nonexistent/token"), std::string::npos) << s;
}

// `stormwatch ingest --only webhooks|pollers`: one config, two workloads. Each part builds
// only what it runs: the webhook part never reads a poller's secret nor starts a poller;
// the poller part binds no listener and reads no source's secret.
TEST(IngestPartTest, EachPartBuildsOnlyWhatItRuns) {
  const std::string token = ::testing::TempDir() + "/ingest-part-push-token";
  {
    std::ofstream out(token);
    out << "push-token\n";
  }
  auto load = [&](const std::string& x_secret, const std::string& push_secret) {
    absl::StatusOr<PipelineConfig> config = ParsePipelineConfig(
        "ingest:\n  listen: 127.0.0.1:0\n"
        "  sources: [{type: push, secret: {secret_file: " + push_secret + "}}]\n"
        "  pollers: [{name: x, type: x_search, brand: b, base_url: 'http://127.0.0.1:1',\n"
        "             interval_ms: 60000, secret: {secret_file: " + x_secret + "},\n"
        "             params: {query: b}}]\n",
        "c.yaml");
    EXPECT_TRUE(config.ok()) << config.status();
    config->kafka.brokers = "127.0.0.1:1";
    config->runtime.state_dir = ::testing::TempDir() + "/ingest-part-state";
    return *config;
  };
  // Everything: the poller's missing secret stops it.
  PipelineConfig all = load("/nonexistent/x-bearer", token);
  EXPECT_NE(IngestService::Create(all).status().message().find("/nonexistent/x-bearer"),
            std::string::npos);
  // Webhooks only: the same config starts and listens.
  PipelineConfig webhooks = load("/nonexistent/x-bearer", token);
  RestrictIngest(IngestPart::kWebhooks, webhooks.ingest);
  EXPECT_TRUE(webhooks.ingest.pollers.empty());
  ASSERT_EQ(webhooks.ingest.sources.size(), 1u);
  auto webhook_service = IngestService::Create(webhooks);
  ASSERT_TRUE(webhook_service.ok()) << webhook_service.status();
  ASSERT_TRUE((*webhook_service)->Start().ok());
  EXPECT_GT((*webhook_service)->port(), 0);
  (*webhook_service)->Stop();
  // Pollers only: the poller's secret is read (missing: named), no source's secret is (the
  // push token's file is missing here too), no listener.
  PipelineConfig pollers = load("/nonexistent/x-bearer", "/nonexistent/push-token");
  RestrictIngest(IngestPart::kPollers, pollers.ingest);
  EXPECT_TRUE(pollers.ingest.sources.empty());
  EXPECT_TRUE(pollers.ingest.listen.empty());
  EXPECT_NE(IngestService::Create(pollers).status().message().find("/nonexistent/x-bearer"),
            std::string::npos);
  pollers = load(token, "/nonexistent/push-token");
  RestrictIngest(IngestPart::kPollers, pollers.ingest);
  auto poller_service = IngestService::Create(pollers);
  ASSERT_TRUE(poller_service.ok()) << poller_service.status();
  ASSERT_TRUE((*poller_service)->Start().ok());
  EXPECT_EQ((*poller_service)->port(), -1);
  EXPECT_TRUE((*poller_service)->ready());
  (*poller_service)->Stop();
}

}  // namespace
}  // namespace stormwatch
