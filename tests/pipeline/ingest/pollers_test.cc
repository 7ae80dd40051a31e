// Pollers against local fake servers (cpp-httplib on loopback) that speak each API's
// documented format: X recent search and filtered stream, RSS/Atom, Reddit, and the
// contact-centre queue APIs (Genesys Cloud, Amazon Connect, Twilio TaskRouter, Zendesk Talk).
#include <httplib.h>

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "pipeline/core/time_util.h"
#include "pipeline/ingest/amazon_connect/connect_metrics.h"
#include "pipeline/ingest/common/http_fetch.h"
#include "pipeline/ingest/common/poller.h"

namespace stormwatch {
namespace {

using std::chrono::milliseconds;

// Collects what pollers publish; can be told to fail.
class FakeSink final : public BatchSink {
 public:
  BatchOutcome Publish(const std::string& source, std::vector<v1::Event> events) override {
    absl::MutexLock lock(&mu_);
    BatchOutcome outcome;
    if (fail_) {
      outcome.status = absl::UnavailableError("kafka down");
      return outcome;
    }
    outcome.accepted = static_cast<int64_t>(events.size());
    for (auto& e : events) events_.push_back(std::move(e));
    return outcome;
  }
  std::vector<v1::Event> events() {
    absl::MutexLock lock(&mu_);
    return events_;
  }
  void set_fail(bool fail) {
    absl::MutexLock lock(&mu_);
    fail_ = fail;
  }

 private:
  absl::Mutex mu_;
  std::vector<v1::Event> events_;
  bool fail_ = false;
};

// A loopback HTTP server on its own thread.
class FakeApi {
 public:
  FakeApi() {
    port_ = server.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FakeApi() {
    server.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  httplib::Server server;

 private:
  int port_ = 0;
  std::thread thread_;
};

std::string TempDir(const std::string& name) {
  const std::string dir = std::filesystem::temp_directory_path() /
                          ("stormwatch-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir;
}

IngestPollerConfig PollerConfig(const std::string& type, const std::string& url,
                                std::map<std::string, std::string> params = {}) {
  setenv("SW_POLLER_TOKEN", "token-1", 1);
  IngestPollerConfig config;
  config.name = type;
  config.type = type;
  config.base_url = url;
  config.interval_ms = 1000;
  config.secret.env = "SW_POLLER_TOKEN";
  config.params = std::move(params);
  return config;
}

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

// docs.x.com/x-api/posts/search-recent-posts: response with data, includes.users, meta.
constexpr char kXPage1[] = R"({"data":[
  {"id":"1900000000000000002","text":"@telia er nede igen","created_at":"2025-11-26T18:00:02.000Z",
   "author_id":"42","lang":"da","conversation_id":"1900000000000000001",
   "referenced_tweets":[{"type":"replied_to","id":"1900000000000000001"}],
   "public_metrics":{"retweet_count":3,"reply_count":0,"like_count":7,"quote_count":1}},
  {"id":"1900000000000000001","text":"Telia nede?","created_at":"2025-11-26T18:00:01.000Z",
   "author_id":"43","lang":"und"}],
 "includes":{"users":[{"id":"42","username":"kari","public_metrics":{"followers_count":1200}}]},
 "meta":{"newest_id":"1900000000000000002","oldest_id":"1900000000000000001","result_count":2,
   "next_token":"b26v89c19zqg8o3fo7"}})";
constexpr char kXPage2[] = R"({"data":[{"id":"1899999999999999999","text":"telia kø",
  "created_at":"2025-11-26T17:59:00.000Z","author_id":"44"}],
  "meta":{"oldest_id":"1899999999999999999","result_count":1}})";

