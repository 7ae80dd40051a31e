// MakePoller: the poller types of `ingest.pollers` (declared in common/poller.h).
#include "pipeline/core/strings.h"
#include "pipeline/ingest/amazon_connect/connect_metrics.h"
#include "pipeline/ingest/common/poller.h"
#include "pipeline/ingest/genesys/genesys_queues.h"
#include "pipeline/ingest/reddit/reddit_listing.h"
#include "pipeline/ingest/rss/rss_feed.h"
#include "pipeline/ingest/twilio/taskrouter_stats.h"
#include "pipeline/ingest/x/x_api.h"
#include "pipeline/ingest/zendesk/talk_queue_activity.h"

namespace stormwatch {

absl::StatusOr<std::unique_ptr<Poller>> MakePoller(const IngestPollerConfig& config,
                                                   const std::string& state_dir) {
  if (config.type == "x_search") return XRecentSearchPoller::Create(config, state_dir);
  if (config.type == "x_stream") return XFilteredStreamPoller::Create(config);
  if (config.type == "rss") return RssPoller::Create(config, state_dir);
  if (config.type == "reddit") return RedditPoller::Create(config, state_dir);
  if (config.type == "genesys") return GenesysQueuePoller::Create(config);
  if (config.type == "amazon_connect") return AmazonConnectQueuePoller::Create(config);
  if (config.type == "twilio") return TwilioQueuePoller::Create(config);
  if (config.type == "zendesk") return ZendeskQueuePoller::Create(config);
  return absl::InvalidArgumentError(
      StrCat("ingest.pollers: unknown type '", config.type, "'"));
}

}  // namespace stormwatch
