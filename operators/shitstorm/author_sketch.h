// "Has this author written about the brand before?" in fixed memory, for the shitstorm
// detector's new-author share. Two generations of a Bloom filter (2 x 64 Kibit, 3 probes):
// an author is known when either generation holds them; when the current generation has
// taken kGenerationCapacity authors it becomes the previous one and a fresh one starts,
// so the false-"seen" rate stays below ~5% however many authors a brand has, and authors
// are forgotten after two generations of silence. 16 KiB per brand, O(1) per mention.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace stormwatch::shitstorm {

// Plain data; not thread-safe (one task, one thread).
class AuthorSketch {
 public:
  static constexpr int kBits = 1 << 16;
  static constexpr int kWords = kBits / 64;
  static constexpr uint32_t kGenerationCapacity = 12'000;

  AuthorSketch() { Clear(); }

  // True when the author was (probably) seen before; records them either way.
  bool SeenAndRecord(std::string_view author_id);

  void Clear();
  // A version byte then the raw generations; Deserialize returns false on a bad format.
  void AppendTo(std::string& out) const;
  bool ReadFrom(std::string_view& in);

 private:
  std::array<uint64_t, kWords> current_;
  std::array<uint64_t, kWords> previous_;
  uint32_t current_count_ = 0;
};

}  // namespace stormwatch::shitstorm
