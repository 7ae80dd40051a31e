// Spike operator: mention counting per key and bucket, bucket closing on event-time
// timers, detector state cached in memory and flushed at checkpoints; see spike_operator.h.
#include "operators/spike/spike_operator.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>
#include <utility>

#include "operators/common/keyed_state_cache.h"
#include "operators/spike/spike_alert.h"
#include "operators/spike/spike_config.h"
#include "operators/spike/spike_key_state.h"
#include "pipeline/core/metrics.h"
#include "pipeline/core/strings.h"

namespace stormwatch {
namespace {

using spike::BucketScore;
using spike::SeasonalCountDetector;
using spike::SpikeConfig;
using spike::SpikeKeyState;

constexpr char kStoreName[] = "spike";

// The band the detector expects for a brand this hour of the week, in mentions per hour
// (docs/metrics.md: stormwatch_brand_expected_mentions{brand, bound}).
class ExpectedBandGauges {
 public:
  void Set(std::string_view brand, double expected_per_bucket, int64_t bucket_ms) {
    auto [it, inserted] = by_brand_.try_emplace(std::string(brand));
    if (inserted) {
      it->second = {&Family().Add({{"brand", it->first}, {"bound", "lower"}}),
                    &Family().Add({{"brand", it->first}, {"bound", "upper"}})};
    }
    const double per_hour = expected_per_bucket * (3'600'000.0 / static_cast<double>(bucket_ms));
    const double spread = 2.0 * std::sqrt(per_hour);
    it->second.first->Set(std::max(0.0, per_hour - spread));
    it->second.second->Set(per_hour + spread);
  }

 private:
  static prometheus::Family<prometheus::Gauge>& Family() {
    static auto& family = prometheus::BuildGauge()
                              .Name("stormwatch_brand_expected_mentions")
                              .Help("Mentions per hour the spike detector expects for a brand "
                                    "this hour of the week (lower and upper bound)")
                              .Register(*MetricsRegistry());
    return family;
  }
  std::unordered_map<std::string, std::pair<prometheus::Gauge*, prometheus::Gauge*>> by_brand_;
};

// One instance per task; single-threaded. Owns the hot per-key states.
class SpikeOperator final : public Operator {
 public:
  SpikeOperator(std::shared_ptr<const SpikeConfig> config, SeasonalCountDetector detector)
      : config_(std::move(config)), detector_(std::move(detector)), states_(kStoreName) {}

  void Process(v1::Event& event, int64_t event_time_ms, OperatorContext& ctx) override {
    if (!event.has_mention()) return;
    const v1::Mention& mention = event.mention();
    if (mention.brand().empty()) return;
    const int64_t bucket_ms = config_->detector.bucket_ms;
    int64_t bucket_start = event_time_ms - event_time_ms % bucket_ms;
    if (event_time_ms < 0 && event_time_ms % bucket_ms != 0) bucket_start -= bucket_ms;
    Count(spike::MakeStateKey(mention.brand(), "brand"), bucket_start, mention.id(), ctx);
    if (!config_->per_topic) return;
    for (int i = 0; i < mention.topics_size(); ++i) {
      const std::string& topic = mention.topics(i);
      bool repeated = false;
      for (int j = 0; j < i; ++j) repeated = repeated || mention.topics(j) == topic;
      if (topic.empty() || repeated) continue;
      Count(spike::MakeStateKey(mention.brand(), StrCat("topic:", topic)), bucket_start,
            mention.id(), ctx);
    }
  }

