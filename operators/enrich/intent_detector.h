// Intent detection, last step of enrichment: tokens + language + sentiment -> intents
// (complaint, question, contact-seeking/waiting, praise). Term lists per language in
// data/intents/<lang>.txt; question words count at a sentence start, '?' always does.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "operators/enrich/language.h"
#include "operators/enrich/sentiment_scorer.h"
#include "operators/enrich/tokenizer.h"
#include "operators/enrich/vocabulary.h"

namespace stormwatch::enrich {

// Names in output order: "complaint", "question", "contact_seeking", "praise".
std::vector<std::string_view> IntentNames(uint8_t intents);

// Immutable; Detect is const and thread-safe. Does not own `vocab`, which must outlive it.
class IntentDetector {
 public:
  explicit IntentDetector(const Vocabulary& vocab) : vocab_(vocab) {}

  // Returns an IntentBit mask. `text` must have its token entries looked up.
  uint8_t Detect(const TokenizedText& text, Lang lang, const SentimentResult& sentiment) const;

 private:
  const Vocabulary& vocab_;
};

}  // namespace stormwatch::enrich
