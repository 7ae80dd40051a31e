// The last step of a detector factory's Configure(): once the config is validated, it is
// frozen into one immutable shared copy and every task gets its own operator instance
// over it (see OperatorFactory in pipeline/api/operator.h).
#pragma once

#include <memory>
#include <type_traits>
#include <utility>

#include "pipeline/api/operator.h"

namespace stormwatch {

// An instance factory making `Op(shared_config, extra...)` per task; `extra` (e.g. a
// configured detector) is copied into every instance. `Config` is immutable from here on.
template <typename Op, typename Config, typename... Extra>
OperatorInstanceFactory SharedConfigInstances(Config&& config, Extra... extra) {
  auto shared = std::make_shared<const std::decay_t<Config>>(std::forward<Config>(config));
  return OperatorInstanceFactory(
      [shared, extra...] { return std::make_unique<Op>(shared, extra...); });
}

}  // namespace stormwatch
