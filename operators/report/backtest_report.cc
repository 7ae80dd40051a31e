// Backtest report collection and HTML rendering; see backtest_report.h.
#include "operators/report/backtest_report.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_format.h"
#include "operators/spike/seasonal_count_detector.h"
#include "pipeline/core/strings.h"
#include "pipeline/core/time_util.h"

namespace stormwatch::report {
namespace {

constexpr int64_t kMinuteMs = 60'000;
constexpr int kMaxPoints = 700;
constexpr double kWidth = 1100;
constexpr double kHeight = 190;
constexpr double kLeft = 60;
constexpr double kRight = 20;
constexpr double kTop = 14;
constexpr double kBottom = 26;

class ObserverOperator final : public Operator {
 public:
  explicit ObserverOperator(ReportCollector& collector) : collector_(collector) {}
  void Process(v1::Event& event, int64_t event_time_ms, OperatorContext& ctx) override {
    collector_.Record(event, event_time_ms);
  }

 private:
  ReportCollector& collector_;
};

class TeeEmitter final : public AlertEmitter {
 public:
  TeeEmitter(ReportCollector& collector, AlertEmitter& next) : collector_(collector), next_(next) {}
  void Emit(const v1::Alert& alert) override {
    collector_.Record(alert);
    next_.Emit(alert);
  }

