// Per-brand volume threshold operator; see volume_threshold_operator.h.
#include "operators/volume_threshold/volume_threshold_operator.h"

#include "operators/common/keyed_state_cache.h"
#include "pipeline/core/strings.h"
#include "absl/strings/str_format.h"
#include "pipeline/core/alert_id.h"
#include "pipeline/core/time_util.h"
#include "stormwatch/v1/state.pb.h"

namespace stormwatch {
namespace {

constexpr char kStoreName[] = "volume";

class VolumeThresholdOperator final : public Operator {
 public:
  explicit VolumeThresholdOperator(std::shared_ptr<const VolumeThresholdConfig> config)
      : config_(std::move(config)), states_(kStoreName) {}

  void Process(v1::Event& event, int64_t event_time_ms, OperatorContext& ctx) override {
    if (!event.has_mention()) return;
    const v1::Mention& mention = event.mention();
    v1::VolumeWindowState& state = Load(mention.brand(), ctx);
    const int64_t window_start = event_time_ms - event_time_ms % config_->window_ms;
    if (window_start > state.window_start_ms()) {
      state.set_window_start_ms(window_start);
      state.set_count(0);
      state.clear_sample_mention_ids();
      ctx.timers().Set(TimeDomain::kEventTime, mention.brand(), window_start + config_->window_ms);
    } else if (window_start < state.window_start_ms()) {
      return;  // belongs to a window already closed for this brand
    }
    state.set_count(state.count() + 1);
    if (state.sample_mention_ids_size() < config_->max_samples) {
      state.add_sample_mention_ids(mention.id());
    }
    if (!state.firing() && static_cast<int64_t>(state.count()) >= config_->fire_count) {
      state.set_firing(true);
      state.set_incident_start_ms(window_start);
      Emit(mention.brand(), state, v1::FIRING, event_time_ms, ctx);
    }
  }

  void OnTimer(const Timer& timer, OperatorContext& ctx) override {
    v1::VolumeWindowState& state = Load(timer.key, ctx);
    if (state.window_start_ms() + config_->window_ms != timer.timestamp_ms) return;
    if (state.firing() && static_cast<int64_t>(state.count()) < config_->resolve_count) {
      state.set_firing(false);
      Emit(timer.key, state, v1::RESOLVED, timer.timestamp_ms, ctx);
    }
    // An empty window follows unless mentions arrive: check it too while firing.
    if (state.firing()) {
      state.set_window_start_ms(timer.timestamp_ms);
      state.set_count(0);
      state.clear_sample_mention_ids();
      ctx.timers().Set(TimeDomain::kEventTime, timer.key, timer.timestamp_ms + config_->window_ms);
    }
  }

  void Flush(OperatorContext& ctx) override {
    states_.Flush(ctx, [](const std::string&, const v1::VolumeWindowState& state) {
      return state.SerializeAsString();
    });
  }

 private:
  // The brand's state, loaded on first use; it is written back at the next Flush().
  // Whatever ParseFromString makes of stored bytes is kept, as it always was.
  v1::VolumeWindowState& Load(const std::string& brand, OperatorContext& ctx) {
    states_.MarkDirty(brand);
    return states_.Load(brand, ctx, KeyedStateCache<v1::VolumeWindowState>::NoReset,
                        [](const std::string& bytes, v1::VolumeWindowState& state) {
                          state.ParseFromString(bytes);
                          return true;
                        });
  }

  void Emit(const std::string& brand, const v1::VolumeWindowState& state, v1::AlertState kind,
            int64_t event_time_ms, OperatorContext& ctx) {
    v1::Alert alert;
    alert.set_id(MakeAlertId(v1::SPIKE, brand, "brand", state.incident_start_ms()));
    alert.set_kind(v1::SPIKE);
    alert.set_brand(brand);
    alert.set_scope("brand");
    alert.set_severity(v1::WARNING);
    alert.set_state(kind);
    *alert.mutable_starts_at() = FromMillis(state.incident_start_ms());
    *alert.mutable_event_time() = FromMillis(event_time_ms);
    const double ratio = static_cast<double>(state.count()) / config_->fire_count;
    alert.set_score(ratio >= 1.0 ? 1.0 : ratio);
    const int64_t minutes = config_->window_ms / 60000;
    if (kind == v1::FIRING) {
      alert.set_summary(absl::StrFormat("%d mentions of %s within %d min (threshold %d)",
                                        state.count(), brand, minutes, config_->fire_count));
    } else {
      *alert.mutable_ends_at() = FromMillis(event_time_ms);
      alert.set_revision(1);
      alert.set_summary(absl::StrFormat("volume of %s back to %d mentions per %d min", brand,
                                        state.count(), minutes));
    }
    auto& evidence = *alert.mutable_evidence();
    (*evidence.mutable_values())["count"] = static_cast<double>(state.count());
    (*evidence.mutable_normal_values())["count"] = static_cast<double>(config_->fire_count);
    for (const std::string& id : state.sample_mention_ids()) evidence.add_sample_mention_ids(id);
    ctx.emitter().Emit(alert);
  }

  std::shared_ptr<const VolumeThresholdConfig> config_;
  KeyedStateCache<v1::VolumeWindowState> states_;
};

absl::StatusOr<int64_t> ReadPositive(const YAML::Node& config, const char* field,
                                     int64_t fallback, int64_t max) {
  if (!config || !config[field]) return fallback;
  try {
    const int64_t value = config[field].as<int64_t>();
    if (value >= 1 && value <= max) return value;
  } catch (const YAML::Exception&) {
  }
  return absl::InvalidArgumentError(StrCat("volume_threshold.", field,
                                                 ": expected an integer in [1, ", max, "], got '",
                                                 YAML::Dump(config[field]), "'"));
}

class VolumeThresholdOperatorFactory final : public OperatorFactory {
 public:
  std::string_view name() const override { return "volume_threshold"; }

  absl::StatusOr<OperatorInstanceFactory> Configure(const YAML::Node& node) const override {
    auto config = std::make_shared<VolumeThresholdConfig>();
    absl::StatusOr<int64_t> window = ReadPositive(node, "window_seconds", 300, 86400);
    if (!window.ok()) return window.status();
    absl::StatusOr<int64_t> fire = ReadPositive(node, "fire_count", 50, 1'000'000'000);
    if (!fire.ok()) return fire.status();
    absl::StatusOr<int64_t> resolve = ReadPositive(node, "resolve_count", *fire / 2 + 1, *fire);
    if (!resolve.ok()) return resolve.status();
    config->window_ms = *window * 1000;
    config->fire_count = *fire;
    config->resolve_count = *resolve;
    std::shared_ptr<const VolumeThresholdConfig> shared = std::move(config);
    return OperatorInstanceFactory(
        [shared] { return std::make_unique<VolumeThresholdOperator>(shared); });
  }
};

}  // namespace

std::unique_ptr<OperatorFactory> MakeVolumeThresholdOperatorFactory() {
  return std::make_unique<VolumeThresholdOperatorFactory>();
}

}  // namespace stormwatch
