// `stormwatch sentiment` (JSONL text -> lang, score, label, intents) and
// `stormwatch score-series --input SERIES.csv --output SCORES.csv` (the spike detector on a
// NAB-format series): thin wrappers over the operators' own command functions.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "operators/enrich/sentiment_command.h"
#include "operators/spike/score_series_command.h"
#include "pipeline/cli/commands.h"

namespace stormwatch {

void AddSentimentCommand(CLI::App& app, int& exit_code) {
  auto default_lang = std::make_shared<std::string>("en");
  CLI::App* cmd = app.add_subcommand(
      "sentiment",
      "JSONL on stdin ({\"text\", \"lang\"?}) -> JSONL on stdout (lang, score, label, intents)");
  cmd->add_option("--default-lang", *default_lang,
                  "language of lines without \"lang\" whose text is too short to tell")
      ->check(CLI::IsMember({"da", "no", "sv", "en"}));
  auto custom_terms = std::make_shared<std::vector<std::string>>();
  cmd->add_option("--custom-terms", *custom_terms,
                  "LANG=FILE: the deployment's own terms for language LANG (as the enrich "
                  "operator's custom_terms; repeatable)")
      ->check([](const std::string& value) -> std::string {
        const size_t eq = value.find('=');
        if (eq != std::string::npos && eq + 1 < value.size() &&
            enrich::ParseLang(value.substr(0, eq)).has_value()) {
          return "";
        }
        return "expected LANG=FILE with LANG one of da, no, sv, en, got '" + value + "'";
      });
  auto explain = std::make_shared<bool>(false);
  cmd->add_flag("--explain", *explain,
                "add \"terms\": what each sentiment word or phrase contributed, to see why a "
                "post got its label");
  cmd->callback([default_lang, custom_terms, explain, &exit_code] {
    enrich::EnricherConfig config;
    config.default_lang = *enrich::ParseLang(*default_lang);
    for (const std::string& value : *custom_terms) {
      const size_t eq = value.find('=');
      const enrich::Lang lang = *enrich::ParseLang(value.substr(0, eq));
      config.custom_terms[enrich::LangIndex(lang)].push_back(value.substr(eq + 1));
    }
    exit_code = RunSentimentCommand(std::cin, std::cout, std::cerr, config, *explain);
  });
}

void AddScoreSeriesCommand(CLI::App& app, int& exit_code) {
  auto input = std::make_shared<std::string>();
  auto output = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "score-series", "Spike detector on a numeric series (timestamp,value -> anomaly_score)");
  cmd->add_option("--input", *input, "CSV with columns timestamp,value")->required();
  cmd->add_option("--output", *output, "CSV with columns timestamp,value,anomaly_score")
      ->required();
  cmd->callback([input, output, &exit_code] {
    exit_code = spike::RunScoreSeriesCommand(*input, *output, std::cerr);
  });
}

}  // namespace stormwatch