 private:
  ReportCollector& collector_;
  AlertEmitter& next_;
};

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

const char* KindColour(v1::AlertKind kind) {
  switch (kind) {
    case v1::SPIKE: return "#1f77b4";
    case v1::SHITSTORM: return "#d62728";
    case v1::SPILLOVER: return "#ff7f0e";
    case v1::RESPONSE_SLA: return "#9467bd";
    default: return "#555555";
  }
}

struct Bucket {
  int64_t start_ms = 0;
  double mentions = 0;
  double negative = 0;
  double contact = 0;
  double wait = -1;
  double expected = std::numeric_limits<double>::quiet_NaN();
};

struct Axis {
  int64_t t0 = 0;
  int64_t t1 = 1;
  double X(int64_t t) const {
    return kLeft + (kWidth - kLeft - kRight) * static_cast<double>(t - t0) /
                       static_cast<double>(std::max<int64_t>(1, t1 - t0));
  }
};

double Y(double v, double max) {
  return kTop + (kHeight - kTop - kBottom) * (1.0 - std::clamp(v / max, 0.0, 1.0));
}

double NiceMax(double v) {
  if (v <= 0) return 1;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (v <= m * p) return m * p;
  }
  return 10 * p;
}

std::string Frame(const Axis& axis, double max, const char* unit, const std::string& title) {
  std::string svg = absl::StrFormat(
      "<svg viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
      "xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"><title>%s</title>"
      "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>",
      kWidth, kHeight, kWidth, kHeight, Escape(title), kWidth, kHeight);
  for (int i = 0; i <= 4; ++i) {
    const double v = max * i / 4.0;
    const double y = Y(v, max);
    svg += absl::StrFormat(
        "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>"
        "<text x=\"%.0f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\" fill=\"#444\">%s%s</text>",
        kLeft, y, kWidth - kRight, y, kLeft - 4, y + 3,
        max >= 10 ? absl::StrFormat("%.0f", v) : absl::StrFormat("%.2g", v), unit);
  }
  const int ticks = 6;
  for (int i = 0; i <= ticks; ++i) {
    const int64_t t = axis.t0 + (axis.t1 - axis.t0) * i / ticks;
    const std::string label = FormatRfc3339(t).substr(5, 11);  // MM-DDTHH:MM
    svg += absl::StrFormat(
        "<text x=\"%.1f\" y=\"%.0f\" font-size=\"10\" text-anchor=\"middle\" "
        "fill=\"#444\">%s</text>",
        axis.X(t), kHeight - 8, Escape(label));
  }
  return svg;
}

std::string Polyline(const std::vector<std::pair<double, double>>& points, const char* colour,
                     double width, const char* dash = "") {
  if (points.empty()) return "";
  std::string d;
  for (const auto& [x, y] : points) StrAppend(&d, absl::StrFormat("%.1f,%.1f ", x, y));
  return absl::StrFormat(
      "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\" stroke-dasharray=\"%s\" "
      "points=\"%s\"/>",
      colour, width, dash, d);
}

std::string Markers(const Axis& axis, const std::vector<const v1::Alert*>& alerts) {
  std::string svg;
  for (const v1::Alert* a : alerts) {
    const int64_t t = ToMillis(a->event_time());
    const double x = axis.X(t);
    const bool resolved = a->state() == v1::RESOLVED;
    svg += absl::StrFormat(
        "<g><title>%s %s %s: %s</title><line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" "
        "stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"%s\"/>"
        "<circle cx=\"%.1f\" cy=\"%.0f\" r=\"5\" fill=\"%s\"/></g>",
        Escape(v1::AlertKind_Name(a->kind())), Escape(v1::Severity_Name(a->severity())),
        Escape(v1::AlertState_Name(a->state())), Escape(a->summary()), x, kTop, x,
        kHeight - kBottom, KindColour(a->kind()), resolved ? "4,3" : "", x, kTop + 2,
        resolved ? "#ffffff" : KindColour(a->kind()));
  }
  return svg;
}

int64_t ChooseBucket(int64_t span_ms) {
  for (int64_t minutes : {1, 5, 15, 60}) {
    if (span_ms / (minutes * kMinuteMs) <= kMaxPoints) return minutes * kMinuteMs;
  }
  return 60 * kMinuteMs;
}

std::vector<Bucket> Aggregate(const std::map<int64_t, MinuteFigures>& minutes, const Axis& axis,
                              int64_t bucket_ms) {
  std::vector<Bucket> buckets(static_cast<size_t>((axis.t1 - axis.t0) / bucket_ms + 1));
  for (size_t i = 0; i < buckets.size(); ++i) {
    buckets[i].start_ms = axis.t0 + static_cast<int64_t>(i) * bucket_ms;
  }
  for (const auto& [minute, f] : minutes) {
    Bucket& b = buckets[static_cast<size_t>((minute - axis.t0) / bucket_ms)];
    b.mentions += f.mentions;
    b.negative += f.negative;
    b.contact += f.contact_seeking;
    b.wait = std::max(b.wait, f.longest_wait_seconds);
  }
  // Expected band: the spike detector's seasonal baseline over this series.
  spike::DetectorParams params;
  params.bucket_ms = bucket_ms;
  params.window_buckets = 1;
  params.warmup_buckets = 0;
  params.level_half_life_buckets = std::max(1.0, 60.0 * kMinuteMs / bucket_ms);
  absl::StatusOr<spike::SeasonalCountDetector> detector =
      spike::SeasonalCountDetector::Create(params);
  if (!detector.ok()) return buckets;
  spike::DetectorState state;
  spike::SeasonalCountDetector::Reset(state);
  const int64_t warm_ms = 60 * kMinuteMs;  // draw the band after an hour of history
  for (Bucket& b : buckets) {
    if (state.buckets_seen > 0 && b.start_ms - state.first_bucket_ms >= warm_ms) {
      b.expected = detector->Expected(state, b.start_ms);
    }
    detector->Update(state, b.start_ms, b.mentions);
  }
  return buckets;
}

std::string Minutes(int64_t bucket_ms) {
  return bucket_ms >= 60 * kMinuteMs ? "hour" : StrCat(bucket_ms / kMinuteMs, " min");
}

void WriteBrand(const std::string& brand, const std::map<int64_t, MinuteFigures>& minutes,
                const std::vector<const v1::Alert*>& alerts, const Axis& axis, int64_t bucket_ms,
                std::ostream& out) {
  const std::vector<Bucket> buckets = Aggregate(minutes, axis, bucket_ms);
  const double half = static_cast<double>(bucket_ms) / 2;
  auto mid = [&](const Bucket& b) { return axis.X(b.start_ms + static_cast<int64_t>(half)); };
  double total = 0, negative = 0;
  double vmax = 1;
  for (const Bucket& b : buckets) {
    total += b.mentions;
    negative += b.negative;
    vmax = std::max(vmax, b.mentions);
    if (!std::isnan(b.expected)) vmax = std::max(vmax, b.expected + 3 * std::sqrt(b.expected));
  }
  vmax = NiceMax(vmax);
  int firing = 0;
  for (const v1::Alert* a : alerts) firing += a->state() == v1::FIRING && a->revision() == 0;
  out << "<section class=\"brand\"><h2>" << Escape(brand) << "</h2><p class=\"meta\">"
      << absl::StrFormat("%.0f mentions, %.1f%% negative, %d incidents; one point per %s",
                         total, total > 0 ? 100 * negative / total : 0.0, firing,
                         Minutes(bucket_ms))
      << "</p>\n";

  // Volume with the expected band.
  std::string svg = Frame(axis, vmax, "", "Mentions per " + Minutes(bucket_ms) + " of " + brand);
  std::string upper, lower;
  std::vector<std::pair<double, double>> expected_line, volume;
  for (const Bucket& b : buckets) {
    volume.emplace_back(mid(b), Y(b.mentions, vmax));
    if (std::isnan(b.expected)) continue;
    const double sd = std::sqrt(std::max(b.expected, 0.25));
    StrAppend(&upper, absl::StrFormat("%.1f,%.1f ", mid(b), Y(b.expected + 3 * sd, vmax)));
    lower = absl::StrFormat("%.1f,%.1f ", mid(b), Y(std::max(0.0, b.expected - 3 * sd), vmax)) +
            lower;
    expected_line.emplace_back(mid(b), Y(b.expected, vmax));
  }
  if (!upper.empty()) {
    svg += StrCat("<polygon fill=\"#cfe3f7\" stroke=\"none\" points=\"", upper, lower, "\"/>");
  }
  svg += Polyline(expected_line, "#6b9bd1", 1, "4,3");
  svg += Polyline(volume, "#1a1a1a", 1.3);
  svg += Markers(axis, alerts);
  out << "<h3>Mentions and the expected band</h3>" << svg << "</svg>\n";

  // Negative share.
  svg = Frame(axis, 100, "%", "Negative share of " + brand);
  std::vector<std::pair<double, double>> share;
  for (const Bucket& b : buckets) {
    if (b.mentions >= 3) share.emplace_back(mid(b), Y(100 * b.negative / b.mentions, 100));
  }
  svg += Polyline(share, "#c0392b", 1.3);
  svg += Markers(axis, alerts);
  out << "<h3>Negative share</h3>" << svg << "</svg>\n";

  // Queue wait next to contact-seeking posts.
  double wmax = 1, cmax = 1;
  bool any_wait = false;
  for (const Bucket& b : buckets) {
    wmax = std::max(wmax, b.wait / 60.0);
    cmax = std::max(cmax, b.contact);
    any_wait = any_wait || b.wait >= 0;
  }
  wmax = NiceMax(wmax);
  cmax = NiceMax(cmax);
  svg = Frame(axis, wmax, "m", "Longest phone-queue wait (minutes) of " + brand);
  const double bar = std::max(1.0, axis.X(axis.t0 + bucket_ms) - axis.X(axis.t0) - 0.5);
  for (const Bucket& b : buckets) {
    if (b.contact <= 0) continue;
    const double y = Y(b.contact, cmax);
    svg += absl::StrFormat(
        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#b9b9b9\"/>",
        axis.X(b.start_ms), y, bar, kHeight - kBottom - y);
  }
  std::vector<std::pair<double, double>> wait;
  for (const Bucket& b : buckets) {
    if (b.wait >= 0) wait.emplace_back(mid(b), Y(b.wait / 60.0, wmax));
  }
  svg += Polyline(wait, "#e67e22", 1.5);
  svg += Markers(axis, alerts);
  out << "<h3>Longest queue wait (line, minutes) and contact-seeking posts (bars, up to "
      << absl::StrFormat("%.0f", cmax) << " per " << Minutes(bucket_ms) << ")"
      << (any_wait ? "" : " &mdash; no queue samples") << "</h3>" << svg << "</svg>\n";

  // Alerts with their evidence.
  out << "<h3>Alerts</h3>";
  if (alerts.empty()) {
    out << "<p>No alerts.</p></section>\n";
    return;
  }
  out << "<table><tr><th>event time</th><th>kind</th><th>severity</th><th>state</th>"
         "<th>summary and evidence</th></tr>\n";
  for (const v1::Alert* a : alerts) {
    out << "<tr><td>" << FormatRfc3339(ToMillis(a->event_time())) << "</td><td><span "
        << "class=\"dot\" style=\"background:" << KindColour(a->kind()) << "\"></span>"
        << v1::AlertKind_Name(a->kind()) << "</td><td>" << v1::Severity_Name(a->severity())
        << "</td><td>" << v1::AlertState_Name(a->state()) << " (rev " << a->revision()
        << ")</td><td>" << Escape(a->summary()) << "<details><summary>evidence</summary><table "
        << "class=\"ev\"><tr><th>signal</th><th>value</th><th>normal</th></tr>";
    std::map<std::string, double> values(a->evidence().values().begin(),
                                         a->evidence().values().end());
    for (const auto& [name, value] : values) {
      auto normal = a->evidence().normal_values().find(name);
      out << "<tr><td>" << Escape(name) << "</td><td>" << absl::StrFormat("%.3g", value)
          << "</td><td>"
          << (normal == a->evidence().normal_values().end()
                  ? std::string("")
                  : absl::StrFormat("%.3g", normal->second))
          << "</td></tr>";
    }
    out << "</table>";
    if (a->evidence().sample_mention_ids_size() > 0) {
      out << "<p>sample mentions:";
      for (const std::string& id : a->evidence().sample_mention_ids()) out << " " << Escape(id);
      out << "</p>";
    }
    out << "</details></td></tr>\n";
  }
  out << "</table></section>\n";
}

}  // namespace

