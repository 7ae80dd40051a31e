// Lexicon-and-rules sentiment scorer (see sentiment_scorer.h).
#include "operators/enrich/sentiment_scorer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>

namespace stormwatch::enrich {
namespace {

constexpr uint8_t kSentimentRoles = LangTraits::kHasValence | LangTraits::kNegator |
                                    LangTraits::kBooster | LangTraits::kContrast |
                                    LangTraits::kWhenNegated;

// Inflection endings tried, longest first, when a da/no/sv word is not in the lexicon.
// Nynorsk and Swedish forms too: comparative -are, superlative -ast(e), participle -ande,
// plural -ar/-ane, past and feminine -a ("skuffa", "mislykka").
constexpr std::string_view kScandinavianEndings[] = {
    "ande", "aste", "este", "are", "ast", "ere", "est", "ste", "ane", "ene", "ede", "ete",
    "het",  "hed",  "ar",   "er",  "en",  "et",  "te",  "de",  "a",   "e",   "t",   "s"};
constexpr std::string_view kEnglishEndings[] = {"ing", "ed", "es", "ly", "s"};

// Privative affixes: "u-"/"un-"/"o-" or "-løs"/"-less"/"-lös" on a positive word mean its
// quality is missing ("uinteressant", "humørløs", "uninspiring", "ointressant"); the word is
// scored as the negated stem. Order of kAllLangs (da, no, sv, en).
struct PrivativeAffixes {
  std::string_view prefix;
  std::string_view suffixes[3];
};
constexpr PrivativeAffixes kPrivativeAffixes[] = {
    {"u", {"løse", "løst", "løs"}},
    {"u", {"løse", "løst", "løs"}},
    {"o", {"lösa", "löst", "lös"}},
    {"un", {"less", "", ""}},
};
// Shorter stems match too many unrelated words ("ulike" is not "u" + "like").
constexpr size_t kMinPrivativeStem = 5;

// An intensifier as the first part of a compound has 4 to 6 bytes ("mega", "kjempe").
constexpr size_t kMinIntensifierPrefix = 4;
constexpr size_t kMaxIntensifierPrefix = 6;

// Compound parts: a head (last part) of at least 6 bytes, a strongly coloured (|v| >= 3)
// modifier (first part) of at least 6; shorter parts match too many unrelated words.
constexpr size_t kMinCompoundHead = 6;
constexpr size_t kMinCompoundModifier = 6;
constexpr double kMinModifierValence = 3;

bool IsCharBoundary(std::string_view s, size_t i) {
  return i == s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
}

// One lexicon unit after phrase matching: a word, emoji, emoticon or multi-word term.
struct Item {
  const LangTraits* traits = nullptr;  // null: no sentiment role
  float fallback_valence = 0;          // from FallbackValence when traits is null
  bool clause_end = false;  // false before a Scandinavian relative clause (IsRelativeClause)
  bool caps = false;
  bool symbol = false;     // emoji or emoticon: not reached by negation
  bool name_part = false;  // a capitalized word inside a name ("Good Morning America")
};

// `word` with every run of 3 or more equal ASCII letters shortened to `keep` letters
// ("goooood" -> "good" or "god"); empty when it has no such run.
std::string ShortenElongation(std::string_view word, size_t keep) {
  bool has_run = false;
  for (size_t i = 2; i < word.size() && !has_run; ++i) {
    has_run = word[i] == word[i - 1] && word[i] == word[i - 2];
  }
  if (!has_run) return std::string();
  std::string out;
  bool shortened = false;
  for (size_t i = 0; i < word.size();) {
    size_t j = i + 1;
    while (j < word.size() && word[j] == word[i]) ++j;
    const bool run = j - i >= 3 && static_cast<unsigned char>(word[i]) < 0x80;
    out.append(run ? keep : j - i, word[i]);
    shortened |= run;
    i = j;
  }
  return shortened ? out : std::string();
}

// A sentiment word: a valence other than 0 (a `neutral` entry holds an explicit 0).
// Danish, Norwegian and Swedish put a comma before a relative clause, which goes on the
// thought of the clause before it: "Der er ingen, der tager ansvar" (nobody takes
// responsibility). True when `end` ends in such a comma and `next` is "der" or "som".
bool IsRelativeClause(const TokenizedText& text, const Token& end, const Token* next, Lang lang) {
  if (lang == Lang::kEn || next == nullptr || !(end.flags & Token::kCommaEnd) ||
      (end.flags & Token::kSentenceEnd)) {
    return false;
  }
  const std::string_view word = text.text(*next);
  return word == "der" || word == "som";
}

bool HasValence(const Token& tok, int li) {
  return tok.entry != nullptr && (tok.entry->lang[li].flags & LangTraits::kHasValence) &&
         tok.entry->lang[li].valence != 0;
}

}  // namespace

std::string_view SentimentLabelName(SentimentLabel label) {
  switch (label) {
    case SentimentLabel::kNegative:
      return "negative";
    case SentimentLabel::kNeutral:
      return "neutral";
    case SentimentLabel::kPositive:
      return "positive";
  }
  return "neutral";
}

bool SentimentScorer::LexiconValence(std::string_view key, Lang lang, float* out) const {
  const VocabEntry* e = vocab_.Find(key);
  const LangTraits* t = e != nullptr ? &e->lang[LangIndex(lang)] : nullptr;
  if (t == nullptr || !(t->flags & LangTraits::kHasValence)) return false;
  *out = t->valence;
  return true;
}

float SentimentScorer::InflectedValence(std::string_view word, Lang lang, bool as_is) const {
  float v = 0;
  if (as_is && LexiconValence(word, lang, &v)) return v;
  const auto endings = lang == Lang::kEn ? std::span<const std::string_view>(kEnglishEndings)
                                         : std::span<const std::string_view>(kScandinavianEndings);
  for (std::string_view end : endings) {
    if (word.size() >= end.size() + 3 && word.ends_with(end) &&
        LexiconValence(word.substr(0, word.size() - end.size()), lang, &v)) {
      return v;
    }
  }
  return 0;
}

float SentimentScorer::PrivativeValence(std::string_view word, Lang lang) const {
  const PrivativeAffixes& affixes = kPrivativeAffixes[LangIndex(lang)];
  auto negated = [&](std::string_view stem) {
    const float v = stem.size() >= kMinPrivativeStem ? InflectedValence(stem, lang, true) : 0;
    return v > 0 ? static_cast<float>(v * params_.negation_scalar) : 0.0f;
  };
  if (word.starts_with(affixes.prefix)) {
    if (float v = negated(word.substr(affixes.prefix.size())); v != 0) return v;
  }
  for (std::string_view suffix : affixes.suffixes) {
    if (suffix.empty() || !word.ends_with(suffix)) continue;
    std::string_view stem = word.substr(0, word.size() - suffix.size());
    if (float v = negated(stem); v != 0) return v;
    // Scandinavian compounds often join with -s-: "meningsløs" = "mening" + "løs".
    if (lang != Lang::kEn && stem.ends_with('s')) return negated(stem.substr(0, stem.size() - 1));
    return 0;
  }
  return 0;
}

float SentimentScorer::EnglishValence(const TokenizedText& text, const Token& tok,
                                      Lang lang) const {
  // Not inside names or titles ("Dead Man Walking" in a review): a capital is allowed only
  // first in a sentence.
  if (lang == Lang::kEn || word_lists_ == nullptr || !word_lists_->Covers(lang) ||
      (tok.flags & Token::kNamePart) ||
      ((tok.flags & Token::kCapitalized) && !(tok.flags & Token::kSentenceStart))) {
    return 0;
  }
  // The token's entry is its lexicon lookup already (most unknown words have none: no further
  // lookup); the word list is consulted only for a word with an English valence.
  const LangTraits* en = tok.entry != nullptr ? &tok.entry->lang[LangIndex(Lang::kEn)] : nullptr;
  if (en == nullptr || !(en->flags & LangTraits::kHasValence)) return 0;
  if (word_lists_->Languages(text.text(tok)) & LangBit(lang)) return 0;
  return en->valence;
}

float SentimentScorer::FallbackValence(std::string_view word, Lang lang) const {
  if (float v = InflectedValence(word, lang, false); v != 0) return v;
  // Social-media elongation: "sooo goooood", "looove", "nooo".
  for (size_t keep : {2, 1}) {
    const std::string shorter = ShortenElongation(word, keep);
    if (shorter.empty()) break;
    if (float v = InflectedValence(shorter, lang, true); v != 0) return v;
  }
  if (float v = PrivativeValence(word, lang); v != 0) return v;
  if (lang == Lang::kEn || word.size() < 7) return 0;
  float v = 0;
  // A first part of 4-6 bytes, one lookup per length: an intensifier followed by a
  // sentiment word ("kjempebra", "superlækker", "dritkjedelig") wins; otherwise the first
  // part that colours whatever follows ("lortefirma", "møgvejr", "dritselskap").
  const LangTraits* colour = nullptr;
  for (size_t k = kMinIntensifierPrefix; k <= kMaxIntensifierPrefix && k + 3 <= word.size(); ++k) {
    if (!IsCharBoundary(word, k)) continue;
    const VocabEntry* prefix = vocab_.Find(word.substr(0, k));
    if (prefix == nullptr) continue;
    const LangTraits& t = prefix->lang[LangIndex(lang)];
    if (t.flags & LangTraits::kBooster) {
      if (float rest = InflectedValence(word.substr(k), lang, true); rest != 0) {
        return static_cast<float>(rest * t.booster);
      }
    }
    if (colour == nullptr && (t.flags & LangTraits::kColourPrefix)) colour = &t;
  }
  if (colour != nullptr) return static_cast<float>(colour->valence * params_.compound_scale);
  // Compounds: the head (last part) carries the meaning ("kundeservicekatastrofe"); a
  // strongly coloured first part ("lortefirma", "drømmeferie") also counts.
  // The longest known head decides; a neutral one ("service|aftale") ends the search for
  // shorter heads ("tale"), but a strong first part may still count.
  for (size_t k = 3; k + kMinCompoundHead <= word.size(); ++k) {
    if (IsCharBoundary(word, k) && LexiconValence(word.substr(k), lang, &v)) {
      if (v != 0) return static_cast<float>(v * params_.compound_scale);
      break;
    }
  }
  for (size_t k = word.size() - 3; k >= kMinCompoundModifier; --k) {
    if (IsCharBoundary(word, k) && LexiconValence(word.substr(0, k), lang, &v) &&
        std::abs(v) >= kMinModifierValence) {
      return static_cast<float>(v * params_.compound_scale);
    }
  }
  return 0;
}

SentimentResult SentimentScorer::Score(const TokenizedText& text, Lang lang,
                                       std::vector<ScoredTerm>* terms) const {
  // Two instances, so that scoring every mention pays nothing for explaining.
  return terms != nullptr ? ScoreTerms<true>(text, lang, terms)
                          : ScoreTerms<false>(text, lang, nullptr);
}

template <bool kExplain>
SentimentResult SentimentScorer::ScoreTerms(const TokenizedText& text, Lang lang,
                                            std::vector<ScoredTerm>* terms) const {
  const int li = LangIndex(lang);
  const std::vector<Token>& tokens = text.tokens;
  const bool mixed_case = text.caps_words * 2 < text.words;

  double total = 0;
  double weight = 1;
  double last = 0;          // contribution of the previous sentiment item
  double clause_total = 0;  // contributions since the current clause began
  bool last_clause_open = false;
  int negation_left = 0;          // items the current negator still reaches
  bool negation_pending = false;  // a negator that has reached no sentiment word yet
  double strongest = 0;           // the contribution of largest magnitude
  auto drop_negation = [&] {
    if (negation_pending) total -= params_.negator_evidence * weight;
    negation_pending = false;
    negation_left = 0;
  };
  double boost = 1;
  int boost_left = 0;
  // Explaining only: the record of `last` and the first record of the current clause.
  size_t last_term = 0;
  size_t clause_first_term = 0;
  auto scale_terms = [&](size_t from, double factor, bool negates) {
    if constexpr (kExplain) {
      for (size_t k = from; k < terms->size(); ++k) {
        (*terms)[k].contribution *= factor;
        if (negates) (*terms)[k].negated = !(*terms)[k].negated;
      }
    }
  };

  for (size_t i = 0; i < tokens.size();) {
    Item item;
    size_t used = 1;
    const Token& tok = tokens[i];
    if (tok.entry != nullptr && tok.entry->longest_phrase > 1) {
      const size_t limit = std::min<size_t>(tok.entry->longest_phrase, tokens.size() - i);
      for (size_t len = limit; len >= 2; --len) {
        bool crosses = false;
        for (size_t k = i; k + 1 < i + len; ++k) crosses |= (tokens[k].flags & Token::kClauseEnd);
        if (crosses) continue;
        const VocabEntry* e = vocab_.Find(text.span(i, i + len - 1));
        if (e != nullptr && (e->lang[li].flags & kSentimentRoles)) {
          item.traits = &e->lang[li];
          used = len;
          break;
        }
      }
    }
    if (item.traits == nullptr) {
      if (tok.entry != nullptr && (tok.entry->lang[li].flags & kSentimentRoles)) {
        item.traits = &tok.entry->lang[li];
      } else if (tok.kind == Token::kWord && tok.size >= 4 &&
                 (tok.entry == nullptr || tok.entry->stop_mask == 0)) {
        item.fallback_valence = EnglishValence(text, tok, lang);
        if (item.fallback_valence == 0)
          item.fallback_valence = FallbackValence(text.text(tok), lang);
      }
    }
    const Token& end_tok = tokens[i + used - 1];
    const Token* next_tok = i + used < tokens.size() ? &tokens[i + used] : nullptr;
    item.clause_end =
        (end_tok.flags & Token::kClauseEnd) && !IsRelativeClause(text, end_tok, next_tok, lang);
    item.caps = mixed_case && (tok.flags & Token::kAllCaps);
    item.symbol = tok.kind != Token::kWord;
    item.name_part = used == 1 && (tok.flags & Token::kNamePart);
    const size_t item_first = i;
    i += used;

    const uint8_t flags = item.traits ? item.traits->flags : 0;
    if (flags & LangTraits::kContrast) {
      drop_negation();
      total *= params_.before_contrast;
      scale_terms(0, params_.before_contrast, false);
      if constexpr (kExplain) clause_first_term = terms->size();
      strongest *= params_.before_contrast;
      weight = params_.after_contrast;
      boost_left = 0;
      boost = 1;
      last = 0;
      clause_total = 0;
      last_clause_open = false;
    } else if (flags & LangTraits::kNegator) {
      const bool ends_clause = item.clause_end || i == tokens.size();
      // A negative subject ("ingen kunne") looks ahead only: "Så skuffet ingen kunne hjelpe
      // meg" keeps its "skuffet".
      const bool looks_back = lang != Lang::kEn && !(flags & LangTraits::kClauseNegator);
      if (looks_back && last_clause_open && last != 0) {
        // Scandinavian main clauses put the negation after the finite verb:
        // "jeg liker ikke", "det fungerer ikke". Flip the word just before.
        total += last * params_.negation_scalar - last;
        clause_total += last * params_.negation_scalar - last;
        scale_terms(last_term, params_.negation_scalar, true);
        last = 0;
      } else if (looks_back && ends_clause && clause_total != 0) {
        // A clause-final negation with the object or verb fronted negates the clause:
        // "det likte jeg ikke", "værdi indeholder forestillingen ikke".
        total += clause_total * params_.negation_scalar - clause_total;
        scale_terms(clause_first_term, params_.negation_scalar, true);
        clause_total = 0;
      } else {
        drop_negation();
        // A negative subject ("nobody", "ingen i butikken") negates the verb after it
        // however far: to the end of the clause (which drops it).
        negation_left = (flags & LangTraits::kClauseNegator) ? std::numeric_limits<int>::max()
                                                             : params_.negation_scope;
        negation_pending = true;
      }
      last_clause_open = false;
    } else if ((flags & LangTraits::kBooster) &&
               (!(flags & LangTraits::kHasValence) || item.traits->valence == 0 ||
                (!item.clause_end && i < tokens.size() && HasValence(tokens[i], li)))) {
      // A word that is both an intensifier and a sentiment word ("super", "pisse",
      // "fucking") intensifies when a sentiment word follows, and counts by itself otherwise.
      boost *= item.traits->booster;
      boost_left = 2;
      last_clause_open = false;
    } else {
      double v = (flags & LangTraits::kHasValence) ? item.traits->valence : item.fallback_valence;
      bool negated = negation_left > 0 && !item.symbol;
      const bool reached_by_negation = negated;  // for explaining
      if (flags & LangTraits::kWhenNegated) {
        // "ikke hurtigt nok", "not enough": the entry holds the negated meaning.
        v = negated ? item.traits->valence : 0;
        negated = false;
      }
      if (v != 0) {
        if (boost_left > 0) v *= boost;
        if (item.caps) v *= params_.caps_emphasis;
        if (item.name_part) v *= params_.name_weight;
        if (negated) v *= params_.negation_scalar;
        if (v < 0) v *= params_.negative_weight;
        v *= weight;
        total += v;
        clause_total += v;
        if (std::abs(v) > std::abs(strongest)) strongest = v;
        if constexpr (kExplain) {
          // A word inside a name counts 0 (name_weight) and is no term of the explanation.
          if (v != 0) {
            last_term = terms->size();
            terms->push_back({std::string(text.span(item_first, i - 1)), v, reached_by_negation});
          }
        }
        last = v;
        last_clause_open = true;
        boost = 1;
        boost_left = 0;
        negation_left = 0;
        negation_pending = false;
      } else {
        last_clause_open = false;
        if (negation_left > 0 && --negation_left == 0) drop_negation();
        if (boost_left > 0 && --boost_left == 0) boost = 1;
      }
    }
    if (item.clause_end) {
      drop_negation();
      clause_total = 0;
      if constexpr (kExplain) clause_first_term = terms->size();
      boost_left = 0;
      boost = 1;
      last_clause_open = false;
    }
  }

  drop_negation();
  const double term_sum = total;
  if (params_.strongest_weight != 0) {
    total = (1 - params_.strongest_weight) * total + params_.strongest_weight * strongest;
  }
  if (params_.length_exponent != 0 && text.words > 10) {
    total /= std::pow(text.words / 10.0, params_.length_exponent);
  }
  if (text.questions > 0 && text.exclamations == 0) total *= params_.question_weight;
  if (total == 0 && text.exclamations > 0) total = params_.bare_exclamation;
  if (total != 0 && text.exclamations > 0) {
    const double emphasis = std::min(text.exclamations, 4) * params_.exclamation_step;
    total += total > 0 ? emphasis : -emphasis;
  }
  SentimentResult result;
  result.term_sum = term_sum;
  result.score = total / std::sqrt(total * total + params_.normalisation_alpha);
  if (result.score >= params_.positive_threshold) {
    result.label = SentimentLabel::kPositive;
  } else if (result.score <= params_.negative_threshold) {
    result.label = SentimentLabel::kNegative;
  }
  return result;
}

}  // namespace stormwatch::enrich
