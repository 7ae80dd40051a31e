// Shared HTTP plumbing of the pollers: a client for a configured base URL (http or https;
// tests point it at a loopback fake) and the outcome labels of stormwatch_poller_requests_total.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace httplib {
class Client;
class Result;
}

namespace stormwatch {

// "https://api.x.com" -> a client with connect/read timeouts. Errors name the field.
absl::StatusOr<std::unique_ptr<httplib::Client>> MakeHttpClient(const std::string& base_url,
                                                                 const std::string& field,
                                                                 int read_timeout_seconds = 30);

// The outcome label for an HTTP status (ok, not_modified, rate_limited, auth_error,
// client_error, server_error) or "network_error" for 0.
std::string PollOutcome(int http_status);

// A failed request as an error that says what failed: "HTTP 503", or "no response:
// Connection" (refused, timed out, TLS: httplib's error name) when none came.
absl::Status FetchFailure(const httplib::Result& result);

}  // namespace stormwatch
