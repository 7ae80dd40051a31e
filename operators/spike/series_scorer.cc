// Series -> per-point anomaly scores with SeasonalCountDetector; see series_scorer.h.
#include "operators/spike/series_scorer.h"

#include <algorithm>
#include <cmath>

namespace stormwatch::spike {

int64_t SamplingIntervalMs(const std::vector<SeriesPoint>& points) {
  std::vector<int64_t> steps;
  steps.reserve(points.size());
  for (size_t i = 1; i < points.size(); ++i) {
    steps.push_back(points[i].time_ms - points[i - 1].time_ms);
  }
  int64_t step = 60'000;
  if (!steps.empty()) {
    std::nth_element(steps.begin(), steps.begin() + steps.size() / 2, steps.end());
    step = steps[steps.size() / 2];
  }
  return std::clamp<int64_t>(step, 1000, 3'600'000);
}

DetectorParams SeriesParams(int64_t interval_ms) {
  DetectorParams p;
  p.model = ValueModel::kContinuous;
  p.bucket_ms = interval_ms;
  // Machine and sensor series wobble for a while after an excursion: an incident is over
  // after 20 calm buckets rather than the 5 used for mention counts. Everything else keeps
  // the mention defaults.
  p.resolve_buckets = 20;
  return p;
}

std::vector<double> ScoreSeries(const std::vector<SeriesPoint>& points,
                                const DetectorParams& params,
                                const NoveltyParams& novelty_params) {
  std::vector<double> scores;
  scores.reserve(points.size());
  auto detector = SeasonalCountDetector::Create(params);
  auto novelty = TransitionNoveltyDetector::Create(novelty_params);
  if (!detector.ok() || !novelty.ok()) {
    scores.assign(points.size(), 0.0);
    return scores;
  }
  DetectorState state;
  SeasonalCountDetector::Reset(state);
  NoveltyState novelty_state;
  int64_t last_ms = 0;
  for (size_t i = 0; i < points.size(); ++i) {
    // Repeated or backward timestamps (a few in NAB) become the next millisecond.
    const int64_t t = i == 0 ? points[i].time_ms : std::max(points[i].time_ms, last_ms + 1);
    const double onset = detector->Update(state, t, points[i].value).onset_score;
    const double novel = novelty->Update(novelty_state, points[i].value);
    scores.push_back(std::max(onset, kNoveltyScore * novel));
    last_ms = t;
  }
  return scores;
}

}  // namespace stormwatch::spike
