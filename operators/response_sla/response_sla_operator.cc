// Response-SLA tracker: pending mentions per brand, deadline timers, grouped breach
// incident, response metrics; see response_sla_operator.h.
#include "operators/response_sla/response_sla_operator.h"

#include <algorithm>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "operators/common/brand_incident_alert.h"
#include "operators/common/keyed_state_cache.h"
#include "operators/common/shared_config_instances.h"
#include "operators/common/state_codec.h"
#include "operators/response_sla/response_sla_config.h"
#include "pipeline/core/metrics.h"
#include "pipeline/core/strings.h"

namespace stormwatch {
namespace {

using response_sla::BrandSla;
using response_sla::ResponseSlaConfig;

constexpr char kStoreName[] = "response_sla";
constexpr uint8_t kStateVersion = 1;
constexpr int64_t kMinuteMs = 60'000;
constexpr int kOffice = 0;
constexpr int kAfterHours = 1;
constexpr const char* kHoursLabel[] = {"office", "after_hours"};

struct Pending {
  std::string thread_id;
  int64_t created_ms = 0;
  int64_t deadline_ms = 0;
  int64_t due_ms = 0;  // next check: the deadline, then the give-up time once breached
  bool breached = false;
  uint8_t hours = kOffice;
};

struct Counts {
  uint64_t within[2] = {0, 0};  // answered within the SLA
  uint64_t missed[2] = {0, 0};  // breached (answered late or never)
  uint64_t overflow = 0;        // not tracked: the pending cap was reached
  uint64_t expired = 0;         // breached and never answered within give_up_hours
};

struct Incident {
  bool open = false;
  bool critical = false;
  int64_t start_ms = 0;
  uint32_t revision = 0;
  uint32_t reported_breaches = 0;  // breached backlog at the last update
};

struct Metrics {
  prometheus::Gauge* backlog = nullptr;
  prometheus::Counter* breaches = nullptr;
  prometheus::Histogram* first_response[2] = {nullptr, nullptr};
  prometheus::Gauge* within_ratio[2] = {nullptr, nullptr};
};

struct BrandState {
  std::unordered_map<std::string, Pending> pending;  // mention id -> pending
  std::unordered_map<std::string, std::vector<std::string>> threads;  // thread -> ids
  std::set<std::pair<int64_t, std::string>> due;  // (due_ms, id)
  uint32_t breached_open = 0;
  Counts counts;
  Incident incident;
  const BrandSla* sla = nullptr;
  Metrics metrics;
  // Hot-path memos: the latest deadline timer set, and office hours for the latest minute.
  int64_t last_timer_ms = 0;
  int64_t hours_minute = -1;
  bool hours_open = false;
};

prometheus::Family<prometheus::Gauge>& BacklogFamily() {
  static auto& f = prometheus::BuildGauge()
                       .Name("stormwatch_response_backlog")
                       .Help("Mentions that need an answer and have none yet, per brand")
                       .Register(*MetricsRegistry());
  return f;
}
prometheus::Family<prometheus::Counter>& BreachFamily() {
  static auto& f = prometheus::BuildCounter()
                       .Name("stormwatch_response_sla_breaches_total")
                       .Help("Mentions still unanswered at their response deadline, per brand")
                       .Register(*MetricsRegistry());
  return f;
}
prometheus::Family<prometheus::Histogram>& FirstResponseFamily() {
  static auto& f = prometheus::BuildHistogram()
                       .Name("stormwatch_first_response_seconds")
                       .Help("Time from a mention that needs an answer to the brand's first reply")
                       .Register(*MetricsRegistry());
  return f;
}
prometheus::Family<prometheus::Gauge>& WithinRatioFamily() {
  static auto& f = prometheus::BuildGauge()
                       .Name("stormwatch_answered_within_sla_ratio")
                       .Help("Share of decided mentions answered within their SLA")
                       .Register(*MetricsRegistry());
  return f;
}

bool NeedsAnswer(const v1::Mention& m) {
  if (m.from_brand()) return false;
  for (int intent : m.enrichment().intents()) {
    if (intent == v1::QUESTION || intent == v1::COMPLAINT || intent == v1::CONTACT_SEEKING) {
      return true;
    }
  }
  return false;
}

int64_t CeilMinute(int64_t ms) { return (ms + kMinuteMs - 1) / kMinuteMs * kMinuteMs; }

std::string Duration(int64_t ms) {
  const int64_t minutes = ms / kMinuteMs;
  if (minutes < 120) return StrCat(minutes, " min");
  return absl::StrFormat("%.1f h", static_cast<double>(ms) / 3'600'000.0);
}

class ResponseSlaOperator final : public Operator {
 public:
  explicit ResponseSlaOperator(std::shared_ptr<const ResponseSlaConfig> config)
      : config_(std::move(config)), states_(kStoreName) {}

