// Reads the secrets a config names by reference (`{secret_file: PATH}` or
// `{secret_env: NAME}`) at start-up: ingest sources' and pollers' tokens, the sinks' keys
// and URLs, the incident API token, Kafka's secret properties (sasl.password). Errors name
// the field and the file or variable, never the value.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "pipeline/config/pipeline_config.h"

namespace stormwatch {

// The secret with surrounding whitespace (a trailing newline of a mounted file) removed.
// `field` names the config field in errors. Fails when the source is missing or empty.
absl::StatusOr<std::string> ResolveSecret(const SecretRef& ref, const std::string& field);

}  // namespace stormwatch