TEST(XRecentSearchPollerTest, FollowsPagesAndKeepsSinceIdAcrossRestarts) {
  FakeApi api;
  std::vector<std::string> queries;
  absl::Mutex mu;
  api.server.Get("/2/tweets/search/recent", [&](const httplib::Request& req, httplib::Response& res) {
    EXPECT_EQ(req.get_header_value("Authorization"), "Bearer token-1");
    {
      absl::MutexLock lock(&mu);
      queries.push_back(req.get_param_value("since_id") + "|" + req.get_param_value("next_token"));
    }
    res.set_header("x-rate-limit-remaining", "179");
    res.set_header("x-rate-limit-reset", std::to_string(NowSeconds() + 900));
    if (req.has_param("since_id")) {
      res.set_content(R"({"meta":{"result_count":0}})", "application/json");
    } else {
      res.set_content(req.has_param("next_token") ? kXPage2 : kXPage1, "application/json");
    }
  });
  const std::string state = TempDir("x-state");
  FakeSink sink;
  {
    auto poller = MakePoller(PollerConfig("x_search", api.url(), {{"query", "telia -is:retweet"}}), state);
    ASSERT_TRUE(poller.ok()) << poller.status();
    EXPECT_EQ((*poller)->PollOnce(sink), milliseconds(1000));
  }
  std::vector<v1::Event> events = sink.events();
  ASSERT_EQ(events.size(), 3u);
  const v1::Mention& reply = events[0].mention();
  EXPECT_EQ(reply.source(), "x");
  EXPECT_EQ(reply.channel(), "reply");
  EXPECT_EQ(reply.in_reply_to(), "1900000000000000001");
  EXPECT_EQ(reply.author_followers(), 1200u);
  EXPECT_EQ(reply.shares(), 4u);
  EXPECT_EQ(reply.likes(), 7u);
  EXPECT_EQ(reply.lang(), "da");
  EXPECT_EQ(events[1].mention().lang(), "");  // "und"
  // A new poller (a restart) continues from since_id.
  auto restarted = MakePoller(PollerConfig("x_search", api.url(), {{"query", "telia"}}), state);
  ASSERT_TRUE(restarted.ok());
  (*restarted)->PollOnce(sink);
  absl::MutexLock lock(&mu);
  ASSERT_EQ(queries.size(), 3u);
  EXPECT_EQ(queries[0], "|");
  EXPECT_EQ(queries[1], "|b26v89c19zqg8o3fo7");
  EXPECT_EQ(queries[2], "1900000000000000002|");
  std::filesystem::remove_all(state);
}

