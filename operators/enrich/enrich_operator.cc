// The enrich operator and its factory (see enrich_operator.h).
#include "operators/enrich/enrich_operator.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "operators/enrich/enrich_metrics.h"

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

// "da", "no", "sv" or "en" exactly (the operator config takes no variants such as "nb").
std::optional<enrich::Lang> ExactLangCode(const std::string& code) {
  const std::optional<enrich::Lang> lang =
      code.size() == 2 ? enrich::ParseLang(code) : std::nullopt;
  if (!lang.has_value() || enrich::LangCode(*lang) != code) return std::nullopt;
  return lang;
}

// A language code at `path` ("enrich.default_lang"): exactly da, no, sv or en.
absl::StatusOr<enrich::Lang> ParseLangField(const YAML::Node& node, const std::string& path) {
  const std::string got = node.IsScalar()     ? "'" + node.Scalar() + "'"
                          : node.IsSequence() ? std::string("a list")
                          : node.IsMap()      ? std::string("a map")
                                              : std::string("nothing");
  const std::optional<enrich::Lang> lang =
      node.IsScalar() ? ExactLangCode(node.Scalar()) : std::nullopt;
  if (!lang.has_value()) {
    return absl::InvalidArgumentError(path + ": expected one of da, no, sv, en, got " + got);
  }
  return *lang;
}

// brands: {<brand>: {default_lang: da|no|sv|en}}; the brand's language when the text of a
// mention gives too little evidence.
absl::Status ParseBrands(const YAML::Node& node, enrich::EnricherConfig& out) {
  if (node.IsNull()) return absl::OkStatus();
  if (!node.IsMap()) {
    return absl::InvalidArgumentError(
        "enrich.brands: expected a map from brand to {default_lang: da|no|sv|en}");
  }
  for (const auto& kv : node) {
    const std::string brand = kv.first.as<std::string>("");
    const std::string prefix = "enrich.brands." + brand;
    const YAML::Node& fields = kv.second;
    if (!fields.IsMap() || !fields["default_lang"].IsDefined()) {
      return absl::InvalidArgumentError(prefix + ": expected {default_lang: da|no|sv|en}");
    }
    for (const auto& field : fields) {
      const std::string key = field.first.as<std::string>("");
      if (key != "default_lang") {
        return absl::InvalidArgumentError(prefix + "." + key +
                                          ": unknown field, expected default_lang");
      }
    }
    absl::StatusOr<enrich::Lang> lang =
        ParseLangField(fields["default_lang"], prefix + ".default_lang");
    if (!lang.ok()) return lang.status();
    out.brand_default_lang[brand] = *lang;
  }
  return absl::OkStatus();
}

// <field>: {<lang>: path or [paths], ...}; {} (or null) for none.
absl::StatusOr<enrich::FilesPerLang> ParseFilesPerLang(const YAML::Node& node,
                                                       const std::string& field) {
  enrich::FilesPerLang files;
  if (node.IsNull()) return files;
  if (!node.IsMap()) {
    return absl::InvalidArgumentError("enrich." + field +
                                      ": expected a map from language (da, no, sv, en) to files");
  }
  for (const auto& kv : node) {
    const std::string code = kv.first.as<std::string>("");
    const std::optional<enrich::Lang> lang = ExactLangCode(code);
    if (!lang.has_value()) {
      return absl::InvalidArgumentError("enrich." + field + "." + code +
                                        ": expected a language, one of da, no, sv, en");
    }
    const YAML::Node& value = kv.second;
    bool valid = value.IsScalar() || (value.IsSequence() && value.size() > 0);
    for (const YAML::Node& item : value.IsSequence() ? value : YAML::Node()) {
      valid = valid && item.IsScalar();
    }
    if (!valid) {
      return absl::InvalidArgumentError("enrich." + field + "." + code +
                                        ": expected a file path or a list of file paths");
    }
    std::vector<std::string>& paths = files[enrich::LangIndex(*lang)];
    if (value.IsScalar()) paths.push_back(value.Scalar());
    for (const YAML::Node& item : value.IsSequence() ? value : YAML::Node()) {
      paths.push_back(item.Scalar());
    }
  }
  return files;
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
      return absl::InvalidArgumentError("enrich: " + std::string(enricher.status().message()));
    }
    EnrichMetrics::Get();  // the series exist from start-up, at 0
    std::shared_ptr<const enrich::MentionEnricher> shared = *std::move(enricher);
    return OperatorInstanceFactory([shared]() -> std::unique_ptr<Operator> {
      return std::make_unique<EnrichOperator>(shared);
    });
  }
};

}  // namespace

absl::StatusOr<enrich::EnricherConfig> ParseEnrichConfig(const YAML::Node& config) {
  enrich::EnricherConfig parsed;
  if (!config.IsDefined() || config.IsNull()) return parsed;
  if (!config.IsMap()) return absl::InvalidArgumentError("enrich: expected a map of settings");
  for (const auto& kv : config) {
    const std::string key = kv.first.as<std::string>("");
    if (key != "default_lang" && key != "brands" && key != "intents_dir" && key != "lexicon_dir" &&
        key != "word_lists" && key != "custom_terms") {
      return absl::InvalidArgumentError("enrich." + key +
                                        ": unknown field, expected default_lang, brands, "
                                        "intents_dir, lexicon_dir, word_lists or custom_terms");
    }
  }
  if (const YAML::Node lang = config["default_lang"]; lang.IsDefined() && !lang.IsNull()) {
    absl::StatusOr<enrich::Lang> parsed_lang = ParseLangField(lang, "enrich.default_lang");
    if (!parsed_lang.ok()) return parsed_lang.status();
    parsed.default_lang = *parsed_lang;
  }
  if (const YAML::Node brands = config["brands"]; brands.IsDefined()) {
    if (absl::Status s = ParseBrands(brands, parsed); !s.ok()) return s;
  }
  absl::StatusOr<std::string> intents_dir = ScalarField(config, "intents_dir");
  if (!intents_dir.ok()) return intents_dir.status();
  parsed.intents_dir = *intents_dir;
  absl::StatusOr<std::string> lexicon_dir = ScalarField(config, "lexicon_dir");
  if (!lexicon_dir.ok()) return lexicon_dir.status();
  parsed.lexicon_dir = *lexicon_dir;
  if (const YAML::Node lists = config["word_lists"]; lists.IsDefined()) {
    absl::StatusOr<enrich::FilesPerLang> files = ParseFilesPerLang(lists, "word_lists");
    if (!files.ok()) return files.status();
    parsed.word_lists.files = *std::move(files);
  }
  if (const YAML::Node terms = config["custom_terms"]; terms.IsDefined()) {
    absl::StatusOr<enrich::FilesPerLang> files = ParseFilesPerLang(terms, "custom_terms");
    if (!files.ok()) return files.status();
    parsed.custom_terms = *std::move(files);
  }
  return parsed;
}

void EnrichOperator::Process(v1::Event& event, int64_t event_time_ms, OperatorContext& ctx) {
  if (!event.has_mention()) return;  // queue samples pass through untouched
  EnrichMetrics::Get().Count(enricher_->Enrich(*event.mutable_mention()));
}

std::unique_ptr<OperatorFactory> MakeEnrichOperatorFactory() {
  return std::make_unique<EnrichOperatorFactory>();
}

}  // namespace stormwatch