std::unique_ptr<Operator> ReportCollector::Observer() {
  return std::make_unique<ObserverOperator>(*this);
}

std::unique_ptr<AlertEmitter> ReportCollector::Tee(AlertEmitter& next) {
  return std::make_unique<TeeEmitter>(*this, next);
}

void ReportCollector::Record(const v1::Event& event, int64_t event_time_ms) {
  int64_t minute = event_time_ms - event_time_ms % kMinuteMs;
  if (event_time_ms < 0 && event_time_ms % kMinuteMs != 0) minute -= kMinuteMs;
  if (event.has_mention()) {
    const v1::Mention& m = event.mention();
    if (m.brand().empty() || m.from_brand()) return;
    MinuteFigures& f = brands_[m.brand()][minute];
    ++f.mentions;
    if (m.enrichment().label() == v1::NEGATIVE) ++f.negative;
    for (int intent : m.enrichment().intents()) {
      if (intent == v1::CONTACT_SEEKING) ++f.contact_seeking;
    }
  } else if (event.has_queue_sample()) {
    const v1::QueueSample& q = event.queue_sample();
    if (q.brand().empty()) return;
    MinuteFigures& f = brands_[q.brand()][minute];
    f.longest_wait_seconds = std::max(f.longest_wait_seconds, q.longest_wait_seconds());
  }
}

