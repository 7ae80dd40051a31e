// Constant-time comparison of secrets; see secret.h.
#include "pipeline/ingest/common/secret.h"

#include <openssl/crypto.h>

namespace stormwatch {

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace stormwatch
