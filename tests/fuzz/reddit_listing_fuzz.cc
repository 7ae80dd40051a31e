// Fuzzes the Reddit listing parser.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pipeline/ingest/reddit/reddit_listing.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)stormwatch::ParseRedditListing(std::string_view(reinterpret_cast<const char*>(data), size),
                                       "b");
  return 0;
}
