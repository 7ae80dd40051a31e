// Fuzzes the Trustpilot service-review webhook parser.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pipeline/ingest/trustpilot/trustpilot_webhook.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)stormwatch::ParseTrustpilotWebhook(
      std::string_view(reinterpret_cast<const char*>(data), size), "b");
  return 0;
}
