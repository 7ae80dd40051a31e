// Per-brand mention counter; see brand_counter_operator.h.
#include "operators/brand_counter/brand_counter_operator.h"

#include <charconv>
#include <string>
#include <unordered_map>

namespace stormwatch {
namespace {

constexpr char kStoreName[] = "counts";

class BrandCounterOperator final : public Operator {
 public:
  void Process(v1::Event& event, int64_t event_time_ms, OperatorContext& ctx) override {
    if (!event.has_mention()) return;
    const std::string& brand = event.mention().brand();
    auto it = counts_.find(brand);
    if (it == counts_.end()) {
      int64_t stored = 0;
      std::string bytes;
      if (ctx.state().KeyValue(kStoreName).Get(brand, &bytes)) {
        std::from_chars(bytes.data(), bytes.data() + bytes.size(), stored);
      }
      it = counts_.emplace(brand, Entry{stored, false}).first;
    }
    ++it->second.count;
    it->second.dirty = true;
  }

  void Flush(OperatorContext& ctx) override {
    KeyValueState& store = ctx.state().KeyValue(kStoreName);
    for (auto& [brand, entry] : counts_) {
      if (!entry.dirty) continue;
      store.Put(brand, std::to_string(entry.count));
      entry.dirty = false;
    }
    // Keep memory bounded: the store holds every count, the map only the recent ones.
    if (counts_.size() > kMaxCached) counts_.clear();
  }

 private:
  static constexpr size_t kMaxCached = 200'000;
  struct Entry {
    int64_t count;
    bool dirty;
  };
  std::unordered_map<std::string, Entry> counts_;
};

class BrandCounterOperatorFactory final : public OperatorFactory {
 public:
  std::string_view name() const override { return "brand_counter"; }
  absl::StatusOr<OperatorInstanceFactory> Configure(const YAML::Node&) const override {
    return OperatorInstanceFactory([] { return std::make_unique<BrandCounterOperator>(); });
  }
};

}  // namespace

std::unique_ptr<OperatorFactory> MakeBrandCounterOperatorFactory() {
  return std::make_unique<BrandCounterOperatorFactory>();
}

}  // namespace stormwatch
