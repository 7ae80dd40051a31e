// Shitstorm detector: per-brand sliding window of signals, staged incident, state cached
// in memory and flushed at checkpoints; see shitstorm_operator.h.
#include "operators/shitstorm/shitstorm_operator.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "operators/common/brand_incident_alert.h"
#include "operators/common/incident_samples.h"
#include "operators/common/keyed_state_cache.h"
#include "operators/common/shared_config_instances.h"
#include "operators/common/state_codec.h"
#include "operators/shitstorm/author_sketch.h"
#include "operators/shitstorm/shitstorm_config.h"
#include "operators/spike/seasonal_count_detector.h"
#include "pipeline/core/metrics.h"
#include "pipeline/core/strings.h"

namespace stormwatch {
namespace {

using shitstorm::AuthorSketch;
using shitstorm::ShitstormConfig;
using shitstorm::Thresholds;
using spike::SeasonalCountDetector;

constexpr char kStoreName[] = "shitstorm";
constexpr uint8_t kStateVersion = 1;
// Baselines of shares (negative, new authors, velocity, concentration) adapt with this
// half-life, in one-minute buckets (6 hours).
constexpr double kBaselineHalfLifeBuckets = 360.0;
// Prior of the normal shares before the brand has history, worth this many mentions.
constexpr double kPriorMentions = 20.0;
constexpr double kPriorNegativeShare = 0.15;
constexpr double kPriorNewAuthorShare = 0.3;
// Smallest expected mentions per minute (a quiet brand still has some chance of a post).
constexpr double kMinExpectedPerBucket = 0.5;
// Smallest normal shares per minute.
constexpr double kMinSharesPerBucket = 1.0;
// Distinct hashtags/topics tracked per window (more are ignored until some leave).
constexpr size_t kMaxTags = 512;
constexpr const char* kStageNames[] = {"normal", "watch", "warning", "crisis"};

struct Tally {
  int64_t start_ms = 0;
  uint32_t mentions = 0;
  uint32_t negative = 0;
  uint32_t new_authors = 0;
  uint32_t shares = 0;

  void Add(const Tally& o, int sign) {
    mentions += sign * o.mentions;
    negative += sign * o.negative;
    new_authors += sign * o.new_authors;
    shares += sign * o.shares;
  }
};

struct ClosedBucket {
  Tally tally;
  std::vector<std::pair<std::string, uint32_t>> tags;
};

struct OpenBucket {
  Tally tally;
  std::unordered_map<std::string, uint32_t> tags;
};

// The brand's normal levels (count-weighted EWMAs, with a weak prior).
struct Baselines {
  double negative = kPriorNegativeShare * kPriorMentions;
  double new_authors = kPriorNewAuthorShare * kPriorMentions;
  double mentions = kPriorMentions;
  double shares_per_bucket = 0.0;
  double top_tag_share = 0.0;
  uint32_t buckets = 0;

