// Fuzzes the Meta webhook path: signature check and body parser (untrusted POST bodies).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pipeline/ingest/meta/meta_webhook.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)stormwatch::VerifyMetaSignature(body, body.substr(0, std::min<size_t>(size, 71)), "k");
  stormwatch::MetaWebhookOptions options;
  options.default_brand = "b";
  options.max_changes = 1000;
  (void)stormwatch::ParseMetaWebhook(body, options);
  return 0;
}
