// Reads the secrets of ingest sources (app secrets, tokens) from the file or environment
// variable a SecretRef names. Secret values are never logged: errors name the file or
// variable, never the value.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "pipeline/config/pipeline_config.h"

namespace stormwatch {

// The secret with surrounding whitespace (a trailing newline of a mounted file) removed.
// `field` names the config field in errors. Fails when the source is missing or empty.
absl::StatusOr<std::string> ResolveSecret(const SecretRef& ref, const std::string& field);

// Constant-time comparison (its time depends only on the lengths).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace stormwatch
