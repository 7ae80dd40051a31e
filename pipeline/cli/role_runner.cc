// Role runner; see role_runner.h.
#include "pipeline/cli/role_runner.h"

#include <csignal>
#include <thread>

#include "operators/registry.h"
#include "pipeline/core/logging.h"
#include "pipeline/core/metrics.h"
#include "pipeline/http/http_server.h"
#include "pipeline/ingest/ingest_service.h"
#include "pipeline/runtime/operate_worker.h"
#include "pipeline/sinks/alert_dispatcher.h"
#include "pipeline/sinks/sink_factory.h"

namespace stormwatch {
namespace {

std::atomic<bool> g_stop_requested{false};

extern "C" void HandleStopSignal(int) { g_stop_requested = true; }

}  // namespace

std::atomic<bool>& InstallStopSignalHandlers() {
  std::signal(SIGINT, HandleStopSignal);
  std::signal(SIGTERM, HandleStopSignal);
  return g_stop_requested;
}

struct RoleRunner::Impl {
  PipelineConfig config;
  Roles roles;
  std::unique_ptr<OperateWorker> worker;
  std::unique_ptr<AlertDispatcher> dispatcher;
  std::unique_ptr<HttpServer> http;
  std::unique_ptr<IngestService> ingest;  // `run` with an ingest: section
  std::thread worker_thread;
  std::thread dispatcher_thread;
  absl::Status worker_status;
  absl::Status dispatcher_status;
};

absl::StatusOr<std::unique_ptr<RoleRunner>> RoleRunner::Create(
    const PipelineConfig& config, Roles roles, std::ostream& console,
    std::vector<std::unique_ptr<AlertSink>> extra_sinks) {
  auto impl = std::make_unique<Impl>();
  impl->config = config;
  impl->roles = roles;
  if (roles.operate) {
    OperatorRegistry registry;
    RegisterBuiltins(registry);
    absl::StatusOr<ChainTemplate> chain = ConfigureChain(registry, config.operators);
    if (!chain.ok()) return chain.status();
    absl::StatusOr<std::unique_ptr<OperateWorker>> worker =
        OperateWorker::Create(config, *std::move(chain));
    if (!worker.ok()) return worker.status();
    impl->worker = *std::move(worker);
  }
  if (roles.alert) {
    absl::StatusOr<std::vector<std::unique_ptr<AlertSink>>> sinks =
        MakeSinks(config.sinks, console, &config.kafka);
    if (!sinks.ok()) return sinks.status();
    for (auto& sink : extra_sinks) sinks->push_back(std::move(sink));
    absl::StatusOr<std::unique_ptr<AlertDispatcher>> dispatcher =
        AlertDispatcher::Create(config, *std::move(sinks));
    if (!dispatcher.ok()) return dispatcher.status();
    impl->dispatcher = *std::move(dispatcher);
  }
  if (roles.ingest && config.ingest.enabled) {
    absl::StatusOr<std::unique_ptr<IngestService>> ingest = IngestService::Create(config);
    if (!ingest.ok()) return ingest.status();
    impl->ingest = *std::move(ingest);
  }
  return std::unique_ptr<RoleRunner>(new RoleRunner(std::move(impl)));
}

RoleRunner::RoleRunner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

RoleRunner::~RoleRunner() { (void)StopAndJoin(); }

absl::Status RoleRunner::Start() {
  if (!impl_->config.http.listen.empty()) {
    absl::StatusOr<std::unique_ptr<HttpServer>> http =
        HttpServer::Start(impl_->config.http.listen, [this] { return ready(); },
                          [this](httplib::Server& server) {
                            // The incident API (ack, resolve, silence) of the alert role.
                            if (impl_->dispatcher) impl_->dispatcher->InstallRoutes(server);
                          });
    if (!http.ok()) return http.status();
    impl_->http = *std::move(http);
    LogInfo("metrics on http://", impl_->config.http.listen.substr(
                                      0, impl_->config.http.listen.rfind(':')),
            ":", impl_->http->port(), "/metrics");
  }
  if (impl_->worker) {
    impl_->worker_thread = std::thread([this] { impl_->worker_status = impl_->worker->Run(); });
  }
  if (impl_->dispatcher) {
    impl_->dispatcher_thread =
        std::thread([this] { impl_->dispatcher_status = impl_->dispatcher->Run(); });
  }
  if (impl_->ingest) {
    if (absl::Status s = impl_->ingest->Start(); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status RoleRunner::StopAndJoin() {
  if (impl_->ingest) impl_->ingest->Stop();  // stop accepting first
  if (impl_->worker) impl_->worker->Stop();
  if (impl_->worker_thread.joinable()) impl_->worker_thread.join();
  if (impl_->dispatcher) impl_->dispatcher->Stop();
  if (impl_->dispatcher_thread.joinable()) impl_->dispatcher_thread.join();
  impl_->http.reset();
  if (!impl_->worker_status.ok()) return impl_->worker_status;
  return impl_->dispatcher_status;
}

int RoleRunner::http_port() const { return impl_->http ? impl_->http->port() : -1; }

int64_t RoleRunner::records_processed() const {
  return impl_->worker ? impl_->worker->records_processed() : 0;
}

int64_t RoleRunner::alerts_emitted() const {
  return impl_->worker ? impl_->worker->alerts_emitted() : 0;
}

int64_t RoleRunner::alerts_dispatched() const {
  return impl_->dispatcher ? impl_->dispatcher->alerts_dispatched() : 0;
}

bool RoleRunner::ready() const {
  return (!impl_->worker || impl_->worker->ready()) &&
         (!impl_->dispatcher || impl_->dispatcher->ready()) &&
         (!impl_->ingest || impl_->ingest->ready());
}

}  // namespace stormwatch
