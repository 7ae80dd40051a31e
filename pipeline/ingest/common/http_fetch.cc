// Poller HTTP helpers; see http_fetch.h.
#include "pipeline/ingest/common/http_fetch.h"

#include <httplib.h>

#include "pipeline/core/strings.h"

namespace stormwatch {

absl::StatusOr<std::unique_ptr<httplib::Client>> MakeHttpClient(const std::string& base_url,
                                                                 const std::string& field,
                                                                 int read_timeout_seconds) {
  if (base_url.rfind("http://", 0) != 0 && base_url.rfind("https://", 0) != 0) {
    return absl::InvalidArgumentError(
        StrCat(field, ": expected an http:// or https:// URL, got '", base_url, "'"));
  }
  auto client = std::make_unique<httplib::Client>(base_url);
  if (!client->is_valid()) {
    return absl::InvalidArgumentError(StrCat(field, ": cannot use URL '", base_url, "'"));
  }
  client->set_connection_timeout(5, 0);
  client->set_read_timeout(read_timeout_seconds, 0);
  client->set_follow_location(false);
  return client;
}

std::string PollOutcome(int http_status) {
  if (http_status == 0) return "network_error";
  if (http_status == 304) return "not_modified";
  if (http_status == 429) return "rate_limited";
  if (http_status == 401 || http_status == 403) return "auth_error";
  if (http_status >= 200 && http_status < 300) return "ok";
  if (http_status >= 500) return "server_error";
  return "client_error";
}

absl::Status FetchFailure(const httplib::Result& result) {
  if (!result) return absl::UnavailableError(StrCat("no response: ", httplib::to_string(result.error())));
  return absl::UnavailableError(StrCat("HTTP ", result->status));
}

}  // namespace stormwatch
