// The baseline of the ingest load test (bench/README.md "## Ingest"): the same HTTP stack
// (cpp-httplib, same worker pool) answering every POST /v1/mentions with 200 at once, so the
// push API's figure can be read against what the HTTP layer alone costs on this machine.
// Usage: null_http_server PORT
#include <httplib.h>

#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  httplib::Server server;
  server.new_task_queue = [] { return new httplib::ThreadPool(32); };
  server.set_payload_max_length(8 << 20);
  server.Post("/v1/mentions", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content("{\"accepted\":0}", "application/json");
  });
  const int port = argc > 1 ? std::atoi(argv[1]) : 8099;
  std::printf("null server on 127.0.0.1:%d\n", port);
  std::fflush(stdout);
  return server.listen("127.0.0.1", port) ? 0 : 1;
}
