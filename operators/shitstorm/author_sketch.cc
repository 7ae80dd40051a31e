// Two-generation Bloom filter of author ids; see author_sketch.h.
#include "operators/shitstorm/author_sketch.h"

#include <cstring>

namespace stormwatch::shitstorm {
namespace {

// FNV-1a 64, then two halves for double hashing (Kirsch-Mitzenmacher).
uint64_t Hash(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

constexpr int kProbes = 3;

}  // namespace

void AuthorSketch::Clear() {
  current_.fill(0);
  previous_.fill(0);
  current_count_ = 0;
}

bool AuthorSketch::SeenAndRecord(std::string_view author_id) {
  const uint64_t h = Hash(author_id);
  const uint32_t h1 = static_cast<uint32_t>(h);
  const uint32_t h2 = static_cast<uint32_t>(h >> 32) | 1u;
  bool in_current = true;
  bool in_previous = true;
  uint32_t bits[kProbes];
  for (int i = 0; i < kProbes; ++i) {
    bits[i] = (h1 + static_cast<uint32_t>(i) * h2) & (kBits - 1);
    const uint64_t mask = 1ULL << (bits[i] & 63);
    in_current = in_current && (current_[bits[i] >> 6] & mask);
    in_previous = in_previous && (previous_[bits[i] >> 6] & mask);
  }
  if (!in_current) {
    if (current_count_ >= kGenerationCapacity) {
      previous_ = current_;
      current_.fill(0);
      current_count_ = 0;
    }
    for (uint32_t bit : bits) current_[bit >> 6] |= 1ULL << (bit & 63);
    ++current_count_;
  }
  return in_current || in_previous;
}

void AuthorSketch::AppendTo(std::string& out) const {
  out.push_back(1);
  out.append(reinterpret_cast<const char*>(&current_count_), sizeof(current_count_));
  out.append(reinterpret_cast<const char*>(current_.data()), sizeof(current_));
  out.append(reinterpret_cast<const char*>(previous_.data()), sizeof(previous_));
}

bool AuthorSketch::ReadFrom(std::string_view& in) {
  constexpr size_t kSize = 1 + sizeof(uint32_t) + 2 * sizeof(uint64_t) * kWords;
  if (in.size() < kSize || in[0] != 1) return false;
  std::memcpy(&current_count_, in.data() + 1, sizeof(current_count_));
  std::memcpy(current_.data(), in.data() + 5, sizeof(current_));
  std::memcpy(previous_.data(), in.data() + 5 + sizeof(current_), sizeof(previous_));
  in.remove_prefix(kSize);
  return true;
}

}  // namespace stormwatch::shitstorm
