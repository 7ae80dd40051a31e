// Spill-over detector: queue figures x contact-seeking posts per brand, one incident, state
// cached in memory and flushed at checkpoints; see spillover_operator.h.
#include "operators/spillover/spillover_operator.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "operators/common/brand_incident_alert.h"
#include "operators/common/incident_samples.h"
#include "operators/common/keyed_state_cache.h"
#include "operators/common/shared_config_instances.h"
#include "operators/common/state_codec.h"
#include "operators/spike/seasonal_count_detector.h"
#include "operators/spillover/spillover_config.h"
#include "pipeline/core/metrics.h"
#include "pipeline/core/strings.h"

namespace stormwatch {
namespace {

using spike::SeasonalCountDetector;
using spillover::SpilloverConfig;
using spillover::Thresholds;

constexpr char kStoreName[] = "spillover";
constexpr uint8_t kStateVersion = 1;
// A queue whose newest sample is older than this no longer counts.
constexpr int64_t kStaleQueueMs = 10 * 60'000;
// Queues tracked per brand (further queue ids are ignored).
constexpr size_t kMaxQueues = 64;
// Normal queue levels: EWMA over samples outside incidents, half-life in samples.
constexpr double kNormalHalfLifeSamples = 360.0;
// Samples before the normal level is trusted (until then only the absolute threshold).
constexpr uint32_t kMinNormalSamples = 30;
// Smallest expected contact-seeking mentions per minute.
constexpr double kMinExpectedPerBucket = 0.1;
// Fewest calls offered in the window before an abandon rate means anything.
constexpr uint32_t kMinOffered = 20;

struct QueueReading {
  int64_t ts_ms = 0;
  double longest_wait = 0;
  uint32_t waiting = 0;
};

struct Minute {
  int64_t start_ms = 0;
  uint32_t contact = 0;
  uint32_t offered = 0;
  uint32_t abandoned = 0;
};

struct Normals {
  double longest_wait = 0;
  double waiting = 0;
  double abandon_rate = 0;
  uint32_t samples = 0;
  uint32_t rate_minutes = 0;
};

struct Incident {
  bool open = false;
  bool critical = false;
  int64_t start_ms = 0;
  uint32_t revision = 0;
  int calm_buckets = 0;
};

struct Figures {
  double longest_wait = 0, waiting = 0, abandon_rate = 0;
  double normal_wait = 0, normal_waiting = 0, normal_rate = 0;
  double contact = 0, contact_expected = 0, contact_ratio = 0;
  bool wait_breached = false, waiting_breached = false, rate_breached = false;
  bool queue_breached = false;
  bool contact_rising = false;
  bool critical = false;
};

struct BrandState {
  spike::DetectorState contact;  // baseline of contact-seeking mentions per minute
  Normals normals;
  Incident incident;
  std::map<std::string, QueueReading, std::less<>> queues;
  std::deque<Minute> minutes;  // the window, oldest first; the newest may be open
  std::vector<std::string> samples;
  std::deque<std::string> recent_contact;  // candidate samples before an incident
  const Thresholds* thresholds = nullptr;
  prometheus::Counter* contact_metric = nullptr;
  prometheus::Gauge* wait_metric = nullptr;
};

// Binary state: a version byte, POD blocks, then count-prefixed lists (state_codec.h).
std::string SerializeBrandState(const BrandState& s) {
  StateWriter w;
  w.Version(kStateVersion);
  w.Pod(s.contact, s.normals, s.incident);
  w.List(s.queues, [&](const auto& id_and_reading) {
    w.Str(id_and_reading.first);
    w.Pod(id_and_reading.second);
  });
  w.List(s.minutes, [&](const Minute& m) { w.Pod(m); });
  w.StrList(s.samples);
  return std::move(w.out);
}

bool DeserializeBrandState(std::string_view bytes, BrandState& s) {
  StateReader r(bytes);
  auto read_queue = [&] {
    std::string id;
    QueueReading q;
    if (!r.Str(id) || !r.Pod(q)) return false;
    s.queues.emplace(std::move(id), q);
    return true;
  };
  auto read_minute = [&] {
    Minute m;
    if (!r.Pod(m)) return false;
    s.minutes.push_back(m);
    return true;
  };
  return r.Version(kStateVersion) && r.Pod(s.contact, s.normals, s.incident) &&
         r.List(read_queue) && r.List(read_minute) && r.StrList(s.samples);
}

prometheus::Family<prometheus::Counter>& ContactFamily() {
  static auto& family = prometheus::BuildCounter()
                            .Name("stormwatch_brand_contact_seeking_mentions_total")
                            .Help("Mentions with the contact-seeking intent, per brand")
                            .Register(*MetricsRegistry());
  return family;
}

prometheus::Family<prometheus::Gauge>& WaitFamily() {
  static auto& family = prometheus::BuildGauge()
                            .Name("stormwatch_queue_longest_wait_seconds")
                            .Help("Longest phone-queue wait over the brand's queues, latest samples")
                            .Register(*MetricsRegistry());
  return family;
}

bool IsContactSeeking(const v1::Mention& m) {
  for (int intent : m.enrichment().intents()) {
    if (intent == v1::CONTACT_SEEKING) return true;
  }
  return false;
}

std::string Minutes(double seconds) {
  if (seconds < 120) return absl::StrFormat("%.0f s", seconds);
  return absl::StrFormat("%.0f min", seconds / 60.0);
}

class SpilloverOperator final : public Operator {
 public:
  SpilloverOperator(std::shared_ptr<const SpilloverConfig> config, SeasonalCountDetector contact)
      : config_(std::move(config)),
        contact_(std::move(contact)),
        alpha_(1.0 - std::exp2(-1.0 / kNormalHalfLifeSamples)),
        states_(kStoreName) {}

