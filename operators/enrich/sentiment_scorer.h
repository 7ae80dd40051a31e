// Lexicon-and-rules sentiment, third step of enrichment: tokens + language -> score in
// [-1, 1] and a label. Multi-word entries, negation scope (also the Scandinavian verb-first
// "liker ikke" and clause-final "det likte jeg ikke"), intensifiers/downtoners, contrast
// ("men", "but"), capitals, exclamation marks, emoji and emoticons, and a cheap fallback for
// unknown words: inflection endings, privative affixes ("uspennende", "humørløs"),
// elongation ("sooo"), intensifier, colouring ("lortefirma") and compound parts (da/no/sv).
#pragma once

#include <string>
#include <vector>

#include "operators/enrich/language.h"
#include "operators/enrich/tokenizer.h"
#include "operators/enrich/vocabulary.h"
#include "operators/enrich/word_lists.h"

namespace stormwatch::enrich {

enum class SentimentLabel { kNegative, kNeutral, kPositive };
std::string_view SentimentLabelName(SentimentLabel label);  // "negative", ...

struct SentimentResult {
  double score = 0;  // in [-1, 1]
  SentimentLabel label = SentimentLabel::kNeutral;
  // The sum of the terms' contributions (ScoredTerm) before the text-level steps; with
  // negator_evidence 0 (the default) it is exactly what an explanation's terms add up to.
  double term_sum = 0;
};

// What one word or multi-word term added to a text's sum (AFINN scale, after negation,
// boosters, capitals, contrast and the negativity weight; before the text-level steps:
// strongest_weight and length_exponent when set, question, exclamation marks,
// normalisation). For `stormwatch sentiment --explain`. `negated`: a negator reached it.
struct ScoredTerm {
  std::string term;  // case-folded, as the lexicon matched it
  double contribution = 0;
  bool negated = false;
};

// The one parameter set used for every language (see bench/README.md for how it measures).
struct SentimentParams {
  double negation_scalar = -0.74;   // a negated sentiment word flips and weakens
  int negation_scope = 3;           // items after a negator that it reaches
  double before_contrast = 0.5;     // weight of what precedes "but"
  double after_contrast = 1.5;      // weight of what follows "but"
  double caps_emphasis = 1.5;       // a word in capitals in a text that is not all capitals
  double exclamation_step = 0.1;    // added to |sum| per '!', up to 4
  double negative_weight = 1.5;     // negativity bias: negative evidence weighs more
  double compound_scale = 0.8;      // valence of a word found only as part of a compound
  double normalisation_alpha = 15;  // score = sum / sqrt(sum^2 + alpha)
  double question_weight = 0.5;     // a text that asks (?) and does not exclaim (!)
  double bare_exclamation = 1.0;    // sum given to a text with '!' but no sentiment word
  double negator_evidence = 0.0;    // sum added (negative) per negator that reaches no word
  double length_exponent = 0.0;     // sum /= max(1, words / 10)^exponent
  double strongest_weight = 0.0;    // sum = (1 - w) * sum + w * strongest item
  double name_weight = 0.0;         // a capitalized word in a run of them, not first in its
                                    // sentence: part of a name ("Best Buy", "Super Brugsen")
  double positive_threshold = 0.3;
  double negative_threshold = -0.1;
};

// Immutable; Score is const and thread-safe. Does not own `vocab`, which must outlive it.
class SentimentScorer {
 public:
  // `word_lists` (may be null) lets an English word in a Scandinavian post count with its
  // English valence when the post language's list does not hold it.
  SentimentScorer(const Vocabulary& vocab, SentimentParams params,
                  const WordLists* word_lists = nullptr)
      : vocab_(vocab), params_(params), word_lists_(word_lists) {}

  // `text` must have its token entries looked up (Token::entry). When `terms` is given, the
  // contribution of every sentiment term is appended to it (a slower path for explaining).
  SentimentResult Score(const TokenizedText& text, Lang lang,
                        std::vector<ScoredTerm>* terms = nullptr) const;

 private:
  // Score's body; with kExplain, `terms` is not null and receives each term's contribution.
  template <bool kExplain>
  SentimentResult ScoreTerms(const TokenizedText& text, Lang lang,
                             std::vector<ScoredTerm>* terms) const;

  // Valence of a word not in the lexicon, via inflection, elongation, a privative affix, an
  // intensifier first part or compound parts; 0 if none.
  float FallbackValence(std::string_view word, Lang lang) const;
  // An English word in a Scandinavian post ("epic fail", "helt useless", "awesome service"):
  // its English valence, unless the post language's word list holds the word ("bad" is
  // Danish for bath, "hell" Norwegian for luck); 0 otherwise.
  float EnglishValence(const TokenizedText& text, const Token& tok, Lang lang) const;
  // Lexicon valence of `key` in `lang`; false if it has none.
  bool LexiconValence(std::string_view key, Lang lang, float* out) const;
  // Valence of `word` (when `as_is`) or of `word` less an inflection ending; 0 if none.
  float InflectedValence(std::string_view word, Lang lang, bool as_is) const;
  // Negated valence of a positive stem under a privative affix; 0 if none.
  float PrivativeValence(std::string_view word, Lang lang) const;

  const Vocabulary& vocab_;
  SentimentParams params_;
  const WordLists* word_lists_;
};

}  // namespace stormwatch::enrich
