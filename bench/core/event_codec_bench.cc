// The per-record decode cost at both entry points: proto3 JSON lines (publish, replay,
// ingest) and binary protobuf from Kafka (operate). Binary decode is the baseline.
#include <benchmark/benchmark.h>

#include "pipeline/core/event_codec.h"

namespace stormwatch {
namespace {

constexpr char kMentionJson[] =
    R"({"mention": {"id": "fb-1234567890", "source": "facebook", "brand": "telenova",)"
    R"( "channel": "comment", "authorId": "a-99812", "authorFollowers": 1200,)"
    R"( "text": "Har nu ventet i telefonen i 40 minutter hos Telenova. Hvad sker der? Ingen svarer og nettet er nede.",)"
    R"( "createdAt": "2026-11-27T17:03:00Z", "threadId": "t-1", "shares": 3, "likes": 7}})";

void BM_DecodeBinaryEvent(benchmark::State& state) {
  const std::string bytes = ParseEventJson(kMentionJson)->SerializeAsString();
  for (auto _ : state) {
    absl::StatusOr<v1::Event> event = DecodeEvent(bytes);
    benchmark::DoNotOptimize(event);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecodeBinaryEvent);

void BM_ParseJsonEvent(benchmark::State& state) {
  for (auto _ : state) {
    absl::StatusOr<v1::Event> event = ParseEventJson(kMentionJson);
    benchmark::DoNotOptimize(event);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseJsonEvent);

void BM_EncodeBinaryEvent(benchmark::State& state) {
  const v1::Event event = *ParseEventJson(kMentionJson);
  for (auto _ : state) {
    std::string bytes = event.SerializeAsString();
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EncodeBinaryEvent);

}  // namespace
}  // namespace stormwatch
