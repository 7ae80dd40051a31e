// Tests of the `stormwatch sentiment` JSONL stream: one output line per input line, in
// order; malformed lines give an `error` line and the stream goes on.
#include "operators/enrich/sentiment_command.h"

#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace stormwatch {
namespace {

class SentimentCommandTest : public ::testing::Test {
 protected:
  std::vector<nlohmann::json> Run(const std::string& input,
                                  const enrich::EnricherConfig& config = {}, bool explain = false) {
    std::istringstream in(input);
    std::ostringstream out, err;
    exit_code_ = RunSentimentCommand(in, out, err, config, explain);
    err_ = err.str();
    std::vector<nlohmann::json> lines;
    std::istringstream result(out.str());
    for (std::string line; std::getline(result, line);) {
      lines.push_back(nlohmann::json::parse(line));
    }
    return lines;
  }
  int exit_code_ = -1;
  std::string err_;
};

TEST_F(SentimentCommandTest, DefaultLanguageForTextsTooShortToTell) {
  enrich::EnricherConfig config;
  config.default_lang = enrich::Lang::kNo;
  const auto lines =
      Run("{\"text\": \"Telco 5G\"}\n{\"text\": \"Thanks, great service!\"}\n", config);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["lang"], "no");
  EXPECT_EQ(lines[1]["lang"], "en");  // English stop words: identified, not the default
}

TEST_F(SentimentCommandTest, MissingWordListStopsWithItsPath) {
  enrich::EnricherConfig config;
  config.word_lists = {};
  config.word_lists.files[enrich::LangIndex(enrich::Lang::kNo)] = {"/nonexistent/bokmaal"};
  EXPECT_TRUE(Run("{\"text\": \"hei\"}\n", config).empty());
  EXPECT_EQ(exit_code_, 1);
  EXPECT_NE(err_.find("sentiment: word_lists: cannot open /nonexistent/bokmaal"), std::string::npos)
      << err_;
}

TEST_F(SentimentCommandTest, AnswersEveryValidLineInOrder) {
  const auto lines =
      Run("{\"text\": \"Elendig service, har ventet i telefonen i en time\", \"lang\": \"da\"}\n"
          "{\"text\": \"Thanks, great service!\"}\n"
          "{\"text\": \"Butikken åbner klokken ni\", \"lang\": \"da\"}\n");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(exit_code_, 0);
  EXPECT_EQ(lines[0]["lang"], "da");
  EXPECT_EQ(lines[0]["label"], "negative");
  EXPECT_LT(lines[0]["score"].get<double>(), 0.0);
  EXPECT_EQ(lines[0]["intents"], (nlohmann::json{"complaint", "contact_seeking"}));
  EXPECT_EQ(lines[1]["lang"], "en");
  EXPECT_EQ(lines[1]["label"], "positive");
  EXPECT_EQ(lines[1]["intents"], nlohmann::json{"praise"});
  EXPECT_EQ(lines[2]["label"], "neutral");
  EXPECT_TRUE(lines[2]["intents"].is_array());
  EXPECT_TRUE(lines[2]["intents"].empty());
}

TEST_F(SentimentCommandTest, MalformedLinesGiveErrorsAndTheStreamGoesOn) {
  const auto lines =
      Run("not json\n"
          "{\"lang\": \"da\"}\n"
          "[1, 2]\n"
          "{\"text\": 42}\n"
          "{\"text\": \"very good\", \"lang\": \"en\"}\n");
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(exit_code_, 0);
  for (int i = 0; i < 4; ++i) {
    EXPECT_TRUE(lines[i].contains("error")) << lines[i].dump();
    EXPECT_FALSE(lines[i].contains("label"));
  }
  EXPECT_NE(lines[1]["error"].get<std::string>().find("text"), std::string::npos);
  EXPECT_EQ(lines[4]["label"], "positive");
}

TEST_F(SentimentCommandTest, ExplainSaysWhatEachTermContributed) {
  const auto lines =
      Run("{\"text\": \"Jeg liker ikke appen, men leveringen var super god\", \"lang\": \"no\"}\n"
          "{\"text\": \"Det likte jeg ikke.\", \"lang\": \"no\"}\n"
          "{\"text\": \"Butikken åbner klokken ni\", \"lang\": \"da\"}\n",
          {}, /*explain=*/true);
  ASSERT_EQ(lines.size(), 3u);
  // The phrase "liker ikke" (-2, x1.5 for negative evidence, x0.5 before "men"), then "god"
  // (+3, boosted by "super", x1.5 after "men").
  ASSERT_EQ(lines[0]["terms"].size(), 2u);
  EXPECT_EQ(lines[0]["terms"][0]["term"], "liker ikke");
  EXPECT_DOUBLE_EQ(lines[0]["terms"][0]["value"].get<double>(), -1.5);
  EXPECT_EQ(lines[0]["terms"][1]["term"], "god");
  EXPECT_GT(lines[0]["terms"][1]["value"].get<double>(), 4.5);
  EXPECT_EQ(lines[0]["label"], "positive");
  // A clause-final negation flips the verb before it.
  ASSERT_EQ(lines[1]["terms"].size(), 1u);
  EXPECT_EQ(lines[1]["terms"][0]["term"], "likte");
  EXPECT_EQ(lines[1]["terms"][0]["negated"], true);
  EXPECT_LT(lines[1]["terms"][0]["value"].get<double>(), 0);
  EXPECT_TRUE(lines[2]["terms"].empty());
  // A negated-only entry is shown as negated; words inside a name are no terms.
  const auto more =
      Run("{\"text\": \"Routeren har ikke virket siden fredag\", \"lang\": \"da\"}\n"
          "{\"text\": \"We went to Best Buy today\", \"lang\": \"en\"}\n",
          {}, /*explain=*/true);
  ASSERT_EQ(more.size(), 2u);
  bool virket_negated = false;
  for (const auto& t : more[0]["terms"])
    virket_negated |= t["term"] == "virket" && t["negated"] == true;
  EXPECT_TRUE(virket_negated) << more[0].dump();
  EXPECT_TRUE(more[1]["terms"].empty()) << more[1].dump();
  // Without --explain the contract's fields only.
  EXPECT_FALSE(Run("{\"text\": \"god\"}\n")[0].contains("terms"));
}

TEST_F(SentimentCommandTest, EmptyInputGivesNoOutput) {
  EXPECT_TRUE(Run("").empty());
  EXPECT_EQ(exit_code_, 0);
}

}  // namespace
}  // namespace stormwatch
