// Fuzzes the X API v2 response parsers (search pages, stream lines).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pipeline/ingest/x/x_api.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)stormwatch::ParseXSearchPage(body, "b");
  (void)stormwatch::ParseXStreamLine(body, "");
  return 0;
}
