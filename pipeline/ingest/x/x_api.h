// X (Twitter) API v2 -> mentions (source "x"): recent search, polled with since_id kept
// across restarts and the x-rate-limit-* headers honoured, and the filtered stream, one
// long-lived connection with keep-alive newlines, reconnected with backoff.
// Reference: docs.x.com/x-api/posts/search-recent-posts, .../filtered-stream, and
// docs.x.com/x-api/fundamentals/rate-limits.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "pipeline/ingest/common/poller.h"
#include "stormwatch/v1/event.pb.h"

namespace httplib {
class Client;
}

namespace stormwatch {

struct XSearchPage {
  std::vector<v1::Event> mentions;
  std::string newest_id;   // meta.newest_id
  std::string next_token;  // meta.next_token ("" = last page)
};

// A search response page ({"data": [...], "includes": {"users": [...]}, "meta": {...}}).
// `brand` may be empty (tracking rules assign one). Errors name the field.
absl::StatusOr<XSearchPage> ParseXSearchPage(std::string_view body, const std::string& brand);
// One line of the filtered stream ({"data": {...}, "includes": ...}); heartbeat lines and
// non-post lines give no events.
absl::StatusOr<std::vector<v1::Event>> ParseXStreamLine(std::string_view line,
                                                        const std::string& brand);

// params: query (required), max_results (10..100, default 100), max_pages (default 10).
class XRecentSearchPoller final : public Poller {
 public:
  static absl::StatusOr<std::unique_ptr<Poller>> Create(const IngestPollerConfig& config,
                                                        const std::string& state_dir);
  ~XRecentSearchPoller() override;
  const std::string& name() const override { return config_.name; }
  std::chrono::milliseconds PollOnce(BatchSink& out) override;

 private:
  XRecentSearchPoller(IngestPollerConfig config, std::string token, std::string cursor_path);
  IngestPollerConfig config_;
  std::string token_;
  CursorFile cursor_;
  std::unique_ptr<httplib::Client> client_;
  int failures_ = 0;
};

// params: keepalive_timeout_seconds (default 30: X sends a newline every 20 s).
class XFilteredStreamPoller final : public Poller {
 public:
  static absl::StatusOr<std::unique_ptr<Poller>> Create(const IngestPollerConfig& config);
  ~XFilteredStreamPoller() override;
  const std::string& name() const override { return config_.name; }
  // Holds the connection until it drops, the keep-alive times out or Interrupt().
  std::chrono::milliseconds PollOnce(BatchSink& out) override;
  void Interrupt() override;

 private:
  XFilteredStreamPoller(IngestPollerConfig config, std::string token);
  IngestPollerConfig config_;
  std::string token_;
  std::unique_ptr<httplib::Client> client_;
  std::atomic<bool> interrupted_{false};
  int failures_ = 0;
};

}  // namespace stormwatch