TEST(XRecentSearchPollerTest, HonoursRateLimitReset) {
  FakeApi api;
  api.server.Get("/2/tweets/search/recent", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 429;
    res.set_header("x-rate-limit-remaining", "0");
    res.set_header("x-rate-limit-reset", std::to_string(NowSeconds() + 42));
  });
  FakeSink sink;
  auto poller = MakePoller(PollerConfig("x_search", api.url(), {{"query", "telia"}}), "");
  ASSERT_TRUE(poller.ok());
  const milliseconds wait = (*poller)->PollOnce(sink);
  EXPECT_GE(wait, milliseconds(40'000));
  EXPECT_LE(wait, milliseconds(43'000));
}

TEST(XRecentSearchPollerTest, PublishFailureKeepsCursor) {
  FakeApi api;
  std::atomic<int> with_since{0};
  api.server.Get("/2/tweets/search/recent", [&](const httplib::Request& req, httplib::Response& res) {
    if (req.has_param("since_id")) ++with_since;
    res.set_content(kXPage2, "application/json");
  });
  FakeSink sink;
  sink.set_fail(true);
  auto poller = MakePoller(PollerConfig("x_search", api.url(), {{"query", "telia"}}), "");
  ASSERT_TRUE(poller.ok());
  (*poller)->PollOnce(sink);
  sink.set_fail(false);
  (*poller)->PollOnce(sink);
  EXPECT_EQ(with_since, 0);  // no since_id was saved from the failed round
  EXPECT_EQ(sink.events().size(), 1u);
}

TEST(XFilteredStreamPollerTest, ReadsLinesSkipsKeepAlivesAndReconnects) {
  FakeApi api;
  std::atomic<int> connections{0};
  api.server.Get("/2/tweets/search/stream", [&](const httplib::Request&, httplib::Response& res) {
    ++connections;
    res.set_chunked_content_provider("application/json", [](size_t, httplib::DataSink& sink) {
      const std::string lines =
          std::string(R"({"data":{"id":"s1","text":"telia nede","created_at":"2025-11-26T18:00:00.000Z"},"matching_rules":[{"id":"1","tag":"telia"}]})") +
          "\r\n\r\n" +
          R"({"data":{"id":"s2","text":"kø","created_at":"2025-11-26T18:00:01.000Z"}})" + "\r\n";
      sink.write(lines.data(), lines.size());
      sink.done();  // the server drops the connection
      return true;
    });
  });
  FakeSink sink;
  auto poller = MakePoller(PollerConfig("x_stream", api.url()), "");
  ASSERT_TRUE(poller.ok());
  const milliseconds backoff = (*poller)->PollOnce(sink);
  EXPECT_LE(backoff, milliseconds(1000));  // short backoff after a working connection
  (*poller)->PollOnce(sink);
  EXPECT_EQ(connections, 2);
  ASSERT_EQ(sink.events().size(), 4u);
  EXPECT_EQ(sink.events()[1].mention().id(), "s2");
}

TEST(XFilteredStreamPollerTest, KeepAliveTimeoutEndsTheConnection) {
  FakeApi api;
  api.server.Get("/2/tweets/search/stream", [&](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("application/json", [](size_t, httplib::DataSink& sink) {
      sink.write("\r\n", 2);
      std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // silent: no keep-alive
      sink.done();
      return true;
    });
  });
  FakeSink sink;
  auto poller = MakePoller(
      PollerConfig("x_stream", api.url(), {{"keepalive_timeout_seconds", "1"}}), "");
  ASSERT_TRUE(poller.ok());
  const auto start = std::chrono::steady_clock::now();
  (*poller)->PollOnce(sink);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(2400));
}

constexpr char kRss[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Forum</title>
<item><title>Telia nede i Aarhus</title><link>https://forum.example/t/1</link>
<guid isPermaLink="false">forum-1</guid><pubDate>Wed, 26 Nov 2025 18:00:00 GMT</pubDate>
<description><![CDATA[<p>Ingen <b>dækning</b> siden i morges</p>]]></description>
<dc:creator>ole</dc:creator></item>
<item><title>Andet</title><link>https://forum.example/t/2</link>
<pubDate>Wed, 26 Nov 2025 19:00:00 +0100</pubDate></item>
</channel></rss>)";

constexpr char kAtom[] = R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title>
<entry><title>Outage</title><link href="https://blog.example/outage"/><id>urn:uuid:1</id>
<updated>2025-11-26T18:30:00Z</updated><summary>Phones down</summary>
<author><name>Eva</name></author></entry></feed>)";

TEST(RssPollerTest, ConditionalGetWithEtag) {
  FakeApi api;
  std::vector<std::string> if_none_match;
  absl::Mutex mu;
  api.server.Get("/feed.xml", [&](const httplib::Request& req, httplib::Response& res) {
    absl::MutexLock lock(&mu);
    if_none_match.push_back(req.get_header_value("If-None-Match"));
    if (req.get_header_value("If-None-Match") == "\"v1\"") {
      res.status = 304;
      return;
    }
    res.set_header("ETag", "\"v1\"");
    res.set_header("Last-Modified", "Wed, 26 Nov 2025 18:00:00 GMT");
    res.set_content(kRss, "application/rss+xml");
  });
  FakeSink sink;
  IngestPollerConfig config = PollerConfig("rss", api.url(), {{"path", "/feed.xml"}});
  config.brand = "telia-dk";
  auto poller = MakePoller(config, "");
  ASSERT_TRUE(poller.ok()) << poller.status();
  (*poller)->PollOnce(sink);
  (*poller)->PollOnce(sink);
  std::vector<v1::Event> events = sink.events();
  ASSERT_EQ(events.size(), 2u);  // the 304 added nothing
  EXPECT_EQ(events[0].mention().id(), "forum-1");
  EXPECT_EQ(events[0].mention().text(), "Telia nede i Aarhus\nIngen dækning siden i morges");
  EXPECT_EQ(events[0].mention().author_id(), "ole");
  EXPECT_EQ(ToMillis(events[0].mention().created_at()), 1764180000000);
  EXPECT_EQ(events[1].mention().id(), "https://forum.example/t/2");  // no guid: link
  EXPECT_EQ(ToMillis(events[1].mention().created_at()), 1764180000000);
  absl::MutexLock lock(&mu);
  EXPECT_EQ(if_none_match, (std::vector<std::string>{"", "\"v1\""}));
}

TEST(RssPollerTest, AtomFeed) {
  FakeApi api;
  api.server.Get("/", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(kAtom, "application/atom+xml");
  });
  FakeSink sink;
  auto poller = MakePoller(PollerConfig("rss", api.url()), "");
  ASSERT_TRUE(poller.ok());
  (*poller)->PollOnce(sink);
  ASSERT_EQ(sink.events().size(), 1u);
  const std::vector<v1::Event> got = sink.events();
  const v1::Mention& m = got[0].mention();
  EXPECT_EQ(m.id(), "urn:uuid:1");
  EXPECT_EQ(m.thread_id(), "https://blog.example/outage");
  EXPECT_EQ(m.author_id(), "Eva");
  EXPECT_EQ(m.text(), "Outage\nPhones down");
}