  double NegativeShare() const { return negative / mentions; }
  double NewAuthorShare() const { return new_authors / mentions; }
};

// The signals of the current window and their normal levels.
struct Signals {
  double mentions = 0, expected = 0, ratio = 0;
  double negative = 0, negative_share = 0, negative_normal = 0;
  double new_share = 0, new_normal = 0;
  double shares_per_minute = 0, shares_normal = 0, velocity_ratio = 0;
  double top_tag_share = 0, top_tag_normal = 0;
  std::string top_tag;
  int amplifiers = 0;
  bool watch = false;    // the watch condition (surge and one amplifier) holds
  bool ongoing = false;  // the surge (volume, negative share, count) holds
  int stage = 0;
};

struct Incident {
  int stage = 0;  // 0 = none, 1 watch, 2 warning, 3 crisis
  int64_t start_ms = 0;
  uint32_t revision = 0;
  int calm_buckets = 0;
};

struct BrandState {
  spike::DetectorState volume;
  Baselines base;
  Incident incident;
  std::deque<ClosedBucket> ring;  // closed buckets still in the window, oldest first
  Tally ring_sum;
  std::map<int64_t, OpenBucket> open;  // usually one
  std::unordered_map<std::string, uint32_t> window_tags;
  std::string top_tag;
  uint32_t top_tag_count = 0;
  double expected_window = 0;
  AuthorSketch authors;
  std::vector<std::string> samples;         // evidence of the open incident
  std::deque<std::string> recent_negative;  // candidates before an incident opens
  const Thresholds* thresholds = nullptr;
  prometheus::Counter* mentions_metric = nullptr;
  prometheus::Counter* negative_metric = nullptr;
};

// Binary state: a version byte, POD blocks, then count-prefixed lists (state_codec.h).
std::string SerializeBrandState(const BrandState& s) {
  StateWriter w;
  w.Version(kStateVersion);
  w.Pod(s.volume, s.base, s.incident);
  w.List(s.ring, [&](const ClosedBucket& c) { w.Pod(c.tally); });
  w.List(s.open, [&](const auto& start_and_bucket) { w.Pod(start_and_bucket.second.tally); });
  w.StrList(s.samples);
  s.authors.AppendTo(w.out);
  return std::move(w.out);
}

// Hashtag counts are not persisted: after a restore the concentration signal restarts.
bool DeserializeBrandState(std::string_view bytes, BrandState& s) {
  StateReader r(bytes);
  auto read_closed = [&] {
    ClosedBucket c;
    if (!r.Pod(c.tally)) return false;
    s.ring_sum.Add(c.tally, +1);
    s.ring.push_back(std::move(c));
    return true;
  };
  auto read_open = [&] {
    Tally t;
    if (!r.Pod(t)) return false;
    s.open[t.start_ms].tally = t;
    return true;
  };
  return r.Version(kStateVersion) && r.Pod(s.volume, s.base, s.incident) &&
         r.List(read_closed) && r.List(read_open) && r.StrList(s.samples) &&
         s.authors.ReadFrom(r.rest());
}

prometheus::Family<prometheus::Counter>& MentionsFamily() {
  static auto& family = prometheus::BuildCounter()
                            .Name("stormwatch_brand_mentions_total")
                            .Help("Mentions seen per brand (not the brand's own posts)")
                            .Register(*MetricsRegistry());
  return family;
}

prometheus::Family<prometheus::Counter>& NegativeFamily() {
  static auto& family = prometheus::BuildCounter()
                            .Name("stormwatch_brand_negative_mentions_total")
                            .Help("Mentions labelled negative by enrich, per brand")
                            .Register(*MetricsRegistry());
  return family;
}

// Lower-cased ASCII hashtags of a text ("#TelenovaNede" -> "#telenovanede").
template <typename Visit>
void ForEachHashtag(const std::string& text, Visit visit) {
  size_t pos = text.find('#');
  while (pos != std::string::npos) {
    size_t end = pos + 1;
    while (end < text.size()) {
      const unsigned char c = static_cast<unsigned char>(text[end]);
      if (!(std::isalnum(c) || c == '_' || c >= 0x80)) break;
      ++end;
    }
    if (end > pos + 1) {
      std::string tag = text.substr(pos, end - pos);
      for (char& c : tag) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      visit(std::move(tag));
    }
    pos = text.find('#', end);
  }
}

class ShitstormOperator final : public Operator {
 public:
  ShitstormOperator(std::shared_ptr<const ShitstormConfig> config, SeasonalCountDetector volume)
      : config_(std::move(config)),
        volume_(std::move(volume)),
        alpha_(1.0 - std::exp2(-1.0 / kBaselineHalfLifeBuckets)),
        states_(kStoreName) {}

