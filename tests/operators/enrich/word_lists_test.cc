// Tests of the spelling word lists behind language identification: UTF-8 and ISO-8859-1
// files, case folding as for mention text, words in several lists, errors, sharing.
#include "operators/enrich/word_lists.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "operators/enrich/mention_enricher.h"

namespace stormwatch::enrich {
namespace {

class WordListsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("word_lists_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& bytes) {
    const std::filesystem::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path.string();
  }

  std::filesystem::path dir_;
  const TextTokenizer tokenizer_{{":)"}};
};

TEST_F(WordListsTest, ReadsUtf8AndLatin1ListsAndFoldsCase) {
  WordListSources sources;
  sources.files[LangIndex(Lang::kDa)] = {Write("da", "købe\nHjælp\r\nuge\nfor\n")};
  // ISO-8859-1, as Debian's bokmaal: "kjøpe", "hjelp", "får" with single-byte ø and å.
  sources.files[LangIndex(Lang::kNo)] = {Write("no", "kj\xF8pe\nhjelp\nf\xE5r\nfor\n")};
  absl::StatusOr<std::shared_ptr<const WordLists>> lists = WordLists::Load(sources, tokenizer_);
  ASSERT_TRUE(lists.ok()) << lists.status();
  const WordLists& w = **lists;
  EXPECT_EQ(w.size(), 7u);  // "for" is in both lists: one word
  EXPECT_EQ(w.Languages("købe"), LangBit(Lang::kDa));
  EXPECT_EQ(w.Languages("hjælp"), LangBit(Lang::kDa));  // folded; CR of the CRLF dropped
  EXPECT_EQ(w.Languages("uge"), LangBit(Lang::kDa));
  EXPECT_EQ(w.Languages("kjøpe"), LangBit(Lang::kNo));
  EXPECT_EQ(w.Languages("får"), LangBit(Lang::kNo));
  EXPECT_EQ(w.Languages("for"), LangBit(Lang::kDa) | LangBit(Lang::kNo));
  EXPECT_EQ(w.Languages("kjope"), 0);
  EXPECT_EQ(w.Languages("uke"), 0);
  EXPECT_EQ(w.Languages(""), 0);
}

TEST_F(WordListsTest, SameSourcesShareOneCopy) {
  WordListSources sources;
  sources.files[LangIndex(Lang::kSv)] = {Write("sv", "k\xF6pa\n")};
  absl::StatusOr<std::shared_ptr<const WordLists>> a = WordLists::Load(sources, tokenizer_);
  absl::StatusOr<std::shared_ptr<const WordLists>> b = WordLists::Load(sources, tokenizer_);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->get(), b->get());
  EXPECT_EQ((*a)->Languages("köpa"), LangBit(Lang::kSv));
}

TEST_F(WordListsTest, MissingFileNamesItAndTheSetting) {
  WordListSources sources;
  sources.files[LangIndex(Lang::kNo)] = {(dir_ / "bokmaal").string()};
  absl::StatusOr<std::shared_ptr<const WordLists>> lists = WordLists::Load(sources, tokenizer_);
  ASSERT_FALSE(lists.ok());
  EXPECT_EQ(lists.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(lists.status().message().find((dir_ / "bokmaal").string()), std::string::npos);
  EXPECT_NE(lists.status().message().find("enrich.word_lists"), std::string::npos);
}

TEST_F(WordListsTest, DirectoryIsRefusedWithItsPath) {
  WordListSources sources;
  sources.files[LangIndex(Lang::kDa)] = {dir_.string()};
  absl::StatusOr<std::shared_ptr<const WordLists>> lists = WordLists::Load(sources, tokenizer_);
  ASSERT_FALSE(lists.ok());
  EXPECT_NE(lists.status().message().find("cannot open " + dir_.string() + " as a file"),
            std::string::npos)
      << lists.status();
}

TEST_F(WordListsTest, CoversOnlyTheLanguagesWithAList) {
  WordListSources sources;
  sources.files[LangIndex(Lang::kEn)] = {Write("en", "hell\n")};
  absl::StatusOr<std::shared_ptr<const WordLists>> lists = WordLists::Load(sources, tokenizer_);
  ASSERT_TRUE(lists.ok());
  EXPECT_TRUE((*lists)->Covers(Lang::kEn));
  EXPECT_FALSE((*lists)->Covers(Lang::kNo));

  // Without a Norwegian list, a Norwegian post's words cannot be told from English ones:
  // "hell" (luck) keeps its Norwegian reading, not English "hell" -4.
  EnricherConfig config;
  config.word_lists = sources;
  absl::StatusOr<std::unique_ptr<MentionEnricher>> enricher = MentionEnricher::Create(config);
  ASSERT_TRUE(enricher.ok()) << enricher.status();
  EXPECT_NE((*enricher)->Analyze("Tusen takk, for et hell", "no").label, SentimentLabel::kNegative);
}

TEST_F(WordListsTest, DebianDefaultsCoverEveryLanguage) {
  const WordListSources defaults = WordListSources::DebianDefaults();
  EXPECT_FALSE(defaults.empty());
  for (Lang lang : kAllLangs) EXPECT_FALSE(defaults.files[LangIndex(lang)].empty());
  EXPECT_TRUE(WordListSources{}.empty());
}

}  // namespace
}  // namespace stormwatch::enrich