  void Process(v1::Event& event, int64_t event_time_ms, OperatorContext& ctx) override {
    if (event.has_queue_sample()) {
      ProcessQueueSample(event.queue_sample(), event_time_ms, ctx);
      return;
    }
    if (!event.has_mention()) return;
    const v1::Mention& mention = event.mention();
    if (mention.brand().empty() || mention.from_brand() || !IsContactSeeking(mention)) return;
    BrandState& s = Load(mention.brand(), ctx);
    s.contact_metric->Increment();
    Minute* minute = MinuteOf(s, mention.brand(), event_time_ms, ctx);
    if (minute == nullptr) return;
    ++minute->contact;
    KeepSampleMention(mention.id(), s.incident.open, config_->max_samples, s.samples,
                      s.recent_contact);
    Evaluate(mention.brand(), s, event_time_ms, ctx);
  }

  void OnTimer(const Timer& timer, OperatorContext& ctx) override {
    if (timer.domain != TimeDomain::kEventTime) return;
    BrandState& s = Load(timer.key, ctx);
    const int64_t bucket_start = timer.timestamp_ms - config_->bucket_ms;
    if (s.contact.buckets_seen > 0 && bucket_start <= s.contact.last_bucket_ms) return;
    uint32_t count = 0;
    for (const Minute& m : s.minutes) {
      if (m.start_ms == bucket_start) count = m.contact;
    }
    contact_.Update(s.contact, bucket_start, count);
    if (!s.incident.open) {
      for (const Minute& m : s.minutes) {
        if (m.start_ms != bucket_start || m.offered < 5) continue;
        Normals& n = s.normals;
        ++n.rate_minutes;
        const double a = std::max(alpha_, 1.0 / n.rate_minutes);
        n.abandon_rate += a * (static_cast<double>(m.abandoned) / m.offered - n.abandon_rate);
      }
      return;
    }
    const Figures f = Measure(s, timer.timestamp_ms);
    const bool calm = !f.queue_breached && f.contact_ratio < s.thresholds->contact_seeking_ratio;
    s.incident.calm_buckets = calm ? s.incident.calm_buckets + 1 : 0;
    if (s.incident.calm_buckets >= static_cast<int>(s.thresholds->resolve_minutes)) {
      ++s.incident.revision;
      Emit(timer.key, s, f, timer.timestamp_ms, /*resolved=*/true, ctx);
      s.incident = Incident{};
      s.samples.clear();
      return;
    }
    ctx.timers().Set(TimeDomain::kEventTime, timer.key, timer.timestamp_ms + config_->bucket_ms);
  }

  void Flush(OperatorContext& ctx) override {
    states_.Flush(ctx,
                  [](const std::string&, const BrandState& s) { return SerializeBrandState(s); });
  }

 private:
  void ProcessQueueSample(const v1::QueueSample& q, int64_t event_time_ms, OperatorContext& ctx) {
    if (q.brand().empty()) return;
    BrandState& s = Load(q.brand(), ctx);
    auto it = s.queues.find(q.queue_id());
    if (it == s.queues.end()) {
      if (s.queues.size() >= kMaxQueues) return;
      it = s.queues.emplace(q.queue_id(), QueueReading{}).first;
    }
    if (event_time_ms < it->second.ts_ms) return;  // an older reading of this queue
    it->second = {event_time_ms, q.longest_wait_seconds(), q.calls_waiting()};
    if (Minute* minute = MinuteOf(s, q.brand(), event_time_ms, ctx)) {
      minute->offered += q.offered();
      minute->abandoned += q.abandoned();
    }
    const Figures f = Evaluate(q.brand(), s, event_time_ms, ctx);
    s.wait_metric->Set(f.longest_wait);
    if (!s.incident.open && !f.queue_breached) {
      Normals& n = s.normals;
      ++n.samples;
      // A running mean until the level is trusted, then a slow EWMA, so a queue that is
      // building (but not yet breached) barely moves its own normal level.
      const double a = n.samples <= kMinNormalSamples ? 1.0 / n.samples : alpha_;
      n.longest_wait += a * (f.longest_wait - n.longest_wait);
      n.waiting += a * (f.waiting - n.waiting);
    }
  }

