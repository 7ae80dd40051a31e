// The HTTP endpoint of every stormwatch process: /metrics (Prometheus), /healthz,
// /readyz, and the routes other components add (webhooks, the incident API).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"

namespace httplib {
class Server;
}

namespace stormwatch {

// Answers on its own threads; stops when destroyed.
class HttpServer {
 public:
  // `listen` is "host:port" (port 0 picks a free one). `ready` answers /readyz;
  // `add_routes` (may be empty) adds the caller's routes before the server starts.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Start(
      const std::string& listen, std::function<bool()> ready,
      const std::function<void(httplib::Server&)>& add_routes = nullptr);
  ~HttpServer();

  int port() const { return port_; }
  httplib::Server& server() { return *server_; }

 private:
  HttpServer() = default;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace stormwatch
