// HTTP sink plumbing; see http_delivery.h.
#include "pipeline/sinks/http_delivery.h"

#include <httplib.h>

#include <cstdlib>
#include <ctime>

#include "absl/strings/numbers.h"
#include "pipeline/core/strings.h"

namespace stormwatch {

std::chrono::milliseconds ParseRetryAfter(const std::string& value, int64_t now_ms) {
  if (value.empty()) return std::chrono::milliseconds(0);
  int64_t seconds = 0;
  if (absl::SimpleAtoi(value, &seconds)) {
    return std::chrono::milliseconds(std::max<int64_t>(0, seconds) * 1000);
  }
  std::tm tm{};
  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
  if (strptime(value.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm) == nullptr) {
    return std::chrono::milliseconds(0);
  }
  const int64_t at_ms = static_cast<int64_t>(timegm(&tm)) * 1000;
  return std::chrono::milliseconds(std::max<int64_t>(0, at_ms - now_ms));
}

absl::StatusOr<std::unique_ptr<HttpPoster>> HttpPoster::Create(const std::string& url,
                                                                int64_t timeout_ms,
                                                                std::string label) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos ||
      (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)) {
    return absl::InvalidArgumentError(StrCat(label, " url: expected http(s)://host[:port]/path"));
  }
  const size_t path_start = url.find('/', scheme_end + 3);
  std::unique_ptr<HttpPoster> poster(new HttpPoster());
  poster->client_ = std::make_unique<httplib::Client>(url.substr(0, path_start));
  poster->path_ = path_start == std::string::npos ? "" : url.substr(path_start);
  poster->label_ = std::move(label);
  const auto timeout = std::chrono::milliseconds(timeout_ms);
  poster->client_->set_connection_timeout(timeout);
  poster->client_->set_read_timeout(timeout);
  poster->client_->set_write_timeout(timeout);
  return poster;
}

HttpPoster::~HttpPoster() = default;

HttpPoster::Response HttpPoster::Post(const std::string& path_suffix, const std::string& body,
                                      const std::multimap<std::string, std::string>& headers,
                                      const std::string& content_type) {
  httplib::Headers h(headers.begin(), headers.end());
  std::string path = path_ + path_suffix;
  if (path.empty()) path = "/";
  auto result = client_->Post(path, h, body, content_type);
  Response response;
  if (!result) {
    response.error = httplib::to_string(result.error());
    return response;
  }
  response.status = result->status;
  response.body = result->body;
  response.retry_after = result->get_header_value("Retry-After");
  return response;
}

DeliveryResult HttpPoster::Classify(const Response& r) const {
  if (r.status == 0) return DeliveryResult::Retry(StrCat(label_, ": ", r.error));
  if (r.status >= 200 && r.status < 300) return DeliveryResult::Delivered();
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  if (r.status == 408 || r.status == 429 || r.status >= 500) {
    return DeliveryResult::Retry(StrCat(label_, ": HTTP ", r.status),
                                 ParseRetryAfter(r.retry_after, now_ms));
  }
  return DeliveryResult::Rejected(
      StrCat(label_, ": HTTP ", r.status, " ", r.body.substr(0, 200)));
}

}  // namespace stormwatch
