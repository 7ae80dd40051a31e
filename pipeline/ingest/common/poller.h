// Pollers read an upstream API (X, RSS, Reddit, contact-centre queues) on their own
// thread. Each round fetches what is new since its cursor, publishes it through a
// BatchPublisher (which waits for Kafka's acknowledgement) and only then advances and
// saves the cursor, so a crash re-reads rather than loses; dedup drops the re-reads.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "pipeline/config/pipeline_config.h"
#include "pipeline/ingest/batch_publisher.h"

namespace stormwatch {

// A poller's persistent cursor (since_id, ETag, ...): a small key/value file in the
// ingest state dir, replaced atomically. Not thread-safe (one poller thread).
class CursorFile {
 public:
  // `path` empty: in memory only.
  explicit CursorFile(std::string path);
  std::string Get(const std::string& key) const;
  void Set(const std::string& key, const std::string& value);
  // Writes the file (temp + rename).
  absl::Status Save();

 private:
  std::string path_;
  std::map<std::string, std::string> values_;
};

// One upstream API. Used from its runner's thread only.
class Poller {
 public:
  virtual ~Poller() = default;
  virtual const std::string& name() const = 0;
  // One round. Returns how long to wait before the next one (the interval, a rate-limit
  // reset, or a backoff after a failure).
  virtual std::chrono::milliseconds PollOnce(BatchSink& out) = 0;
  // Called from another thread to make a blocking round (a stream) return soon.
  virtual void Interrupt() {}
};

// Runs a poller on its own thread until Stop. Thread-safe.
class PollerRunner {
 public:
  PollerRunner(std::unique_ptr<Poller> poller, BatchSink& out);
  ~PollerRunner();
  void Start();
  void Stop();
  int64_t rounds() const;

 private:
  std::unique_ptr<Poller> poller_;
  BatchSink& out_;
  std::thread thread_;
  mutable absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  int64_t rounds_ ABSL_GUARDED_BY(mu_) = 0;
};

// Exponential backoff with full jitter for failing rounds: base * 2^failures, capped.
std::chrono::milliseconds Backoff(int failures, std::chrono::milliseconds base,
                                  std::chrono::milliseconds cap);

// Builds a poller from its config (secrets resolved here; `state_dir` holds cursors).
absl::StatusOr<std::unique_ptr<Poller>> MakePoller(const IngestPollerConfig& config,
                                                   const std::string& state_dir);

}  // namespace stormwatch