void WriteHtmlReport(const ReportCollector& collected, const std::string& title,
                     std::ostream& out) {
  Axis axis;
  bool any = false;
  for (const auto& [brand, minutes] : collected.brands()) {
    if (minutes.empty()) continue;
    axis.t0 = any ? std::min(axis.t0, minutes.begin()->first) : minutes.begin()->first;
    axis.t1 = any ? std::max(axis.t1, minutes.rbegin()->first) : minutes.rbegin()->first;
    any = true;
  }
  const int64_t bucket_ms = ChooseBucket(axis.t1 - axis.t0);
  axis.t0 -= axis.t0 % bucket_ms;
  axis.t1 = axis.t1 - axis.t1 % bucket_ms + bucket_ms;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      << "<title>stormwatch backtest: " << Escape(title) << "</title><style>"
      << "body{font-family:system-ui,sans-serif;margin:24px;color:#1a1a1a;background:#f6f7f9}"
      << "section.brand{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px "
         "18px;margin-bottom:24px}"
      << "h1{font-size:22px}h2{margin:4px 0}h3{font-size:14px;margin:14px 0 4px}"
      << ".meta{color:#555;margin:2px 0}table{border-collapse:collapse;font-size:12px}"
      << "td,th{border-bottom:1px solid #eee;padding:4px 8px;text-align:left;vertical-align:top}"
      << "table.ev td,table.ev th{padding:1px 6px}"
      << ".dot{display:inline-block;width:10px;height:10px;border-radius:5px;margin-right:5px}"
      << ".legend span{margin-right:14px}</style></head><body>\n"
      << "<h1>stormwatch backtest: " << Escape(title) << "</h1>\n<p class=\"meta\">"
      << (any ? FormatRfc3339(axis.t0) + " to " + FormatRfc3339(axis.t1) : "no events") << "; "
      << collected.alerts().size() << " alert updates. Hover a marker for its summary.</p>"
      << "<p class=\"legend\">";
  for (v1::AlertKind k : {v1::SPIKE, v1::SHITSTORM, v1::SPILLOVER, v1::RESPONSE_SLA}) {
    out << "<span><span class=\"dot\" style=\"background:" << KindColour(k) << "\"></span>"
        << v1::AlertKind_Name(k) << "</span>";
  }
  out << "<span>filled marker = firing/escalation, hollow dashed = resolved; blue band = "
         "expected volume (seasonal baseline &plusmn; 3 sd)</span></p>\n";
  for (const auto& [brand, minutes] : collected.brands()) {
    std::vector<const v1::Alert*> alerts;
    for (const v1::Alert& a : collected.alerts()) {
      if (a.brand() == brand) alerts.push_back(&a);
    }
    WriteBrand(brand, minutes, alerts, axis, bucket_ms, out);
  }
  out << "</body></html>\n";
}

}  // namespace stormwatch::report
