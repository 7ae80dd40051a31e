// Tests of language identification on short da/no/sv/en texts and the hint/default rules.
#include "operators/enrich/language_identifier.h"

#include "gtest/gtest.h"
#include "tests/operators/enrich/enricher_fixture.h"

namespace stormwatch::enrich {
namespace {

class LanguageIdentifierTest : public EnricherTest {};

TEST_F(LanguageIdentifierTest, TellsShortScandinavianAndEnglishTextsApart) {
  EXPECT_EQ(Analyze("Jeg har ventet i telefonen i over en time, hvad sker der?").lang, Lang::kDa);
  EXPECT_EQ(Analyze("Hvorfor er der ikke nogen der svarer mig?").lang, Lang::kDa);
  EXPECT_EQ(Analyze("Jeg har ventet i telefonen i over en time, hva skjer?").lang, Lang::kNo);
  EXPECT_EQ(Analyze("Hvorfor svarer ikke noen meg? Det er altfor mye venting").lang, Lang::kNo);
  EXPECT_EQ(Analyze("Jag har väntat i telefon i över en timme, vad händer?").lang, Lang::kSv);
  EXPECT_EQ(Analyze("Varför svarar ingen på kundtjänst? Det är inte okej").lang, Lang::kSv);
  EXPECT_EQ(Analyze("I have been on hold for an hour, what is going on?").lang, Lang::kEn);
  EXPECT_EQ(Analyze("Why is nobody answering the phone today").lang, Lang::kEn);
}

TEST_F(LanguageIdentifierTest, MentionLangFieldWins) {
  EXPECT_EQ(Analyze("I have been on hold for an hour", "da").lang, Lang::kDa);
  EXPECT_EQ(Analyze("Jeg har ventet", "nb").lang, Lang::kNo);
}

TEST_F(LanguageIdentifierTest, FallsBackToDefaultWhenUnsure) {
  EXPECT_EQ(Analyze("Telco 5G").lang, Lang::kEn);  // enricher default: en
  EnricherConfig config;
  config.default_lang = Lang::kDa;
  absl::StatusOr<std::unique_ptr<MentionEnricher>> da = MentionEnricher::Create(config);
  ASSERT_TRUE(da.ok());
  EXPECT_EQ((*da)->Analyze("Telco 5G 😡", "").lang, Lang::kDa);
  EXPECT_EQ((*da)->Analyze("Telco 5G", "xx").lang, Lang::kDa);  // unknown hint: identify
}

}  // namespace
}  // namespace stormwatch::enrich