  void Process(v1::Event& event, int64_t event_time_ms, OperatorContext& ctx) override {
    if (!event.has_mention()) return;
    const v1::Mention& m = event.mention();
    if (m.brand().empty()) return;
    if (m.from_brand()) {
      if (states_.Find(m.brand()) == nullptr && !states_.Stored(m.brand(), ctx)) {
        return;  // nothing pending
      }
      BrandState& s = Load(m.brand(), ctx);
      if (s.pending.empty()) return;
      Answer(m, event_time_ms, s, ctx);
      return;
    }
    if (!NeedsAnswer(m) || m.id().empty()) return;
    BrandState& s = Load(m.brand(), ctx);
    if (s.pending.contains(m.id())) return;  // a duplicate
    if (s.pending.size() >= static_cast<size_t>(s.sla->max_pending)) {
      ++s.counts.overflow;
      return;
    }
    Pending p;
    p.thread_id = m.thread_id();
    p.created_ms = event_time_ms;
    const int64_t minute = event_time_ms / kMinuteMs;
    if (minute != s.hours_minute) {  // office hours change on whole minutes
      s.hours_minute = minute;
      s.hours_open = s.sla->hours.IsOpen(event_time_ms);
    }
    p.hours = s.hours_open ? kOffice : kAfterHours;
    p.deadline_ms = s.sla->Deadline(event_time_ms, s.hours_open);
    p.due_ms = p.deadline_ms;
    Track(m.brand(), m.id(), std::move(p), s, ctx);
    s.metrics.backlog->Set(static_cast<double>(s.pending.size()));
  }

  void OnTimer(const Timer& timer, OperatorContext& ctx) override {
    if (timer.domain != TimeDomain::kEventTime) return;
    BrandState& s = Load(timer.key, ctx);
    int64_t first_breach = 0;
    while (!s.due.empty() && s.due.begin()->first <= timer.timestamp_ms) {
      const std::string id = s.due.begin()->second;
      s.due.erase(s.due.begin());
      auto it = s.pending.find(id);
      if (it == s.pending.end()) continue;
      Pending& p = it->second;
      if (!p.breached) {
        p.breached = true;
        ++s.breached_open;
        ++s.counts.missed[p.hours];
        s.metrics.breaches->Increment();
        UpdateRatio(s, p.hours);
        if (first_breach == 0) first_breach = p.deadline_ms;
        if (static_cast<int>(samples_[timer.key].size()) < config_->max_samples) {
          samples_[timer.key].push_back(id);
        }
        p.due_ms = p.created_ms + static_cast<int64_t>(s.sla->give_up_hours * 3'600'000.0);
        s.due.emplace(p.due_ms, id);
        ctx.timers().Set(TimeDomain::kEventTime, timer.key, CeilMinute(p.due_ms));
      } else {
        ++s.counts.expired;
        --s.breached_open;
        Forget(id, s);
      }
    }
    s.metrics.backlog->Set(static_cast<double>(s.pending.size()));
    UpdateIncident(timer.key, s, timer.timestamp_ms, first_breach, ctx);
  }

  void Flush(OperatorContext& ctx) override {
    states_.Flush(ctx, [this](const std::string& brand, const BrandState& s) {
      return Serialize(s, samples_[brand]);
    });
  }

 private:
  // The brand's state and samples, loaded on first use (a stale format starts afresh);
  // every use marks it for the next Flush().
  BrandState& Load(const std::string& brand, OperatorContext& ctx) {
    bool made = false;
    BrandState& s = states_.Load(
        brand, ctx, [&](BrandState&) { samples_[brand].clear(); },
        [&](std::string_view bytes, BrandState& loaded) {
          return Deserialize(bytes, loaded, samples_[brand]);
        },
        &made);
    if (made) {
      s.sla = &config_->For(brand);
      s.metrics.backlog = &BacklogFamily().Add({{"brand", brand}});
      s.metrics.breaches = &BreachFamily().Add({{"brand", brand}});
      static const prometheus::Histogram::BucketBoundaries kBounds = {
          60, 300, 900, 1800, 3600, 7200, 14400, 28800, 86400};
      for (int h = 0; h < 2; ++h) {
        s.metrics.first_response[h] =
            &FirstResponseFamily().Add({{"brand", brand}, {"hours", kHoursLabel[h]}}, kBounds);
        s.metrics.within_ratio[h] =
            &WithinRatioFamily().Add({{"brand", brand}, {"hours", kHoursLabel[h]}});
      }
    }
    states_.MarkDirty(brand);
    return s;
  }

