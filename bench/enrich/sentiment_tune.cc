// Development tool for the sentiment parameters (not a benchmark): scores the labelled sets in
// ../shared/data/sentiment with a SentimentParams given as key=value arguments, and prints
// accuracy, macro-F1 and negative precision/recall per set.
//   sentiment_tune [--lexicons=DIR] [--sets=DIR] [--dump=FILE] [key=value ...]
//   sentiment_tune --search=N [--seed=S] ...   random search, scored on da + en only
//   sentiment_tune --histogram ...   gold labels per score bin, da + en only
//   sentiment_tune --no-word-lists ...   without Debian's word lists (as enrich.word_lists: {})
//   sentiment_tune --features=IN ...   for each JSONL line {"text", "lang"} of IN, prints
//     {"tokens": [case-folded tokens], "score": lexicon score}: training input for a model
//     that must see the tokens the enricher sees (bench/enrich/goemotions_transfer.py)
// --dump prints the misclassified sentences of one set for error analysis; it refuses the
// NoReC set, which is evaluation-only (measured, never inspected or tuned on).
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "operators/enrich/sentiment_scorer.h"
#include "operators/enrich/vocabulary.h"
#include "operators/enrich/word_lists.h"

namespace stormwatch::enrich {
namespace {

struct Example {
  TokenizedText tokens;
  Lang lang;
  int gold;
  std::string text;
};

struct Metrics {
  double accuracy = 0, macro_f1 = 0, neg_p = 0, neg_r = 0;
};

int LabelIndex(std::string_view label) {
  return label == "negative" ? 0 : label == "neutral" ? 1 : label == "positive" ? 2 : -1;
}

std::map<std::string, double*> ParamFields(SentimentParams& p) {
  return {{"negation_scalar", &p.negation_scalar},
          {"before_contrast", &p.before_contrast},
          {"after_contrast", &p.after_contrast},
          {"caps_emphasis", &p.caps_emphasis},
          {"exclamation_step", &p.exclamation_step},
          {"negative_weight", &p.negative_weight},
          {"compound_scale", &p.compound_scale},
          {"normalisation_alpha", &p.normalisation_alpha},
          {"question_weight", &p.question_weight},
          {"bare_exclamation", &p.bare_exclamation},
          {"positive_threshold", &p.positive_threshold},
          {"negative_threshold", &p.negative_threshold},
          {"negator_evidence", &p.negator_evidence},
          {"length_exponent", &p.length_exponent},
          {"strongest_weight", &p.strongest_weight},
          {"name_weight", &p.name_weight}};
}

Metrics Evaluate(const SentimentScorer& scorer, const std::vector<Example>& set,
                 std::vector<int>* predictions = nullptr, std::vector<double>* scores = nullptr) {
  int confusion[3][3] = {};
  for (const Example& ex : set) {
    const SentimentResult r = scorer.Score(ex.tokens, ex.lang);
    const int pred = LabelIndex(SentimentLabelName(r.label));
    ++confusion[ex.gold][pred];
    if (predictions) predictions->push_back(pred);
    if (scores) scores->push_back(r.score);
  }
  Metrics m;
  int correct = 0;
  double f1 = 0;
  for (int c = 0; c < 3; ++c) {
    int tp = confusion[c][c], fp = 0, fn = 0;
    correct += tp;
    for (int o = 0; o < 3; ++o) {
      if (o == c) continue;
      fp += confusion[o][c];
      fn += confusion[c][o];
    }
    const double p = tp + fp ? double(tp) / (tp + fp) : 0, r = tp + fn ? double(tp) / (tp + fn) : 0;
    f1 += p + r > 0 ? 2 * p * r / (p + r) : 0;
    if (c == 0) m.neg_p = p, m.neg_r = r;
  }
  m.accuracy = double(correct) / set.size();
  m.macro_f1 = f1 / 3;
  return m;
}

int Main(int argc, char** argv) {
  std::string lexicons, sets = "../shared/data/sentiment", dump, features;
  int search = 0;
  unsigned seed = 1;
  bool histogram = false;
  bool use_word_lists = true;
  SentimentParams params;
  auto fields = ParamFields(params);
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto eq = a.find('=');
    std::string k = a.substr(0, eq), v = eq == a.npos ? "" : a.substr(eq + 1);
    if (k == "--lexicons") lexicons = v;
    else if (k == "--sets") sets = v;
    else if (k == "--dump") dump = v;
    else if (k == "--features") features = v;
    else if (k == "--search") search = std::atoi(v.c_str());
    else if (k == "--histogram") histogram = true;
    else if (k == "--no-word-lists") use_word_lists = false;
    else if (k == "--seed") seed = std::atoi(v.c_str());
    else if (k == "negation_scope") params.negation_scope = std::atoi(v.c_str());
    else if (fields.count(k)) *fields[k] = std::atof(v.c_str());
    else { std::fprintf(stderr, "unknown argument %s\n", a.c_str()); return 2; }
  }
  if (dump.find("norec") != std::string::npos) {
    std::fprintf(stderr, "NoReC is evaluation-only: no dump\n");
    return 2;
  }
  auto vocab = Vocabulary::Create({lexicons, ""});
  if (!vocab.ok()) { std::fprintf(stderr, "%s\n", std::string(vocab.status().message()).c_str()); return 1; }
  // The enricher's default word lists (English words in Scandinavian posts), unless
  // --no-word-lists.
  std::shared_ptr<const WordLists> word_lists;
  if (use_word_lists) {
    auto loaded = WordLists::Load(WordListSources::DebianDefaults(), (*vocab)->tokenizer());
    if (!loaded.ok()) { std::fprintf(stderr, "%s\n", std::string(loaded.status().message()).c_str()); return 1; }
    word_lists = *loaded;
  }
  if (!features.empty()) {
    if (features.find("norec") != std::string::npos) {
      std::fprintf(stderr, "NoReC is evaluation-only: no features\n");
      return 2;
    }
    SentimentScorer scorer(**vocab, params, word_lists.get());
    std::ifstream in(features);
    TokenizedText tokens;
    for (std::string line; std::getline(in, line);) {
      auto doc = nlohmann::json::parse(line, nullptr, false);
      if (doc.is_discarded() || !doc.is_object()) continue;
      (*vocab)->tokenizer().Tokenize(doc.value("text", ""), tokens);
      for (Token& t : tokens.tokens) t.entry = (*vocab)->Find(tokens.text(t));
      nlohmann::json out;
      out["tokens"] = nlohmann::json::array();
      for (const Token& t : tokens.tokens) out["tokens"].push_back(std::string(tokens.text(t)));
      out["score"] = scorer.Score(tokens, ParseLang(doc.value("lang", "en")).value_or(Lang::kEn)).score;
      std::printf("%s\n", out.dump().c_str());
    }
    return 0;
  }
  const char* files[] = {"da_lcc_dev.jsonl", "no_norec_dev.jsonl", "en_tweeteval_val.jsonl"};
  std::vector<std::vector<Example>> data(3);
  for (int f = 0; f < 3; ++f) {
    std::ifstream in(sets + "/" + files[f]);
    for (std::string line; std::getline(in, line);) {
      auto doc = nlohmann::json::parse(line, nullptr, false);
      Example ex;
      ex.text = doc.value("text", "");
      ex.lang = *ParseLang(doc.value("lang", ""));
      ex.gold = LabelIndex(doc.value("label", ""));
      (*vocab)->tokenizer().Tokenize(ex.text, ex.tokens);
      for (Token& t : ex.tokens.tokens) t.entry = (*vocab)->Find(ex.tokens.text(t));
      data[f].push_back(std::move(ex));
    }
  }
  auto print = [&](const SentimentParams& p) {
    SentimentScorer scorer(**vocab, p, word_lists.get());
    for (int f = 0; f < 3; ++f) {
      Metrics m = Evaluate(scorer, data[f]);
      std::printf("| %s | %zu | %.3f | %.3f | %.3f | %.3f |\n", files[f], data[f].size(),
                  m.accuracy, m.macro_f1, m.neg_p, m.neg_r);
    }
  };
  if (search > 0) {
    // Objective on da + en only: mean macro-F1, minus a penalty when negative recall < 0.67.
    auto objective = [&](const SentimentParams& p) {
      SentimentScorer scorer(**vocab, p, word_lists.get());
      double obj = 0;
      for (int f : {0, 2}) {
        Metrics m = Evaluate(scorer, data[f]);
        obj += m.macro_f1 - 2 * std::max(0.0, 0.67 - m.neg_r);
      }
      return obj / 2;
    };
    std::mt19937 rng(seed);
    SentimentParams best = params;
    double best_obj = objective(best);
    std::vector<std::string> names;
    for (auto& [k, _] : fields) names.push_back(k);
    for (int it = 0; it < search; ++it) {
      SentimentParams cand = best;
      auto cf = ParamFields(cand);
      int changes = 1 + rng() % 2;
      for (int c = 0; c < changes; ++c) {
        double* x = cf[names[rng() % names.size()]];
        std::normal_distribution<double> step(0, 0.15);
        *x = *x * std::exp(step(rng)) + (std::abs(*x) < 0.05 ? step(rng) * 0.3 : 0);
      }
      double o = objective(cand);
      if (o > best_obj) {
        best_obj = o;
        best = cand;
        std::printf("it %d obj %.4f\n", it, o);
      }
    }
    auto bf = ParamFields(best);
    for (auto& [k, x] : bf) std::printf("%s=%.4g ", k.c_str(), *x);
    std::printf("\n");
    print(best);
    return 0;
  }
  if (histogram) {
    // Score bins of width 0.1 with the gold labels in each (neg/neu/pos), to place the
    // neutral band; only the development sets, never NoReC.
    SentimentScorer scorer(**vocab, params, word_lists.get());
    for (int f : {0, 2}) {
      std::vector<int> pred;
      std::vector<double> score;
      Evaluate(scorer, data[f], &pred, &score);
      std::map<int, std::array<int, 3>> bins;
      for (size_t i = 0; i < score.size(); ++i) {
        const double s = score[i];
        const int bin = s == 0 ? 0 : static_cast<int>(std::floor(s * 10)) + (s > 0 ? 1 : 0);
        ++bins[bin][data[f][i].gold];
      }
      std::printf("%s (bin: [b-1, b) / 10, 0 = exactly 0)\n", files[f]);
      for (auto& [b, c] : bins) std::printf("%4d %5d %5d %5d\n", b, c[0], c[1], c[2]);
    }
    return 0;
  }
  if (!dump.empty()) {
    for (int f : {0, 2}) {
      if (dump != files[f]) continue;
      SentimentScorer scorer(**vocab, params, word_lists.get());
      std::vector<int> pred;
      std::vector<double> score;
      Evaluate(scorer, data[f], &pred, &score);
      const char* names[] = {"neg", "neu", "pos"};
      for (size_t i = 0; i < data[f].size(); ++i) {
        if (pred[i] != data[f][i].gold)
          std::printf("%s->%s %.2f %s\n", names[data[f][i].gold], names[pred[i]], score[i],
                      data[f][i].text.c_str());
      }
    }
    return 0;
  }
  print(params);
  return 0;
}

}  // namespace
}  // namespace stormwatch::enrich

int main(int argc, char** argv) { return stormwatch::enrich::Main(argc, argv); }
