// kill -9 of the real `stormwatch alert` process between a webhook send and its
// acknowledgement, against a `stormwatch dev-broker`: after the restart the outbox
// re-sends the same message (same webhook-id, same incident), and no incident is lost.
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

#include "pipeline/kafka/producer.h"
#include "tests/pipeline/sinks/dispatcher_harness.h"

namespace stormwatch {
namespace {

using testing::MakeTempDir;
using testing::TestAlert;
using testing::WaitFor;

pid_t Spawn(const std::vector<std::string>& args, const std::string& log) {
  const pid_t pid = fork();
  if (pid == 0) {
    freopen(log.c_str(), "a", stdout);
    freopen(log.c_str(), "a", stderr);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

void Terminate(pid_t pid, int signal) {
  if (pid <= 0) return;
  kill(pid, signal);
  int status = 0;
  waitpid(pid, &status, 0);
}

TEST(DispatcherCrashTest, KillNineBetweenSendAndAckResendsSameIdAndLosesNothing) {
  const char* bin = std::getenv("STORMWATCH_BIN");
  ASSERT_NE(bin, nullptr) << "STORMWATCH_BIN not set (run through ctest)";
  const std::string dir = MakeTempDir("crash-test");
  const std::string bootstrap_file = dir + "/bootstrap";
  const pid_t broker = Spawn({bin, "dev-broker", "--partitions", "1", "--bootstrap-file",
                              bootstrap_file},
                             dir + "/broker.log");
  ASSERT_TRUE(WaitFor([&] { return std::ifstream(bootstrap_file).good(); },
                      std::chrono::seconds(20)));
  std::string brokers;
  std::ifstream(bootstrap_file) >> brokers;

  // The receiver: kills the dispatcher on the very first request, before answering.
  std::mutex mu;
  std::vector<std::string> received;      // webhook-id of every request
  std::set<std::string> acknowledged;     // incidents answered with 200
  std::atomic<pid_t> alert_pid{-1};
  std::atomic<bool> killed{false};
  httplib::Server receiver;
  receiver.Post("/hook", [&](const httplib::Request& req, httplib::Response& res) {
    const std::string id = req.get_header_value("webhook-id");
    {
      std::lock_guard<std::mutex> lock(mu);
      received.push_back(id);
    }
    if (!killed.exchange(true)) {
      kill(alert_pid.load(), SIGKILL);
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      res.status = 500;
      return;
    }
    std::lock_guard<std::mutex> lock(mu);
    acknowledged.insert(id.substr(0, id.find('.')));
    res.status = 200;
  });
  const int port = receiver.bind_to_any_port("127.0.0.1");
  std::thread receiver_thread([&] { receiver.listen_after_bind(); });

  const std::string config_path = dir + "/alert.yaml";
  std::ofstream(config_path) << "kafka:\n  brokers: " << brokers
                             << "\n  properties:\n    max.poll.interval.ms: '8000'\n"
                                "    session.timeout.ms: '6000'\n    heartbeat.interval.ms: '500'\n"
                                "http:\n  listen: ''\n"
                                "alerting:\n  outbox_dir: " << dir << "/outbox\n  tick_ms: 100\n"
                                "sinks:\n  - type: webhook\n    url: http://127.0.0.1:" << port
                             << "/hook\n    retry_initial_ms: 300\n    retry_max_ms: 2000\n";
  const std::vector<std::string> alert_args = {bin, "alert", "--config", config_path};
  alert_pid = Spawn(alert_args, dir + "/alert.log");

  auto producer = KafkaProducer::Create({.brokers = brokers, .client_id = "crash-test"});
  ASSERT_TRUE(producer.ok());
  std::vector<std::string> ids = {"spike-crash-0", "spike-crash-1", "spike-crash-2"};
  auto publish = [&](const std::string& id) {
    const v1::Alert alert = TestAlert(id, v1::FIRING, v1::WARNING, id);
    ASSERT_TRUE((*producer)->Produce(TopicsConfig().alerts, id, alert.SerializeAsString()).ok());
    ASSERT_TRUE((*producer)->Flush(10'000).ok());
  };
  publish(ids[0]);
  ASSERT_TRUE(WaitFor([&] { return killed.load(); }, std::chrono::seconds(60)))
      << "the dispatcher never called the webhook";
  int status = 0;
  waitpid(alert_pid.load(), &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status));
  std::string first_id;
  {
    std::lock_guard<std::mutex> lock(mu);
    first_id = received.front();
  }
  publish(ids[1]);  // while the dispatcher is down
  alert_pid = Spawn(alert_args, dir + "/alert.log");
  publish(ids[2]);
  const bool all = WaitFor(
      [&] {
        std::lock_guard<std::mutex> lock(mu);
        return acknowledged.size() == ids.size();
      },
      std::chrono::seconds(90));
  Terminate(alert_pid.load(), SIGTERM);
  Terminate(broker, SIGTERM);
  receiver.stop();
  receiver_thread.join();

  std::lock_guard<std::mutex> lock(mu);
  EXPECT_TRUE(all) << "acknowledged " << acknowledged.size() << " of " << ids.size();
  EXPECT_EQ(first_id.substr(0, first_id.find('.')), ids[0]);
  // The re-send after the restart carries the very same webhook-id.
  EXPECT_GE(std::count(received.begin(), received.end(), first_id), 2);
  for (const auto& id : ids) EXPECT_TRUE(acknowledged.contains(id)) << id;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace stormwatch
