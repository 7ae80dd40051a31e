// Conversions between protobuf timestamps, epoch milliseconds and RFC 3339 text, used
// wherever event time is read (runtime, operators) or printed (alerts, CLI).
#pragma once

#include <cstdint>
#include <string>

#include "google/protobuf/timestamp.pb.h"
#include "stormwatch/v1/event.pb.h"

namespace stormwatch {

int64_t ToMillis(const google::protobuf::Timestamp& ts);
google::protobuf::Timestamp FromMillis(int64_t ms);
// "2026-11-27T18:04:00Z" (seconds precision, UTC).
std::string FormatRfc3339(int64_t ms);
// The event time of a mention (createdAt) or queue sample (ts); 0 when unset.
int64_t EventTimeMs(const v1::Event& event);
// Sets that event time (a mention's createdAt, a queue sample's ts).
void SetEventTimeMs(v1::Event& event, int64_t ms);
// The brand an event belongs to (its Kafka key).
const std::string& EventBrand(const v1::Event& event);

}  // namespace stormwatch
