// Fuzzes the contact-centre queue parsers: Genesys Cloud, Amazon Connect, Twilio, Zendesk.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pipeline/ingest/amazon_connect/connect_metrics.h"
#include "pipeline/ingest/genesys/genesys_queues.h"
#include "pipeline/ingest/twilio/taskrouter_stats.h"
#include "pipeline/ingest/zendesk/talk_queue_activity.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const std::map<std::string, std::string> queues = {{"q1", "b"}, {"qid-1", "b"}};
  const int64_t now = 1764180000000;
  (void)stormwatch::ParseGenesysObservations(body, queues, now);
  (void)stormwatch::ParseConnectCurrentMetrics(body, queues, true, "q1", now);
  (void)stormwatch::ParseConnectCurrentMetrics(body, queues, false, "q1", now);
  (void)stormwatch::ParseTwilioRealTimeStatistics(body, "b", "q1", now);
  (void)stormwatch::ParseZendeskQueueActivity(body, "b", "q1", now);
  return 0;
}
