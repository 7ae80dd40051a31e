// `stormwatch sentiment` (JSONL text -> lang, score, label, intents) and
// `stormwatch score-series --input SERIES.csv --output SCORES.csv` (the spike detector on a
// NAB-format series): thin wrappers over the operators' own command functions.
#include <iostream>
#include <memory>
#include <string>

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
  cmd->callback([default_lang, &exit_code] {
    enrich::EnricherConfig config;
    config.default_lang = *enrich::ParseLang(*default_lang);
    exit_code = RunSentimentCommand(std::cin, std::cout, std::cerr, config);
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