  void Track(const std::string& brand, const std::string& id, Pending p, BrandState& s,
             OperatorContext& ctx) {
    if (!p.thread_id.empty()) s.threads[p.thread_id].push_back(id);
    s.due.emplace(p.due_ms, id);
    // One timer per brand and minute of deadlines: skip the Set when it is already there.
    const int64_t timer_ms = CeilMinute(p.due_ms);
    if (timer_ms != s.last_timer_ms) {
      ctx.timers().Set(TimeDomain::kEventTime, brand, timer_ms);
      s.last_timer_ms = timer_ms;
    }
    s.pending.emplace(id, std::move(p));
  }

  void Forget(const std::string& id, BrandState& s) {
    auto it = s.pending.find(id);
    if (it == s.pending.end()) return;
    if (!it->second.thread_id.empty()) {
      auto t = s.threads.find(it->second.thread_id);
      if (t != s.threads.end()) {
        std::erase(t->second, id);
        if (t->second.empty()) s.threads.erase(t);
      }
    }
    s.due.erase({it->second.due_ms, id});
    s.pending.erase(it);
  }

  void UpdateRatio(BrandState& s, int hours) {
    const double decided = static_cast<double>(s.counts.within[hours] + s.counts.missed[hours]);
    if (decided > 0) s.metrics.within_ratio[hours]->Set(s.counts.within[hours] / decided);
  }

  // A brand reply: answers the mention it replies to, or every pending mention of the
  // thread it replies to / belongs to (created before the reply).
  void Answer(const v1::Mention& reply, int64_t reply_ms, BrandState& s, OperatorContext& ctx) {
    std::vector<std::string> answered;
    if (!reply.in_reply_to().empty() && s.pending.contains(reply.in_reply_to())) {
      answered.push_back(reply.in_reply_to());
    }
    for (const std::string* thread : {&reply.in_reply_to(), &reply.thread_id()}) {
      if (!answered.empty() || thread->empty()) continue;
      auto t = s.threads.find(*thread);
      if (t == s.threads.end()) continue;
      for (const std::string& id : t->second) answered.push_back(id);
    }
    bool changed = false;
    for (const std::string& id : answered) {
      auto it = s.pending.find(id);
      if (it == s.pending.end() || it->second.created_ms > reply_ms) continue;
      const Pending& p = it->second;
      s.metrics.first_response[p.hours]->Observe(
          static_cast<double>(reply_ms - p.created_ms) / 1000.0);
      if (p.breached) {
        --s.breached_open;
      } else {
        // Answered before the deadline timer ran; late if after the deadline.
        if (reply_ms <= p.deadline_ms) {
          ++s.counts.within[p.hours];
        } else {
          ++s.counts.missed[p.hours];
          s.metrics.breaches->Increment();
        }
        UpdateRatio(s, p.hours);
      }
      Forget(id, s);
      changed = true;
    }
    if (!changed) return;
    s.metrics.backlog->Set(static_cast<double>(s.pending.size()));
    UpdateIncident(reply.brand(), s, reply_ms, 0, ctx);
  }

  void UpdateIncident(const std::string& brand, BrandState& s, int64_t now_ms,
                      int64_t first_breach_ms, OperatorContext& ctx) {
    Incident& inc = s.incident;
    std::vector<std::string>& samples = samples_[brand];
    if (!inc.open) {
      if (s.breached_open == 0) {
        samples.clear();
        return;
      }
      inc.open = true;
      inc.start_ms = first_breach_ms > 0 ? first_breach_ms : now_ms;
      inc.revision = 0;
      inc.critical = s.breached_open >= s.sla->critical_breaches;
      inc.reported_breaches = s.breached_open;
      Emit(brand, s, now_ms, false, ctx);
      return;
    }
    if (s.breached_open == 0) {
      ++inc.revision;
      Emit(brand, s, now_ms, true, ctx);
      inc = Incident{};
      samples.clear();
      return;
    }
    // Update when the breached backlog has doubled, or on reaching CRITICAL.
    const bool critical = s.breached_open >= s.sla->critical_breaches;
    if (s.breached_open >= 2 * inc.reported_breaches || (critical && !inc.critical)) {
      inc.critical = inc.critical || critical;
      inc.reported_breaches = s.breached_open;
      ++inc.revision;
      Emit(brand, s, now_ms, false, ctx);
    }
  }