  void Process(v1::Event& event, int64_t event_time_ms, OperatorContext& ctx) override {
    if (!event.has_mention()) return;
    const v1::Mention& mention = event.mention();
    if (mention.brand().empty() || mention.from_brand()) return;
    BrandState& s = Load(mention.brand(), ctx);
    const bool negative = mention.enrichment().label() == v1::NEGATIVE;
    s.mentions_metric->Increment();
    if (negative) s.negative_metric->Increment();
    const int64_t bucket_ms = config_->bucket_ms;
    int64_t bucket_start = event_time_ms - event_time_ms % bucket_ms;
    if (event_time_ms < 0 && event_time_ms % bucket_ms != 0) bucket_start -= bucket_ms;
    if (s.volume.buckets_seen > 0 && bucket_start <= s.volume.last_bucket_ms) return;
    states_.MarkDirty(mention.brand());
    auto [it, inserted] = s.open.try_emplace(bucket_start);
    if (inserted) {
      it->second.tally.start_ms = bucket_start;
      ctx.timers().Set(TimeDomain::kEventTime, mention.brand(), bucket_start + bucket_ms);
      Evict(s, bucket_start);
      s.expected_window = ExpectedWindow(s, bucket_start);
    }
    OpenBucket& bucket = it->second;
    ++bucket.tally.mentions;
    bucket.tally.shares += mention.shares();
    if (!mention.author_id().empty() && !s.authors.SeenAndRecord(mention.author_id())) {
      ++bucket.tally.new_authors;
    }
    if (!negative) return;
    ++bucket.tally.negative;
    auto count_tag = [&](std::string tag) {
      auto w = s.window_tags.find(tag);
      if (w == s.window_tags.end()) {
        if (s.window_tags.size() >= kMaxTags) return;
        w = s.window_tags.emplace(tag, 0).first;
      }
      ++w->second;
      ++bucket.tags[tag];
      if (w->second > s.top_tag_count) {
        s.top_tag_count = w->second;
        if (s.top_tag != w->first) s.top_tag = w->first;
      }
    };
    ForEachHashtag(mention.text(), count_tag);
    for (const std::string& topic : mention.topics()) {
      if (!topic.empty()) count_tag(StrCat("topic:", topic));
    }
    KeepSampleMention(mention.id(), s.incident.stage > 0, config_->max_samples, s.samples,
                      s.recent_negative);
    if (static_cast<int>(s.volume.buckets_seen) < config_->warmup_buckets) return;
    const Signals signals = Measure(s);
    if (signals.stage > s.incident.stage) {
      if (s.incident.stage == 0) {
        s.incident.start_ms = bucket_start;
        s.incident.revision = 0;
        s.incident.calm_buckets = 0;
        StartIncidentSamples(s.recent_negative, s.samples);
      } else {
        ++s.incident.revision;
      }
      s.incident.stage = signals.stage;
      Emit(mention.brand(), s, signals, event_time_ms, /*resolved=*/false, ctx);
    }
  }

  void OnTimer(const Timer& timer, OperatorContext& ctx) override {
    if (timer.domain != TimeDomain::kEventTime) return;
    BrandState& s = Load(timer.key, ctx);
    states_.MarkDirty(timer.key);
    const int64_t bucket_ms = config_->bucket_ms;
    const int64_t bucket_start = timer.timestamp_ms - bucket_ms;
    if (s.volume.buckets_seen > 0 && bucket_start <= s.volume.last_bucket_ms) return;
    ClosedBucket closed;
    closed.tally.start_ms = bucket_start;
    if (auto it = s.open.find(bucket_start); it != s.open.end()) {
      closed.tally = it->second.tally;
      closed.tags.assign(it->second.tags.begin(), it->second.tags.end());
      s.open.erase(it);
    }
    volume_.Update(s.volume, bucket_start, closed.tally.mentions);
    s.ring_sum.Add(closed.tally, +1);
    s.ring.push_back(std::move(closed));
    Evict(s, timer.timestamp_ms);
    s.expected_window = ExpectedWindow(s, timer.timestamp_ms);
    if (s.incident.stage == 0) return;
    const Signals signals = Measure(s);
    s.incident.calm_buckets = signals.ongoing ? 0 : s.incident.calm_buckets + 1;
    if (s.incident.calm_buckets >= static_cast<int>(s.thresholds->resolve_minutes)) {
      ++s.incident.revision;
      Emit(timer.key, s, signals, timer.timestamp_ms, /*resolved=*/true, ctx);
      s.incident = Incident{};
      s.samples.clear();
      return;
    }
    // While an incident is open, close every minute (also empty ones) so it can resolve.
    ctx.timers().Set(TimeDomain::kEventTime, timer.key, timer.timestamp_ms + bucket_ms);
  }

  void Flush(OperatorContext& ctx) override {
    states_.Flush(ctx,
                  [](const std::string&, const BrandState& s) { return SerializeBrandState(s); });
  }

 private:
  // The brand's state, loaded on first use (a stale format starts afresh).
  BrandState& Load(const std::string& brand, OperatorContext& ctx) {
    bool made = false;
    BrandState& s = states_.Load(
        brand, ctx, [](BrandState& fresh) { SeasonalCountDetector::Reset(fresh.volume); },
        &DeserializeBrandState, &made);
    if (made) {
      s.thresholds = &config_->For(brand);
      s.mentions_metric = &MentionsFamily().Add({{"brand", brand}});
      s.negative_metric = &NegativeFamily().Add({{"brand", brand}});
    }
    return s;
  }

