// Shared fixture for the enrich tests: one MentionEnricher (embedded lexicons, default
// language en) built once per test binary.
#pragma once

#include <memory>

#include "gtest/gtest.h"
#include "operators/enrich/mention_enricher.h"

namespace stormwatch::enrich {

class EnricherTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (enricher_ != nullptr) return;
    absl::StatusOr<std::unique_ptr<MentionEnricher>> e = MentionEnricher::Create({});
    ASSERT_TRUE(e.ok()) << e.status();
    enricher_ = std::move(*e).release();
  }
  static const MentionEnricher& enricher() { return *enricher_; }
  static EnrichmentResult Analyze(std::string_view text, std::string_view lang = "") {
    return enricher_->Analyze(text, lang);
  }
  static double Score(std::string_view text, std::string_view lang) {
    return Analyze(text, lang).score;
  }
  static SentimentLabel Label(std::string_view text, std::string_view lang) {
    return Analyze(text, lang).label;
  }

 private:
  static inline const MentionEnricher* enricher_ = nullptr;  // lives for the whole binary
};

}  // namespace stormwatch::enrich
