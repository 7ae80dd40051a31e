// Tests of the enrich tokenizer: case folding, emoji, emoticons, URLs, punctuation flags.
#include "operators/enrich/tokenizer.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace stormwatch::enrich {
namespace {

class TextTokenizerTest : public ::testing::Test {
 protected:
  std::vector<std::string> Words(std::string_view text) {
    tokenizer_.Tokenize(text, out_);
    std::vector<std::string> words;
    for (const Token& t : out_.tokens) words.emplace_back(out_.text(t));
    return words;
  }
  TextTokenizer tokenizer_{{":)", ":-(", "<3", "xD"}};
  TokenizedText out_;
};

TEST_F(TextTokenizerTest, FoldsCaseOfNonAsciiLetters) {
  EXPECT_EQ(Words("ÆRGERLIGT Øl Åben STRASSE Straße"),
            (std::vector<std::string>{"ærgerligt", "øl", "åben", "strasse", "strasse"}));
  EXPECT_TRUE(out_.tokens[0].flags & Token::kAllCaps);
  EXPECT_FALSE(out_.tokens[1].flags & Token::kAllCaps);
}

TEST_F(TextTokenizerTest, MarksCapitalizedWordsAndCountsLowercaseOnes) {
  EXPECT_EQ(
      Words("Vi handler i Super Brugsen. Øl er GODT"),
      (std::vector<std::string>{"vi", "handler", "i", "super", "brugsen", "øl", "er", "godt"}));
  EXPECT_TRUE(out_.tokens[0].flags & Token::kCapitalized);
  EXPECT_FALSE(out_.tokens[1].flags & Token::kCapitalized);
  EXPECT_FALSE(out_.tokens[2].flags & Token::kCapitalized);  // one letter
  EXPECT_TRUE(out_.tokens[3].flags & Token::kCapitalized);
  EXPECT_TRUE(out_.tokens[4].flags & Token::kCapitalized);
  EXPECT_TRUE(out_.tokens[5].flags & Token::kCapitalized);   // "Øl", non-ASCII capital
  EXPECT_FALSE(out_.tokens[7].flags & Token::kCapitalized);  // all capitals
  EXPECT_EQ(out_.capitalized_inner_words, 2);  // Super, Brugsen (Vi, Øl start sentences)
  EXPECT_EQ(out_.lowercase_words, 2);          // handler, er
  EXPECT_TRUE(out_.tokens[3].flags & Token::kNamePart);
  EXPECT_TRUE(out_.tokens[4].flags & Token::kNamePart);
  EXPECT_FALSE(out_.tokens[0].flags & Token::kNamePart);  // starts the text
  EXPECT_FALSE(out_.tokens[5].flags & Token::kNamePart);  // starts a sentence

  Words("Thanks to Virgin Media, Great service and fast delivery");  // a comma ends a name
  EXPECT_TRUE(out_.tokens[2].flags & Token::kNamePart);
  EXPECT_TRUE(out_.tokens[3].flags & Token::kNamePart);
  EXPECT_FALSE(out_.tokens[4].flags & Token::kNamePart);
  Words("The Best Customer Service Ever");  // title case: no names
  for (const Token& t : out_.tokens) EXPECT_FALSE(t.flags & Token::kNamePart);
}

TEST_F(TextTokenizerTest, SplitsCamelCaseHashtags) {
  EXPECT_EQ(Words("#NeverAgain #WorstServiceEver #fail #TakForIngenting #ÆrligTalt"),
            (std::vector<std::string>{"never", "again", "worst", "service", "ever", "fail", "tak",
                                      "for", "ingenting", "ærlig", "talt"}));
  for (const Token& t : out_.tokens) EXPECT_FALSE(t.flags & Token::kCapitalized);
  // Parts of a split hashtag are a name's parts; a hashtag of one word is not.
  EXPECT_TRUE(out_.tokens[0].flags & Token::kNamePart);
  EXPECT_TRUE(out_.tokens[4].flags & Token::kNamePart);
  EXPECT_FALSE(out_.tokens[5].flags & Token::kNamePart);  // "#fail"
  // Only hashtags: a capital inside an ordinary word or after a non-initial '#' stays.
  EXPECT_EQ(Words("iPhone McDonalds C#Sharp # Hello"),
            (std::vector<std::string>{"iphone", "mcdonalds", "c", "sharp", "hello"}));
}

TEST_F(TextTokenizerTest, ComposesDecomposedLetters) {
  // "blå" with a combining ring above (U+030A) becomes the composed "blå".
  EXPECT_EQ(Words("bla\xCC\x8A"), (std::vector<std::string>{"blå"}));
}

TEST_F(TextTokenizerTest, SplitsEmojiAndEmoticonsAndSkipsUrlsAndHandles) {
  EXPECT_EQ(Words("@telco super😡😡 :) see https://x.co/a #fail <3 xD"),
            (std::vector<std::string>{"super", "😡", "😡", ":)", "see", "fail", "<3", "xD"}));
  EXPECT_EQ(out_.tokens[1].kind, Token::kEmoji);
  EXPECT_EQ(out_.tokens[3].kind, Token::kEmoticon);
}

TEST_F(TextTokenizerTest, KeepsApostrophesAndMarksPunctuation) {
  EXPECT_EQ(Words("Can't wait!!! Why? ok"),
            (std::vector<std::string>{"can't", "wait", "why", "ok"}));
  EXPECT_EQ(out_.exclamations, 3);
  EXPECT_EQ(out_.questions, 1);
  EXPECT_TRUE(out_.tokens[1].flags & Token::kSentenceEnd);
  EXPECT_TRUE(out_.tokens[2].flags & Token::kSentenceStart);
}

TEST_F(TextTokenizerTest, DecodesLiteralUnicodeEscapes) {
  EXPECT_EQ(Words("Don\\u2019t go\\u002c please \\uZZZZ"),
            (std::vector<std::string>{"don't", "go", "please", "uzzzz"}));
  EXPECT_TRUE(out_.tokens[1].flags & Token::kClauseEnd);
}

TEST_F(TextTokenizerTest, SurvivesInvalidUtf8) {
  EXPECT_EQ(Words("god\xFF\xFE"
                  "dag"),
            (std::vector<std::string>{"god", "dag"}));
}

}  // namespace
}  // namespace stormwatch::enrich
