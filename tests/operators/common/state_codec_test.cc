// Tests of the operator state codec (operators/common/state_codec.h): values read back in
// order, short input is refused, and equal states write equal bytes whatever their padding
// held, so the state in RocksDB and the changelog is reproducible.
#include "operators/common/state_codec.h"

#include <cstddef>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace stormwatch {
namespace {

// 1 + 7 padding bytes + 8 + 2 + 6 padding bytes on x86-64.
struct Padded {
  uint8_t flag;
  int64_t start_ms;
  uint16_t count;
};
static_assert(sizeof(Padded) > sizeof(uint8_t) + sizeof(int64_t) + sizeof(uint16_t));

// A Padded whose padding holds `fill`, as memory reused from older objects does.
Padded* PaddedOver(unsigned char fill, unsigned char (&storage)[sizeof(Padded)]) {
  std::memset(storage, fill, sizeof(storage));
  Padded* p = new (storage) Padded;  // default-initialised: padding keeps `fill`
  p->flag = 1;
  p->start_ms = 1'700'000'000'000;
  p->count = 42;
  return p;
}

TEST(StateCodecTest, EqualStatesWriteEqualBytesWhateverThePaddingHeld) {
  alignas(Padded) unsigned char a_storage[sizeof(Padded)];
  alignas(Padded) unsigned char b_storage[sizeof(Padded)];
  const Padded* a = PaddedOver(0xAA, a_storage);
  const Padded* b = PaddedOver(0x55, b_storage);
  StateWriter wa, wb;
  wa.Pod(*a);
  wb.Pod(*b);
  EXPECT_EQ(wa.out, wb.out);
  ASSERT_EQ(wa.out.size(), sizeof(Padded));
  // The padding after `flag` is written as zeros.
  for (size_t i = offsetof(Padded, flag) + 1; i < offsetof(Padded, start_ms); ++i) {
    EXPECT_EQ(wa.out[i], '\0') << "byte " << i;
  }
}

TEST(StateCodecTest, ReadsBackWhatWasWrittenInOrder) {
  alignas(Padded) unsigned char storage[sizeof(Padded)];
  const Padded* p = PaddedOver(0xAA, storage);
  StateWriter w;
  w.Version(3);
  w.Pod(*p, static_cast<uint32_t>(7));
  w.StrList({"a", "bc"});

  StateReader r(w.out);
  Padded back{};
  uint32_t seven = 0;
  std::vector<std::string> list;
  ASSERT_TRUE(r.Version(3));
  ASSERT_TRUE(r.Pod(back, seven));
  ASSERT_TRUE(r.StrList(list));
  EXPECT_EQ(back.flag, 1);
  EXPECT_EQ(back.start_ms, 1'700'000'000'000);
  EXPECT_EQ(back.count, 42);
  EXPECT_EQ(seven, 7u);
  EXPECT_EQ(list, (std::vector<std::string>{"a", "bc"}));
  EXPECT_TRUE(r.rest().empty());
}

TEST(StateCodecTest, ShortInputIsRefused) {
  StateWriter w;
  w.Pod(static_cast<int64_t>(5));
  w.Str("hello");
  const std::string cut = w.out.substr(0, w.out.size() - 1);
  StateReader r(cut);
  int64_t v = 0;
  std::string s;
  EXPECT_TRUE(r.Pod(v));
  EXPECT_FALSE(r.Str(s));
  StateReader wrong_version(w.out);
  EXPECT_FALSE(wrong_version.Version(9));
}

}  // namespace
}  // namespace stormwatch
