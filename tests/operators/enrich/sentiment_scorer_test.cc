// Tests of the sentiment rules: lexicon words, negation scope, intensifiers and downtoners,
// contrast, capitals and exclamation marks, emoji and emoticons, compounds, privative affixes,
// Nynorsk spellings and elongated words.
#include "operators/enrich/sentiment_scorer.h"

#include "gtest/gtest.h"
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
  EXPECT_LT(Score("sikke en katastrofeweekend", "da"), 0.0);    // modifier "katastrofe"
  EXPECT_LT(Score("hele oplevelsen var skuffende", "da"), 0.0);
  EXPECT_LT(Score("kundeservicekatastrofe", "da"), 0.0);        // head "katastrofe"
}

TEST_F(SentimentScorerTest, ClauseFinalNegationNegatesTheClause) {
  EXPECT_EQ(Label("Det likte jeg ikke.", "no"), SentimentLabel::kNegative);
  EXPECT_EQ(Label("Skuespillet er lite overbevisende", "no"), SentimentLabel::kNegative);
}

TEST_F(SentimentScorerTest, IntensifierThatIsAlsoASentimentWordIntensifies) {
  EXPECT_EQ(Label("Det var pisse godt", "da"), SentimentLabel::kPositive);
  EXPECT_EQ(Label("Det var pisse dårligt", "da"), SentimentLabel::kNegative);
  EXPECT_EQ(Label("fucking amazing", "en"), SentimentLabel::kPositive);
  EXPECT_EQ(Label("Svært dårlig service", "no"), SentimentLabel::kNegative);
  EXPECT_EQ(Label("Superlækker kage", "da"), SentimentLabel::kPositive);
  EXPECT_EQ(Label("En dritkjedelig film", "no"), SentimentLabel::kNegative);
}

TEST_F(SentimentScorerTest, PrivativeAffixNegatesAPositiveStem) {
  EXPECT_EQ(Label("Boka er uspennende", "no"), SentimentLabel::kNegative);
  EXPECT_EQ(Label("An unimpressive show", "en"), SentimentLabel::kNegative);
  EXPECT_EQ(Label("Filmen var ointressant", "sv"), SentimentLabel::kNegative);
  // Short stems are not split: "ulike" (different) is not "u" + "like".
  EXPECT_EQ(Label("Det var ulike meninger", "no"), SentimentLabel::kNeutral);
}

TEST_F(SentimentScorerTest, NynorskSpellingsAndEndings) {
  EXPECT_EQ(Label("Filmen var kjedeleg", "no"), SentimentLabel::kNegative);
  EXPECT_EQ(Label("Ein skuffande film", "no"), SentimentLabel::kNegative);
  EXPECT_EQ(Label("Den er dårlegare enn den første", "no"), SentimentLabel::kNegative);
}

TEST_F(SentimentScorerTest, ElongatedWordsAndEnglishLike) {
  EXPECT_EQ(Label("sooo goooood", "en"), SentimentLabel::kPositive);
  EXPECT_EQ(Label("I like it", "en"), SentimentLabel::kPositive);
  EXPECT_EQ(Label("It's like 5pm already", "en"), SentimentLabel::kNeutral);
}

}  // namespace
}  // namespace stormwatch::enrich
