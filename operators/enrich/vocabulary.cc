// Builds the Vocabulary from the shipped lexicons, rules and intent lists and a deployment's
// custom_terms (see vocabulary.h).
#include "operators/enrich/vocabulary.h"

#include <algorithm>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"
#include "operators/enrich/embedded_data.h"
#include "operators/enrich/term_file.h"

namespace stormwatch::enrich {
namespace {

// Emoji seen fewer times than this in the ranking have too noisy a score to use.
constexpr double kMinEmojiOccurrences = 20;
// Emoji valence = kEmojiScale * (positive - negative) / occurrences, on the AFINN scale.
constexpr double kEmojiScale = 3.0;
// VADER rates -4..+4, AFINN -5..+5: a VADER mean valence times this is on the AFINN scale
// (on the 2,649 words in both lists, mean |AFINN| / mean |VADER| = 1.23).
constexpr double kVaderToAfinn = 1.25;

bool ParseDouble(std::string_view s, double* out) {
  return absl::SimpleAtod(absl::string_view(s.data(), s.size()), out);
}

std::string_view View(absl::string_view s) { return {s.data(), s.size()}; }

std::string Cat(std::initializer_list<std::string_view> pieces) {
  std::string out;
  for (std::string_view p : pieces) out.append(p);
  return out;
}

// Nynorsk spellings of a Bokmål word where the correspondence is regular: adjectives in
// -lig ("dårlig" -> "dårleg", "kjedeligere" -> "kjedelegare"), participles in -ende
// ("skuffende" -> "skuffande") and nouns in -het ("svakhet" -> "svakheit").
std::vector<std::string> NynorskSpellings(std::string_view word) {
  struct Ending {
    std::string_view bokmal, nynorsk;
  };
  static constexpr Ending kEndings[] = {
      {"lig", "leg"},       {"lige", "lege"},    {"ligt", "legt"},
      {"ligere", "legare"}, {"ligst", "legast"}, {"ligste", "legaste"},
      {"ende", "ande"},     {"het", "heit"},     {"heten", "heita"},
  };
  std::vector<std::string> out;
  for (const Ending& e : kEndings) {
    if (word.size() > e.bokmal.size() + 2 && word.ends_with(e.bokmal)) {
      out.push_back(Cat({word.substr(0, word.size() - e.bokmal.size()), e.nynorsk}));
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Vocabulary>> Vocabulary::Create(const VocabularySources& sources) {
  std::unique_ptr<Vocabulary> vocab(new Vocabulary());
  auto read = [&](std::string_view rel) -> absl::StatusOr<std::string> {
    const bool is_intent = rel.substr(0, 8) == "intents/";
    return ReadDataFile(rel, is_intent ? sources.intents_dir : sources.lexicon_dir);
  };

  // AFINN's emoticons, then VADER's, more of them (">:(", "</3", ":'-)"); the AFINN list wins
  // where both have one.
  std::vector<std::string> emoticon_keys;
  std::vector<std::pair<std::string, double>> emoticon_values;
  struct EmoticonList {
    std::string_view path;
    double scale;  // to the AFINN scale
  };
  for (const EmoticonList& list :
       {EmoticonList{"lexicons/afinn/AFINN-emoticon-8.txt", 1.0},
        EmoticonList{"lexicons/vader/vader_emoticons.txt", kVaderToAfinn}}) {
    absl::StatusOr<std::string> content = read(list.path);
    if (!content.ok()) return content.status();
    for (const NumberedLine& numbered : DataLines(*content)) {
      const std::string_view line = numbered.text;
      std::vector<std::string_view> parts = SplitFields(line, '\t');
      double v = 0;
      if (parts.size() != 2 || !ParseDouble(parts[1], &v)) {
        return absl::InvalidArgumentError(
            Cat({list.path, ": expected 'emoticon<TAB>score', got '", line, "'"}));
      }
      emoticon_keys.emplace_back(parts[0]);
      emoticon_values.emplace_back(std::string(parts[0]), v * list.scale);
    }
  }
  vocab->tokenizer_ = std::make_unique<TextTokenizer>(emoticon_keys);
  for (const auto& [key, v] : emoticon_values) {
    if (VocabEntry* e = vocab->Insert(key)) {
      for (LangTraits& t : e->lang) {
        if (t.flags & LangTraits::kHasValence) continue;  // the first list (AFINN) wins
        t.valence = static_cast<float>(v);
        t.flags |= LangTraits::kHasValence;
      }
    }
  }

  struct LexiconFile {
    const char* path;
    Lang lang;
    bool json;
    bool only_missing;
  };
  // Norwegian Bokmål and Danish share most of their written vocabulary: Danish AFINN fills
  // the words the (machine-translated) Norwegian list lacks.
  const LexiconFile lexicons[] = {
      {"lexicons/afinn/AFINN-da-32.txt", Lang::kDa, false, false},
      {"lexicons/afinn/AFINN-en-165.txt", Lang::kEn, false, false},
      {"lexicons/multilang/AFINN-no.json", Lang::kNo, true, false},
      {"lexicons/multilang/AFINN-sv.json", Lang::kSv, true, false},
      {"lexicons/afinn/AFINN-da-32.txt", Lang::kNo, false, true},
  };
  for (const LexiconFile& f : lexicons) {
    absl::StatusOr<std::string> content = read(f.path);
    if (!content.ok()) return content.status();
    absl::Status s = f.json ? vocab->LoadJsonLexicon(*content, f.lang)
                            : vocab->LoadAfinnTsv(*content, f.lang, f.only_missing);
    if (!s.ok()) return absl::InvalidArgumentError(Cat({f.path, ": ", std::string(s.message())}));
  }
  absl::StatusOr<std::string> emoji = read("lexicons/emoji/Emoji_Sentiment_Data_v1.0.csv");
  if (!emoji.ok()) return emoji.status();
  if (absl::Status s = vocab->LoadEmojiRanking(*emoji); !s.ok()) return s;
  const std::string_view supplement_path = "lexicons/emoji/emoji_supplement.txt";
  absl::StatusOr<std::string> supplement = read(supplement_path);
  if (!supplement.ok()) return supplement.status();
  for (Lang lang : kAllLangs) {
    if (absl::Status s = vocab->LoadAfinnTsv(*supplement, lang, /*only_missing=*/true); !s.ok()) {
      return absl::InvalidArgumentError(Cat({supplement_path, ": ", std::string(s.message())}));
    }
  }

  // VADER's English negators, intensifiers and idioms; rules/en.txt, loaded next, wins.
  const std::string_view vader_rules_path = "lexicons/vader/vader_rules_en.txt";
  absl::StatusOr<std::string> vader_rules = read(vader_rules_path);
  if (!vader_rules.ok()) return vader_rules.status();
  if (absl::Status s =
          vocab->LoadTerms(*vader_rules, Lang::kEn, vader_rules_path, TermFileKind::kRules);
      !s.ok()) {
    return s;
  }
  for (Lang lang : kAllLangs) {
    const std::string rules_path = Cat({"lexicons/rules/", LangCode(lang), ".txt"});
    absl::StatusOr<std::string> rules = read(rules_path);
    if (!rules.ok()) return rules.status();
    if (absl::Status s = vocab->LoadTerms(*rules, lang, rules_path, TermFileKind::kRules);
        !s.ok()) {
      return s;
    }
    const std::string intents_path = Cat({"intents/", LangCode(lang), ".txt"});
    absl::StatusOr<std::string> intents = read(intents_path);
    if (!intents.ok()) return intents.status();
    if (absl::Status s = vocab->LoadTerms(*intents, lang, intents_path, TermFileKind::kIntents);
        !s.ok()) {
      return s;
    }
  }
  // The deployment's own terms (brand and product names, campaign words), last: they win.
  for (Lang lang : kAllLangs) {
    for (const std::string& path : sources.custom_terms[LangIndex(lang)]) {
      absl::StatusOr<std::string> terms = ReadTextFile(path);
      if (!terms.ok()) {
        return absl::InvalidArgumentError(
            Cat({"custom_terms.", LangCode(lang), ": ", View(terms.status().message())}));
      }
      if (absl::Status s = vocab->LoadTerms(*terms, lang, path, TermFileKind::kCustomTerms);
          !s.ok()) {
        return absl::InvalidArgumentError(
            Cat({"custom_terms.", LangCode(lang), ": ", View(s.message())}));
      }
    }
  }
  vocab->AddNynorskSpellings();
  // Function words carry no sentiment by themselves: a stop word of a language keeps a
  // lexicon valence there only when the rules file sets one on purpose (a valence, or the
  // meaning of the negated word).
  for (auto& [key, entry] : vocab->entries_) {
    for (Lang lang : kAllLangs) {
      LangTraits& t = entry.lang[LangIndex(lang)];
      if ((entry.stop_mask & LangBit(lang)) &&
          !(t.flags & (LangTraits::kRuleValence | LangTraits::kWhenNegated))) {
        t.valence = 0;
        t.flags &= static_cast<uint8_t>(~LangTraits::kHasValence);
      }
    }
  }
  return vocab;
}

VocabEntry* Vocabulary::Insert(std::string_view term) {
  tokenizer_->Tokenize(term, scratch_);
  if (scratch_.tokens.empty()) return nullptr;
  const int words = static_cast<int>(scratch_.tokens.size());
  if (words > 1) {
    // The matcher tries phrases only where one may start, and no longer than the longest.
    uint8_t& longest = entries_[scratch_.text(scratch_.tokens[0])].longest_phrase;
    longest = static_cast<uint8_t>(std::clamp(words, static_cast<int>(longest), 255));
  }
  // Inserted last: a later insertion may move entries, so the pointer is used right away.
  VocabEntry& entry = entries_[scratch_.folded];
  entry.phrase_words = static_cast<uint8_t>(std::min(words, 255));
  return &entry;
}

absl::Status Vocabulary::LoadAfinnTsv(std::string_view content, Lang lang, bool only_missing) {
  const int li = LangIndex(lang);
  for (const NumberedLine& numbered : DataLines(content)) {
    const std::string_view line = numbered.text;
    const size_t tab = line.rfind('\t');
    double v = 0;
    if (tab == std::string_view::npos || !ParseDouble(line.substr(tab + 1), &v)) {
      return absl::InvalidArgumentError(Cat({"expected 'word<TAB>score', got '", line, "'"}));
    }
    const std::string_view word = line.substr(0, tab);
    std::vector<std::string> keys = {std::string(word)};
    if (only_missing && lang == Lang::kNo) {
      // Danish filling in for Norwegian: also its Bokmål spelling, where the regular
      // correspondences apply (æ -> e: "værdiløs" -> "verdiløs"; -hed -> -het).
      std::string bokmal = absl::StrReplaceAll(std::string(word), {{"\xC3\xA6", "e"}});
      if (bokmal.ends_with("hed")) bokmal.back() = 't';
      if (bokmal.ends_with("heder")) bokmal.replace(bokmal.size() - 3, 1, "t");
      if (bokmal != word) keys.push_back(std::move(bokmal));
    }
    for (const std::string& key : keys) {
      VocabEntry* e = Insert(key);
      if (e == nullptr) continue;
      LangTraits& t = e->lang[li];
      if (only_missing && (t.flags & LangTraits::kHasValence)) continue;
      t.valence = static_cast<float>(v);
      t.flags |= LangTraits::kHasValence;
    }
  }
  return absl::OkStatus();
}

void Vocabulary::AddNynorskSpellings() {
  const int li = LangIndex(Lang::kNo);
  std::vector<std::pair<std::string, float>> variants;
  for (const auto& [key, entry] : entries_) {
    const LangTraits& t = entry.lang[li];
    if (entry.phrase_words != 1 || !(t.flags & LangTraits::kHasValence)) continue;
    for (std::string& v : NynorskSpellings(key)) variants.emplace_back(std::move(v), t.valence);
  }
  for (const auto& [word, valence] : variants) {
    VocabEntry* e = Insert(word);
    if (e == nullptr || (e->lang[li].flags & LangTraits::kHasValence)) continue;
    e->lang[li].valence = valence;
    e->lang[li].flags |= LangTraits::kHasValence;
  }
}

absl::Status Vocabulary::LoadJsonLexicon(std::string_view content, Lang lang) {
  const nlohmann::json doc = nlohmann::json::parse(content, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return absl::InvalidArgumentError("expected a JSON object of word -> score");
  }
  const int li = LangIndex(lang);
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (!it.value().is_number()) continue;
    VocabEntry* e = Insert(it.key());
    if (e == nullptr) continue;
    e->lang[li].valence = it.value().get<float>();
    e->lang[li].flags |= LangTraits::kHasValence;
  }
  return absl::OkStatus();
}

absl::Status Vocabulary::LoadEmojiRanking(std::string_view content) {
  bool header = true;
  for (const NumberedLine& numbered : DataLines(content)) {
    const std::string_view line = numbered.text;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string_view> cols = SplitFields(line, ',');
    double occurrences = 0, negative = 0, positive = 0;
    if (cols.size() < 7 || !ParseDouble(cols[2], &occurrences) ||
        !ParseDouble(cols[4], &negative) || !ParseDouble(cols[6], &positive)) {
      return absl::InvalidArgumentError(
          Cat({"Emoji_Sentiment_Data_v1.0.csv: malformed line '", line, "'"}));
    }
    if (occurrences < kMinEmojiOccurrences) continue;
    VocabEntry* e = Insert(cols[0]);
    if (e == nullptr || e->phrase_words != 1) continue;
    const float v = static_cast<float>(kEmojiScale * (positive - negative) / occurrences);
    for (LangTraits& t : e->lang) {
      if (t.flags & LangTraits::kHasValence) continue;  // AFINN emoticon list wins (e.g. ♥)
      t.valence = v;
      t.flags |= LangTraits::kHasValence;
    }
  }
  return absl::OkStatus();
}

absl::Status Vocabulary::LoadTerms(std::string_view content, Lang lang, std::string_view file,
                                   TermFileKind file_kind) {
  absl::StatusOr<std::vector<TermLine>> lines = ParseTermFile(content, file, file_kind);
  if (!lines.ok()) return lines.status();
  for (const TermLine& line : *lines) ApplyTerm(line, lang);
  return absl::OkStatus();
}

void Vocabulary::ApplyTerm(const TermLine& line, Lang lang) {
  VocabEntry* e = Insert(line.term);
  if (e == nullptr) return;
  LangTraits& t = e->lang[LangIndex(lang)];
  const auto value = static_cast<float>(line.value);
  switch (line.kind) {
    case TermKind::kStop:
      e->stop_mask |= LangBit(lang);
      break;
    case TermKind::kNegator:
      t.flags |= LangTraits::kNegator;
      break;
    case TermKind::kClauseNegator:
      t.flags |= LangTraits::kNegator | LangTraits::kClauseNegator;
      break;
    case TermKind::kContrast:
      t.flags |= LangTraits::kContrast;
      break;
    case TermKind::kBooster:
      t.flags |= LangTraits::kBooster;
      t.booster = value;
      break;
    // A value replaces the one before, also a value that counted only when negated.
    case TermKind::kPrefix:
      t.valence = value;
      t.flags &= static_cast<uint8_t>(~LangTraits::kWhenNegated);
      t.flags |= LangTraits::kHasValence | LangTraits::kRuleValence | LangTraits::kColourPrefix;
      break;
    case TermKind::kValence:
      t.valence = value;
      t.flags &= static_cast<uint8_t>(~LangTraits::kWhenNegated);
      t.flags |= LangTraits::kHasValence | LangTraits::kRuleValence;
      break;
    case TermKind::kNegated:
      t.valence = value;
      t.flags |= LangTraits::kWhenNegated;
      break;
    case TermKind::kNeutral:
      // An explicit 0: the word carries no sentiment, also not through the inflection and
      // compound fallback ("lurer" is not "lur" + "-er").
      t.valence = 0;
      t.flags &= static_cast<uint8_t>(~LangTraits::kWhenNegated);
      t.flags |= LangTraits::kHasValence | LangTraits::kRuleValence;
      break;
    case TermKind::kIntent:
      t.intents |= line.intent;
      break;
  }
}

}  // namespace stormwatch::enrich
