// Which languages' dictionaries know a word, for language identification (tokens ->
// language): the spelling word lists Debian ships in /usr/share/dict (wdanish, wnorwegian,
// wswedish, wbritish), read once at start-up. Danish and Norwegian share most stop words but
// few spellings ("købe"/"kjøpe", "hjælp"/"hjelp", "uge"/"uke"), so a word that only one
// dictionary holds is the evidence the stop words lack. The lists are GPL and are read from
// the system, never copied into the project.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "operators/enrich/language.h"
#include "operators/enrich/tokenizer.h"

namespace stormwatch::enrich {

// Word list files per language (index: LangIndex). A file is read as UTF-8 when all of it is
// valid UTF-8, else as ISO-8859-1 (Debian's Norwegian and Swedish lists); one word per line.
struct WordListSources {
  FilesPerLang files;

  // Debian 12's lists: danish; bokmaal + nynorsk; swedish; british-english.
  static WordListSources DebianDefaults();
  bool empty() const;
  bool operator==(const WordListSources&) const = default;
};

// Immutable after Load; Languages is const and thread-safe.
class WordLists {
 public:
  // Reads and folds every word with `tokenizer` (as mention text is folded). Lists already
  // loaded with the same sources are shared, not read again (one copy per process, ~8 MB).
  static absl::StatusOr<std::shared_ptr<const WordLists>> Load(const WordListSources& sources,
                                                               const TextTokenizer& tokenizer);

  // LangBit mask of the languages whose list holds `folded_word`; 0 when none does. A word
  // that no list holds matches one that a list holds with probability ~2^-11 (it then gives
  // a little false evidence; no harm for language identification).
  uint8_t Languages(std::string_view folded_word) const { return Languages(Hash(folded_word)); }

  // The same in two steps, so that the table lines of a text's words can be fetched from
  // memory together (Prefetch each hash, then Languages each): one table miss per text
  // instead of one per word.
  static uint64_t Hash(std::string_view folded_word);
  void Prefetch(uint64_t hash) const { __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]); }
  uint8_t Languages(uint64_t hash) const;

  size_t size() const { return words_; }
  // True when a list was given for `lang` (a word absent from it is then not of `lang`).
  bool Covers(Lang lang) const { return (covered_ & LangBit(lang)) != 0; }

 private:
  WordLists() = default;
  // Adds every word of `list` (one a line, UTF-8), folded as mention text is.
  void AddWords(std::string_view list, uint8_t lang_bit, const TextTokenizer& tokenizer);
  void Add(std::string_view folded_word, uint8_t lang_bit);

  // Open addressing, linear probing: (12-bit fingerprint << 4) | language mask; 0 = empty.
  // 2 bytes a slot keeps the table (~8 MB for Debian's lists) mostly in the CPU's L3 cache.
  std::vector<uint16_t> slots_;
  size_t words_ = 0;
  uint8_t covered_ = 0;  // LangBit of the languages with a list
};

}  // namespace stormwatch::enrich
