// Language identification for short texts (da, no, sv, en), second step of enrichment:
// tokens -> language. A stop-word model (data/lexicons/rules/<lang>.txt) plus letters typical
// of a language (æ ø å ä ö); falls back to a configured default when the evidence is weak.
#pragma once

#include "operators/enrich/language.h"
#include "operators/enrich/tokenizer.h"

namespace stormwatch::enrich {

struct LanguageGuess {
  Lang lang = Lang::kEn;
  bool confident = false;  // false: the default language was used
};

// Stateless apart from its configuration; thread-safe.
class LanguageIdentifier {
 public:
  explicit LanguageIdentifier(Lang default_lang) : default_lang_(default_lang) {}

  // `text` must have its token entries looked up (Token::entry).
  LanguageGuess Identify(const TokenizedText& text) const;

 private:
  Lang default_lang_;
};

}  // namespace stormwatch::enrich
