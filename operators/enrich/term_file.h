// The text files of the enrich vocabulary, parsed before the Vocabulary applies them: the
// shipped rules (data/lexicons/rules/<lang>.txt), intents (data/intents/<lang>.txt) and a
// deployment's own custom_terms, one `kind<TAB>term[<TAB>value]` per line. Also the line
// splitting every vocabulary loader shares. Errors name the file and the line.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace stormwatch::enrich {

struct NumberedLine {
  int number;  // 1-based, in the file
  std::string_view text;
};

// Non-empty lines without '#' comments or trailing white space (also CR of CRLF files), after
// a UTF-8 byte-order mark (files saved by Windows editors). Views into `content`.
std::vector<NumberedLine> DataLines(std::string_view content);

// `s` cut at every `sep`; views into `s`.
std::vector<std::string_view> SplitFields(std::string_view s, char sep);

enum class TermKind : uint8_t {
  kStop,           // a frequent function word: evidence for the language
  kNegator,        // flips the sentiment words in its scope
  kClauseNegator,  // a negator whose scope runs to the end of its clause
  kContrast,       // "but": what follows weighs more
  kBooster,        // intensifier or downtoner; value = multiplier
  kPrefix,         // a compound's first part that colours the compound; value = valence
  kValence,        // a sentiment entry; value = valence
  kNegated,        // counts only when negated; value = the negated meaning
  kNeutral,        // removes the lexicon valence
  kIntent,         // an intent term; TermLine::intent says which
};

struct TermLine {
  TermKind kind;
  std::string_view term;  // a view into the parsed content
  double value = 0;
  uint8_t intent = 0;  // IntentBit when kind == kIntent
};

enum class TermFileKind {
  kRules,        // rules kinds only
  kIntents,      // intent kinds only
  kCustomTerms,  // both
};

// InvalidArgument "FILE:LINE: why, got 'line'" for the first bad line.
absl::StatusOr<std::vector<TermLine>> ParseTermFile(std::string_view content, std::string_view file,
                                                    TermFileKind file_kind);

}  // namespace stormwatch::enrich
