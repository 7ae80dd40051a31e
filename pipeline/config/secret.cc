// Secret resolution; see secret.h.
#include "pipeline/config/secret.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "pipeline/core/strings.h"

namespace stormwatch {
namespace {

std::string Trim(std::string value) {
  const size_t begin = value.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  const size_t end = value.find_last_not_of(" \t\r\n");
  return value.substr(begin, end - begin + 1);
}

}  // namespace

absl::StatusOr<std::string> ResolveSecret(const SecretRef& ref, const std::string& field) {
  std::string value;
  if (!ref.file.empty()) {
    std::ifstream in(ref.file);
    if (!in) {
      return absl::InvalidArgumentError(
          StrCat(field, "_file: cannot read secret file '", ref.file, "'"));
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    value = Trim(buffer.str());
    if (value.empty()) {
      return absl::InvalidArgumentError(
          StrCat(field, "_file: secret file '", ref.file, "' is empty"));
    }
    return value;
  }
  if (!ref.env.empty()) {
    const char* env = std::getenv(ref.env.c_str());
    if (env == nullptr || Trim(env).empty()) {
      return absl::InvalidArgumentError(
          StrCat(field, "_env: environment variable ", ref.env, " is not set or empty"));
    }
    return Trim(env);
  }
  return absl::InvalidArgumentError(StrCat(field, ": expected ", field, "_file or ", field, "_env"));
}

}  // namespace stormwatch