  // The brand's state, loaded on first use (a stale format starts afresh); every use marks
  // it for the next Flush().
  BrandState& Load(const std::string& brand, OperatorContext& ctx) {
    bool made = false;
    BrandState& s = states_.Load(
        brand, ctx, [](BrandState& fresh) { SeasonalCountDetector::Reset(fresh.contact); },
        &DeserializeBrandState, &made);
    if (made) {
      s.thresholds = &config_->For(brand);
      s.contact_metric = &ContactFamily().Add({{"brand", brand}});
      s.wait_metric = &WaitFamily().Add({{"brand", brand}});
    }
    states_.MarkDirty(brand);
    return s;
  }

  // The minute bucket of `t`, opened (with its closing timer) on first use; null when that
  // minute is closed already.
  Minute* MinuteOf(BrandState& s, const std::string& brand, int64_t t, OperatorContext& ctx) {
    const int64_t bucket_ms = config_->bucket_ms;
    int64_t start = t - t % bucket_ms;
    if (t < 0 && t % bucket_ms != 0) start -= bucket_ms;
    if (s.contact.buckets_seen > 0 && start <= s.contact.last_bucket_ms) return nullptr;
    for (auto it = s.minutes.rbegin(); it != s.minutes.rend(); ++it) {
      if (it->start_ms == start) return &*it;
      if (it->start_ms < start) break;
    }
    if (!s.minutes.empty() &&
        start < s.minutes.back().start_ms - (config_->window_buckets - 1) * bucket_ms) {
      return nullptr;  // older than the window: nothing to count it in
    }
    Minute m;
    m.start_ms = start;
    auto pos = std::find_if(s.minutes.begin(), s.minutes.end(),
                            [&](const Minute& x) { return x.start_ms > start; });
    s.minutes.insert(pos, m);
    ctx.timers().Set(TimeDomain::kEventTime, brand, start + bucket_ms);
    const int64_t oldest = s.minutes.back().start_ms - (config_->window_buckets - 1) * bucket_ms;
    while (s.minutes.front().start_ms < oldest) s.minutes.pop_front();
    for (Minute& x : s.minutes) {
      if (x.start_ms == start) return &x;
    }
    return nullptr;
  }

  Figures Measure(const BrandState& s, int64_t now_ms) const {
    const Thresholds& th = *s.thresholds;
    Figures f;
    for (const auto& [id, q] : s.queues) {
      if (now_ms - q.ts_ms > kStaleQueueMs) continue;
      f.longest_wait = std::max(f.longest_wait, q.longest_wait);
      f.waiting += q.waiting;
    }
    const int64_t oldest = now_ms - config_->window_buckets * config_->bucket_ms;
    uint32_t offered = 0;
    uint32_t abandoned = 0;
    for (const Minute& m : s.minutes) {
      if (m.start_ms < oldest) continue;
      f.contact += m.contact;
      offered += m.offered;
      abandoned += m.abandoned;
    }
    f.abandon_rate = offered > 0 ? static_cast<double>(abandoned) / offered : 0.0;
    const Normals& n = s.normals;
    const bool trusted = n.samples >= kMinNormalSamples;
    f.normal_wait = n.longest_wait;
    f.normal_waiting = n.waiting;
    f.normal_rate = n.abandon_rate;
    const double r = th.queue_normal_ratio;
    f.wait_breached = f.longest_wait >= th.longest_wait_seconds &&
                      (!trusted || f.longest_wait >= r * n.longest_wait);
    f.waiting_breached = f.waiting >= th.calls_waiting && (!trusted || f.waiting >= r * n.waiting);
    f.rate_breached = offered >= kMinOffered && f.abandon_rate >= th.abandon_rate &&
                      (n.rate_minutes < kMinNormalSamples || f.abandon_rate >= r * n.abandon_rate);
    f.queue_breached = f.wait_breached || f.waiting_breached || f.rate_breached;
    const int64_t newest = now_ms - now_ms % config_->bucket_ms;
    const double expected =
        contact_.ExpectedOverWindow(s.contact, newest, config_->window_buckets);
    f.contact_expected = std::max(expected, kMinExpectedPerBucket * config_->window_buckets);
    f.contact_ratio = f.contact / f.contact_expected;
    f.contact_rising =
        f.contact >= th.min_contact_seeking_mentions && f.contact_ratio >= th.contact_seeking_ratio;
    f.critical = f.longest_wait >= th.critical_longest_wait_seconds ||
                 f.contact_ratio >= th.critical_contact_seeking_ratio;
    return f;
  }

