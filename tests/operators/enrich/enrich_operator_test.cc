// Tests of the enrich operator and its factory: mentions get an enrichment, queue samples
// pass untouched, bad config is refused with the field named, the deployment's own terms
// (custom_terms) win over the shipped lists.
#include "operators/enrich/enrich_operator.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "pipeline/core/metrics.h"
#include "yaml-cpp/yaml.h"

namespace stormwatch {
namespace {

// The enrich operator touches no state, timers or emitter: any use is a bug.
class UnusedContext final : public OperatorContext {
 public:
  StateStore& state() override { std::abort(); }
  TimerService& timers() override { std::abort(); }
  AlertEmitter& emitter() override { std::abort(); }
  int64_t watermark_ms() const override { return 0; }
  const Clock& clock() const override { std::abort(); }
};

class EnrichOperatorTest : public ::testing::Test {
 protected:
  std::unique_ptr<Operator> Make(const std::string& yaml) {
    absl::StatusOr<OperatorInstanceFactory> made =
        factory_->Configure(yaml.empty() ? YAML::Node() : YAML::Load(yaml));
    EXPECT_TRUE(made.ok()) << made.status();
    return made.ok() ? (*made)() : nullptr;
  }
  std::unique_ptr<OperatorFactory> factory_ = MakeEnrichOperatorFactory();
  UnusedContext ctx_;
};

TEST_F(EnrichOperatorTest, NameIsEnrich) { EXPECT_EQ(factory_->name(), "enrich"); }

TEST_F(EnrichOperatorTest, EnrichesMentions) {
  std::unique_ptr<Operator> op = Make("");
  ASSERT_NE(op, nullptr);
  v1::Event event;
  event.mutable_mention()->set_text("Har ventet i telefonen i en time. Elendig service!");
  op->Process(event, 0, ctx_);
  const v1::Enrichment& e = event.mention().enrichment();
  EXPECT_EQ(e.lang(), "da");
  EXPECT_EQ(e.label(), v1::NEGATIVE);
  EXPECT_LT(e.sentiment_score(), 0.0);
  EXPECT_GE(e.sentiment_score(), -1.0);
  ASSERT_EQ(e.intents_size(), 2);
  EXPECT_EQ(e.intents(0), v1::COMPLAINT);
  EXPECT_EQ(e.intents(1), v1::CONTACT_SEEKING);
}

// The value of one series in the /metrics exposition, 0 when absent.
double SeriesValue(const std::string& series) {
  const std::string text = SerializeMetrics();
  const size_t at = text.find("\n" + series + " ");
  return at == std::string::npos ? 0 : std::stod(text.substr(at + series.size() + 2));
}

TEST_F(EnrichOperatorTest, CountsLanguageSourceLabelAndIntents) {
  std::unique_ptr<Operator> op = Make("default_lang: sv");
  ASSERT_NE(op, nullptr);
  const std::string hint = R"(stormwatch_enrich_mentions_total{lang="no",lang_source="hint"})";
  const std::string identified =
      R"(stormwatch_enrich_mentions_total{lang="da",lang_source="identified"})";
  const std::string fallback =
      R"(stormwatch_enrich_mentions_total{lang="sv",lang_source="default"})";
  const std::string negative =
      R"(stormwatch_enrich_sentiment_labels_total{label="negative",lang="da"})";
  const std::string contact = R"(stormwatch_enrich_intents_total{intent="contact_seeking"})";
  const double before[] = {SeriesValue(hint), SeriesValue(identified), SeriesValue(fallback),
                           SeriesValue(negative), SeriesValue(contact)};
  for (const auto& [text, lang] : std::vector<std::pair<std::string, std::string>>{
           {"Telco 5G", "no"},
           {"Har ventet i telefonen i en time. Elendig service!", ""},
           {"Telco 5G", ""}}) {
    v1::Event event;
    event.mutable_mention()->set_text(text);
    event.mutable_mention()->set_lang(lang);
    op->Process(event, 0, ctx_);
  }
  EXPECT_EQ(SeriesValue(hint), before[0] + 1);
  EXPECT_EQ(SeriesValue(identified), before[1] + 1);
  EXPECT_EQ(SeriesValue(fallback), before[2] + 1);
  EXPECT_EQ(SeriesValue(negative), before[3] + 1);
  EXPECT_EQ(SeriesValue(contact), before[4] + 1);
}

TEST_F(EnrichOperatorTest, MentionLangWinsAndDefaultLangApplies) {
  std::unique_ptr<Operator> op = Make("default_lang: sv");
  ASSERT_NE(op, nullptr);
  v1::Event hinted;
  hinted.mutable_mention()->set_text("Telco 5G");
  hinted.mutable_mention()->set_lang("no");
  op->Process(hinted, 0, ctx_);
  EXPECT_EQ(hinted.mention().enrichment().lang(), "no");
  v1::Event unsure;
  unsure.mutable_mention()->set_text("Telco 5G");
  op->Process(unsure, 0, ctx_);
  EXPECT_EQ(unsure.mention().enrichment().lang(), "sv");
  EXPECT_EQ(unsure.mention().enrichment().label(), v1::NEUTRAL);
}

TEST_F(EnrichOperatorTest, EachBrandFallsBackToItsOwnLanguage) {
  std::unique_ptr<Operator> op =
      Make("default_lang: da\nbrands: {telenova: {default_lang: no}, nordkop: {default_lang: sv}}");
  ASSERT_NE(op, nullptr);
  auto lang_of = [&](const std::string& brand, const std::string& text) {
    v1::Event event;
    event.mutable_mention()->set_brand(brand);
    event.mutable_mention()->set_text(text);
    op->Process(event, 0, ctx_);
    return event.mention().enrichment().lang();
  };
  // Danish and Norwegian alike: the brand decides.
  EXPECT_EQ(lang_of("telenova", "Pakken kom for sent"), "no");
  EXPECT_EQ(lang_of("danbolig", "Pakken kom for sent"), "da");
  // No evidence at all: the brand's language, else the operator's default.
  EXPECT_EQ(lang_of("nordkop", "👍"), "sv");
  EXPECT_EQ(lang_of("danbolig", "👍"), "da");
  // The mention's own language wins over everything.
  v1::Event hinted;
  hinted.mutable_mention()->set_brand("telenova");
  hinted.mutable_mention()->set_text("Pakken kom for sent");
  hinted.mutable_mention()->set_lang("da");
  op->Process(hinted, 0, ctx_);
  EXPECT_EQ(hinted.mention().enrichment().lang(), "da");
  // Clear evidence wins over the brand's language.
  EXPECT_EQ(lang_of("telenova", "Tak for hjælpen, I er søde"), "da");
  EXPECT_EQ(lang_of("nordkop", "Thanks for the quick reply"), "en");

  absl::StatusOr<enrich::EnricherConfig> parsed =
      ParseEnrichConfig(YAML::Load("brands: {telenova: {default_lang: no}}"));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->brand_default_lang.at("telenova"), enrich::Lang::kNo);
  for (const auto& [yaml, message] : std::vector<std::pair<std::string, std::string>>{
           {"brands: {telenova: {default_lang: nb}}",
            "enrich.brands.telenova.default_lang: expected one of da, no, sv, en, got 'nb'"},
           {"brands: {telenova: {default_lang: no, sla: 5}}",
            "enrich.brands.telenova.sla: unknown field, expected default_lang"},
           {"brands: {telenova: no}",
            "enrich.brands.telenova: expected {default_lang: da|no|sv|en}"},
           {"brands: {telenova: {default_lang: [no]}}",
            "enrich.brands.telenova.default_lang: expected one of da, no, sv, en, got a list"},
           {"brands: {telenova: {default_lang: ~}}",
            "enrich.brands.telenova.default_lang: expected one of da, no, sv, en, got nothing"},
           {"brands: [telenova]",
            "enrich.brands: expected a map from brand to {default_lang: da|no|sv|en}"}}) {
    absl::StatusOr<enrich::EnricherConfig> bad = ParseEnrichConfig(YAML::Load(yaml));
    ASSERT_FALSE(bad.ok()) << yaml;
    EXPECT_EQ(bad.status().message(), message);
  }
}

TEST_F(EnrichOperatorTest, QueueSamplesPassUntouched) {
  std::unique_ptr<Operator> op = Make("");
  ASSERT_NE(op, nullptr);
  v1::Event event;
  event.mutable_queue_sample()->set_brand("telco");
  event.mutable_queue_sample()->set_longest_wait_seconds(900);
  const std::string before = event.SerializeAsString();
  op->Process(event, 0, ctx_);
  EXPECT_EQ(event.SerializeAsString(), before);
  EXPECT_FALSE(event.has_mention());
}

TEST_F(EnrichOperatorTest, BadConfigNamesTheField) {
  absl::StatusOr<OperatorInstanceFactory> bad = factory_->Configure(YAML::Load("default_lang: xx"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(),
            "enrich.default_lang: expected one of da, no, sv, en, got 'xx'");

  bad = factory_->Configure(YAML::Load("default_langg: da"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("enrich.default_langg"), std::string::npos);

  bad = factory_->Configure(YAML::Load("intents_dir: /nonexistent/stormwatch/intents"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("/nonexistent/stormwatch/intents"), std::string::npos);
}

TEST_F(EnrichOperatorTest, WordListsAreConfigurable) {
  absl::StatusOr<OperatorInstanceFactory> bad =
      factory_->Configure(YAML::Load("word_lists: {xx: /usr/share/dict/danish}"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "enrich.word_lists.xx: expected a language, one of da, no, sv, en");
  bad = factory_->Configure(YAML::Load("word_lists: {no: {a: b}}"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "enrich.word_lists.no: expected a file path or a list of file paths");
  bad = factory_->Configure(YAML::Load("word_lists: /usr/share/dict"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("enrich.word_lists: expected a map"), std::string::npos);
  bad = factory_->Configure(YAML::Load("word_lists: {no: [/nonexistent/stormwatch/bokmaal]}"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("/nonexistent/stormwatch/bokmaal"), std::string::npos);

  absl::StatusOr<enrich::EnricherConfig> none = ParseEnrichConfig(YAML::Load("word_lists: {}"));
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_TRUE(none->word_lists.empty());
  absl::StatusOr<enrich::EnricherConfig> some = ParseEnrichConfig(
      YAML::Load("word_lists: {da: /usr/share/dict/danish, no: [/a/bokmaal, /a/nynorsk]}"));
  ASSERT_TRUE(some.ok()) << some.status();
  EXPECT_EQ(some->word_lists.files[enrich::LangIndex(enrich::Lang::kNo)].size(), 2u);
  EXPECT_TRUE(some->word_lists.files[enrich::LangIndex(enrich::Lang::kSv)].empty());
  absl::StatusOr<enrich::EnricherConfig> unset = ParseEnrichConfig(YAML::Load("default_lang: no"));
  ASSERT_TRUE(unset.ok());
  EXPECT_EQ(unset->word_lists, enrich::WordListSources::DebianDefaults());
}

TEST_F(EnrichOperatorTest, BadRulesLineInALexiconDirNamesFileAndLine) {
  const char* root = std::getenv("STORMWATCH_SOURCE_DIR");
  const std::filesystem::path source = std::filesystem::path(root ? root : ".") / "data/lexicons";
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("enrich_lexicons_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::copy(source, dir, std::filesystem::copy_options::recursive);
  EXPECT_NE(Make("lexicon_dir: " + dir.string()), nullptr);  // the shipped data, from disk

  std::ifstream shipped(dir / "rules/da.txt");
  const int64_t lines =
      std::count(std::istreambuf_iterator<char>(shipped), std::istreambuf_iterator<char>(), '\n');
  std::ofstream(dir / "rules/da.txt", std::ios::app) << "negated\tnok\n";
  absl::StatusOr<OperatorInstanceFactory> bad =
      factory_->Configure(YAML::Load("lexicon_dir: " + dir.string()));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string message(bad.status().message());
  EXPECT_NE(message.find("rules/da.txt:" + std::to_string(lines + 1) +
                         ": negated needs the score of the negated word, got 'negated\tnok'"),
            std::string::npos)
      << message;
  std::filesystem::remove_all(dir);
}

TEST_F(EnrichOperatorTest, IntentsDirOverridesTheEmbeddedLists) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("enrich_intents_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  for (const char* lang : {"da", "no", "sv", "en"}) {
    std::ofstream(dir / (std::string(lang) + ".txt")) << "contact_seeking\tpigeon post\n";
  }
  std::unique_ptr<Operator> op = Make("intents_dir: " + dir.string());
  ASSERT_NE(op, nullptr);
  v1::Event custom;
  custom.mutable_mention()->set_text("please answer by pigeon post");
  custom.mutable_mention()->set_lang("en");
  op->Process(custom, 0, ctx_);
  ASSERT_EQ(custom.mention().enrichment().intents_size(), 1);
  EXPECT_EQ(custom.mention().enrichment().intents(0), v1::CONTACT_SEEKING);
  v1::Event builtin;
  builtin.mutable_mention()->set_text("been on hold for an hour");
  builtin.mutable_mention()->set_lang("en");
  op->Process(builtin, 0, ctx_);
  for (int intent : builtin.mention().enrichment().intents()) {
    EXPECT_NE(intent, v1::CONTACT_SEEKING);  // the built-in list is replaced, not merged
  }
  std::filesystem::remove_all(dir);
}

class CustomTermsTest : public EnrichOperatorTest {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("enrich_custom_terms_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content) {
    const std::filesystem::path path = dir_ / name;
    std::ofstream(path) << content;
    return path.string();
  }
  v1::Enrichment Enrich(Operator& op, const std::string& text, const std::string& lang) {
    v1::Event event;
    event.mutable_mention()->set_text(text);
    event.mutable_mention()->set_lang(lang);
    op.Process(event, 0, ctx_);
    return event.mention().enrichment();
  }
  std::string ConfigureError(const std::string& yaml) {
    absl::StatusOr<OperatorInstanceFactory> made = factory_->Configure(YAML::Load(yaml));
    EXPECT_FALSE(made.ok());
    return made.ok() ? "" : std::string(made.status().message());
  }

  std::filesystem::path dir_;
};

TEST_F(CustomTermsTest, TheDeploymentsTermsWinOverTheShippedLists) {
  const std::string en = Write("en.txt",
                               "# a product name is not a feeling\n"
                               "valence\thappy meal\t0\n"
                               "complaint\tno wifi\n");
  const std::string da_names = Write("da_names.txt", "valence\tlynlevering\t3\n");
  // Saved by a Windows editor: byte-order mark and CRLF.
  const std::string da_intents = Write("da_intents.txt",
                                       "\xEF\xBB\xBF"
                                       "contact_seeking\tbrevdue\r\n\r\n");
  std::unique_ptr<Operator> shipped = Make("");
  std::unique_ptr<Operator> custom =
      Make("custom_terms: {en: " + en + ", da: [" + da_names + ", " + da_intents + "]}");
  ASSERT_NE(shipped, nullptr);
  ASSERT_NE(custom, nullptr);

  EXPECT_EQ(Enrich(*shipped, "just had a happy meal", "en").label(), v1::POSITIVE);
  const v1::Enrichment meal = Enrich(*custom, "just had a happy meal", "en");
  EXPECT_EQ(meal.label(), v1::NEUTRAL);
  EXPECT_EQ(meal.sentiment_score(), 0.0);
  // Only the term is overridden: "happy" on its own keeps its valence.
  EXPECT_EQ(Enrich(*custom, "so happy with the service", "en").label(), v1::POSITIVE);

  EXPECT_EQ(Enrich(*shipped, "the train has no wifi", "en").intents_size(), 0);
  const v1::Enrichment wifi = Enrich(*custom, "the train has no wifi", "en");
  ASSERT_EQ(wifi.intents_size(), 1);
  EXPECT_EQ(wifi.intents(0), v1::COMPLAINT);

  // Both Danish files are read; the terms stay Danish (an English post does not get them).
  EXPECT_EQ(Enrich(*shipped, "Ordren kom med lynlevering", "da").label(), v1::NEUTRAL);
  EXPECT_EQ(Enrich(*custom, "Ordren kom med lynlevering", "da").label(), v1::POSITIVE);
  EXPECT_EQ(Enrich(*custom, "order came by lynlevering", "en").label(), v1::NEUTRAL);
  const v1::Enrichment pigeon = Enrich(*custom, "Svar mig med brevdue", "da");
  ASSERT_EQ(pigeon.intents_size(), 1);
  EXPECT_EQ(pigeon.intents(0), v1::CONTACT_SEEKING);
}

TEST_F(CustomTermsTest, RolesAreAddedToTheShippedOnes) {
  // A negative subject the shipped rules do not know reaches its verb.
  const std::string en = Write("en.txt", "clause_negator\tnot a single person\n");
  std::unique_ptr<Operator> shipped = Make("");
  std::unique_ptr<Operator> custom = Make("custom_terms: {en: " + en + "}");
  ASSERT_NE(custom, nullptr);
  const std::string post = "Not a single person at the front desk could help me";
  EXPECT_NE(Enrich(*shipped, post, "en").label(), v1::NEGATIVE);
  EXPECT_EQ(Enrich(*custom, post, "en").label(), v1::NEGATIVE);
  // A value replaces a shipped one that counted only when negated ("worked").
  const std::string worked = Write("worked.txt", "valence\tworked\t2\n");
  std::unique_ptr<Operator> valued = Make("custom_terms: {en: " + worked + "}");
  ASSERT_NE(valued, nullptr);
  EXPECT_EQ(Enrich(*shipped, "It worked", "en").label(), v1::NEUTRAL);
  EXPECT_EQ(Enrich(*valued, "It worked", "en").label(), v1::POSITIVE);
  EXPECT_EQ(Enrich(*valued, "It never worked", "en").label(), v1::NEGATIVE);
  // The shipped negator "ikke" still negates.
  EXPECT_EQ(Enrich(*custom, "Det var ikke bra", "no").label(), v1::NEGATIVE);
}

TEST_F(CustomTermsTest, BadTermsFileStopsStartUpNamingFileAndLine) {
  struct BadFile {
    const char* lang;
    const char* content;
    const char* error;  // after "FILE:"
  };
  const BadFile kBadFiles[] = {
      {"sv", "valence\tok\t1\n\n# note\ncomplain\tx\n",
       "4: kind must be stop, negator, clause_negator, contrast, booster, prefix, valence, "
       "negated, neutral, complaint, question, contact_seeking, contact_channel or praise, got "
       "'complain\tx'"},
      {"da", "valence\tlynlevering\n", "1: valence needs a score, got 'valence\tlynlevering'"},
      {"en", "praise\tsuper\t2\n", "1: praise takes no value, got 'praise\tsuper\t2'"},
      {"da", "# four columns\nvalence\tfin\t2\textra\n",
       "2: expected 'kind<TAB>term[<TAB>value]' or 'intent<TAB>term', got "
       "'valence\tfin\t2\textra'"},
      {"da", "booster\tvildt\tmeget\n", "1: value not a number, got 'booster\tvildt\tmeget'"},
  };
  int n = 0;
  for (const BadFile& bad : kBadFiles) {
    const std::string path = Write("bad" + std::to_string(n++) + ".txt", bad.content);
    EXPECT_EQ(ConfigureError("custom_terms: {" + std::string(bad.lang) + ": " + path + "}"),
              "enrich: cannot load lexicons: custom_terms." + std::string(bad.lang) + ": " + path +
                  ":" + bad.error);
  }
  const std::string bad_kind = Write("bad_kind.txt", kBadFiles[0].content);

  EXPECT_EQ(ConfigureError("custom_terms: {da: /nonexistent/stormwatch/terms.txt}"),
            "enrich: cannot load lexicons: custom_terms.da: cannot open "
            "/nonexistent/stormwatch/terms.txt as a file");
  EXPECT_EQ(
      ConfigureError("custom_terms: {no: " + dir_.string() + "}"),
      "enrich: cannot load lexicons: custom_terms.no: cannot open " + dir_.string() + " as a file");
  EXPECT_EQ(ConfigureError("custom_terms: {xx: " + bad_kind + "}"),
            "enrich.custom_terms.xx: expected a language, one of da, no, sv, en");
  EXPECT_EQ(ConfigureError("custom_terms: [" + bad_kind + "]"),
            "enrich.custom_terms: expected a map from language (da, no, sv, en) to files");
}

}  // namespace
}  // namespace stormwatch
