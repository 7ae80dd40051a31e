// Tracking rules: query syntax, whole-word matching, language filter, topics.
#include "pipeline/ingest/tracking/tracking_rules.h"

#include <gtest/gtest.h>

namespace stormwatch {
namespace {

std::unique_ptr<TrackingMatcher> Compile(std::vector<TrackingRuleConfig> rules) {
  absl::StatusOr<std::unique_ptr<TrackingMatcher>> matcher = TrackingMatcher::Compile(rules);
  EXPECT_TRUE(matcher.ok()) << matcher.status();
  return matcher.ok() ? *std::move(matcher) : nullptr;
}

std::vector<std::string> Brands(const TrackingMatcher& m, std::string_view text,
                                std::string_view lang = "") {
  std::vector<std::string> out;
  for (const TrackingMatch& match : m.Match(text, lang)) out.push_back(match.brand);
  return out;
}

TEST(TrackingMatcherTest, PhrasesWordsAndBooleans) {
  auto m = Compile({{"telia", "telia AND (nede OR \"ingen dækning\" OR #telianede) NOT @telia_dk",
                     {}, {"outage"}},
                    {"yousee", "yousee OR \"you see tv\"", {}, {}}});
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(Brands(*m, "Er TELIA nede igen?"), std::vector<std::string>{"telia"});
  EXPECT_EQ(Brands(*m, "telia: Ingen dækning i Aarhus"), std::vector<std::string>{"telia"});
  EXPECT_EQ(Brands(*m, "#TeliaNede og Telia svarer ikke"), std::vector<std::string>{"telia"});
  EXPECT_TRUE(Brands(*m, "@telia_dk telia nede").empty());            // NOT handle
  EXPECT_TRUE(Brands(*m, "teliabutikken er nede").empty());           // whole words only
  EXPECT_TRUE(Brands(*m, "telia #telianedeigen").empty());            // hashtag must end
  EXPECT_EQ(Brands(*m, "YouSee og telia er nede"),
            (std::vector<std::string>{"yousee", "telia"}));
  std::vector<TrackingMatch> matches = m->Match("telia nede", "");
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].topics, std::vector<std::string>{"outage"});
}

TEST(TrackingMatcherTest, NordicLettersAndBoundaries) {
  auto m = Compile({{"b", "kø AND \"venter i telefonen\"", {}, {}}});
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(Brands(*m, "Lang KØ, jeg venter i telefonen!").size(), 1u);
  EXPECT_TRUE(Brands(*m, "køb noget, jeg venter i telefonen").empty());  // "kø" inside "køb"
  EXPECT_EQ(Brands(*m, "«kø» 🙂venter i telefonen").size(), 1u);
}

TEST(TrackingMatcherTest, LanguageFilterAndMinusNot) {
  auto m = Compile({{"b", "telia -job", {"da", "no"}, {}}});
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(Brands(*m, "telia er nede", "da").size(), 1u);
  EXPECT_EQ(Brands(*m, "telia er nede", "").size(), 1u);  // unknown language: not excluded
  EXPECT_TRUE(Brands(*m, "telia is down", "en").empty());
  EXPECT_TRUE(Brands(*m, "telia job i Oslo", "no").empty());
}

TEST(TrackingMatcherTest, BadQueriesAreNamed) {
  EXPECT_EQ(TrackingMatcher::Compile({{"b", "telia AND (nede", {}, {}}}).status().message(),
            "ingest.tracking[0].query: expected ')' at the end of the query");
  EXPECT_NE(TrackingMatcher::Compile({{"b", "\"open", {}, {}}}).status().message().find(
                "unterminated phrase"),
            std::string::npos);
  EXPECT_NE(TrackingMatcher::Compile({{"b", "NOT telia", {}, {}}}).status().message().find(
                "none of its terms"),
            std::string::npos);
  EXPECT_FALSE(TrackingMatcher::Compile({{"b", "telia OR", {}, {}}}).ok());
}

TEST(TrackingMatcherTest, NoRulesMatchesNothing) {
  auto m = Compile({});
  ASSERT_NE(m, nullptr);
  EXPECT_TRUE(m->Match("anything", "").empty());
}

}  // namespace
}  // namespace stormwatch
