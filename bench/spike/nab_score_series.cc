// Runs the score-series logic over every NAB series: data/<category>/<file>.csv under
// --nab becomes <category>/<file>.csv under --results, the layout nab_score.py reads.
// Used by bench/spike/run_nab.sh. With STORMWATCH_SPIKE_TUNE="key=value,..." it overrides
// detector parameters and novelty_rest_buckets (for exploring; the reported figures use the
// defaults).
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "operators/spike/score_series_command.h"

namespace fs = std::filesystem;
using stormwatch::spike::DetectorParams;
using stormwatch::spike::NoveltyParams;

namespace {

bool ApplyOverrides(const char* spec, DetectorParams& p, NoveltyParams& np) {
  for (absl::string_view item : absl::StrSplit(spec, ',', absl::SkipEmpty())) {
    std::pair<std::string, std::string> kv = absl::StrSplit(item, '=');
    double v = 0;
    if (!absl::SimpleAtod(kv.second, &v)) return false;
    if (kv.first == "window_buckets")
      p.window_buckets = static_cast<int>(v);
    else if (kv.first == "fire_probability")
      p.fire_probability = v;
    else if (kv.first == "resolve_probability")
      p.resolve_probability = v;
    else if (kv.first == "resolve_buckets")
      p.resolve_buckets = static_cast<int>(v);
    else if (kv.first == "level_half_life_buckets")
      p.level_half_life_buckets = v;
    else if (kv.first == "dispersion_half_life_buckets")
      p.dispersion_half_life_buckets = v;
    else if (kv.first == "season_weight_per_cycle")
      p.season_weight_per_cycle = v;
    else if (kv.first == "warmup_buckets")
      p.warmup_buckets = static_cast<int>(v);
    else if (kv.first == "history_half_life_buckets")
      p.history_half_life_buckets = v;
    else if (kv.first == "min_count")
      p.min_count = v;
    else if (kv.first == "min_ratio")
      p.min_ratio = v;
    else if (kv.first == "model")
      p.model = static_cast<stormwatch::spike::ValueModel>(v);
    else if (kv.first == "novelty_rest_buckets")
      np.rest_buckets = static_cast<int>(v);
    else
      return false;
  }
  return true;
}

int ScoreWithOverrides(const std::string& in, const std::string& out, const char* spec) {
  namespace sp = stormwatch::spike;
  auto rows = sp::ReadSeriesCsv(in);
  if (!rows.ok()) {
    std::cerr << rows.status().message() << "\n";
    return 2;
  }
  std::vector<sp::SeriesPoint> points;
  for (const auto& r : *rows) points.push_back(r.point);
  DetectorParams p = sp::SeriesParams(sp::SamplingIntervalMs(points));
  NoveltyParams np;
  if (!ApplyOverrides(spec, p, np)) {
    std::cerr << "bad STORMWATCH_SPIKE_TUNE: " << spec << "\n";
    return 2;
  }
  auto status = sp::WriteScoresCsv(out, *rows, sp::ScoreSeries(points, p, np));
  if (!status.ok()) {
    std::cerr << status.message() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5 || std::string(argv[1]) != "--nab" || std::string(argv[3]) != "--results") {
    std::cerr << "usage: nab_score_series --nab DIR --results DIR\n";
    return 2;
  }
  const fs::path data = fs::path(argv[2]) / "data";
  const fs::path results = argv[4];
  const char* tune = std::getenv("STORMWATCH_SPIKE_TUNE");
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(data)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".csv") continue;
    const fs::path rel = fs::relative(entry.path(), data);
    fs::create_directories((results / rel).parent_path());
    const int rc = tune != nullptr
                       ? ScoreWithOverrides(entry.path().string(), (results / rel).string(), tune)
                       : stormwatch::spike::RunScoreSeriesCommand(
                             entry.path().string(), (results / rel).string(), std::cerr);
    if (rc != 0) return rc;
    ++files;
  }
  std::cerr << "scored " << files << " series into " << results << "\n";
  return 0;
}