// reddit.com/dev/api: a Listing of t3 (link) and t1 (comment) things.
std::string RedditListing(const std::string& after, int64_t created, const std::string& id) {
  return R"({"kind":"Listing","data":{"after":)" + (after.empty() ? std::string("null") : "\"" + after + "\"") +
         R"(,"before":null,"children":[
    {"kind":"t3","data":{"id":")" + id + R"(","name":"t3_)" + id + R"(","title":"Telia nede?",
      "selftext":"Ingen net","author":"nordbo","created_utc":)" + std::to_string(created) + R"(.0,
      "score":12,"num_comments":3,"permalink":"/r/Denmark/comments/)" + id + R"(/"}},
    {"kind":"t1","data":{"id":"c)" + id + R"(","name":"t1_c)" + id + R"(","body":"Også her",
      "author":"[deleted]","created_utc":)" + std::to_string(created - 10) + R"(,
      "parent_id":"t3_)" + id + R"(","link_id":"t3_)" + id + R"(","score":-2}}]}})";
}

TEST(RedditPollerTest, PagesUntilLastRoundAndHonoursRateLimit) {
  FakeApi api;
  std::atomic<int> requests{0};
  std::atomic<bool> limited{false};
  api.server.Get("/r/Denmark/new", [&](const httplib::Request& req, httplib::Response& res) {
    ++requests;
    EXPECT_FALSE(req.get_header_value("User-Agent").empty());
    if (limited) {
      res.status = 429;
      res.set_header("X-Ratelimit-Reset", "37");
      return;
    }
    res.set_header("X-Ratelimit-Remaining", "99.0");
    res.set_header("X-Ratelimit-Reset", "300");
    if (req.get_param_value("after") == "t3_a") {
      res.set_content(RedditListing("", 1764170000, "b"), "application/json");
    } else {
      res.set_content(RedditListing("t3_a", 1764180000, "a"), "application/json");
    }
  });
  FakeSink sink;
  auto poller = MakePoller(PollerConfig("reddit", api.url(), {{"path", "/r/Denmark/new"}}), "");
  ASSERT_TRUE(poller.ok()) << poller.status();
  (*poller)->PollOnce(sink);
  EXPECT_EQ(requests, 2);
  std::vector<v1::Event> events = sink.events();
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].mention().id(), "t3_a");
  EXPECT_EQ(events[0].mention().text(), "Telia nede?\nIngen net");
  EXPECT_EQ(events[1].mention().channel(), "comment");
  EXPECT_EQ(events[1].mention().author_id(), "");
  EXPECT_EQ(events[1].mention().likes(), 0u);
  // Second round: only the first page is new territory; nothing newer -> nothing published.
  (*poller)->PollOnce(sink);
  EXPECT_EQ(requests, 3);
  EXPECT_EQ(sink.events().size(), 4u);
  limited = true;
  EXPECT_EQ((*poller)->PollOnce(sink), milliseconds(37'000));
}

// What a queue poller logs when a request fails: the status, or why no response came
// (an SRE reading "HTTP 0" could not tell a refused connection from a timeout).
TEST(QueuePollersTest, FailedRequestSaysWhatFailed) {
  auto response = std::make_unique<httplib::Response>();
  response->status = 503;
  EXPECT_EQ(FetchFailure(httplib::Result(std::move(response), httplib::Error::Success)).message(),
            "HTTP 503");
  EXPECT_EQ(FetchFailure(httplib::Result(nullptr, httplib::Error::Connection)).message(),
            "no response: " + httplib::to_string(httplib::Error::Connection));
  FakeApi api;  // nothing on this route: a real 404 through the pollers' HTTP client
  auto client = MakeHttpClient(api.url(), "base_url");
  ASSERT_TRUE(client.ok()) << client.status();
  EXPECT_EQ(FetchFailure((*client)->Get("/nothing")).message(), "HTTP 404");
  // What the pollers log: a queue poller with nothing listening, an RSS poller given a 404.
  FakeSink sink;
  auto genesys = MakePoller(
      PollerConfig("genesys", "http://127.0.0.1:1", {{"queues", "q-dk:telia-dk"}}), "");
  ASSERT_TRUE(genesys.ok()) << genesys.status();
  auto rss = MakePoller(PollerConfig("rss", api.url(), {{"path", "/nothing"}}), "");
  ASSERT_TRUE(rss.ok()) << rss.status();
  ::testing::internal::CaptureStderr();
  (*genesys)->PollOnce(sink);
  (*rss)->PollOnce(sink);
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(log.find("poller genesys: no response: " +
                     httplib::to_string(httplib::Error::Connection)),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("poller rss: HTTP 404"), std::string::npos) << log;
  EXPECT_TRUE(sink.events().empty());
}

TEST(QueuePollersTest, GenesysObservations) {
  FakeApi api;
  const std::string entered = FormatRfc3339(
      (NowSeconds() - 300) * 1000);  // waiting for five minutes
  api.server.Post("/api/v2/analytics/queues/observations/query",
                  [&](const httplib::Request& req, httplib::Response& res) {
    EXPECT_NE(req.body.find("\"oWaiting\""), std::string::npos);
    res.set_content(R"({"results":[{"group":{"queueId":"q-dk","mediaType":"voice"},"data":[
      {"metric":"oWaiting","stats":{"count":2},"observations":[
        {"observationDate":")" + entered + R"(","conversationId":"c1"},
        {"observationDate":")" + FormatRfc3339((NowSeconds() - 60) * 1000) + R"(","conversationId":"c2"}]},
      {"metric":"oOnQueueUsers","qualifier":"IDLE","stats":{"count":3}},
      {"metric":"oOnQueueUsers","qualifier":"INTERACTING","stats":{"count":9}}]},
      {"group":{"queueId":"other"},"data":[]}]})", "application/json");
  });
  IngestPollerConfig config = PollerConfig("genesys", api.url(), {{"queues", "q-dk:telia-dk"}});
  FakeSink sink;
  auto poller = MakePoller(config, "");
  ASSERT_TRUE(poller.ok()) << poller.status();
  (*poller)->PollOnce(sink);
  ASSERT_EQ(sink.events().size(), 1u);
  const std::vector<v1::Event> got = sink.events();
  const v1::QueueSample& q = got[0].queue_sample();
  EXPECT_EQ(q.brand(), "telia-dk");
  EXPECT_EQ(q.queue_id(), "q-dk");
  EXPECT_EQ(q.calls_waiting(), 2u);
  EXPECT_EQ(q.agents_available(), 3u);
  EXPECT_NEAR(q.longest_wait_seconds(), 300, 3);
  EXPECT_NEAR(q.avg_wait_seconds(), 180, 3);
}

