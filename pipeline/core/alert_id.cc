// Deterministic alert ids; see alert_id.h.
#include "pipeline/core/alert_id.h"

#include <openssl/sha.h>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "pipeline/core/strings.h"

namespace stormwatch {

std::string MakeAlertId(v1::AlertKind kind, std::string_view brand, std::string_view scope,
                        int64_t incident_start_ms) {
  const std::string kind_name = absl::AsciiStrToLower(v1::AlertKind_Name(kind));
  const std::string material =
      StrCat(kind_name, "|", brand, "|", scope, "|", incident_start_ms);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(material.data()), material.size(), digest);
  const std::string hex =
      absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), 16));
  std::string id = kind_name;
  for (char& c : id) {
    if (c == '_') c = '-';
  }
  return StrCat(id, "-", hex);
}

}  // namespace stormwatch