  Figures Evaluate(const std::string& brand, BrandState& s, int64_t now_ms, OperatorContext& ctx) {
    const Figures f = Measure(s, now_ms);
    if (!f.queue_breached || !f.contact_rising) return f;
    if (!s.incident.open) {
      s.incident.open = true;
      s.incident.critical = f.critical;
      s.incident.start_ms = now_ms - now_ms % config_->bucket_ms;
      s.incident.revision = 0;
      s.incident.calm_buckets = 0;
      StartIncidentSamples(s.recent_contact, s.samples);
      Emit(brand, s, f, now_ms, /*resolved=*/false, ctx);
      ctx.timers().Set(TimeDomain::kEventTime, brand,
                       s.incident.start_ms + config_->bucket_ms);
    } else if (f.critical && !s.incident.critical) {
      s.incident.critical = true;
      ++s.incident.revision;
      Emit(brand, s, f, now_ms, /*resolved=*/false, ctx);
    }
    return f;
  }

  void Emit(const std::string& brand, const BrandState& s, const Figures& f,
            int64_t event_time_ms, bool resolved, OperatorContext& ctx) {
    const Thresholds& th = *s.thresholds;
    const v1::Severity severity = s.incident.critical ? v1::CRITICAL : v1::WARNING;
    v1::Alert alert = StartBrandIncidentAlert(v1::SPILLOVER, brand, s.incident, severity,
                                              event_time_ms, resolved);
    const double wait_part = std::min(1.0, f.longest_wait / th.critical_longest_wait_seconds);
    const double contact_part =
        std::min(1.0, f.contact_ratio / th.critical_contact_seeking_ratio);
    alert.set_score(0.5 * (wait_part + contact_part));
    const int minutes = static_cast<int>(config_->window_buckets * config_->bucket_ms / 60'000);
    if (resolved) {
      alert.set_summary(absl::StrFormat(
          "%s spill-over over: longest wait %s (usually %s), %.0f contact-seeking posts in "
          "%d min (usual %.1f)",
          brand, Minutes(f.longest_wait), Minutes(f.normal_wait), f.contact, minutes,
          f.contact_expected));
    } else {
      alert.set_summary(absl::StrFormat(
          "%s phone queue spills over to social: longest wait %s (usually %s), %.0f calls "
          "waiting, %.0f%% abandoned; %.0f contact-seeking posts in %d min, %.1fx the usual "
          "phone/queue complaints (%.1f)",
          brand, Minutes(f.longest_wait), Minutes(f.normal_wait), f.waiting,
          100 * f.abandon_rate, f.contact, minutes, f.contact_ratio, f.contact_expected));
    }
    v1::Evidence& e = *alert.mutable_evidence();
    auto& v = *e.mutable_values();
    auto& normal = *e.mutable_normal_values();
    v["longest_wait_seconds"] = f.longest_wait;
    normal["longest_wait_seconds"] = f.normal_wait;
    v["calls_waiting"] = f.waiting;
    normal["calls_waiting"] = f.normal_waiting;
    v["abandon_rate"] = f.abandon_rate;
    normal["abandon_rate"] = f.normal_rate;
    v["contact_seeking_mentions"] = f.contact;
    normal["contact_seeking_mentions"] = f.contact_expected;
    v["contact_seeking_ratio"] = f.contact_ratio;
    normal["contact_seeking_ratio"] = 1.0;
    v["window_minutes"] = minutes;
    AddSampleMentions(s.samples, alert);
    ctx.emitter().Emit(alert);
  }

  std::shared_ptr<const SpilloverConfig> config_;
  SeasonalCountDetector contact_;
  double alpha_;
  KeyedStateCache<BrandState> states_;
};

class SpilloverOperatorFactory final : public OperatorFactory {
 public:
  std::string_view name() const override { return "spillover"; }

  absl::StatusOr<OperatorInstanceFactory> Configure(const YAML::Node& node) const override {
    absl::StatusOr<SpilloverConfig> config = spillover::ParseSpilloverConfig(node);
    if (!config.ok()) return config.status();
    spike::DetectorParams params;  // the spike detector's count baseline, 1-minute buckets
    params.bucket_ms = config->bucket_ms;
    params.window_buckets = std::min(config->window_buckets, spike::DetectorState::kMaxWindow);
    absl::StatusOr<SeasonalCountDetector> contact = SeasonalCountDetector::Create(params);
    if (!contact.ok()) return contact.status();
    return SharedConfigInstances<SpilloverOperator>(*std::move(config), *std::move(contact));
  }
};

}  // namespace

std::unique_ptr<OperatorFactory> MakeSpilloverOperatorFactory() {
  return std::make_unique<SpilloverOperatorFactory>();
}

}  // namespace stormwatch
