// Counters of the enrich operator (see enrich_metrics.h).
#include "operators/enrich/enrich_metrics.h"

#include <string>

#include "operators/enrich/intent_detector.h"
#include "pipeline/core/metrics.h"

namespace stormwatch {
namespace {

constexpr const char* kSourceNames[enrich::kNumLangSources] = {"hint", "identified", "default"};
constexpr const char* kLabelNames[EnrichMetrics::kNumLabels] = {"negative", "neutral", "positive"};
constexpr uint8_t kIntentBits[EnrichMetrics::kNumIntents] = {
    enrich::kIntentComplaint, enrich::kIntentQuestion, enrich::kIntentContactSeeking,
    enrich::kIntentPraise};

int LabelIndex(enrich::SentimentLabel label) {
  switch (label) {
    case enrich::SentimentLabel::kNegative:
      return 0;
    case enrich::SentimentLabel::kNeutral:
      return 1;
    case enrich::SentimentLabel::kPositive:
      return 2;
  }
  return 1;
}

}  // namespace

EnrichMetrics& EnrichMetrics::Get() {
  static EnrichMetrics* metrics = new EnrichMetrics();
  return *metrics;
}

EnrichMetrics::EnrichMetrics() {
  auto& mentions = prometheus::BuildCounter()
                       .Name("stormwatch_enrich_mentions_total")
                       .Help(
                           "Mentions enriched, by language and how it was found: hint (the "
                           "mention's lang field), identified, default (too little evidence)")
                       .Register(*MetricsRegistry());
  auto& labels = prometheus::BuildCounter()
                     .Name("stormwatch_enrich_sentiment_labels_total")
                     .Help("Mentions enriched, by language and sentiment label")
                     .Register(*MetricsRegistry());
  auto& intents = prometheus::BuildCounter()
                      .Name("stormwatch_enrich_intents_total")
                      .Help("Intents found in enriched mentions (a mention can have several)")
                      .Register(*MetricsRegistry());
  for (enrich::Lang lang : enrich::kAllLangs) {
    const std::string code(enrich::LangCode(lang));
    for (int s = 0; s < enrich::kNumLangSources; ++s) {
      mentions_[enrich::LangIndex(lang)][s] =
          &mentions.Add({{"lang", code}, {"lang_source", kSourceNames[s]}});
    }
    for (int l = 0; l < kNumLabels; ++l) {
      labels_[enrich::LangIndex(lang)][l] =
          &labels.Add({{"lang", code}, {"label", kLabelNames[l]}});
    }
  }
  for (int i = 0; i < kNumIntents; ++i) {
    // IntentNames gives the contract's name of a single intent bit.
    intents_[i] = &intents.Add({{"intent", std::string(enrich::IntentNames(kIntentBits[i])[0])}});
  }
}

void EnrichMetrics::Count(const enrich::EnrichmentResult& result) {
  const int li = enrich::LangIndex(result.lang);
  mentions_[li][static_cast<int>(result.lang_source)]->Increment();
  labels_[li][LabelIndex(result.label)]->Increment();
  for (int i = 0; i < kNumIntents; ++i) {
    if (result.intents & kIntentBits[i]) intents_[i]->Increment();
  }
}

}  // namespace stormwatch