  // Drops closed buckets that fall out of the window of the bucket starting at `now`.
  void Evict(BrandState& s, int64_t now_bucket_start) {
    const int64_t oldest = now_bucket_start - (config_->window_buckets - 1) * config_->bucket_ms;
    bool tags_changed = false;
    while (!s.ring.empty() && s.ring.front().tally.start_ms < oldest) {
      ClosedBucket& old = s.ring.front();
      // A minute joins the normal levels only once it has left the window without an
      // incident, so the first minutes of a storm never become "normal".
      if (s.incident.stage == 0) UpdateBaselines(s, old);
      s.ring_sum.Add(old.tally, -1);
      for (const auto& [tag, n] : old.tags) {
        auto w = s.window_tags.find(tag);
        if (w == s.window_tags.end()) continue;
        w->second = w->second > n ? w->second - n : 0;
        if (w->second == 0) s.window_tags.erase(w);
        tags_changed = true;
      }
      s.ring.pop_front();
    }
    if (tags_changed) {
      s.top_tag.clear();
      s.top_tag_count = 0;
      for (const auto& [tag, n] : s.window_tags) {
        if (n > s.top_tag_count || (n == s.top_tag_count && tag < s.top_tag)) {
          s.top_tag = tag;
          s.top_tag_count = n;
        }
      }
    }
  }

  double ExpectedWindow(const BrandState& s, int64_t newest_bucket_start) const {
    const double expected =
        volume_.ExpectedOverWindow(s.volume, newest_bucket_start, config_->window_buckets);
    return std::max(expected, kMinExpectedPerBucket * config_->window_buckets);
  }

  void UpdateBaselines(BrandState& s, const ClosedBucket& closed) {
    const Tally& t = closed.tally;
    Baselines& b = s.base;
    const double keep = 1.0 - alpha_;
    b.negative = b.negative * keep + t.negative;
    b.new_authors = b.new_authors * keep + t.new_authors;
    b.mentions = b.mentions * keep + t.mentions;
    ++b.buckets;
    const double a = std::max(alpha_, 1.0 / b.buckets);
    b.shares_per_bucket += a * (t.shares - b.shares_per_bucket);
    if (t.negative >= 3) {  // fewer say nothing about concentration
      uint32_t top = 0;
      for (const auto& [tag, n] : closed.tags) top = std::max(top, n);
      b.top_tag_share += a * (static_cast<double>(top) / t.negative - b.top_tag_share);
    }
  }

