// Unicode-aware tokenizer of the enrich operator: splits a mention's text into case-folded
// words, emoji and emoticons (utf8proc), and records the punctuation and capitals the
// sentiment rules need. First step of enrichment: text -> tokens -> language, sentiment, intent.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "operators/enrich/language.h"

namespace stormwatch::enrich {

struct VocabEntry;

struct Token {
  enum Kind : uint8_t { kWord, kEmoji, kEmoticon };
  enum Flag : uint8_t {
    kAllCaps = 1,        // a word of >= 2 letters written in capitals
    kClauseEnd = 2,      // followed by , ; : . ! ? or similar
    kSentenceEnd = 4,    // followed by . ! ? or a line break
    kSentenceStart = 8,  // first token of the text or of a sentence
    kCapitalized = 16,   // a word of >= 2 letters with a capital first letter, not all capitals
    kNamePart = 32,      // kCapitalized, not first in its sentence, next to another kCapitalized
                         // word of its clause, in a text that is not title case, or a part of
                         // a camel-case hashtag: part of a name ("Best Buy", "#SuperBrugsen"),
                         // not an opinion by itself
    kCommaEnd = 64,      // followed by a comma (with kClauseEnd)
  };
  uint32_t begin = 0;  // into TokenizedText::folded
  uint32_t size = 0;
  Kind kind = kWord;
  uint8_t flags = 0;
  const VocabEntry* entry = nullptr;  // filled by the enricher; null when unknown
};

// The tokens of one text. Tokens are stored case-folded in `folded`, separated by exactly
// one space, so the tokens i..j of a multi-word entry are one contiguous substring.
struct TokenizedText {
  std::string folded;
  std::vector<Token> tokens;
  int exclamations = 0;
  int questions = 0;
  int caps_words = 0;
  int capitalized_inner_words = 0;  // kCapitalized and not kSentenceStart
  int lowercase_words = 0;          // >= 2 letters, none of them capital
  int words = 0;

  void Clear();
  std::string_view text(const Token& t) const { return {folded.data() + t.begin, t.size}; }
  // Tokens [first, last] as one space-separated string.
  std::string_view span(size_t first, size_t last) const {
    return {folded.data() + tokens[first].begin,
            tokens[last].begin + tokens[last].size - tokens[first].begin};
  }
};

// Immutable after construction; Tokenize is const and thread-safe.
class TextTokenizer {
 public:
  // `emoticons` are matched case-sensitively at token starts (":)", "<3", "xD", ...).
  explicit TextTokenizer(std::vector<std::string> emoticons);

  // Fills `out`. URLs and @handles are skipped, '#' of hashtags dropped, words case-folded
  // (full Unicode case folding), text in decomposed form is NFC-composed first, and literal
  // "\\uXXXX" escapes left by double JSON encoding are decoded.
  void Tokenize(std::string_view text, TokenizedText& out) const;

 private:
  // Returns false when the text holds combining marks and must be NFC-normalised first.
  bool TokenizeComposed(std::string_view text, bool allow_marks, TokenizedText& out) const;

  absl::flat_hash_set<std::string, StringViewHash, StringViewEq> emoticons_;
  size_t max_emoticon_size_ = 0;
};

}  // namespace stormwatch::enrich
