// Runs the long-lived roles (operate, alert) of one process on their own threads with
// the HTTP endpoint, until SIGINT/SIGTERM or a caller's stop. Shared by `operate`,
// `alert`, `run` and `demo`.
#pragma once

#include <atomic>
#include <memory>
#include <ostream>
#include <vector>

#include "absl/status/status.h"
#include "pipeline/api/alert_sink.h"
#include "pipeline/config/pipeline_config.h"

namespace stormwatch {

struct Roles {
  bool operate = false;
  bool alert = false;
  bool ingest = false;  // runs only when the config has an `ingest:` section
};

// Installs SIGINT/SIGTERM handlers that set the returned flag.
std::atomic<bool>& InstallStopSignalHandlers();

// Not thread-safe; Stop() may be called from any thread.
class RoleRunner {
 public:
  // Builds the operator chain and the sinks (config errors: InvalidArgument).
  // `extra_sinks` are added to the configured ones (the demo's summary).
  static absl::StatusOr<std::unique_ptr<RoleRunner>> Create(
      const PipelineConfig& config, Roles roles, std::ostream& console,
      std::vector<std::unique_ptr<AlertSink>> extra_sinks = {});
  ~RoleRunner();

  // Starts the roles and the HTTP server; returns at once.
  absl::Status Start();
  // Stops the roles (finish batch, flush, leave the group) and joins them.
  absl::Status StopAndJoin();

  int http_port() const;
  int64_t records_processed() const;
  int64_t alerts_dispatched() const;
  int64_t alerts_emitted() const;
  bool ready() const;

 private:
  struct Impl;
  explicit RoleRunner(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace stormwatch
