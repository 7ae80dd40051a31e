// The incident API on the process's HTTP server: bearer token required; ack and resolve
// reach the sinks as acknowledge / resolve of the same incident.
#include <httplib.h>

#include <fstream>
#include <mutex>

#include "pipeline/http/http_server.h"
#include "pipeline/sinks/notification.h"
#include "tests/pipeline/sinks/dispatcher_harness.h"

namespace stormwatch {
namespace {

using testing::DispatcherHarness;
using testing::TestAlert;
using testing::WaitFor;

class RecordingSink final : public NotificationSink {
 public:
  explicit RecordingSink(std::shared_ptr<std::vector<Notification>> seen,
                         std::shared_ptr<std::mutex> mu)
      : seen_(std::move(seen)), mu_(std::move(mu)) {}
  std::string_view name() const override { return "recorder"; }
  DeliveryResult Notify(const Notification& n) override {
    std::lock_guard<std::mutex> lock(*mu_);
    seen_->push_back(n);
    return DeliveryResult::Delivered();
  }

 private:
  std::shared_ptr<std::vector<Notification>> seen_;
  std::shared_ptr<std::mutex> mu_;
};

TEST(IncidentApiTest, AcknowledgeAndResolveWithBearerToken) {
  DispatcherHarness harness;
  const std::string token_file = testing::MakeTempDir("api-token") + "/token";
  std::ofstream(token_file) << "t0ken\n";
  PipelineConfig config = harness.Config();
  config.alerting.api_token.file = token_file;
  auto seen = std::make_shared<std::vector<Notification>>();
  auto mu = std::make_shared<std::mutex>();
  std::vector<std::unique_ptr<AlertSink>> extra;
  extra.push_back(std::make_unique<RecordingSink>(seen, mu));
  harness.StartDispatcher(config, std::move(extra));
  auto http = HttpServer::Start("127.0.0.1:0", nullptr, [&](httplib::Server& server) {
    harness.dispatcher().InstallRoutes(server);
  });
  ASSERT_TRUE(http.ok());
  httplib::Client client("127.0.0.1", (*http)->port());
  auto count = [&] {
    std::lock_guard<std::mutex> lock(*mu);
    return seen->size();
  };

  harness.Publish(TestAlert("spike-api"));
  ASSERT_TRUE(WaitFor([&] { return count() == 1; }, std::chrono::seconds(20)));

  EXPECT_EQ(client.Post("/api/v1/incidents/spike-api/ack", "", "application/json")->status, 401);
  httplib::Headers wrong = {{"Authorization", "Bearer nope!"}};
  EXPECT_EQ(client.Post("/api/v1/incidents/spike-api/ack", wrong, "", "application/json")->status,
            401);
  httplib::Headers auth = {{"Authorization", "Bearer t0ken"}};
  EXPECT_EQ(client.Post("/api/v1/incidents/unknown/ack", auth, "", "application/json")->status, 404);
  auto acked = client.Post("/api/v1/incidents/spike-api/ack", auth, R"({"by":"alice"})",
                           "application/json");
  ASSERT_TRUE(acked);
  EXPECT_EQ(acked->status, 200) << acked->body;
  EXPECT_NE(acked->body.find("acknowledged"), std::string::npos);
  auto listed = client.Get("/api/v1/incidents", auth);
  ASSERT_TRUE(listed);
  EXPECT_NE(listed->body.find("spike-api"), std::string::npos);
  EXPECT_EQ(client.Post("/api/v1/incidents/spike-api/silence", auth, R"({"minutes":0})",
                        "application/json")->status,
            400);
  EXPECT_EQ(client.Post("/api/v1/incidents/spike-api/resolve", auth, "", "application/json")->status,
            200);
  ASSERT_TRUE(WaitFor([&] { return count() == 3; }, std::chrono::seconds(10)));
  std::lock_guard<std::mutex> lock(*mu);
  EXPECT_EQ((*seen)[0].action, NotificationAction::kTrigger);
  EXPECT_EQ((*seen)[1].action, NotificationAction::kAcknowledge);
  EXPECT_EQ((*seen)[1].actor, "alice");
  EXPECT_EQ((*seen)[2].action, NotificationAction::kResolve);
  for (const auto& n : *seen) EXPECT_EQ(n.incident_id, "spike-api");
  http->reset();
}

}  // namespace
}  // namespace stormwatch
