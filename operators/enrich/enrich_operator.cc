// The enrich operator and its factory (see enrich_operator.h).
#include "operators/enrich/enrich_operator.h"

#include <string>

#include "absl/status/status.h"

namespace stormwatch {
namespace {

absl::StatusOr<std::string> ScalarField(const YAML::Node& config, const char* field) {
  const YAML::Node node = config[field];
  if (!node.IsDefined() || node.IsNull()) return std::string();
  if (!node.IsScalar()) {
    return absl::InvalidArgumentError(std::string("enrich.") + field + ": expected a string");
  }
  return node.Scalar();
}

class EnrichOperatorFactory : public OperatorFactory {
 public:
  std::string_view name() const override { return "enrich"; }

  absl::StatusOr<OperatorInstanceFactory> Configure(const YAML::Node& config) const override {
    absl::StatusOr<enrich::EnricherConfig> parsed = ParseEnrichConfig(config);
    if (!parsed.ok()) return parsed.status();
    absl::StatusOr<std::unique_ptr<enrich::MentionEnricher>> enricher =
        enrich::MentionEnricher::Create(*parsed);
    if (!enricher.ok()) {
      return absl::InvalidArgumentError("enrich: cannot load lexicons: " +
                                        std::string(enricher.status().message()));
    }
    std::shared_ptr<const enrich::MentionEnricher> shared = *std::move(enricher);
    return OperatorInstanceFactory(
        [shared]() -> std::unique_ptr<Operator> { return std::make_unique<EnrichOperator>(shared); });
  }
};

}  // namespace

absl::StatusOr<enrich::EnricherConfig> ParseEnrichConfig(const YAML::Node& config) {
  enrich::EnricherConfig parsed;
  if (!config.IsDefined() || config.IsNull()) return parsed;
  if (!config.IsMap()) return absl::InvalidArgumentError("enrich: expected a map of settings");
  for (const auto& kv : config) {
    const std::string key = kv.first.as<std::string>("");
    if (key != "default_lang" && key != "intents_dir" && key != "lexicon_dir") {
      return absl::InvalidArgumentError(
          "enrich." + key + ": unknown field, expected default_lang, intents_dir or lexicon_dir");
    }
  }
  absl::StatusOr<std::string> lang = ScalarField(config, "default_lang");
  if (!lang.ok()) return lang.status();
  if (!lang->empty()) {
    const std::optional<enrich::Lang> l =
        lang->size() == 2 ? enrich::ParseLang(*lang) : std::nullopt;
    if (!l.has_value() || enrich::LangCode(*l) != *lang) {
      return absl::InvalidArgumentError(
          "enrich.default_lang: expected one of da, no, sv, en, got '" + *lang + "'");
    }
    parsed.default_lang = *l;
  }
  absl::StatusOr<std::string> intents_dir = ScalarField(config, "intents_dir");
  if (!intents_dir.ok()) return intents_dir.status();
  parsed.intents_dir = *intents_dir;
  absl::StatusOr<std::string> lexicon_dir = ScalarField(config, "lexicon_dir");
  if (!lexicon_dir.ok()) return lexicon_dir.status();
  parsed.lexicon_dir = *lexicon_dir;
  return parsed;
}

void EnrichOperator::Process(v1::Event& event, int64_t event_time_ms, OperatorContext& ctx) {
  if (!event.has_mention()) return;  // queue samples pass through untouched
  enricher_->Enrich(*event.mutable_mention());
}

std::unique_ptr<OperatorFactory> MakeEnrichOperatorFactory() {
  return std::make_unique<EnrichOperatorFactory>();
}

}  // namespace stormwatch
