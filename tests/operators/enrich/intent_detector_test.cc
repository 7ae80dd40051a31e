// Tests of intent detection (complaint, question, contact_seeking, praise) in all four
// languages, with the contact-seeking phrases of the issue.
#include "operators/enrich/intent_detector.h"

#include "gtest/gtest.h"
#include "tests/operators/enrich/enricher_fixture.h"

namespace stormwatch::enrich {
namespace {

class IntentDetectorTest : public EnricherTest {
 protected:
  static bool Has(std::string_view text, std::string_view lang, uint8_t bit) {
    return (Analyze(text, lang).intents & bit) != 0;
  }
};

TEST_F(IntentDetectorTest, ContactSeekingDanish) {
  for (const char* text : {"Har nu siddet og venter i telefonen i 40 minutter",
                           "Sikke en kø hos jer i dag", "Ventetid på over en time",
                           "Jeg kan ikke komme igennem til jer", "Ingen svarer hos support",
                           "Nu har jeg ringet fem gange uden at komme igennem"}) {
    EXPECT_TRUE(Has(text, "da", kIntentContactSeeking)) << text;
  }
}

TEST_F(IntentDetectorTest, ContactSeekingNorwegianSwedishEnglish) {
  EXPECT_TRUE(Has("Har stått i kø i en time, ingen svarer", "no", kIntentContactSeeking));
  EXPECT_TRUE(Has("Kommer ikke gjennom på telefon", "no", kIntentContactSeeking));
  EXPECT_TRUE(Has("Sitter i telefonkö sedan lunch", "sv", kIntentContactSeeking));
  EXPECT_TRUE(Has("Kommer inte fram till kundtjänst", "sv", kIntentContactSeeking));
  EXPECT_TRUE(Has("Been on hold for 45 minutes", "en", kIntentContactSeeking));
  EXPECT_TRUE(Has("I can't get through to anyone", "en", kIntentContactSeeking));
  EXPECT_TRUE(Has("Har ringt fem ganger uten å komme gjennom", "no", kIntentContactSeeking));
  EXPECT_TRUE(Has("Har ringt fem gånger utan att komma fram", "sv", kIntentContactSeeking));
  EXPECT_TRUE(Has("called five times and couldn't get through", "en", kIntentContactSeeking));
  EXPECT_FALSE(Has("Lovely weather today", "en", kIntentContactSeeking));
}

TEST_F(IntentDetectorTest, Questions) {
  EXPECT_TRUE(Has("Hvornår virker nettet igen", "da", kIntentQuestion));
  EXPECT_TRUE(Has("Når kommer nettet tilbake?", "no", kIntentQuestion));
  EXPECT_TRUE(Has("Varför fungerar inte appen", "sv", kIntentQuestion));
  EXPECT_TRUE(Has("is the network down?", "en", kIntentQuestion));
  EXPECT_FALSE(Has("The network is down.", "en", kIntentQuestion));
}

TEST_F(IntentDetectorTest, ComplaintsAndPraise) {
  EXPECT_TRUE(Has("Elendig service, jeg vil klage", "da", kIntentComplaint));
  EXPECT_TRUE(Has("Appen fungerer ikke", "no", kIntentComplaint));
  EXPECT_TRUE(Has("Fakturan är fel igen", "sv", kIntentComplaint));
  EXPECT_TRUE(Has("Worst provider ever, I want a refund", "en", kIntentComplaint));
  EXPECT_TRUE(Has("Tusind tak for hjælpen", "da", kIntentPraise));
  EXPECT_TRUE(Has("Takk for god service", "no", kIntentPraise));
  EXPECT_TRUE(Has("Tack för hjälpen", "sv", kIntentPraise));
  EXPECT_TRUE(Has("Thanks, great service", "en", kIntentPraise));
  EXPECT_TRUE(Has("Kæmpe ros til medarbejderen i butikken", "da", kIntentPraise));
  EXPECT_TRUE(Has("Stort beröm till personalen", "sv", kIntentPraise));
  EXPECT_TRUE(Has("Kudos to the night shift", "en", kIntentPraise));
  EXPECT_FALSE(Has("Thanks, great service", "en", kIntentComplaint));
  EXPECT_FALSE(Has("Elendig service", "da", kIntentPraise));
  // A praise word inside a name praises nothing.
  EXPECT_FALSE(Has("Just bought a TV at Best Buy", "en", kIntentPraise));
  EXPECT_FALSE(Has("Vi handler altid i Super Brugsen", "da", kIntentPraise));
  EXPECT_TRUE(Has("Super Brugsen har den bedste service", "da", kIntentPraise));
}

TEST_F(IntentDetectorTest, IntentNamesInContractOrder) {
  EXPECT_EQ(IntentNames(kIntentPraise | kIntentComplaint | kIntentContactSeeking | kIntentQuestion),
            (std::vector<std::string_view>{"complaint", "question", "contact_seeking", "praise"}));
}

}  // namespace
}  // namespace stormwatch::enrich
