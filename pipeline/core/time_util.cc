// Event-time helpers; see time_util.h.
#include "pipeline/core/time_util.h"

#include "google/protobuf/util/time_util.h"

namespace stormwatch {

int64_t ToMillis(const google::protobuf::Timestamp& ts) {
  return ts.seconds() * 1000 + ts.nanos() / 1000000;
}

google::protobuf::Timestamp FromMillis(int64_t ms) {
  google::protobuf::Timestamp ts;
  int64_t seconds = ms / 1000;
  int64_t rem = ms % 1000;
  if (rem < 0) {
    rem += 1000;
    --seconds;
  }
  ts.set_seconds(seconds);
  ts.set_nanos(static_cast<int32_t>(rem * 1000000));
  return ts;
}

std::string FormatRfc3339(int64_t ms) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  return google::protobuf::util::TimeUtil::ToString(ts);
}

int64_t EventTimeMs(const v1::Event& event) {
  if (event.has_mention()) return ToMillis(event.mention().created_at());
  if (event.has_queue_sample()) return ToMillis(event.queue_sample().ts());
  return 0;
}

void SetEventTimeMs(v1::Event& event, int64_t ms) {
  if (event.has_mention()) *event.mutable_mention()->mutable_created_at() = FromMillis(ms);
  if (event.has_queue_sample()) *event.mutable_queue_sample()->mutable_ts() = FromMillis(ms);
}

const std::string& EventBrand(const v1::Event& event) {
  if (event.has_queue_sample()) return event.queue_sample().brand();
  return event.mention().brand();
}

}  // namespace stormwatch
