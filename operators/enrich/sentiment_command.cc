// The `stormwatch sentiment` JSONL stream (see sentiment_command.h).
#include "operators/enrich/sentiment_command.h"

#include <cmath>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace stormwatch {

int RunSentimentCommand(std::istream& in, std::ostream& out, std::ostream& err,
                        const enrich::EnricherConfig& config, bool explain) {
  absl::StatusOr<std::unique_ptr<enrich::MentionEnricher>> enricher =
      enrich::MentionEnricher::Create(config);
  if (!enricher.ok()) {
    err << "sentiment: " << enricher.status().message() << "\n";
    return 1;
  }
  std::string line;
  int64_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    nlohmann::json result;
    const nlohmann::json doc = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
      result["error"] = "line " + std::to_string(line_no) + ": not valid JSON";
    } else if (!doc.is_object()) {
      result["error"] = "line " + std::to_string(line_no) + ": expected a JSON object";
    } else if (!doc.contains("text") || !doc["text"].is_string()) {
      result["error"] = "line " + std::to_string(line_no) + ": missing string field 'text'";
    } else if (doc.contains("lang") && !doc["lang"].is_string() && !doc["lang"].is_null()) {
      result["error"] = "line " + std::to_string(line_no) + ": field 'lang' must be a string";
    } else {
      const std::string& text = doc["text"].get_ref<const std::string&>();
      const std::string lang =
          doc.contains("lang") && doc["lang"].is_string() ? doc["lang"].get<std::string>() : "";
      std::vector<enrich::ScoredTerm> terms;
      const enrich::EnrichmentResult r =
          (*enricher)->Analyze(text, lang, config.default_lang, explain ? &terms : nullptr);
      result["lang"] = std::string(enrich::LangCode(r.lang));
      result["score"] = r.score;
      result["label"] = std::string(enrich::SentimentLabelName(r.label));
      nlohmann::json intents = nlohmann::json::array();
      for (std::string_view name : enrich::IntentNames(r.intents)) {
        intents.push_back(std::string(name));
      }
      result["intents"] = std::move(intents);
      if (explain) {
        nlohmann::json explained = nlohmann::json::array();
        for (const enrich::ScoredTerm& t : terms) {
          // Two decimals: "6.3" reads better than a float valence widened to double.
          const double value = std::round(t.contribution * 100) / 100;
          explained.push_back({{"term", t.term}, {"value", value}, {"negated", t.negated}});
        }
        result["terms"] = std::move(explained);
      }
    }
    // Replace invalid UTF-8 rather than throw: the data path has no exceptions.
    out << result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  out.flush();
  return 0;
}

}  // namespace stormwatch
