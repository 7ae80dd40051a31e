// The enrich operator: first operator of every task's chain (enrich -> detectors ->
// escalation). Adds language, sentiment and intents to every mention; queue samples pass
// through untouched. Config (YAML, may be null): default_lang (da|no|sv|en, default en),
// brands ({<brand>: {default_lang}}: a brand's own language when a text is too short to tell),
// intents_dir (optional directory with <lang>.txt intent lists, replaces data/intents),
// lexicon_dir (optional directory laid out like data/lexicons, replaces it), word_lists
// (optional map from language to spelling word list files for language identification;
// default: Debian's /usr/share/dict lists, see word_lists.h; {} for none), custom_terms
// (optional map from language to the deployment's own term files: brand names, campaign
// words, intents; loaded after the shipped lists, see vocabulary.h).
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "operators/enrich/mention_enricher.h"
#include "pipeline/api/operator.h"
#include "yaml-cpp/yaml.h"

namespace stormwatch {

// Parses and validates the operator's YAML block. InvalidArgument names the field and what
// is expected, e.g. "enrich.default_lang: expected one of da, no, sv, en, got 'xx'".
absl::StatusOr<enrich::EnricherConfig> ParseEnrichConfig(const YAML::Node& config);

// One instance per task; shares the immutable enricher of its factory.
class EnrichOperator : public Operator {
 public:
  explicit EnrichOperator(std::shared_ptr<const enrich::MentionEnricher> enricher)
      : enricher_(std::move(enricher)) {}
  void Process(v1::Event& event, int64_t event_time_ms, OperatorContext& ctx) override;

 private:
  std::shared_ptr<const enrich::MentionEnricher> enricher_;
};

// name() == "enrich". Configure builds the lexicons once; every task shares them.
std::unique_ptr<OperatorFactory> MakeEnrichOperatorFactory();

}  // namespace stormwatch