constexpr char kConnectGrouped[] = R"({"MetricResults":[{"Dimensions":{"Queue":{"Id":"qid-1",
  "Arn":"arn:aws:connect:eu-central-1:1:instance/i/queue/qid-1"},"Channel":"VOICE"},
  "Collections":[{"Metric":{"Name":"CONTACTS_IN_QUEUE","Unit":"COUNT"},"Value":14.0},
  {"Metric":{"Name":"AGENTS_AVAILABLE","Unit":"COUNT"},"Value":1.0},
  {"Metric":{"Name":"OLDEST_CONTACT_AGE","Unit":"SECONDS"},"Value":845.0}]}],
  "DataSnapshotTime":1764180000.0})";
constexpr char kConnectUngrouped[] = R"({"MetricResults":[{"Collections":[
  {"Metric":{"Name":"CONTACTS_IN_QUEUE","Unit":"COUNT"},"Value":14.0},
  {"Metric":{"Name":"OLDEST_CONTACT_AGE","Unit":"SECONDS"},"Value":845123.0}]}]})";

TEST(QueuePollersTest, AmazonConnectSignsAndNormalisesSeconds) {
  FakeApi api;
  api.server.Post("/metrics/current/inst-1", [&](const httplib::Request& req, httplib::Response& res) {
    EXPECT_EQ(req.get_header_value("Authorization").rfind(
                  "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", 0), 0u);
    EXPECT_NE(req.get_header_value("Authorization").find("/eu-central-1/connect/aws4_request"),
              std::string::npos);
    const bool grouped = req.body.find("\"Groupings\"") != std::string::npos;
    res.set_content(grouped ? kConnectGrouped : kConnectUngrouped, "application/json");
  });
  setenv("SW_CONNECT_KEYS", "AKIDEXAMPLE:wJalrXUtnFEMI/K7MDENG", 1);
  for (const bool grouped : {true, false}) {
    IngestPollerConfig config = PollerConfig(
        "amazon_connect", api.url(),
        {{"instance_id", "inst-1"}, {"region", "eu-central-1"}, {"queues", "qid-1:telia-se"},
         {"group_by_queue", grouped ? "true" : "false"}});
    config.secret.env = "SW_CONNECT_KEYS";
    FakeSink sink;
    auto poller = MakePoller(config, "");
    ASSERT_TRUE(poller.ok()) << poller.status();
    (*poller)->PollOnce(sink);
    ASSERT_EQ(sink.events().size(), 1u);
    const std::vector<v1::Event> got = sink.events();
  const v1::QueueSample& q = got[0].queue_sample();
    EXPECT_EQ(q.brand(), "telia-se");
    EXPECT_EQ(q.calls_waiting(), 14u);
    // Grouped: seconds as stated. Ungrouped: milliseconds despite "Unit": "SECONDS".
    EXPECT_NEAR(q.longest_wait_seconds(), grouped ? 845.0 : 845.123, 1e-6);
  }
}

