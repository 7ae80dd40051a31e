// The enrich core: tokenize, identify language, score sentiment, detect intents
// (see mention_enricher.h).
#include "operators/enrich/mention_enricher.h"

namespace stormwatch::enrich {

absl::StatusOr<std::unique_ptr<MentionEnricher>> MentionEnricher::Create(
    const EnricherConfig& config) {
  absl::StatusOr<std::unique_ptr<Vocabulary>> vocab =
      Vocabulary::Create({config.lexicon_dir, config.intents_dir, config.custom_terms});
  if (!vocab.ok()) {
    return absl::Status(vocab.status().code(),
                        "cannot load lexicons: " + std::string(vocab.status().message()));
  }
  std::shared_ptr<const WordLists> word_lists;
  if (!config.word_lists.empty()) {
    absl::StatusOr<std::shared_ptr<const WordLists>> loaded =
        WordLists::Load(config.word_lists, (*vocab)->tokenizer());
    if (!loaded.ok()) return loaded.status();
    word_lists = *std::move(loaded);
  }
  return std::unique_ptr<MentionEnricher>(
      new MentionEnricher(config, *std::move(vocab), std::move(word_lists)));
}

MentionEnricher::MentionEnricher(const EnricherConfig& config, std::unique_ptr<Vocabulary> vocab,
                                 std::shared_ptr<const WordLists> word_lists)
    : default_lang_(config.default_lang),
      brand_default_lang_(config.brand_default_lang),
      vocab_(std::move(vocab)),
      word_lists_(std::move(word_lists)),
      language_identifier_(word_lists_.get()),
      sentiment_scorer_(*vocab_, config.sentiment, word_lists_.get()),
      intent_detector_(*vocab_) {}

Lang MentionEnricher::DefaultLangOf(std::string_view brand) const {
  const auto it = brand_default_lang_.find(brand);
  return it != brand_default_lang_.end() ? it->second : default_lang_;
}

EnrichmentResult MentionEnricher::Analyze(std::string_view text, std::string_view lang_hint,
                                          Lang default_lang, std::vector<ScoredTerm>* terms) const {
  thread_local TokenizedText tokens;
  vocab_->tokenizer().Tokenize(text, tokens);
  for (Token& t : tokens.tokens) t.entry = vocab_->Find(tokens.text(t));

  EnrichmentResult result;
  if (std::optional<Lang> hinted = ParseLang(lang_hint)) {
    result.lang = *hinted;
    result.lang_source = LangSource::kHint;
  } else {
    const LanguageGuess guess = language_identifier_.Identify(tokens, default_lang);
    result.lang = guess.lang;
    result.lang_source = guess.confident ? LangSource::kIdentified : LangSource::kDefault;
  }
  const SentimentResult sentiment = sentiment_scorer_.Score(tokens, result.lang, terms);
  result.score = sentiment.score;
  result.label = sentiment.label;
  result.sentiment_term_sum = sentiment.term_sum;
  result.intents = intent_detector_.Detect(tokens, result.lang, sentiment);
  return result;
}

EnrichmentResult MentionEnricher::Enrich(v1::Mention& mention) const {
  const EnrichmentResult r =
      Analyze(mention.text(), mention.lang(), DefaultLangOf(mention.brand()));
  v1::Enrichment& e = *mention.mutable_enrichment();
  e.set_lang(std::string(LangCode(r.lang)));
  e.set_sentiment_score(r.score);
  switch (r.label) {
    case SentimentLabel::kNegative:
      e.set_label(v1::NEGATIVE);
      break;
    case SentimentLabel::kNeutral:
      e.set_label(v1::NEUTRAL);
      break;
    case SentimentLabel::kPositive:
      e.set_label(v1::POSITIVE);
      break;
  }
  e.clear_intents();
  if (r.intents & kIntentComplaint) e.add_intents(v1::COMPLAINT);
  if (r.intents & kIntentQuestion) e.add_intents(v1::QUESTION);
  if (r.intents & kIntentContactSeeking) e.add_intents(v1::CONTACT_SEEKING);
  if (r.intents & kIntentPraise) e.add_intents(v1::PRAISE);
  return r;
}

}  // namespace stormwatch::enrich
