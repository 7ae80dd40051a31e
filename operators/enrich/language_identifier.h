// Language identification for short texts (da, no, sv, en), second step of enrichment:
// tokens -> language. A stop-word model (data/lexicons/rules/<lang>.txt), letters typical of
// a language (æ ø å ä ö) and, when given, the spelling word lists of each language (a word
// that only some dictionaries hold); falls back to a configured default when the evidence is
// weak.
#pragma once

#include <array>

#include "operators/enrich/language.h"
#include "operators/enrich/tokenizer.h"
#include "operators/enrich/word_lists.h"

namespace stormwatch::enrich {

struct LanguageGuess {
  Lang lang = Lang::kEn;
  bool confident = false;  // false: the default language was used
};

// Stateless apart from its configuration; thread-safe.
class LanguageIdentifier {
 public:
  // `word_lists` may be null (stop words and letters only); it must outlive this.
  explicit LanguageIdentifier(const WordLists* word_lists) : word_lists_(word_lists) {}

  // `text` must have its token entries looked up (Token::entry). `default_lang` (the brand's
  // language) is the answer when the evidence is weak, and wins ties it is part of.
  LanguageGuess Identify(const TokenizedText& text, Lang default_lang) const;

 private:
  // Adds the evidence of the words (not stop words) that some but not all lists hold.
  void AddWordListEvidence(const TokenizedText& text, std::array<double, kNumLangs>& score) const;

  const WordLists* word_lists_;
};

}  // namespace stormwatch::enrich
