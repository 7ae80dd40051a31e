// Operator registry and chain configuration; see registry.h.
#include "operators/registry.h"

#include "pipeline/core/strings.h"
#include "absl/strings/str_join.h"
#include "operators/brand_counter/brand_counter_operator.h"
#include "operators/enrich/enrich_operator.h"
#include "operators/response_sla/response_sla_operator.h"
#include "operators/shitstorm/shitstorm_operator.h"
#include "operators/spike/spike_operator.h"
#include "operators/spillover/spillover_operator.h"
#include "operators/volume_threshold/volume_threshold_operator.h"

namespace stormwatch {

absl::Status OperatorRegistry::Register(std::unique_ptr<OperatorFactory> factory) {
  std::string name(factory->name());
  if (factories_.contains(name)) {
    return absl::AlreadyExistsError(StrCat("operator '", name, "' is already registered"));
  }
  factories_.emplace(std::move(name), std::move(factory));
  return absl::OkStatus();
}

const OperatorFactory* OperatorRegistry::Find(std::string_view name) const {
  auto it = factories_.find(name);
  return it == factories_.end() ? nullptr : it->second.get();
}

std::vector<std::string> OperatorRegistry::Names() const {
  std::vector<std::string> names;
  for (const auto& [name, factory] : factories_) names.push_back(name);
  return names;
}

void RegisterBuiltins(OperatorRegistry& registry) {
  (void)registry.Register(MakeEnrichOperatorFactory());
  (void)registry.Register(MakeSpikeOperatorFactory());
  (void)registry.Register(MakeVolumeThresholdOperatorFactory());
  (void)registry.Register(MakeBrandCounterOperatorFactory());
  (void)registry.Register(MakeShitstormOperatorFactory());
  (void)registry.Register(MakeSpilloverOperatorFactory());
  (void)registry.Register(MakeResponseSlaOperatorFactory());
}

std::vector<NamedOperator> ChainTemplate::Instantiate() const {
  std::vector<NamedOperator> operators;
  operators.reserve(factories_.size());
  for (size_t i = 0; i < factories_.size(); ++i) {
    operators.push_back({names_[i], factories_[i]()});
  }
  return operators;
}

absl::StatusOr<ChainTemplate> ConfigureChain(const OperatorRegistry& registry,
                                             const std::vector<OperatorSpec>& specs) {
  if (specs.empty()) {
    return absl::InvalidArgumentError("operators: expected at least one operator");
  }
  ChainTemplate chain;
  for (size_t i = 0; i < specs.size(); ++i) {
    const OperatorSpec& spec = specs[i];
    const OperatorFactory* factory = registry.Find(spec.name);
    if (factory == nullptr) {
      return absl::InvalidArgumentError(
          StrCat("operators[", i, "].name: unknown operator '", spec.name,
                       "', expected one of ", absl::StrJoin(registry.Names(), ", ")));
    }
    absl::StatusOr<OperatorInstanceFactory> configured = factory->Configure(spec.config);
    if (!configured.ok()) {
      return absl::InvalidArgumentError(StrCat("operators[", i, "] (", spec.name,
                                                     "): ", configured.status().message()));
    }
    chain.names_.push_back(spec.name);
    chain.factories_.push_back(*std::move(configured));
  }
  return chain;
}

}  // namespace stormwatch
