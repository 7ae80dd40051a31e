// A compact binary codec for operator state kept in a KeyValueState: fixed-size values
// and length-prefixed strings, written and read in the same order. Shared by the
// detectors (shitstorm, spillover, response_sla) so their state layouts read alike.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace stormwatch {

// Appends the bytes of `v` with its padding bytes zeroed: a struct's padding holds whatever
// was in memory, so without this equal states would write different bytes to RocksDB and
// the changelog. The layout is unchanged (a reader ignores padding).
template <typename T>
void AppendObjectBytes(std::string& out, const T& v) {
  static_assert(std::is_trivially_copyable_v<T>);
  T copy;
  std::memcpy(&copy, &v, sizeof(T));
#if defined(__has_builtin)
#if __has_builtin(__builtin_clear_padding)
  __builtin_clear_padding(&copy);
#endif
#endif
  out.append(reinterpret_cast<const char*>(&copy), sizeof(T));
}

// Appends to `out`. Not thread-safe.
class StateWriter {
 public:
  // The bytes of each value (padding zeroed), in order.
  template <typename... T>
  void Pod(const T&... v) {
    (PodOne(v), ...);
  }
  void Str(const std::string& s) {
    Pod(static_cast<uint32_t>(s.size()));
    out.append(s);
  }
  void StrList(const std::vector<std::string>& list) {
    List(list, [this](const std::string& s) { Str(s); });
  }
  // A uint32 count, then `write_one(item)` for each item of `items`.
  template <typename Range, typename WriteOne>
  void List(const Range& items, WriteOne write_one) {
    Pod(static_cast<uint32_t>(items.size()));
    for (const auto& item : items) write_one(item);
  }
  // The layout version byte that starts a state.
  void Version(uint8_t version) { Pod(version); }
  std::string out;

 private:
  template <typename T>
  void PodOne(const T& v) {
    AppendObjectBytes(out, v);
  }
};

// Reads what a StateWriter wrote; every read returns false once the input is short.
class StateReader {
 public:
  explicit StateReader(std::string_view in) : in_(in) {}
  // Each value, in order; stops at the first that is short.
  template <typename... T>
  bool Pod(T&... v) {
    return (PodOne(v) && ...);
  }
  bool Str(std::string& s) {
    uint32_t n = 0;
    if (!Pod(n) || in_.size() < n) return false;
    s.assign(in_.data(), n);
    in_.remove_prefix(n);
    return true;
  }
  // Appends the strings of a StrList to `list`.
  bool StrList(std::vector<std::string>& list) {
    uint32_t n = 0;
    if (!Pod(n)) return false;
    for (uint32_t i = 0; i < n; ++i) {
      std::string s;
      if (!Str(s)) return false;
      list.push_back(std::move(s));
    }
    return true;
  }
  // Reads what List wrote: the count, then `read_one()` (false: stop) that many times.
  template <typename ReadOne>
  bool List(ReadOne read_one) {
    uint32_t n = 0;
    if (!Pod(n)) return false;
    for (uint32_t i = 0; i < n; ++i) {
      if (!read_one()) return false;
    }
    return true;
  }
  // Reads the version byte; false unless it is `expected`.
  bool Version(uint8_t expected) {
    uint8_t version = 0;
    return Pod(version) && version == expected;
  }
  std::string_view& rest() { return in_; }

 private:
  template <typename T>
  bool PodOne(T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (in_.size() < sizeof(T)) return false;
    std::memcpy(&v, in_.data(), sizeof(T));
    in_.remove_prefix(sizeof(T));
    return true;
  }

  std::string_view in_;
};

}  // namespace stormwatch
