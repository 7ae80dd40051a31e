// What a poller of a bearer-token HTTP API needs before its first poll (X recent search,
// Reddit listings): the token from its secret, the config with the API's default base URL
// filled in, the path of its cursor file, and an HTTP client. Errors name the config field.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "pipeline/config/pipeline_config.h"

namespace httplib {
class Client;
}

namespace stormwatch {

struct TokenPollerParts {
  TokenPollerParts();
  TokenPollerParts(TokenPollerParts&&) noexcept;
  ~TokenPollerParts();

  IngestPollerConfig config;
  std::string token;
  std::string cursor_path;  // "" without a state directory
  std::unique_ptr<httplib::Client> client;
};

// `state_dir` "" = no cursor file; `read_timeout_seconds` as for MakeHttpClient.
absl::StatusOr<TokenPollerParts> PrepareTokenPoller(const IngestPollerConfig& config,
                                                    const std::string& state_dir,
                                                    const std::string& default_base_url,
                                                    int read_timeout_seconds = 30);

}  // namespace stormwatch
