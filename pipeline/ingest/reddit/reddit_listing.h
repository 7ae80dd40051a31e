// Reddit listings (subreddit /new, search sorted by new, comment listings) -> mentions
// (source "reddit"). Pages are followed with `after` until the newest item of the previous
// round; X-Ratelimit-Remaining / X-Ratelimit-Reset are honoured.
// Reference: reddit.com/dev/api (listings, "after"/"before", rate-limit headers).
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

struct RedditPage {
  std::vector<v1::Event> mentions;  // t3 (posts) and t1 (comments), newest first
  std::string after;                // "" = last page
  int64_t newest_created_ms = 0;
  int64_t oldest_created_ms = 0;
};

absl::StatusOr<RedditPage> ParseRedditListing(std::string_view body, const std::string& brand);

// params: path (default "/r/all/new"), query (optional: uses /search with sort=new),
// max_pages (default 5), user_agent.
class RedditPoller final : public Poller {
 public:
  static absl::StatusOr<std::unique_ptr<Poller>> Create(const IngestPollerConfig& config,
                                                        const std::string& state_dir);
  ~RedditPoller() override;
  const std::string& name() const override { return config_.name; }
  std::chrono::milliseconds PollOnce(BatchSink& out) override;

 private:
  RedditPoller(IngestPollerConfig config, std::string token, std::string cursor_path);
  IngestPollerConfig config_;
  std::string token_;
  CursorFile cursor_;
  std::unique_ptr<httplib::Client> client_;
  int failures_ = 0;
};

}  // namespace stormwatch
