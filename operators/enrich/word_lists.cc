// Spelling word lists per language for language identification (see word_lists.h).
#include "operators/enrich/word_lists.h"

#include <utf8proc.h>

#include <algorithm>
#include <bit>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <utility>

#include "absl/hash/hash.h"
#include "absl/status/status.h"
#include "operators/enrich/embedded_data.h"

namespace stormwatch::enrich {
namespace {

constexpr uint16_t kMaskBits = 4;
constexpr uint16_t kMaskOf = (1u << kMaskBits) - 1;

uint16_t FingerprintOf(uint64_t hash) {
  const auto fp = static_cast<uint16_t>((hash >> 52) & 0x0FFF);
  return static_cast<uint16_t>((fp == 0 ? 1u : fp) << kMaskBits);
}

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n =
        utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                         static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
    if (n <= 0) return false;
    i += static_cast<size_t>(n);
  }
  return true;
}

std::string Latin1ToUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x80) {
      out.push_back(c);
    } else {
      out.push_back(static_cast<char>(0xC0 | (b >> 6)));
      out.push_back(static_cast<char>(0x80 | (b & 0x3F)));
    }
  }
  return out;
}

absl::Status CannotOpen(const std::string& path) {
  return absl::NotFoundError("word_lists: cannot open " + path + " as a file" +
                             " (Debian's wdanish, wnorwegian, wswedish and wbritish packages "
                             "provide the default lists; enrich.word_lists names others)");
}

absl::StatusOr<size_t> CountLines(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return CannotOpen(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) return CannotOpen(path);
  size_t lines = 1;  // a last line without '\n'
  std::vector<char> buffer(1 << 20);
  while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
    lines += static_cast<size_t>(std::count(buffer.begin(), buffer.begin() + in.gcount(), '\n'));
  }
  return lines;
}

absl::StatusOr<std::string> ReadUtf8(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return CannotOpen(path);
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return CannotOpen(path);
  if (!IsValidUtf8(*text)) *text = Latin1ToUtf8(*text);
  return text;
}

bool IsPlainLowercase(std::string_view word) {
  for (const char c : word) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

struct CacheEntry {
  WordListSources sources;
  std::weak_ptr<const WordLists> lists;
};

}  // namespace

WordListSources WordListSources::DebianDefaults() {
  WordListSources s;
  s.files[LangIndex(Lang::kDa)] = {"/usr/share/dict/danish"};
  s.files[LangIndex(Lang::kNo)] = {"/usr/share/dict/bokmaal", "/usr/share/dict/nynorsk"};
  s.files[LangIndex(Lang::kSv)] = {"/usr/share/dict/swedish"};
  s.files[LangIndex(Lang::kEn)] = {"/usr/share/dict/british-english"};
  return s;
}

bool WordListSources::empty() const {
  for (const std::vector<std::string>& f : files) {
    if (!f.empty()) return false;
  }
  return true;
}

absl::StatusOr<std::shared_ptr<const WordLists>> WordLists::Load(const WordListSources& sources,
                                                                 const TextTokenizer& tokenizer) {
  // Keyed by the sources alone: folding depends on the tokenizer's Unicode rules, which are
  // the same for every lexicon (a lexicon's emoticons do not fold words).
  static std::mutex mu;
  static std::vector<CacheEntry> cache;
  std::lock_guard<std::mutex> lock(mu);
  for (const CacheEntry& e : cache) {
    if (e.sources != sources) continue;
    if (std::shared_ptr<const WordLists> alive = e.lists.lock()) return alive;
  }

  // Two passes, so that only one list is in memory at a time: count the lines (an upper
  // bound of the words) to size the table, then read and add each list.
  size_t lines = 0;
  for (Lang lang : kAllLangs) {
    for (const std::string& path : sources.files[LangIndex(lang)]) {
      absl::StatusOr<size_t> n = CountLines(path);
      if (!n.ok()) return n.status();
      lines += *n;
    }
  }
  std::shared_ptr<WordLists> lists(new WordLists());
  for (Lang lang : kAllLangs) {
    if (!sources.files[LangIndex(lang)].empty()) lists->covered_ |= LangBit(lang);
  }
  lists->slots_.assign(std::bit_ceil(std::max<size_t>(1024, 2 * (lines + 1))), 0);
  for (Lang lang : kAllLangs) {
    for (const std::string& path : sources.files[LangIndex(lang)]) {
      absl::StatusOr<std::string> text = ReadUtf8(path);
      if (!text.ok()) return text.status();
      lists->AddWords(*text, LangBit(lang), tokenizer);
    }
  }
  std::erase_if(cache, [](const CacheEntry& e) { return e.lists.expired(); });
  cache.push_back({sources, lists});
  return std::shared_ptr<const WordLists>(std::move(lists));
}

void WordLists::AddWords(std::string_view list, uint8_t lang_bit, const TextTokenizer& tokenizer) {
  TokenizedText tokens;
  for (size_t start = 0, end = 0; start < list.size(); start = end + 1) {
    end = std::min(list.find('\n', start), list.size());
    std::string_view word = list.substr(start, end - start);
    if (!word.empty() && word.back() == '\r') word.remove_suffix(1);
    if (word.empty()) continue;
    if (IsPlainLowercase(word)) {
      Add(word, lang_bit);
      continue;
    }
    tokenizer.Tokenize(word, tokens);  // case folding as for mention text
    if (tokens.tokens.size() == 1 && tokens.tokens[0].kind == Token::kWord) {
      Add(tokens.text(tokens.tokens[0]), lang_bit);
    }
  }
}

uint64_t WordLists::Hash(std::string_view folded_word) {
  return absl::Hash<std::string_view>{}(folded_word);
}

void WordLists::Add(std::string_view folded_word, uint8_t lang_bit) {
  // The table has twice as many slots as the lists had lines when counted; should a list have
  // grown since, stop at half full rather than let probing degrade or never end.
  if (2 * (words_ + 1) > slots_.size()) return;
  const uint64_t hash = Hash(folded_word);
  const uint16_t fp = FingerprintOf(hash);
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    uint16_t& slot = slots_[i];
    if (slot == 0) {
      slot = static_cast<uint16_t>(fp | lang_bit);
      ++words_;
      return;
    }
    if ((slot & ~kMaskOf) == fp) {
      slot = static_cast<uint16_t>(slot | lang_bit);
      return;
    }
  }
}

uint8_t WordLists::Languages(uint64_t hash) const {
  const uint16_t fp = FingerprintOf(hash);
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask, probes = 0; probes < slots_.size(); i = (i + 1) & mask, ++probes) {
    const uint16_t slot = slots_[i];
    if (slot == 0) return 0;
    if ((slot & ~kMaskOf) == fp) return static_cast<uint8_t>(slot & kMaskOf);
  }
  return 0;
}

}  // namespace stormwatch::enrich
