// The outbox against a fake PagerDuty Events API v2 (cpp-httplib server in the test):
// 429 and 500 before 202 are retried with the configured, growing spacing; PagerDuty
// ends up with exactly one incident per dedup_key; acknowledge and resolve follow.
#include <httplib.h>

#include <fstream>
#include <map>
#include <mutex>

#include "nlohmann/json.hpp"
#include "tests/pipeline/sinks/dispatcher_harness.h"

namespace stormwatch {
namespace {

using testing::DispatcherHarness;
using testing::TestAlert;
using testing::WaitFor;
using testing::WallMs;

// Answers the first `failures` requests per dedup key with 429, 500, ... then 202, and
// keeps PagerDuty's incident model: one incident per dedup_key.
class FakePagerDuty {
 public:
  explicit FakePagerDuty(std::vector<int> failures) : failures_(std::move(failures)) {
    server_.Post("/v2/enqueue", [this](const httplib::Request& req, httplib::Response& res) {
      const nlohmann::json event = nlohmann::json::parse(req.body, nullptr, false);
      std::lock_guard<std::mutex> lock(mu_);
      const std::string key = event.value("dedup_key", "");
      const std::string action = event.value("event_action", "");
      const std::string routing_key = event.value("routing_key", "");
      attempts_[key].push_back(WallMs());
      auto& seen = failures_seen_[key];
      if (routing_key != "R0UTINGKEY" || key.empty() ||
          (action == "trigger" && !event.contains("payload"))) {
        res.status = 400;
        res.set_content(R"({"status":"invalid event"})", "application/json");
        return;
      }
      if (seen < failures_.size()) {
        res.status = failures_[seen++];
        if (res.status == 429) res.set_header("Retry-After", "1");
        return;
      }
      if (action == "trigger" && !incidents_.contains(key)) incidents_[key] = "triggered";
      if (action == "acknowledge" && incidents_.contains(key)) incidents_[key] = "acknowledged";
      if (action == "resolve" && incidents_.contains(key)) incidents_[key] = "resolved";
      ++accepted_[key];
      res.status = 202;
      res.set_content(R"({"status":"success","message":"Event processed","dedup_key":")" + key +
                          R"("})",
                      "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FakePagerDuty() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::map<std::string, std::string> incidents() {
    std::lock_guard<std::mutex> lock(mu_);
    return incidents_;
  }
  std::vector<int64_t> attempts(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    return attempts_[key];
  }

 private:
  std::vector<int> failures_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;
  std::map<std::string, size_t> failures_seen_;
  std::map<std::string, std::vector<int64_t>> attempts_;
  std::map<std::string, std::string> incidents_;
  std::map<std::string, int> accepted_;
};

TEST(PagerDutyOutboxTest, RetriesThrottleAndServerErrorsThenOneIncidentPerDedupKey) {
  FakePagerDuty pagerduty({429, 500});
  DispatcherHarness harness;
  const std::string key_file = testing::MakeTempDir("pd-key") + "/routing_key";
  std::ofstream(key_file) << "R0UTINGKEY\n";
  PipelineConfig config = harness.Config();
  SinkConfig pd;
  pd.type = pd.name = "pagerduty";
  pd.url = "http://127.0.0.1:" + std::to_string(pagerduty.port());
  pd.routing_key.file = key_file;
  pd.retry_initial_ms = 400;
  pd.retry_max_ms = 5'000;
  config.sinks.push_back(pd);
  harness.StartDispatcher(config);

  // Two incidents, each published twice (a replay) and one upgraded.
  harness.Publish(TestAlert("spike-a"));
  harness.Publish(TestAlert("spike-b", v1::FIRING, v1::WARNING, "topic:billing"));
  harness.Publish(TestAlert("spike-a"));
  ASSERT_TRUE(WaitFor([&] { return pagerduty.incidents().size() == 2; }, std::chrono::seconds(30)));
  EXPECT_EQ(pagerduty.incidents().at("spike-a"), "triggered");
  EXPECT_EQ(pagerduty.incidents().at("spike-b"), "triggered");

  // spike-a: 429 (Retry-After: 1) then 500 then 202. The 429 wait honours Retry-After
  // (>= 1 s); the 500 wait is the second backoff step, 800 ms with equal jitter: >= 400.
  const std::vector<int64_t> tries = pagerduty.attempts("spike-a");
  ASSERT_EQ(tries.size(), 3u);
  EXPECT_GE(tries[1] - tries[0], 1000);
  EXPECT_GE(tries[2] - tries[1], 400);
  EXPECT_LE(tries[2] - tries[1], 3000);

  harness.Publish(TestAlert("spike-a", v1::RESOLVED));
  ASSERT_TRUE(WaitFor([&] { return pagerduty.incidents().at("spike-a") == "resolved"; },
                      std::chrono::seconds(20)));
  EXPECT_TRUE(WaitFor([&] { return harness.dispatcher().alerts_dispatched() == 4; },
                      std::chrono::seconds(10)))
      << harness.dispatcher().alerts_dispatched();
  EXPECT_EQ(pagerduty.incidents().size(), 2u);
}

}  // namespace
}  // namespace stormwatch
