// Fuzzes the RSS / Atom feed parser.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pipeline/ingest/rss/rss_feed.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)stormwatch::ParseFeed(std::string_view(reinterpret_cast<const char*>(data), size), "b",
                              1764180000000);
  return 0;
}
