// Language codes for the enrich operator (see language.h).
#include "operators/enrich/language.h"

#include "absl/strings/ascii.h"

namespace stormwatch::enrich {

std::string_view LangCode(Lang lang) {
  switch (lang) {
    case Lang::kDa:
      return "da";
    case Lang::kNo:
      return "no";
    case Lang::kSv:
      return "sv";
    case Lang::kEn:
      return "en";
  }
  return "en";
}

std::optional<Lang> ParseLang(std::string_view code) {
  if (code.size() > 2 && (code[2] == '-' || code[2] == '_')) code = code.substr(0, 2);
  if (code.size() != 2) return std::nullopt;
  const char a = absl::ascii_tolower(code[0]);
  const char b = absl::ascii_tolower(code[1]);
  if (a == 'd' && b == 'a') return Lang::kDa;
  if (a == 'n' && (b == 'o' || b == 'b' || b == 'n')) return Lang::kNo;
  if (a == 's' && b == 'v') return Lang::kSv;
  if (a == 'e' && b == 'n') return Lang::kEn;
  return std::nullopt;
}

}  // namespace stormwatch::enrich