  void Emit(const std::string& brand, const BrandState& s, int64_t now_ms, bool resolved,
            OperatorContext& ctx) {
    const Incident& inc = s.incident;
    const BrandSla& sla = *s.sla;
    const v1::Severity severity = inc.critical ? v1::CRITICAL : v1::WARNING;
    v1::Alert alert =
        StartBrandIncidentAlert(v1::RESPONSE_SLA, brand, inc, severity, now_ms, resolved);
    alert.set_score(std::min(1.0, s.breached_open / sla.critical_breaches));
    int64_t oldest = now_ms;
    for (const auto& [id, p] : s.pending) {
      if (p.breached) oldest = std::min(oldest, p.created_ms);
    }
    const double decided = static_cast<double>(s.counts.within[0] + s.counts.within[1] +
                                               s.counts.missed[0] + s.counts.missed[1]);
    const double within_share =
        decided > 0 ? (s.counts.within[0] + s.counts.within[1]) / decided : 1.0;
    if (resolved) {
      alert.set_summary(absl::StrFormat(
          "%s: every overdue mention is answered or expired; %zu still waiting within their SLA",
          brand, s.pending.size()));
    } else {
      alert.set_summary(absl::StrFormat(
          "%s: %u mention%s unanswered past the response deadline (SLA %.0f min in office "
          "hours, %.0f min after hours, %s), the oldest waiting %s; backlog %zu",
          brand, s.breached_open, s.breached_open == 1 ? "" : "s", sla.sla_minutes_office,
          sla.sla_minutes_after_hours,
          sla.hours.timezone, Duration(now_ms - oldest), s.pending.size()));
    }
    v1::Evidence& e = *alert.mutable_evidence();
    auto& v = *e.mutable_values();
    v["breached_unanswered"] = s.breached_open;
    v["backlog"] = static_cast<double>(s.pending.size());
    v["oldest_wait_minutes"] = static_cast<double>(now_ms - oldest) / kMinuteMs;
    v["answered_within_sla_share"] = within_share;
    v["overflow"] = static_cast<double>(s.counts.overflow);
    v["expired"] = static_cast<double>(s.counts.expired);
    (*e.mutable_normal_values())["breached_unanswered"] = 0;
    (*e.mutable_normal_values())["sla_minutes_office"] = sla.sla_minutes_office;
    (*e.mutable_normal_values())["sla_minutes_after_hours"] = sla.sla_minutes_after_hours;
    if (auto sit = samples_.find(brand); sit != samples_.end()) {
      AddSampleMentions(sit->second, alert);
    }
    ctx.emitter().Emit(alert);
  }

  std::string Serialize(const BrandState& s, const std::vector<std::string>& samples) const {
    StateWriter w;
    w.Version(kStateVersion);
    w.Pod(s.counts);
    w.Pod(s.incident);
    w.Pod(s.breached_open);
    w.Pod(static_cast<uint32_t>(s.pending.size()));
    for (const auto& [id, p] : s.pending) {
      w.Str(id);
      w.Str(p.thread_id);
      w.Pod(p.created_ms);
      w.Pod(p.deadline_ms);
      w.Pod(p.due_ms);
      w.Pod(static_cast<uint8_t>(p.breached));
      w.Pod(p.hours);
    }
    w.StrList(samples);
    return std::move(w.out);
  }

  bool Deserialize(std::string_view bytes, BrandState& s, std::vector<std::string>& samples) {
    StateReader r(bytes);
    uint32_t n = 0;
    if (!r.Version(kStateVersion) || !r.Pod(s.counts) || !r.Pod(s.incident) ||
        !r.Pod(s.breached_open) || !r.Pod(n)) {
      return false;
    }
    for (uint32_t i = 0; i < n; ++i) {
      std::string id;
      Pending p;
      uint8_t breached = 0;
      if (!r.Str(id) || !r.Str(p.thread_id) || !r.Pod(p.created_ms) || !r.Pod(p.deadline_ms) ||
          !r.Pod(p.due_ms) || !r.Pod(breached) || !r.Pod(p.hours)) {
        return false;
      }
      p.breached = breached != 0;
      if (!p.thread_id.empty()) s.threads[p.thread_id].push_back(id);
      s.due.emplace(p.due_ms, id);
      s.pending.emplace(std::move(id), std::move(p));
    }
    samples.clear();
    return r.StrList(samples);
  }

  std::shared_ptr<const ResponseSlaConfig> config_;
  KeyedStateCache<BrandState> states_;
  // Sample ids of breached mentions for the open incident, per brand.
  std::unordered_map<std::string, std::vector<std::string>> samples_;
};

class ResponseSlaOperatorFactory final : public OperatorFactory {
 public:
  std::string_view name() const override { return "response_sla"; }

  absl::StatusOr<OperatorInstanceFactory> Configure(const YAML::Node& node) const override {
    absl::StatusOr<ResponseSlaConfig> config = response_sla::ParseResponseSlaConfig(node);
    if (!config.ok()) return config.status();
    return SharedConfigInstances<ResponseSlaOperator>(*std::move(config));
  }
};

}  // namespace

std::unique_ptr<OperatorFactory> MakeResponseSlaOperatorFactory() {
  return std::make_unique<ResponseSlaOperatorFactory>();
}

}  // namespace stormwatch
