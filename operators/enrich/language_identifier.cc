// Stop-word, letter and word-list language identifier (see language_identifier.h).
#include "operators/enrich/language_identifier.h"

#include <array>
#include <bit>

#include "operators/enrich/vocabulary.h"

namespace stormwatch::enrich {
namespace {

// Evidence needed before the guess is trusted over the default language.
constexpr double kMinEvidence = 1.0;
// Weight of one letter that only some of the languages use.
constexpr double kLetterWeight = 0.5;
// Evidence of one word that the word lists of some but not all languages hold, shared among
// those languages (chosen on the brand posts of the enrich tests and the da and en sets).
constexpr double kWordListWeight = 1.0;
// Lead of the best language over the next below which the word lists are consulted. Stop
// words and letters already settle most English and Swedish texts; Danish and Norwegian
// share most stop words (on the brand posts and the da and en sets, every margin from 2 to 4
// gives the same languages as consulting the lists always).
constexpr double kDecisiveLead = 3.0;

bool Decided(const std::array<double, kNumLangs>& score) {
  double best = score[0], second = -1e9;
  for (int i = 1; i < kNumLangs; ++i) {
    if (score[i] > best) {
      second = best;
      best = score[i];
    } else if (score[i] > second) {
      second = score[i];
    }
  }
  return best - second >= kDecisiveLead;
}

}  // namespace

void LanguageIdentifier::AddWordListEvidence(const TokenizedText& text,
                                             std::array<double, kNumLangs>& score) const {
  // In batches: hash and prefetch every word of the batch, then read their table slots.
  constexpr size_t kBatch = 32;
  std::array<uint64_t, kBatch> hashes;
  size_t next = 0;
  while (next < text.tokens.size()) {
    size_t n = 0;
    for (; next < text.tokens.size() && n < kBatch; ++next) {
      const Token& t = text.tokens[next];
      // Stop words have been counted already.
      if (t.kind != Token::kWord || (t.entry != nullptr && t.entry->stop_mask != 0)) continue;
      hashes[n] = WordLists::Hash(text.text(t));
      word_lists_->Prefetch(hashes[n++]);
    }
    for (size_t i = 0; i < n; ++i) {
      const uint8_t langs = word_lists_->Languages(hashes[i]);
      const int holders = std::popcount(langs);
      if (holders == 0 || holders == kNumLangs) continue;
      for (Lang l : kAllLangs) {
        if (langs & LangBit(l)) score[LangIndex(l)] += kWordListWeight / holders;
      }
    }
  }
}

LanguageGuess LanguageIdentifier::Identify(const TokenizedText& text, Lang default_lang) const {
  std::array<double, kNumLangs> score{};
  for (const Token& t : text.tokens) {
    if (t.entry == nullptr || t.entry->stop_mask == 0) continue;
    for (Lang l : kAllLangs) {
      if (t.entry->stop_mask & LangBit(l)) score[LangIndex(l)] += 1.0;
    }
  }
  // Letters: æ ø (da, no), å (da, no, sv), ä ö (sv), and a few spellings. UTF-8: C3 A6, C3 B8, C3
  // A5, C3 A4, C3 B6.
  const std::string& f = text.folded;
  for (size_t i = 0; i + 1 < f.size(); ++i) {
    // "kj" is Norwegian spelling ("kjøpe", "kjempe"; Danish "købe", "kæmpe").
    if (f[i] == 'k' && f[i + 1] == 'j') score[LangIndex(Lang::kNo)] += kLetterWeight;
    if (static_cast<unsigned char>(f[i]) != 0xC3) continue;
    switch (static_cast<unsigned char>(f[i + 1])) {
      case 0xA6:  // æ
      case 0xB8:  // ø; "øj" is Danish ("høj", "tøj"), "øy" Norwegian ("høy", "tøy")
        score[LangIndex(Lang::kDa)] += kLetterWeight;
        score[LangIndex(Lang::kNo)] += kLetterWeight;
        score[LangIndex(Lang::kEn)] -= kLetterWeight;
        if (i + 2 < f.size() && f[i + 2] == 'j') score[LangIndex(Lang::kDa)] += kLetterWeight;
        if (i + 2 < f.size() && f[i + 2] == 'y') score[LangIndex(Lang::kNo)] += kLetterWeight;
        break;
      case 0xA5:  // å
        score[LangIndex(Lang::kDa)] += kLetterWeight;
        score[LangIndex(Lang::kNo)] += kLetterWeight;
        score[LangIndex(Lang::kSv)] += kLetterWeight;
        score[LangIndex(Lang::kEn)] -= kLetterWeight;
        break;
      case 0xA4:  // ä
      case 0xB6:  // ö
        score[LangIndex(Lang::kSv)] += 2 * kLetterWeight;
        score[LangIndex(Lang::kEn)] -= kLetterWeight;
        break;
      default:
        break;
    }
  }
  if (word_lists_ != nullptr && !Decided(score)) AddWordListEvidence(text, score);
  // Best score; ties go to the default language when it is among the best, else to the
  // first language in kAllLangs order.
  Lang best = default_lang;
  double best_score = score[LangIndex(default_lang)];
  for (Lang l : kAllLangs) {
    if (score[LangIndex(l)] > best_score) {
      best = l;
      best_score = score[LangIndex(l)];
    }
  }
  if (best_score < kMinEvidence) return {default_lang, false};
  return {best, true};
}

}  // namespace stormwatch::enrich