TEST(QueuePollersTest, SigV4MatchesAwsReferenceShape) {
  SigV4Request r{"POST", "connect.eu-central-1.amazonaws.com", "/metrics/current/i", "{}",
                 "eu-central-1", "connect", "AKID", "SECRET", "", "20251126T180000Z"};
  auto headers = SignSigV4(r);
  EXPECT_EQ(headers["X-Amz-Date"], "20251126T180000Z");
  EXPECT_EQ(headers["X-Amz-Content-Sha256"],
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");  // sha256("{}")
  EXPECT_NE(headers["Authorization"].find(
                "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature="),
            std::string::npos);
  EXPECT_EQ(SignSigV4(r), headers);  // deterministic
}

TEST(QueuePollersTest, TwilioRealTimeStatistics) {
  FakeApi api;
  api.server.Get("/v1/Workspaces/WS1/TaskQueues/WQ1/RealTimeStatistics",
                 [&](const httplib::Request& req, httplib::Response& res) {
    EXPECT_EQ(req.get_header_value("Authorization").rfind("Basic ", 0), 0u);
    res.set_content(R"({"account_sid":"AC1","longest_task_waiting_age":512,
      "longest_task_waiting_sid":"WT1","task_queue_sid":"WQ1","tasks_by_priority":{},
      "tasks_by_status":{"assigned":4,"pending":9,"reserved":1,"wrapping":0},
      "total_available_workers":2,"total_eligible_workers":12,"total_tasks":14,
      "workspace_sid":"WS1"})", "application/json");
  });
  setenv("SW_TWILIO", "AC1:authtoken", 1);
  IngestPollerConfig config = PollerConfig("twilio", api.url(),
                                           {{"workspace_sid", "WS1"}, {"queues", "WQ1:telia-no"}});
  config.secret.env = "SW_TWILIO";
  FakeSink sink;
  auto poller = MakePoller(config, "");
  ASSERT_TRUE(poller.ok()) << poller.status();
  (*poller)->PollOnce(sink);
  ASSERT_EQ(sink.events().size(), 1u);
  const std::vector<v1::Event> got = sink.events();
  const v1::QueueSample& q = got[0].queue_sample();
  EXPECT_EQ(q.calls_waiting(), 9u);
  EXPECT_EQ(q.longest_wait_seconds(), 512);
  EXPECT_EQ(q.agents_available(), 2u);
}