  void OnTimer(const Timer& timer, OperatorContext& ctx) override {
    if (timer.domain != TimeDomain::kEventTime) return;
    SpikeKeyState& state = Load(timer.key, ctx);
    const int64_t bucket_ms = config_->detector.bucket_ms;
    const int64_t bucket_start = timer.timestamp_ms - bucket_ms;
    spike::OpenBucket bucket;
    if (auto it = state.open_buckets.find(bucket_start); it != state.open_buckets.end()) {
      bucket = std::move(it->second);
      state.open_buckets.erase(it);
    }
    states_.MarkDirty(timer.key);
    const double expected_before = detector_.Expected(state.detector, bucket_start);
    const BucketScore verdict =
        detector_.Update(state.detector, bucket_start, static_cast<double>(bucket.count));
    std::string_view brand;
    std::string_view scope;
    spike::SplitStateKey(timer.key, &brand, &scope);
    if (scope == "brand") {
      expected_band_.Set(brand, expected_before, bucket_ms);
    }
    if (verdict.fired) {
      state.revision = 0;
      state.incident_samples = std::move(bucket.sample_mention_ids);
      Emit(brand, scope, verdict, bucket_start, state, ctx);
    } else if (verdict.firing) {
      for (std::string& id : bucket.sample_mention_ids) {
        if (static_cast<int>(state.incident_samples.size()) >= config_->max_samples) break;
        state.incident_samples.push_back(std::move(id));
      }
    }
    if (verdict.resolved) {
      ++state.revision;
      Emit(brand, scope, verdict, bucket_start, state, ctx);
      state.incident_samples.clear();
    }
    // While an incident is open, close every bucket (also empty ones) so it can resolve.
    if (verdict.firing) {
      ctx.timers().Set(TimeDomain::kEventTime, timer.key, timer.timestamp_ms + bucket_ms);
    }
  }

  void Flush(OperatorContext& ctx) override {
    states_.Flush(ctx, [](const std::string&, const SpikeKeyState& state) {
      return spike::SerializeKeyState(state);
    });
  }

 private:
  // The key's state, loaded on first use (a stale format starts afresh).
  SpikeKeyState& Load(const std::string& key, OperatorContext& ctx) {
    return states_.Load(
        key, ctx, [](SpikeKeyState& fresh) { SeasonalCountDetector::Reset(fresh.detector); },
        &spike::DeserializeKeyState);
  }

  void Count(const std::string& key, int64_t bucket_start, const std::string& mention_id,
             OperatorContext& ctx) {
    SpikeKeyState& state = Load(key, ctx);
    if (state.detector.buckets_seen > 0 && bucket_start <= state.detector.last_bucket_ms) {
      return;  // the bucket is closed already (only possible with replayed input)
    }
    auto [it, inserted] = state.open_buckets.try_emplace(bucket_start);
    if (inserted) {
      ctx.timers().Set(TimeDomain::kEventTime, key, bucket_start + config_->detector.bucket_ms);
    }
    ++it->second.count;
    if (static_cast<int>(it->second.sample_mention_ids.size()) < config_->max_samples &&
        !mention_id.empty()) {
      it->second.sample_mention_ids.push_back(mention_id);
    }
    states_.MarkDirty(key);
  }

  void Emit(std::string_view brand, std::string_view scope, const BucketScore& verdict,
            int64_t bucket_start, const SpikeKeyState& state, OperatorContext& ctx) {
    spike::SpikeAlertInput in;
    in.brand = brand;
    in.scope = scope;
    in.verdict = &verdict;
    in.bucket_start_ms = bucket_start;
    in.bucket_ms = config_->detector.bucket_ms;
    in.revision = state.revision;
    in.sample_mention_ids = &state.incident_samples;
    ctx.emitter().Emit(spike::BuildSpikeAlert(in));
  }

  std::shared_ptr<const SpikeConfig> config_;
  SeasonalCountDetector detector_;
  KeyedStateCache<SpikeKeyState> states_;
  ExpectedBandGauges expected_band_;
};

class SpikeOperatorFactory final : public OperatorFactory {
 public:
  std::string_view name() const override { return "spike"; }

  absl::StatusOr<OperatorInstanceFactory> Configure(const YAML::Node& node) const override {
    absl::StatusOr<SpikeConfig> config = spike::ParseSpikeConfig(node);
    if (!config.ok()) return config.status();
    absl::StatusOr<SeasonalCountDetector> detector =
        SeasonalCountDetector::Create(config->detector);
    if (!detector.ok()) return detector.status();
    auto shared = std::make_shared<const SpikeConfig>(*std::move(config));
    return OperatorInstanceFactory([shared, detector = *std::move(detector)] {
      return std::make_unique<SpikeOperator>(shared, detector);
    });
  }
};

}  // namespace

std::unique_ptr<OperatorFactory> MakeSpikeOperatorFactory() {
  return std::make_unique<SpikeOperatorFactory>();
}

}  // namespace stormwatch
