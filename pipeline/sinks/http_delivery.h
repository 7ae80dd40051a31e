// Shared HTTP plumbing of the HTTP sinks (Alertmanager, PagerDuty, Slack, Teams, webhook):
// one POST with timeouts, and the mapping of the answer to a DeliveryResult
// (2xx delivered; 408/429/5xx and network errors retried, honouring Retry-After; other 4xx
// rejected). Also reads the secrets that sinks need (files or env, never logged).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "pipeline/api/alert_sink.h"
#include "pipeline/config/pipeline_config.h"

namespace httplib {
class Client;
}

namespace stormwatch {

// "Retry-After: 120" or an HTTP-date; 0 when absent or unreadable.
std::chrono::milliseconds ParseRetryAfter(const std::string& value, int64_t now_ms);

// One receiver URL. Not thread-safe (a sink's delivery thread owns it).
class HttpPoster {
 public:
  // `url` is http(s)://host[:port][/path]; `label` prefixes every detail ("pagerduty").
  static absl::StatusOr<std::unique_ptr<HttpPoster>> Create(const std::string& url,
                                                            int64_t timeout_ms,
                                                            std::string label);
  ~HttpPoster();

  struct Response {
    int status = 0;  // 0: no answer (network error, timeout)
    std::string body;
    std::string retry_after;
    std::string error;
  };
  Response Post(const std::string& path_suffix, const std::string& body,
                const std::multimap<std::string, std::string>& headers = {},
                const std::string& content_type = "application/json");
  // The default mapping of a response; details never contain the URL (it may be secret).
  DeliveryResult Classify(const Response& response) const;
  const std::string& path() const { return path_; }

 private:
  HttpPoster() = default;
  std::unique_ptr<httplib::Client> client_;
  std::string path_;
  std::string label_;
};

}  // namespace stormwatch
