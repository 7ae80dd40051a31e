// Runs Debian's prometheus-alertmanager on loopback for a test: temp config and storage,
// a free port, clustering off, a webhook receiver (cpp-httplib) that records the
// notifications Alertmanager sends, grouped by incident_id.
#pragma once

#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "nlohmann/json.hpp"
#include "tests/pipeline/sinks/dispatcher_harness.h"

namespace stormwatch::testing {

inline int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

inline std::string AlertmanagerBinary() {
  for (const char* path : {"/usr/bin/prometheus-alertmanager", "/usr/bin/alertmanager"}) {
    if (access(path, X_OK) == 0) return path;
  }
  return "";
}

// The webhook receiver Alertmanager notifies: incident_id -> notifications seen.
class AlertmanagerReceiver {
 public:
  AlertmanagerReceiver() {
    server_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      const nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
      std::lock_guard<std::mutex> lock(mu_);
      if (!body.is_discarded()) {
        for (const auto& alert : body["alerts"]) {
          ++seen_[alert["labels"].value("incident_id", "") + "/" + alert.value("status", "")];
        }
      }
      res.status = 200;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~AlertmanagerReceiver() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::map<std::string, int> seen() {
    std::lock_guard<std::mutex> lock(mu_);
    return seen_;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;
  std::map<std::string, int> seen_;  // "<incident>/<firing|resolved>" -> notifications
};

class AlertmanagerProcess {
 public:
  explicit AlertmanagerProcess(int receiver_port) : port_(FreePort()), dir_(MakeTempDir("am")) {
    std::ofstream(dir_ + "/alertmanager.yml")
        << "route:\n"
           "  receiver: hook\n"
           "  group_by: ['incident_id']\n"
           "  group_wait: 1s\n"
           "  group_interval: 2s\n"
           "  repeat_interval: 4h\n"
           "receivers:\n"
           "- name: hook\n"
           "  webhook_configs:\n"
           "  - url: http://127.0.0.1:"
        << receiver_port << "/hook\n    send_resolved: false\n";
  }
  ~AlertmanagerProcess() {
    Stop();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Starts it and waits for /-/ready.
  bool Start() {
    const std::string binary = AlertmanagerBinary();
    if (binary.empty()) return false;
    pid_ = fork();
    if (pid_ == 0) {
      const std::string config = "--config.file=" + dir_ + "/alertmanager.yml";
      const std::string storage = "--storage.path=" + dir_ + "/data";
      const std::string listen = "--web.listen-address=127.0.0.1:" + std::to_string(port_);
      const std::string log = dir_ + "/alertmanager.log";
      freopen(log.c_str(), "a", stderr);
      freopen(log.c_str(), "a", stdout);
      execl(binary.c_str(), binary.c_str(), config.c_str(), storage.c_str(), listen.c_str(),
            "--cluster.listen-address=", "--log.level=warn", static_cast<char*>(nullptr));
      _exit(127);
    }
    httplib::Client client("127.0.0.1", port_);
    return WaitFor(
        [&] {
          auto r = client.Get("/-/ready");
          return r && r->status == 200;
        },
        std::chrono::seconds(20));
  }

  void Stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // GET /api/v2/alerts (active, not resolved).
  nlohmann::json Alerts() {
    httplib::Client client("127.0.0.1", port_);
    auto r = client.Get("/api/v2/alerts");
    if (!r || r->status != 200) return nlohmann::json::array();
    return nlohmann::json::parse(r->body, nullptr, false);
  }

 private:
  int port_;
  std::string dir_;
  pid_t pid_ = -1;
};

}  // namespace stormwatch::testing
