// Fuzzes the enrich core on untrusted mention text: tokenizer (UTF-8, emoji, emoticons,
// camel-case hashtags, "\uXXXX" escapes), language identification with the word lists,
// sentiment and intents, with and without a language hint, and the explaining path of
// `stormwatch sentiment --explain`. A score outside [-1, 1], an intent bit outside the four
// reported ones, an explained score that differs from the plain one, or explained terms that
// do not add up to the score's sum abort.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "operators/enrich/mention_enricher.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using stormwatch::enrich::MentionEnricher;
  static const MentionEnricher* enricher = MentionEnricher::Create({}).value().release();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (std::string_view hint : {"", "da", "no", "sv", "en"}) {
    const stormwatch::enrich::EnrichmentResult r = enricher->Analyze(text, hint);
    if (!(r.score >= -1.0 && r.score <= 1.0) || (r.intents & ~0x0F) != 0) std::abort();
  }
  // The explaining path scores as the plain one, and its terms add up to the sum the
  // score is normalised from.
  for (const stormwatch::enrich::Lang lang : stormwatch::enrich::kAllLangs) {
    std::vector<stormwatch::enrich::ScoredTerm> terms;
    const std::string_view hint = stormwatch::enrich::LangCode(lang);
    const stormwatch::enrich::EnrichmentResult plain = enricher->Analyze(text, hint);
    const stormwatch::enrich::EnrichmentResult explained =
        enricher->Analyze(text, hint, lang, &terms);
    if (plain.score != explained.score || plain.intents != explained.intents) std::abort();
    double sum = 0;
    for (const stormwatch::enrich::ScoredTerm& t : terms) sum += t.contribution;
    const double tolerance = 1e-6 * std::max(1.0, std::abs(explained.sentiment_term_sum));
    if (std::abs(sum - explained.sentiment_term_sum) > tolerance) std::abort();
  }
  return 0;
}
