// RSS 2.0 and Atom feeds -> mentions (source "rss", channel "post"), polled with
// conditional requests (ETag / If-None-Match, Last-Modified / If-Modified-Since) so an
// unchanged feed costs a 304. Reference: RSS 2.0 specification (rssboard.org), RFC 4287
// (Atom), RFC 9110 section 13 (conditional requests).
#pragma once

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

// Items of an RSS or Atom document. Items without a usable date get `fallback_ms`.
absl::StatusOr<std::vector<v1::Event>> ParseFeed(std::string_view body, const std::string& brand,
                                                 int64_t fallback_ms);

// params: path (feed path on base_url, default "/").
class RssPoller final : public Poller {
 public:
  static absl::StatusOr<std::unique_ptr<Poller>> Create(const IngestPollerConfig& config,
                                                        const std::string& state_dir);
  ~RssPoller() override;
  const std::string& name() const override { return config_.name; }
  std::chrono::milliseconds PollOnce(BatchSink& out) override;

 private:
  RssPoller(IngestPollerConfig config, std::string cursor_path);
  IngestPollerConfig config_;
  CursorFile cursor_;
  std::unique_ptr<httplib::Client> client_;
  int failures_ = 0;
};

}  // namespace stormwatch
