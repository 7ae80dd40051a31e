// Tests of the sentiment rules: lexicon words, negation scope, intensifiers and downtoners,
// contrast, capitals and exclamation marks, emoji and emoticons, compounds, privative affixes,
// Nynorsk spellings, elongated words, and typical customer-service posts.
#include "operators/enrich/sentiment_scorer.h"

#include "gtest/gtest.h"
#include "tests/operators/enrich/customer_service_posts.h"
#include "tests/operators/enrich/enricher_fixture.h"

namespace stormwatch::enrich {
namespace {

class SentimentScorerTest : public EnricherTest {};

TEST_F(SentimentScorerTest, LabelsPlainPositiveNegativeAndNeutral) {
  EXPECT_EQ(Label("Fantastisk service, tusind tak", "da"), SentimentLabel::kPositive);
  EXPECT_EQ(Label("Elendig kundeservice", "da"), SentimentLabel::kNegative);
  EXPECT_EQ(Label("Butikken åbner klokken ni", "da"), SentimentLabel::kNeutral);
  EXPECT_EQ(Label("Great support, thanks", "en"), SentimentLabel::kPositive);
  EXPECT_EQ(Label("Terrible network today", "en"), SentimentLabel::kNegative);
  EXPECT_EQ(Label("Veldig bra service", "no"), SentimentLabel::kPositive);
  EXPECT_EQ(Label("Jättebra hjälp", "sv"), SentimentLabel::kPositive);
  EXPECT_EQ(Label("Usel service", "sv"), SentimentLabel::kNegative);
}

TEST_F(SentimentScorerTest, ScoreStaysInRange) {
  const double s = Score("ELENDIG ELENDIG ELENDIG lort lort lort!!!!!!! 😡😡😡😡", "da");
  EXPECT_GE(s, -1.0);
  EXPECT_LT(s, -0.9);
}

TEST_F(SentimentScorerTest, NegationFlipsWithinItsScope) {
  EXPECT_EQ(Label("Det er ikke godt", "da"), SentimentLabel::kNegative);
  EXPECT_EQ(Label("Jeg er ikke særlig tilfreds", "da"), SentimentLabel::kNegative);
  EXPECT_EQ(Label("This is not good", "en"), SentimentLabel::kNegative);
  EXPECT_EQ(Label("Never again", "en"), SentimentLabel::kNegative);
  EXPECT_EQ(Label("Aldrig igen", "da"), SentimentLabel::kNegative);
  EXPECT_EQ(Label("Jeg liker ikke denne appen", "no"), SentimentLabel::kNegative);
  EXPECT_EQ(Label("Det var inte bra", "sv"), SentimentLabel::kNegative);
  EXPECT_EQ(Label("Jeg bryder mig ikke om den nye app", "da"), SentimentLabel::kNegative);
  EXPECT_EQ(Label("Jeg kan ikke lide jeres nye app", "da"), SentimentLabel::kNegative);
  // The scope ends at a clause boundary.
  EXPECT_GT(Score("Ikke noget problem. Rigtig god service", "da"), 0.3);
}

TEST_F(SentimentScorerTest, IntensifiersAndDowntonersScale) {
  const double plain = Score("god service", "da");
  EXPECT_GT(Score("meget god service", "da"), plain);
  EXPECT_GT(Score("mega god service", "da"), plain);
  EXPECT_GT(Score("super god service", "da"), plain);
  EXPECT_LT(Score("lidt god service", "da"), plain);
  EXPECT_GT(Score("very good service", "en"), Score("good service", "en"));
  EXPECT_GT(Score("hella good service", "en"), Score("good service", "en"));  // VADER list
  EXPECT_LT(Score("sorta good service", "en"), Score("good service", "en"));
}

TEST_F(SentimentScorerTest, ContrastWeighsWhatFollows) {
  EXPECT_EQ(Label("Flinke medarbejdere, men elendig ventetid", "da"), SentimentLabel::kNegative);
  EXPECT_EQ(Label("Long wait, but the agent was great and helpful", "en"),
            SentimentLabel::kPositive);
}

TEST_F(SentimentScorerTest, CapitalsAndExclamationMarksAmplify) {
  EXPECT_LT(Score("det er ELENDIGT", "da"), Score("det er elendigt", "da"));
  EXPECT_LT(Score("det er elendigt!!!", "da"), Score("det er elendigt", "da"));
  EXPECT_GT(Score("so good!!", "en"), Score("so good", "en"));
}

TEST_F(SentimentScorerTest, EmojiAndEmoticonsCarrySentiment) {
  EXPECT_EQ(Label("Telco 😡😡", "da"), SentimentLabel::kNegative);
  EXPECT_EQ(Label("Telco 😍❤", "da"), SentimentLabel::kPositive);
  EXPECT_EQ(Label("ny telefon :)", "da"), SentimentLabel::kPositive);
  EXPECT_EQ(Label("still no signal :(", "en"), SentimentLabel::kNegative);
}

TEST_F(SentimentScorerTest, CompoundsAndInflectionsFallBackToTheirParts) {
  EXPECT_LT(Score("sikke en katastrofeweekend", "da"), 0.0);  // modifier "katastrofe"
  EXPECT_LT(Score("hele oplevelsen var skuffende", "da"), 0.0);
  EXPECT_LT(Score("kundeservicekatastrofe", "da"), 0.0);  // head "katastrofe"
}

// One row per rule of the lexicon fallback and the negation/intensifier handling.
struct RuleCase {
  const char* rule;
  const char* text;
  const char* lang;
  SentimentLabel label;
};

constexpr SentimentLabel kNeg = SentimentLabel::kNegative;
constexpr SentimentLabel kNeu = SentimentLabel::kNeutral;
constexpr SentimentLabel kPos = SentimentLabel::kPositive;

constexpr RuleCase kRuleCases[] = {
    {"clause-final negation", "Det likte jeg ikke.", "no", kNeg},
    {"'lite' negates", "Skuespillet er lite overbevisende", "no", kNeg},
    {"'lite' after the article is small", "Et lite hotell med god service", "no", kPos},
    {"negative subject reaches its verb", "Nobody from your support team could help me", "en",
     kNeg},
    {"negative subject reaches its verb", "Ingen på kontoret ville hjælpe os", "da", kNeg},
    {"negative subject reaches its verb", "No one at the front desk was rude", "en", kPos},
    {"negative subject stops at the clause end", "Ingen i butikken. Super god service", "no", kPos},
    {"the determiner keeps the short scope", "Ingen kø i dag og super god service", "da", kPos},
    {"a negative subject looks ahead only", "Så skuffet ingen kunne hjelpe meg", "no", kNeg},
    {"a neutral entry also stops the fallback", "Jeg lurer på om dere har nytt utstyr", "no", kNeu},
    {"a booster before a neutral word counts by itself", "super kind staff", "en", kPos},
    {"a relative clause after a comma goes on", "Der er ingen, der tager ansvar", "da", kNeg},
    {"a relative clause after a comma goes on", "Det finns ingen, som bryr sig", "sv", kNeg},
    {"a comma before anything else ends the clause", "Ikke noget problem, god service", "da", kPos},
    {"a booster before a neutral word counts by itself", "Den er super lett å bruke", "no", kPos},
    {"negated unanswered", "Har ikke hørt fra jer i to uger", "da", kNeg},
    {"intensifier that is a sentiment word", "Det var pisse godt", "da", kPos},
    {"intensifier that is a sentiment word", "Det var pisse dårligt", "da", kNeg},
    {"intensifier that is a sentiment word", "fucking amazing", "en", kPos},
    {"Norwegian 'svært' only intensifies", "Svært dårlig service", "no", kNeg},
    {"intensifier first part", "Superlækker kage", "da", kPos},
    {"intensifier first part", "En dritkjedelig film", "no", kNeg},
    {"privative prefix", "Boka er uspennende", "no", kNeg},
    {"privative prefix", "An unimpressive show", "en", kNeg},
    {"privative prefix", "Filmen var ointressant", "sv", kNeg},
    {"short stems are not split ('ulike' = different)", "Det var ulike meninger", "no", kNeu},
    {"Nynorsk -leg", "Filmen var kjedeleg", "no", kNeg},
    {"Nynorsk -ande", "Ein skuffande film", "no", kNeg},
    {"Nynorsk -are", "Den er dårlegare enn den første", "no", kNeg},
    {"elongation", "sooo goooood", "en", kPos},
    {"'like' as a verb", "I like it", "en", kPos},
    {"'like' as a preposition", "It's like 5pm already", "en", kNeu},
    {"VADER emoticon", "support call again >:(", "en", kNeg},
    {"VADER emoticon, any language", "ny telefon :')", "da", kPos},
    {"'%)' is punctuation, not a face", "Prisen stiger i januar (5 %)", "da", kNeu},
    {"VADER negator", "the app is rarely helpful", "en", kNeg},
    {"VADER 'least' negates", "the least helpful agent", "en", kNeg},
    {"VADER 'at least' does not", "at least it is good", "en", kPos},
    {"VADER idiom", "yeah right", "en", kNeg},
    {"'så godt som' = nearly", "Det er så godt som umuligt", "da", kNeg},
    {"Swedish words the translated list lacks", "Kanon service, mysigt och smidigt", "sv", kPos},
    {"Swedish slang 'grymt' = great", "Grymt!", "sv", kPos},
    {"Norwegian slang 'digg'", "Digg mat", "no", kPos},
    {"'expensive' in a brand post", "so expensive", "en", kNeg},
    {"'why' asked of a brand", "Hvorfor skal man vente så længe", "da", kNeg},
    {"'why' asked of a brand", "why is my bill higher this month", "en", kNeg},
    {"'why not' is not a complaint", "why not try the new app", "en", kNeu},
    {"'how can it be' asked of a brand", "Hvordan kan det være at ingen har svaret?", "da", kNeg},
    {"'how come' asked of a brand", "how come my order is late again", "en", kNeg},
    {"'that's why' is not a complaint", "that's why I called", "en", kNeu},
    {"colouring first part", "Sikke et lortefirma", "da", kNeg},
    {"colouring first part", "Drittselskap", "no", kNeg},
    {"colouring first part", "Skitföretag", "sv", kNeg},
    {"colouring first part that also intensifies", "dritbra service", "no", kPos},
    {"colouring first part that also intensifies", "skitbra service", "sv", kPos},
    {"emoji newer than the ranking", "support 🤬", "en", kNeg},
    {"emoji newer than the ranking, with skin tone and ZWJ", "🤦🏻‍♂️", "da", kNeg},
    {"emoji newer than the ranking", "🥰", "sv", kPos},
    {"'godt nok' = really", "Det var godt nok en dårlig film", "da", kNeg},
    {"'ikke godt nok' = not good enough", "Det er simpelthen ikke godt nok", "da", kNeg},
    {"a sentiment word inside a name", "Vi handler altid i Super Brugsen", "da", kNeu},
    {"a sentiment word inside a name", "Watching the Super Bowl tonight", "en", kNeu},
    {"a sentiment word inside a name", "Just bought a TV at Best Buy", "en", kNeu},
    {"first in its sentence: not a name", "Super service i dag", "da", kPos},
    {"after a comma: not a name", "Thanks Virgin Media, Great service", "en", kPos},
    {"title case: not a name", "The Best Customer Service Ever", "en", kPos},
    {"'not ... enough' is a complaint", "Der er ikke nok personale", "da", kNeg},
    {"'not ... enough' is a complaint", "Kvaliteten er ikke skarp nok", "da", kNeg},
    {"'not ... enough' is a complaint", "Det er ikke nok", "no", kNeg},
    {"'not ... enough' is a complaint", "Det är inte tillräckligt", "sv", kNeg},
    {"'not ... enough' is a complaint", "not enough staff on the phones", "en", kNeg},
    {"'nok' without a negation is 'probably'", "Han er nok ikke hjemme", "da", kNeu},
    {"'ikke nok med' = not only", "Ikke nok med at de svarer hurtigt, de er også søde", "da", kPos},
    {"'can't get enough' is praise", "I can't get enough of this app", "en", kPos},
    {"'skam' as a particle (indeed)", "Maden er skam god", "da", kPos},
    {"'skam' as a particle (indeed)", "Det har jeg skam prøvet", "da", kNeu},
    {"'en skam' is a shame", "Det er en skam", "da", kNeg},
    {"a low price is good news", "Altid den billigste pris", "da", kPos},
    {"a low price is good news", "Billige priser hele året", "no", kPos},
    {"a low price is good news", "the lowest prices in town", "en", kPos},
    {"disproportion", "Prisen står ikke i forhold til kvaliteten", "no", kNeg},
    {"little to gain", "Her er det lite å hente", "no", kNeg},
    {"'it works', negated", "Ingenting av dette fungerer", "no", kNeg},
    {"'sjældent' before an adjective intensifies", "En sjældent god film", "da", kPos},
    {"Norwegian spelling of a Danish word", "Dere har veldig dyktige ansatte", "no", kPos},
    {"warmth idiom", "Jannik tegner med hjertet", "da", kPos},
    {"warmth idiom", "Takk fra hjertet til alle som hjalp", "no", kPos},
    {"camel-case hashtag", "Ringede tre gange i dag #AldrigIgen", "da", kNeg},
    {"camel-case hashtag", "Called three times today #NeverAgain", "en", kNeg},
    {"camel-case hashtag", "@telco #WorstServiceEver", "en", kNeg},
    {"camel-case hashtag", "New phone arrived #BestDayEver", "en", kPos},
    {"camel-case hashtag that names a shop", "Waiting on my order from #BestBuy", "en", kNeu},
    {"camel-case hashtag that names a shop", "Handlede i #SuperBrugsen", "da", kNeu},
    {"inflected verb, not a compound", "Lyden er grøtete og bassen forsvinner helt", "no", kNeg},
};

TEST_F(SentimentScorerTest, FallbackAndNegationRules) {
  for (const RuleCase& c : kRuleCases) {
    EXPECT_EQ(Label(c.text, c.lang), c.label) << c.rule << ": " << c.text;
  }
}

TEST_F(SentimentScorerTest, CustomerServicePosts) {
  for (const test_posts::PostCase& c : test_posts::kCustomerServicePosts) {
    EXPECT_EQ(Label(c.text, c.lang), c.label) << c.lang << ": " << c.text;
  }
}

}  // namespace
}  // namespace stormwatch::enrich
