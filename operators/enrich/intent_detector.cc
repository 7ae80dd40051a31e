// Term-list intent detector (see intent_detector.h).
#include "operators/enrich/intent_detector.h"

#include <algorithm>

namespace stormwatch::enrich {
namespace {

// Sentiment strong enough to count as praise without a praise term.
constexpr double kPraiseScore = 0.6;

}  // namespace

std::vector<std::string_view> IntentNames(uint8_t intents) {
  std::vector<std::string_view> names;
  if (intents & kIntentComplaint) names.push_back("complaint");
  if (intents & kIntentQuestion) names.push_back("question");
  if (intents & kIntentContactSeeking) names.push_back("contact_seeking");
  if (intents & kIntentPraise) names.push_back("praise");
  return names;
}

uint8_t IntentDetector::Detect(const TokenizedText& text, Lang lang,
                               const SentimentResult& sentiment) const {
  const int li = LangIndex(lang);
  const std::vector<Token>& tokens = text.tokens;
  uint8_t terms = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& tok = tokens[i];
    if (tok.entry == nullptr) continue;
    const bool sentence_start = tok.flags & Token::kSentenceStart;
    auto take = [&](const VocabEntry& e) {
      uint8_t bits = e.lang[li].intents;
      if (!sentence_start) bits &= static_cast<uint8_t>(~kIntentQuestion);
      terms |= bits;
    };
    // A single word inside a name ("Best Buy", "#SuperBrugsen") praises or blames nothing and
    // asks nothing; it can still name a contact channel ("Customer Service" as a phrase).
    if (tok.flags & Token::kNamePart) {
      terms |= tok.entry->lang[li].intents & (kIntentContactSeeking | kIntentContactChannel);
    } else {
      take(*tok.entry);
    }
    if (tok.entry->longest_phrase < 2) continue;
    const size_t limit = std::min<size_t>(tok.entry->longest_phrase, tokens.size() - i);
    for (size_t len = 2; len <= limit; ++len) {
      if (tokens[i + len - 2].flags & Token::kClauseEnd) break;
      if (const VocabEntry* e = vocab_.Find(text.span(i, i + len - 1))) take(*e);
    }
  }

  uint8_t intents = terms & (kIntentContactSeeking | kIntentQuestion);
  if ((terms & kIntentContactChannel) && sentiment.label != SentimentLabel::kPositive) {
    intents |= kIntentContactSeeking;
  }
  if (text.questions > 0) intents |= kIntentQuestion;
  if (sentiment.label == SentimentLabel::kNegative ||
      ((terms & kIntentComplaint) && sentiment.label != SentimentLabel::kPositive)) {
    intents |= kIntentComplaint;
  }
  // A warm request for contact ("Please DM me, I need help") is not praise by its tone
  // alone; a praise term still counts ("Tak for hjælpen, skriv gerne til mig").
  const bool warm = sentiment.score >= kPraiseScore && !(intents & kIntentContactSeeking);
  if (sentiment.label != SentimentLabel::kNegative && ((terms & kIntentPraise) || warm)) {
    intents |= kIntentPraise;
  }
  return intents;
}

}  // namespace stormwatch::enrich
