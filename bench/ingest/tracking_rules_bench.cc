// Tracking-rule throughput: mentions/s through one TrackingMatcher on one core with
// 10,000 per-brand rules (phrases, AND/OR/NOT, hashtags, handles, language filters).
// Target (issue 8): at least 1,000,000 mentions/s. Results: bench/README.md "## Ingest".
#include <benchmark/benchmark.h>

#include <random>

#include "pipeline/ingest/tracking/tracking_rules.h"

namespace stormwatch {
namespace {

// Synthetic but realistic: 2,000 brands x 5 rules, each brand with its own made-up name
// (syllables, like real brand names they share no common prefix), handle and hashtag,
// and a vocabulary of complaint words in four languages shared by all rules.
std::string BrandName(int index) {
  static const char* const kSyllables[] = {"tel", "vor", "kim", "bex", "sen", "dal", "nor",
                                           "lux", "fin", "gar", "po",  "zen", "mik", "ra",
                                           "sol", "ved", "qu",  "arn", "ty",  "hel"};
  std::string name;
  uint32_t x = static_cast<uint32_t>(index) * 2654435761u + 12345u;
  for (int i = 0; i < 3; ++i) {
    name += kSyllables[x % 20];
    x /= 20;
  }
  return name + std::to_string(index % 7);
}

std::vector<TrackingRuleConfig> MakeRules(int count) {
  static const char* const kWords[] = {"nede",  "kø",     "venter", "svar",   "fejl",
                                       "down",  "outage", "queue",  "refund", "broken",
                                       "borte", "ventar", "strul",  "feil",   "ingen dækning"};
  std::vector<TrackingRuleConfig> rules;
  std::mt19937 rng(42);
  for (int i = 0; i < count; ++i) {
    const int brand = i / 5;
    const std::string name = BrandName(brand);
    const std::string a = kWords[rng() % 15], b = kWords[rng() % 15];
    TrackingRuleConfig rule;
    rule.brand = name;
    switch (i % 5) {
      case 0: rule.query = name + " AND (" + a + " OR \"" + b + "\")"; break;
      case 1: rule.query = "#" + name + "fail OR \"" + name + " kundeservice\""; break;
      case 2: rule.query = name + " " + a + " NOT @" + name + "_support"; break;
      case 3: rule.query = "\"" + name + " app\" AND (" + a + " OR " + b + ") -job"; break;
      default: rule.query = "@" + name + " AND " + a; break;
    }
    if (i % 3 == 0) rule.languages = {"da", "no", "sv"};
    rule.topics = {a};
    rules.push_back(std::move(rule));
  }
  return rules;
}

std::vector<std::string> MakeTexts(int brands) {
  static const char* const kTemplates[] = {
      "Er %s nede igen? Jeg har ventet i telefonen i 45 minutter og ingen svarer #fail",
      "Really disappointed with the service today, the app keeps crashing when I try to pay",
      "Har ringt %s kundeservice tre ganger nå, fortsatt ingen svar på saken min",
      "Lovely weather in Copenhagen today, going for a walk along the harbour with the dog",
      "@%s_support tack för hjälpen igår, allt fungerar nu!",
      "Why is every streaming service raising prices again this year, totally ridiculous",
      "%s app down? Cannot log in since this morning. Anyone else?",
      "Morgenkaffe og avis, så er dagen i gang. Husk at stemme i dag!"};
  std::vector<std::string> texts;
  std::mt19937 rng(7);
  char buffer[512];
  for (int i = 0; i < 4096; ++i) {
    const std::string brand = BrandName(static_cast<int>(rng() % brands));
    snprintf(buffer, sizeof(buffer), kTemplates[i % 8], brand.c_str());
    texts.emplace_back(buffer);
  }
  return texts;
}

void BM_TrackingRules10k(benchmark::State& state) {
  auto matcher = TrackingMatcher::Compile(MakeRules(static_cast<int>(state.range(0))));
  if (!matcher.ok()) {
    state.SkipWithError(std::string(matcher.status().message()).c_str());
    return;
  }
  const std::vector<std::string> texts = MakeTexts(static_cast<int>(state.range(0)) / 5);
  size_t i = 0, matched = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& text = texts[i++ & 4095];
    matched += (*matcher)->CountMatches(text, "da");
    bytes += text.size();
  }
  state.counters["mentions_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["match_share"] =
      static_cast<double>(matched) / static_cast<double>(state.iterations());
  state.counters["terms"] = static_cast<double>((*matcher)->term_count());
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_TrackingRules10k)->Arg(10'000)->Arg(1'000)->Unit(benchmark::kNanosecond);

// Baseline in the same run: the cost of touching each text once (no rules).
void BM_TrackingBaselineCopy(benchmark::State& state) {
  const std::vector<std::string> texts = MakeTexts(2000);
  size_t i = 0;
  for (auto _ : state) {
    std::string copy = texts[i++ & 4095];
    benchmark::DoNotOptimize(copy);
  }
  state.counters["mentions_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TrackingBaselineCopy);

}  // namespace
}  // namespace stormwatch
