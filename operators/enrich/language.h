// Languages the enrich operator understands (da, no, sv, en) and their ISO 639-1 codes.
// Shared by language identification, the sentiment lexicons and the intent term lists.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stormwatch::enrich {

enum class Lang : uint8_t { kDa = 0, kNo = 1, kSv = 2, kEn = 3 };
inline constexpr int kNumLangs = 4;
inline constexpr Lang kAllLangs[kNumLangs] = {Lang::kDa, Lang::kNo, Lang::kSv, Lang::kEn};

// Hash and equality that let maps keyed by std::string be searched with a std::string_view
// (absl::string_view is a distinct type in the Debian build of Abseil).
struct StringViewHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
struct StringViewEq {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return a == b; }
};

inline constexpr int LangIndex(Lang lang) { return static_cast<int>(lang); }
inline constexpr uint8_t LangBit(Lang lang) { return static_cast<uint8_t>(1u << LangIndex(lang)); }

// Files per language (index: LangIndex), as configured ("{da: FILE, no: [FILES]}").
using FilesPerLang = std::array<std::vector<std::string>, kNumLangs>;

// "da", "no", "sv" or "en".
std::string_view LangCode(Lang lang);

// Accepts da, no, sv, en (any case) and the Norwegian variants nb/nn and region-tagged forms
// such as "da-DK" or "en_US". Anything else: nullopt.
std::optional<Lang> ParseLang(std::string_view code);

}  // namespace stormwatch::enrich
