// Shared set-up of the bearer-token pollers; see token_poller_parts.h.
#include "pipeline/ingest/common/token_poller_parts.h"

#include <httplib.h>

#include "pipeline/core/strings.h"
#include "pipeline/ingest/common/http_fetch.h"
#include "pipeline/ingest/common/secret.h"

namespace stormwatch {

TokenPollerParts::TokenPollerParts() = default;
TokenPollerParts::TokenPollerParts(TokenPollerParts&&) noexcept = default;
TokenPollerParts::~TokenPollerParts() = default;

absl::StatusOr<TokenPollerParts> PrepareTokenPoller(const IngestPollerConfig& config,
                                                    const std::string& state_dir,
                                                    const std::string& default_base_url,
                                                    int read_timeout_seconds) {
  const std::string field = StrCat("ingest.pollers.", config.name);
  TokenPollerParts parts;
  absl::StatusOr<std::string> token = ResolveSecret(config.secret, field + ".secret");
  if (!token.ok()) return token.status();
  parts.token = *std::move(token);
  parts.config = config;
  if (parts.config.base_url.empty()) parts.config.base_url = default_base_url;
  if (!state_dir.empty()) parts.cursor_path = StrCat(state_dir, "/", config.name, ".cursor.json");
  absl::StatusOr<std::unique_ptr<httplib::Client>> client =
      MakeHttpClient(parts.config.base_url, field + ".base_url", read_timeout_seconds);
  if (!client.ok()) return client.status();
  parts.client = *std::move(client);
  return parts;
}

}  // namespace stormwatch
