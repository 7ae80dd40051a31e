// Fuzzes the tracking-rule query compiler and the matcher: the first line is a query, the
// rest a text to match against it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "pipeline/ingest/common/utf8.h"
#include "pipeline/ingest/tracking/tracking_rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  const std::string query(input.substr(0, std::min(newline, size_t{256})));
  const std::string_view text = newline == std::string_view::npos ? "" : input.substr(newline + 1);
  if (stormwatch::FindInvalidUtf8(query) != std::string_view::npos) return 0;
  auto matcher = stormwatch::TrackingMatcher::Compile({{"b", query, {"da"}, {"t"}}});
  if (matcher.ok() && stormwatch::FindInvalidUtf8(text) == std::string_view::npos) {
    (void)(*matcher)->Match(text, "da");
  }
  return 0;
}