  Signals Measure(const BrandState& s) const {
    const Thresholds& th = *s.thresholds;
    Tally w = s.ring_sum;
    for (const auto& [start, bucket] : s.open) w.Add(bucket.tally, +1);
    Signals g;
    const double minutes = config_->window_buckets * (config_->bucket_ms / 60'000.0);
    g.mentions = w.mentions;
    g.expected = s.expected_window;
    g.ratio = g.mentions / g.expected;
    g.negative = w.negative;
    const double n = std::max(1.0, g.mentions);
    g.negative_share = w.negative / n;
    g.negative_normal = s.base.NegativeShare();
    g.new_share = w.new_authors / n;
    g.new_normal = s.base.NewAuthorShare();
    g.shares_per_minute = w.shares / minutes;
    g.shares_normal = std::max(s.base.shares_per_bucket, kMinSharesPerBucket) *
                      (60'000.0 / config_->bucket_ms);
    g.velocity_ratio = g.shares_per_minute / g.shares_normal;
    g.top_tag = s.top_tag;
    g.top_tag_share = w.negative > 0 ? std::min(1.0, s.top_tag_count / g.negative) : 0.0;
    g.top_tag_normal = s.base.top_tag_share;
    const bool negative_elevated =
        g.negative_share >= std::max(th.negative_share_min, th.negative_share_lift * g.negative_normal);
    const bool negative_surge = g.negative >= th.min_negative_mentions &&
                                g.ratio >= th.watch_volume_ratio && negative_elevated;
    g.amplifiers =
        (g.new_share >= std::max(th.new_author_share_min, th.new_author_share_lift * g.new_normal)) +
        (g.velocity_ratio >= th.share_velocity_ratio) +
        (g.top_tag_share >= th.concentration_share &&
         g.top_tag_share > 1.5 * g.top_tag_normal);
    // A surge of negative posts from the usual voices (frustrated customers of an outage,
    // say) is not yet a firestorm: watch also needs one amplifier — new authors, share
    // velocity or one hashtag/topic. Once an incident is open, the surge alone keeps it.
    g.watch = negative_surge && g.amplifiers >= 1;
    g.ongoing = negative_surge;
    if (g.watch) {
      g.stage = 1;
      if (g.ratio >= th.warning_volume_ratio && g.negative >= th.warning_min_negative &&
          g.amplifiers >= 1) {
        g.stage = 2;
        if (g.ratio >= th.crisis_volume_ratio && g.negative >= th.crisis_min_negative &&
            g.amplifiers >= 2) {
          g.stage = 3;
        }
      }
    }
    return g;
  }

  void Emit(const std::string& brand, const BrandState& s, const Signals& g,
            int64_t event_time_ms, bool resolved, OperatorContext& ctx) {
    const Thresholds& th = *s.thresholds;
    const int stage = s.incident.stage;
    const v1::Severity severity =
        stage >= 3 ? v1::CRITICAL : stage == 2 ? v1::WARNING : v1::INFO;
    v1::Alert alert = StartBrandIncidentAlert(v1::SHITSTORM, brand, s.incident, severity,
                                              event_time_ms, resolved);
    const double volume_part =
        std::clamp(std::log(std::max(g.ratio, 1.0)) / std::log(th.crisis_volume_ratio), 0.0, 1.0);
    alert.set_score(std::clamp((volume_part + g.negative_share + g.amplifiers / 3.0) / 3.0, 0.0, 1.0));
    const int minutes = static_cast<int>(config_->window_buckets * config_->bucket_ms / 60'000);
    if (resolved) {
      alert.set_summary(absl::StrFormat(
          "%s shitstorm over: %.0f mentions in %d min, %.0f%% negative (usually %.0f%%)",
          brand, g.mentions, minutes, 100 * g.negative_share, 100 * g.negative_normal));
    } else {
      std::string text = absl::StrFormat(
          "%s: %.0f mentions of %s in %d min, %.1fx the usual %.0f; %.0f%% negative (usually "
          "%.0f%%), %.0f%% from new authors (usually %.0f%%), %.0f shares/min (usually %.0f)",
          kStageNames[stage], g.mentions, brand, minutes, g.ratio, g.expected,
          100 * g.negative_share, 100 * g.negative_normal, 100 * g.new_share,
          100 * g.new_normal, g.shares_per_minute, g.shares_normal);
      if (!g.top_tag.empty()) {
        text += absl::StrFormat(", %s in %.0f%% of negative posts", g.top_tag,
                                100 * g.top_tag_share);
      }
      alert.set_summary(std::move(text));
    }
    v1::Evidence& e = *alert.mutable_evidence();
    auto& v = *e.mutable_values();
    auto& normal = *e.mutable_normal_values();
    v["stage"] = stage;
    v["mentions"] = g.mentions;
    normal["mentions"] = g.expected;
    v["volume_ratio"] = g.ratio;
    normal["volume_ratio"] = 1.0;
    v["negative_mentions"] = g.negative;
    v["negative_share"] = g.negative_share;
    normal["negative_share"] = g.negative_normal;
    v["new_author_share"] = g.new_share;
    normal["new_author_share"] = g.new_normal;
    v["shares_per_minute"] = g.shares_per_minute;
    normal["shares_per_minute"] = g.shares_normal;
    v["top_tag_share"] = g.top_tag_share;
    normal["top_tag_share"] = g.top_tag_normal;
    v["window_minutes"] = minutes;
    AddSampleMentions(s.samples, alert);
    ctx.emitter().Emit(alert);
  }

  std::shared_ptr<const ShitstormConfig> config_;
  SeasonalCountDetector volume_;
  double alpha_;
  KeyedStateCache<BrandState> states_;
};

class ShitstormOperatorFactory final : public OperatorFactory {
 public:
  std::string_view name() const override { return "shitstorm"; }

  absl::StatusOr<OperatorInstanceFactory> Configure(const YAML::Node& node) const override {
    absl::StatusOr<ShitstormConfig> config = shitstorm::ParseShitstormConfig(node);
    if (!config.ok()) return config.status();
    spike::DetectorParams params;  // the spike detector's count baseline, 1-minute buckets
    params.bucket_ms = config->bucket_ms;
    params.window_buckets = config->window_buckets;
    params.warmup_buckets = config->warmup_buckets;
    absl::StatusOr<SeasonalCountDetector> volume = SeasonalCountDetector::Create(params);
    if (!volume.ok()) return volume.status();
    return SharedConfigInstances<ShitstormOperator>(*std::move(config), *std::move(volume));
  }
};

}  // namespace

std::unique_ptr<OperatorFactory> MakeShitstormOperatorFactory() {
  return std::make_unique<ShitstormOperatorFactory>();
}

}  // namespace stormwatch
