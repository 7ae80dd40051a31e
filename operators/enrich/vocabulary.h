// The enrich operator's word knowledge, one hash lookup per token: sentiment valence, rule
// roles (negator, booster, contrast), language-id stop words and intent terms, per language.
// Built once from the shipped data (data/lexicons, data/intents) and a deployment's own
// custom_terms; immutable and thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "operators/enrich/language.h"
#include "operators/enrich/term_file.h"
#include "operators/enrich/tokenizer.h"

namespace stormwatch::enrich {

enum IntentBit : uint8_t {
  kIntentComplaint = 1,
  kIntentQuestion = 2,
  kIntentContactSeeking = 4,
  kIntentPraise = 8,
  // Internal, never reported: a contact channel ("kundeservice", "the chat") named in a post;
  // contact-seeking unless the post is positive ("Tak til kundeservice for hjælpen").
  kIntentContactChannel = 16,
};

// What a word (or multi-word term) means in one language.
struct LangTraits {
  enum Flag : uint8_t {
    kHasValence = 1,
    kNegator = 2,
    kContrast = 4,
    kBooster = 8,
    kRuleValence = 16,     // valence set by rules/<lang>.txt (kept even for a stop word)
    kColourPrefix = 32,    // as a compound's first part it gives the compound its valence
    kWhenNegated = 64,     // counts only when a negator reaches it, with `valence` as the
                           // negated meaning ("ikke hurtigt nok": not enough = too slow)
    kClauseNegator = 128,  // with kNegator: reaches to the end of its clause, not a few
                           // words ("nobody", "ingen i butikken ... kunne hjelpe")
  };
  float valence = 0;  // AFINN scale, -5..+5
  float booster = 1;  // multiplier for the next sentiment word when kBooster
  uint8_t flags = 0;
  uint8_t intents = 0;  // IntentBit mask
};

struct VocabEntry {
  std::array<LangTraits, kNumLangs> lang;
  uint8_t stop_mask = 0;       // LangBit of the languages it is a stop word of
  uint8_t longest_phrase = 0;  // words of the longest multi-word term starting with this
                               // word; 0 if none starts with it
  uint8_t phrase_words = 1;    // number of words of this key
};

// Where the data comes from: empty directories mean the copy embedded in the binary.
struct VocabularySources {
  std::string lexicon_dir;  // replaces data/lexicons
  std::string intents_dir;  // replaces data/intents
  // The deployment's own term files per language, loaded after the shipped lists: a value
  // (valence, prefix, negated, neutral, booster) replaces the shipped one, a role (stop,
  // negator, contrast) or an intent is added to the shipped ones. Each line is a rules line
  // (kind<TAB>term[<TAB>value], data/lexicons/rules/README.md) or an intents line
  // (intent<TAB>term).
  FilesPerLang custom_terms;
};

class Vocabulary {
 public:
  static absl::StatusOr<std::unique_ptr<Vocabulary>> Create(const VocabularySources& sources);

  // Key: case-folded words separated by single spaces (TokenizedText::span).
  const VocabEntry* Find(std::string_view key) const {
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : &it->second;
  }
  const TextTokenizer& tokenizer() const { return *tokenizer_; }

 private:
  Vocabulary() = default;
  // Normalises `term` with the tokenizer; returns the entry (created on demand) or null when
  // the term has no tokens.
  VocabEntry* Insert(std::string_view term);
  absl::Status LoadAfinnTsv(std::string_view content, Lang lang, bool only_missing);
  absl::Status LoadJsonLexicon(std::string_view content, Lang lang);
  absl::Status LoadEmojiRanking(std::string_view content);
  // Errors name the file and the line (term_file.h).
  absl::Status LoadTerms(std::string_view content, Lang lang, std::string_view file,
                         TermFileKind file_kind);
  void ApplyTerm(const TermLine& line, Lang lang);
  // Gives the regular Nynorsk spelling of every Norwegian sentiment word that lacks one.
  void AddNynorskSpellings();

  std::unique_ptr<TextTokenizer> tokenizer_;
  absl::flat_hash_map<std::string, VocabEntry, StringViewHash, StringViewEq> entries_;
  TokenizedText scratch_;
};

}  // namespace stormwatch::enrich
