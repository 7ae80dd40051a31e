// The explicit operator registry (STYLE.md: no static-initialiser registration). The CLI
// calls RegisterBuiltins once; the pipeline config names operators in chain order and
// ConfigureChain validates every operator's config once, before any task starts.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "pipeline/api/operator.h"
#include "pipeline/runtime/operator_chain.h"
#include "yaml-cpp/yaml.h"

namespace stormwatch {

// Immutable after start-up; Find is thread-safe once registration is over.
class OperatorRegistry {
 public:
  // AlreadyExists when the name is taken.
  absl::Status Register(std::unique_ptr<OperatorFactory> factory);
  const OperatorFactory* Find(std::string_view name) const;
  std::vector<std::string> Names() const;

 private:
  std::map<std::string, std::unique_ptr<OperatorFactory>, std::less<>> factories_;
};

// Registers every operator that ships with stormwatch.
void RegisterBuiltins(OperatorRegistry& registry);

// The validated chain: makes a fresh, independent set of operators for each task.
class ChainTemplate {
 public:
  std::vector<NamedOperator> Instantiate() const;
  const std::vector<std::string>& names() const { return names_; }

 private:
  friend absl::StatusOr<ChainTemplate> ConfigureChain(const OperatorRegistry&,
                                                      const std::vector<OperatorSpec>&);
  std::vector<std::string> names_;
  std::vector<OperatorInstanceFactory> factories_;
};

// Errors name the operator and the field: "operators[1] (spike): ...".
absl::StatusOr<ChainTemplate> ConfigureChain(const OperatorRegistry& registry,
                                             const std::vector<OperatorSpec>& specs);

}  // namespace stormwatch
