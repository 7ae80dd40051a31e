// The enrich operator's pure core: text (+ optional language hint) -> language, sentiment
// score and label, intents. Used by the enrich operator on every mention and by the
// `stormwatch sentiment` command. Knows nothing of Kafka or the runtime.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "operators/enrich/intent_detector.h"
#include "operators/enrich/language.h"
#include "operators/enrich/language_identifier.h"
#include "operators/enrich/sentiment_scorer.h"
#include "operators/enrich/vocabulary.h"
#include "operators/enrich/word_lists.h"
#include "stormwatch/v1/event.pb.h"

namespace stormwatch::enrich {

struct EnricherConfig {
  Lang default_lang = Lang::kEn;  // used when the language cannot be told
  // Per brand (Mention::brand), the language used instead of default_lang: a Norwegian brand
  // gets "Pakken kom for sent" (Danish and Norwegian alike) as Norwegian.
  std::map<std::string, Lang, std::less<>> brand_default_lang;
  std::string lexicon_dir;    // empty: the lexicons embedded at build time
  std::string intents_dir;    // empty: the intent lists embedded at build time
  FilesPerLang custom_terms;  // the deployment's own terms (VocabularySources)
  // Spelling word lists for language identification; empty: stop words and letters only.
  WordListSources word_lists = WordListSources::DebianDefaults();
  SentimentParams sentiment;
};

// How the language of a mention was found.
enum class LangSource : uint8_t {
  kHint = 0,        // the mention's own `lang` field
  kIdentified = 1,  // language identification
  kDefault = 2,     // the configured default: the text gave too little evidence
};
inline constexpr int kNumLangSources = 3;

struct EnrichmentResult {
  Lang lang = Lang::kEn;
  LangSource lang_source = LangSource::kIdentified;
  double score = 0;
  SentimentLabel label = SentimentLabel::kNeutral;
  uint8_t intents = 0;            // IntentBit mask; IntentNames() for the names
  double sentiment_term_sum = 0;  // SentimentResult::term_sum
};

// Immutable after Create; Analyze and Enrich are const and thread-safe (per-thread scratch).
class MentionEnricher {
 public:
  static absl::StatusOr<std::unique_ptr<MentionEnricher>> Create(const EnricherConfig& config);

  // `lang_hint` wins when it is a known language code; otherwise the language is identified,
  // falling back to `default_lang` (the configured default when not given).
  EnrichmentResult Analyze(std::string_view text, std::string_view lang_hint) const {
    return Analyze(text, lang_hint, default_lang_);
  }
  // `terms` (may be null) receives what each sentiment term contributed (ScoredTerm).
  EnrichmentResult Analyze(std::string_view text, std::string_view lang_hint, Lang default_lang,
                           std::vector<ScoredTerm>* terms = nullptr) const;

  // The default language of a brand: its own when configured, else the configured default.
  Lang DefaultLangOf(std::string_view brand) const;

  // Fills mention.enrichment() from mention.text() and mention.lang() (falling back to the
  // default language of mention.brand()); returns the analysis.
  EnrichmentResult Enrich(v1::Mention& mention) const;

 private:
  MentionEnricher(const EnricherConfig& config, std::unique_ptr<Vocabulary> vocab,
                  std::shared_ptr<const WordLists> word_lists);

  Lang default_lang_;
  std::map<std::string, Lang, std::less<>> brand_default_lang_;
  std::unique_ptr<Vocabulary> vocab_;
  std::shared_ptr<const WordLists> word_lists_;  // null when none are configured
  LanguageIdentifier language_identifier_;
  SentimentScorer sentiment_scorer_;
  IntentDetector intent_detector_;
};

}  // namespace stormwatch::enrich
