// HTTP server for metrics and health; see http_server.h.
#include "pipeline/http/http_server.h"

#include <httplib.h>

#include "absl/strings/numbers.h"
#include "pipeline/core/strings.h"
#include "pipeline/core/metrics.h"

namespace stormwatch {

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(
    const std::string& listen, std::function<bool()> ready,
    const std::function<void(httplib::Server&)>& add_routes) {
  const size_t colon = listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos || !absl::SimpleAtoi(listen.substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        StrCat("http.listen: expected host:port, got '", listen, "'"));
  }
  const std::string host = listen.substr(0, colon);
  std::unique_ptr<HttpServer> http(new HttpServer());
  http->server_ = std::make_unique<httplib::Server>();
  httplib::Server& server = *http->server_;
  server.set_payload_max_length(1 << 20);
  server.Get("/metrics", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(SerializeMetrics(), "text/plain; version=0.0.4");
  });
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain");
  });
  server.Get("/readyz", [ready](const httplib::Request&, httplib::Response& res) {
    const bool is_ready = !ready || ready();
    res.status = is_ready ? 200 : 503;
    res.set_content(is_ready ? "ready\n" : "not ready\n", "text/plain");
  });
  if (add_routes) add_routes(server);
  if (port == 0) {
    http->port_ = server.bind_to_any_port(host);
  } else {
    http->port_ = server.bind_to_port(host, port) ? port : -1;
  }
  if (http->port_ < 0) {
    return absl::UnavailableError(StrCat("http.listen: cannot bind ", listen));
  }
  http->thread_ = std::thread([&server] { server.listen_after_bind(); });
  return http;
}

HttpServer::~HttpServer() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace stormwatch
