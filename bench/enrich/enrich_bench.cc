// Throughput of enrichment (language + sentiment + intent) on typical 100-300 byte posts in
// da/no/sv/en, one core, against two baselines measured in the same run: tokenizing alone
// and a plain AFINN word sum. Figures and command in bench/README.md.
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "operators/enrich/mention_enricher.h"
#include "operators/enrich/tokenizer.h"
#include "operators/enrich/vocabulary.h"

namespace stormwatch::enrich {
namespace {

const std::vector<std::string>& Posts() {
  static const std::vector<std::string> posts = {
      "Har nu siddet og ventet i telefonen i over 45 minutter hos @Telco. Ingen svarer, og "
      "chatten er lukket. Det er simpelthen ikke i orden! 😡",
      "Tusind tak til Maria i kundeservice, hun fik løst mit problem med fakturaen på fem "
      "minutter. Super god service 👍",
      "Er der andre der har problemer med nettet i Aarhus i aften? Min router blinker rødt og "
      "jeg kan ikke komme igennem på hotline.",
      "Elendig dækning igen i dag... Jeg er ikke særlig tilfreds, men jeres medarbejdere er "
      "altid flinke når man endelig får fat i dem.",
      "Står i telefonkø for tredje gang denne uken. Hvorfor tar ingen telefonen? Dette er "
      "ikke akseptabelt #telco",
      "Veldig fornøyd med den nye mobilen, rask levering og hyggelig hjelp i butikken. "
      "Anbefales!",
      "Jag har väntat i telefon i över en timme och ingen svarar. Varför är kundtjänst så "
      "dålig? Byter operatör nu.",
      "Stort tack för snabb hjälp med mitt abonnemang, riktigt bra service 🙂",
      "Been on hold for 50 minutes and still can't get through to anyone at @telco. Never "
      "again. Cancelling my contract tomorrow!!",
      "Just wanted to say thanks to the support team, the engineer was friendly and fixed "
      "the broadband in no time :)",
      "Is anyone else having issues with mobile data in London today? Nothing loads and the "
      "status page says everything is fine.",
      "The new plan is okay I guess, not great but not terrible either. Price went up "
      "though, which is really annoying.",
  };
  return posts;
}

const MentionEnricher& Enricher() {
  static const MentionEnricher* enricher = MentionEnricher::Create({}).value().release();
  return *enricher;
}

void SetCounters(benchmark::State& state) {
  int64_t bytes = 0;
  for (const std::string& p : Posts()) bytes += static_cast<int64_t>(p.size());
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(Posts().size()));
  state.SetBytesProcessed(state.iterations() * bytes);
}

// Full enrichment without a language hint (language is identified).
void BM_Enrich(benchmark::State& state) {
  const MentionEnricher& enricher = Enricher();
  for (auto _ : state) {
    for (const std::string& p : Posts()) {
      EnrichmentResult r = enricher.Analyze(p, "");
      benchmark::DoNotOptimize(r);
    }
  }
  SetCounters(state);
}
BENCHMARK(BM_Enrich);

// The same posts, each made distinct by eight words drawn at random from the Danish and
// Norwegian word lists: language identification then looks up words spread over the whole
// word-list table (~17 MB), as on real traffic, instead of the same few hundred that stay in
// cache in BM_Enrich. 4096 posts, language identified; argument 0: without the word lists
// (stop words and letters only), the baseline for their cost.
void BM_EnrichDistinctWords(benchmark::State& state) {
  std::vector<std::string> words;
  for (const char* path : {"/usr/share/dict/danish", "/usr/share/dict/bokmaal"}) {
    std::ifstream in(path);
    for (std::string w; std::getline(in, w);) words.push_back(w);
  }
  if (words.empty()) {
    state.SkipWithError("no word lists in /usr/share/dict (apt install wdanish wnorwegian)");
    return;
  }
  std::mt19937 rng(42);
  std::vector<std::string> posts;
  for (int i = 0; i < 4096; ++i) {
    std::string p = Posts()[i % Posts().size()];
    for (int w = 0; w < 8; ++w) p += " " + words[rng() % words.size()];
    posts.push_back(std::move(p));
  }
  static const MentionEnricher* without_lists = [] {
    EnricherConfig config;
    config.word_lists = {};
    return MentionEnricher::Create(config).value().release();
  }();
  const MentionEnricher& enricher = state.range(0) ? Enricher() : *without_lists;
  int64_t bytes = 0;
  for (const std::string& p : posts) bytes += static_cast<int64_t>(p.size());
  for (auto _ : state) {
    for (const std::string& p : posts) {
      EnrichmentResult r = enricher.Analyze(p, "");
      benchmark::DoNotOptimize(r);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(posts.size()));
  state.SetBytesProcessed(state.iterations() * bytes);
}
BENCHMARK(BM_EnrichDistinctWords)->Arg(0)->Arg(1);

// The operator path: fills a v1::Mention's enrichment.
void BM_EnrichMention(benchmark::State& state) {
  const MentionEnricher& enricher = Enricher();
  std::vector<v1::Mention> mentions(Posts().size());
  for (size_t i = 0; i < mentions.size(); ++i) mentions[i].set_text(Posts()[i]);
  for (auto _ : state) {
    for (v1::Mention& m : mentions) enricher.Enrich(m);
    benchmark::ClobberMemory();
  }
  SetCounters(state);
}
BENCHMARK(BM_EnrichMention);

// Baseline 1: tokenizing alone (Unicode case folding, emoji, punctuation).
void BM_Tokenize(benchmark::State& state) {
  const TextTokenizer tokenizer({":)", ":(", "<3"});
  TokenizedText out;
  for (auto _ : state) {
    for (const std::string& p : Posts()) {
      tokenizer.Tokenize(p, out);
      benchmark::DoNotOptimize(out.tokens.data());
    }
  }
  SetCounters(state);
}
BENCHMARK(BM_Tokenize);

// Baseline 2: plain AFINN word sum (tokenize + one lookup per token, Danish valence).
void BM_AfinnWordSum(benchmark::State& state) {
  const absl::StatusOr<std::unique_ptr<Vocabulary>> vocab = Vocabulary::Create({});
  TokenizedText out;
  for (auto _ : state) {
    for (const std::string& p : Posts()) {
      (*vocab)->tokenizer().Tokenize(p, out);
      double sum = 0;
      for (const Token& t : out.tokens) {
        if (const VocabEntry* e = (*vocab)->Find(out.text(t))) {
          sum += e->lang[LangIndex(Lang::kDa)].valence;
        }
      }
      benchmark::DoNotOptimize(sum);
    }
  }
  SetCounters(state);
}
BENCHMARK(BM_AfinnWordSum);

}  // namespace
}  // namespace stormwatch::enrich