TEST(QueuePollersTest, ZendeskTalkAndRetryAfter) {
  FakeApi api;
  std::atomic<bool> limited{false};
  api.server.Get("/api/v2/channels/voice/stats/current_queue_activity.json",
                 [&](const httplib::Request&, httplib::Response& res) {
    if (limited) {
      res.status = 429;
      res.set_header("Retry-After", "17");
      return;
    }
    res.set_content(R"({"current_queue_activity":{"agents_online":5,"average_wait_time":75,
      "callbacks_waiting":1,"calls_waiting":3,"embeddable_callbacks_waiting":0,
      "longest_wait_time":300}})", "application/json");
  });
  setenv("SW_ZENDESK", "ops@example.com/token:abc", 1);
  IngestPollerConfig config = PollerConfig("zendesk", api.url());
  config.secret.env = "SW_ZENDESK";
  config.brand = "telia-dk";
  FakeSink sink;
  auto poller = MakePoller(config, "");
  ASSERT_TRUE(poller.ok()) << poller.status();
  (*poller)->PollOnce(sink);
  ASSERT_EQ(sink.events().size(), 1u);
  const std::vector<v1::Event> got = sink.events();
  const v1::QueueSample& q = got[0].queue_sample();
  EXPECT_EQ(q.calls_waiting(), 3u);
  EXPECT_EQ(q.longest_wait_seconds(), 300);
  EXPECT_EQ(q.avg_wait_seconds(), 75);
  limited = true;
  EXPECT_EQ((*poller)->PollOnce(sink), milliseconds(17'000));
}

TEST(PollerRunnerTest, StopsPromptly) {
  FakeApi api;
  api.server.Get("/", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(kAtom, "application/atom+xml");
  });
  FakeSink sink;
  auto poller = MakePoller(PollerConfig("rss", api.url()), "");
  ASSERT_TRUE(poller.ok());
  PollerRunner runner(*std::move(poller), sink);
  runner.Start();
  std::this_thread::sleep_for(milliseconds(200));
  const auto start = std::chrono::steady_clock::now();
  runner.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(500));
  EXPECT_EQ(runner.rounds(), 1);
}

}  // namespace
}  // namespace stormwatch
