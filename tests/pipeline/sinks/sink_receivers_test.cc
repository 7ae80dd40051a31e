// Sinks against fake receivers through the real dispatcher and outbox: the signed
// webhook verifies, Slack's 429 Retry-After is honoured, Teams gets an Adaptive Card, the
// Kafka sink produces the envelope, the rate limit spaces requests, and a delivery older
// than its max age goes to the dead-letter topic.
#include <httplib.h>
#include <librdkafka/rdkafkacpp.h>

#include <fstream>
#include <map>
#include <mutex>

#include "nlohmann/json.hpp"
#include "pipeline/core/metrics.h"
#include "pipeline/sinks/webhook/webhook_sink.h"
#include "tests/pipeline/sinks/dispatcher_harness.h"

namespace stormwatch {
namespace {

using testing::DispatcherHarness;
using testing::TestAlert;
using testing::WaitFor;
using testing::WallMs;

struct Request {
  int64_t at_ms;
  httplib::Headers headers;
  std::string body;
};

// Records every request; answers with the scripted statuses, then 200.
class FakeReceiver {
 public:
  explicit FakeReceiver(std::vector<int> statuses = {}, std::string retry_after = "")
      : statuses_(std::move(statuses)), retry_after_(std::move(retry_after)) {
    server_.Post(".*", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      requests_.push_back({WallMs(), req.headers, req.body});
      res.status = next_ < statuses_.size() ? statuses_[next_++] : 200;
      if (res.status == 429 && !retry_after_.empty()) res.set_header("Retry-After", retry_after_);
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FakeReceiver() {
    server_.stop();
    thread_.join();
  }
  std::string url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::vector<Request> requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }
  size_t count() { return requests().size(); }

 private:
  std::vector<int> statuses_;
  std::string retry_after_;
  size_t next_ = 0;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;
  std::vector<Request> requests_;
};

struct Record {
  std::string key;
  std::string value;
  std::map<std::string, std::string> headers;
};

// Reads partition 0 of `topic` from the beginning (no group). Copies the records out:
// librdkafka waits for every live message before a consumer can be destroyed.
std::vector<Record> ReadTopic(const std::string& brokers, const std::string& topic, size_t want) {
  std::string err;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  conf->set("bootstrap.servers", brokers, err);
  conf->set("group.id", "reader", err);
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(RdKafka::KafkaConsumer::create(conf.get(), err));
  std::vector<RdKafka::TopicPartition*> parts = {
      RdKafka::TopicPartition::create(topic, 0, RdKafka::Topic::OFFSET_BEGINNING)};
  consumer->assign(parts);
  std::vector<Record> out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (out.size() < want && std::chrono::steady_clock::now() < deadline) {
    std::unique_ptr<RdKafka::Message> m(consumer->consume(200));
    if (m->err() != RdKafka::ERR_NO_ERROR) continue;
    Record r;
    if (m->key() != nullptr) r.key = *m->key();
    r.value.assign(static_cast<const char*>(m->payload()), m->len());
    if (RdKafka::Headers* headers = m->headers()) {
      for (const auto& h : headers->get_all()) {
        r.headers[h.key()] = std::string(static_cast<const char*>(h.value()), h.value_size());
      }
    }
    out.push_back(std::move(r));
  }
  consumer->close();
  RdKafka::TopicPartition::destroy(parts);
  return out;
}

TEST(SinkReceiversTest, SignedWebhookVerifiesAndSlackHonoursRetryAfter) {
  FakeReceiver webhook;
  FakeReceiver slack({429}, "2");
  FakeReceiver teams;
  DispatcherHarness harness;
  setenv("STORMWATCH_TEST_WHSEC", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", 1);
  PipelineConfig config = harness.Config();
  SinkConfig w;
  w.type = w.name = "webhook";
  w.url = webhook.url();
  w.secret.env = "STORMWATCH_TEST_WHSEC";
  SinkConfig s;
  s.type = s.name = "slack";
  s.url = slack.url("/services/T000/B000/XXXX");
  s.retry_initial_ms = 100;
  SinkConfig t;
  t.type = t.name = "teams";
  t.url = teams.url("/workflows/abc");
  config.sinks = {w, s, t};
  harness.StartDispatcher(config);
  harness.Publish(TestAlert("spike-hooks", v1::FIRING, v1::CRITICAL));
  ASSERT_TRUE(WaitFor([&] { return webhook.count() == 1 && slack.count() == 2 && teams.count() == 1; },
                      std::chrono::seconds(20)));

  const Request r = webhook.requests()[0];
  const std::string id = r.headers.find("webhook-id")->second;
  const std::string ts = r.headers.find("webhook-timestamp")->second;
  EXPECT_EQ(id, "spike-hooks.trigger.1");
  auto expected = StandardWebhookSignature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", id,
                                           std::stoll(ts), r.body);
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(r.headers.find("webhook-signature")->second, *expected);
  EXPECT_LE(std::abs(std::stoll(ts) - WallMs() / 1000), 30);
  const nlohmann::json envelope = nlohmann::json::parse(r.body);
  EXPECT_EQ(envelope["type"], "incident.trigger");
  EXPECT_EQ(envelope["incidentId"], "spike-hooks");

  const auto slack_requests = slack.requests();
  EXPECT_GE(slack_requests[1].at_ms - slack_requests[0].at_ms, 2000);  // Retry-After: 2
  EXPECT_EQ(nlohmann::json::parse(slack_requests[1].body)["blocks"][0]["type"], "header");
  EXPECT_EQ(nlohmann::json::parse(teams.requests()[0].body)["attachments"][0]["content"]["type"],
            "AdaptiveCard");
}

TEST(SinkReceiversTest, KafkaSinkProducesTheEnvelopeKeyedByIncident) {
  DispatcherHarness harness;
  ASSERT_TRUE(harness.cluster().CreateTopic({"incidents.v1", 1}).ok());
  PipelineConfig config = harness.Config();
  SinkConfig k;
  k.type = k.name = "kafka";
  k.topic = "incidents.v1";
  config.sinks = {k};
  harness.StartDispatcher(config);
  harness.Publish(TestAlert("spike-kafka"));
  harness.Publish(TestAlert("spike-kafka", v1::RESOLVED));
  auto records = ReadTopic(harness.brokers(), "incidents.v1", 2);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].key, "spike-kafka");
  EXPECT_EQ(records[0].headers["message-id"], "spike-kafka.trigger.1");
  const nlohmann::json second = nlohmann::json::parse(records[1].value);
  EXPECT_EQ(second["type"], "incident.resolve");
}

TEST(SinkReceiversTest, RateLimitSpacesRequests) {
  FakeReceiver webhook;
  DispatcherHarness harness;
  PipelineConfig config = harness.Config();
  SinkConfig w;
  w.type = w.name = "webhook";
  w.url = webhook.url();
  w.rate_per_second = 4;  // burst 4, then one every 250 ms
  config.sinks = {w};
  harness.StartDispatcher(config);
  for (int i = 0; i < 10; ++i) {
    harness.Publish(TestAlert("spike-rate-" + std::to_string(i), v1::FIRING, v1::WARNING,
                              "s" + std::to_string(i)));
  }
  ASSERT_TRUE(WaitFor([&] { return webhook.count() == 10; }, std::chrono::seconds(20)));
  const auto requests = webhook.requests();
  // 10 requests with a burst of 4 need at least 6 refills of 250 ms.
  EXPECT_GE(requests.back().at_ms - requests.front().at_ms, 1400);
}

TEST(SinkReceiversTest, DeliveryOlderThanMaxAgeGoesToDeadLetterTopic) {
  FakeReceiver webhook({503, 503, 503, 503, 503, 503, 503, 503, 503, 503, 503, 503});
  DispatcherHarness harness;
  PipelineConfig config = harness.Config();
  SinkConfig w;
  w.type = w.name = "webhook";
  w.url = webhook.url();
  w.retry_initial_ms = 200;
  w.retry_max_ms = 400;
  w.max_age_ms = 1500;
  config.sinks = {w};
  harness.StartDispatcher(config);
  harness.Publish(TestAlert("spike-dead"));
  ASSERT_TRUE(WaitFor([&] { return harness.dispatcher().alerts_dispatched() == 1; },
                      std::chrono::seconds(20)));
  auto records = ReadTopic(harness.brokers(), TopicsConfig().dead_letter, 1);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].key, "spike-dead");
  EXPECT_EQ(records[0].headers["sink"], "webhook");
  EXPECT_EQ(records[0].headers["reason"], "webhook: HTTP 503");
  EXPECT_NE(SerializeMetrics().find("stormwatch_outbox_dead_letters_total{sink=\"webhook\"} 1"),
            std::string::npos);
}

}  // namespace
}  // namespace stormwatch
