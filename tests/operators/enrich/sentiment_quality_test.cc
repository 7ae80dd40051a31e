// Quality floors of the sentiment scorer and of language identification on the labelled
// development sets in ../shared/data/sentiment (relative to the repo root,
// STORMWATCH_SOURCE_DIR). Prints the figures recorded in bench/README.md; fails when a change
// makes sentiment or language identification worse.
// no_norec_dev.jsonl (NoReC, CC BY-NC) is read here to measure only.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/operators/enrich/enricher_fixture.h"

namespace stormwatch::enrich {
namespace {

struct Metrics {
  int n = 0;
  double accuracy = 0;
  double macro_f1 = 0;
  double negative_precision = 0;
  double negative_recall = 0;
  double lang_identified = 0;
};

struct Floor {
  const char* file;
  double accuracy;
  double macro_f1;
  double negative_precision;
  double negative_recall;
  double lang_identified;  // share of texts identified as the set's language without `lang`
};

// Floors = value measured when recorded in bench/README.md minus a margin of ~0.02
// (language identification: minus ~0.01).
constexpr Floor kFloors[] = {
    {"da_lcc_dev.jsonl", 0.70, 0.66, 0.48, 0.64, 0.99},
    {"no_norec_dev.jsonl", 0.58, 0.54, 0.34, 0.46, 0.85},
    {"en_tweeteval_val.jsonl", 0.61, 0.60, 0.45, 0.73, 0.99},
};

int LabelIndex(std::string_view label) {
  return label == "negative" ? 0 : label == "neutral" ? 1 : label == "positive" ? 2 : -1;
}

class SentimentQualityTest : public EnricherTest {
 protected:
  static std::string DataDir() {
    const char* root = std::getenv("STORMWATCH_SOURCE_DIR");
    return std::string(root != nullptr ? root : ".") + "/../shared/data/sentiment/";
  }

  static Metrics Measure(const std::string& path) {
    std::ifstream in(path);
    EXPECT_TRUE(in.good()) << "cannot open " << path;
    int confusion[3][3] = {};
    int identified = 0;
    Metrics m;
    for (std::string line; std::getline(in, line);) {
      const nlohmann::json doc = nlohmann::json::parse(line, nullptr, false);
      EXPECT_FALSE(doc.is_discarded()) << line;
      if (doc.is_discarded()) continue;
      const int gold = LabelIndex(doc.value("label", ""));
      EXPECT_GE(gold, 0) << line;
      if (gold < 0) continue;
      const EnrichmentResult r = Analyze(doc.value("text", ""), doc.value("lang", ""));
      ++confusion[gold][LabelIndex(SentimentLabelName(r.label))];
      ++m.n;
      const std::string lang = doc.value("lang", "");
      identified += LangCode(Analyze(doc.value("text", ""), "").lang) == lang;
    }
    if (m.n == 0) return m;
    double f1_sum = 0;
    int correct = 0;
    for (int c = 0; c < 3; ++c) {
      int tp = confusion[c][c], fp = 0, fn = 0;
      correct += tp;
      for (int o = 0; o < 3; ++o) {
        if (o == c) continue;
        fp += confusion[o][c];
        fn += confusion[c][o];
      }
      const double p = tp + fp > 0 ? static_cast<double>(tp) / (tp + fp) : 0;
      const double r = tp + fn > 0 ? static_cast<double>(tp) / (tp + fn) : 0;
      f1_sum += p + r > 0 ? 2 * p * r / (p + r) : 0;
      if (c == 0) {
        m.negative_precision = p;
        m.negative_recall = r;
      }
    }
    m.accuracy = static_cast<double>(correct) / m.n;
    m.lang_identified = static_cast<double>(identified) / m.n;
    m.macro_f1 = f1_sum / 3;
    return m;
  }
};

TEST_F(SentimentQualityTest, EachSetStaysAboveItsFloor) {
  std::printf("| set | n | accuracy | macro-F1 | neg. precision | neg. recall | lang id |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  for (const Floor& floor : kFloors) {
    const Metrics m = Measure(DataDir() + floor.file);
    std::printf("| %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f |\n", floor.file, m.n, m.accuracy,
                m.macro_f1, m.negative_precision, m.negative_recall, m.lang_identified);
    EXPECT_GT(m.n, 200) << floor.file;
    EXPECT_GE(m.accuracy, floor.accuracy) << floor.file;
    EXPECT_GE(m.macro_f1, floor.macro_f1) << floor.file;
    EXPECT_GE(m.negative_precision, floor.negative_precision) << floor.file;
    EXPECT_GE(m.negative_recall, floor.negative_recall) << floor.file;
    EXPECT_GE(m.lang_identified, floor.lang_identified) << floor.file;
  }
}

}  // namespace
}  // namespace stormwatch::enrich
