// Binary form of SpikeKeyState; see spike_key_state.h. Layout: detector bytes (versioned),
// revision, then length-prefixed open buckets and samples.
#include "operators/spike/spike_key_state.h"

#include <cstring>

namespace stormwatch::spike {
namespace {

constexpr char kKeySeparator = '\x1f';

template <typename T>
void PutRaw(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

void PutString(std::string& out, std::string_view s) {
  PutRaw<uint32_t>(out, static_cast<uint32_t>(s.size()));
  out.append(s);
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  template <typename T>
  bool Raw(T* value) {
    if (bytes_.size() < sizeof(T)) return false;
    std::memcpy(value, bytes_.data(), sizeof(T));
    bytes_.remove_prefix(sizeof(T));
    return true;
  }
  bool String(std::string* s) {
    uint32_t n = 0;
    if (!Raw(&n) || bytes_.size() < n) return false;
    s->assign(bytes_.data(), n);
    bytes_.remove_prefix(n);
    return true;
  }
  bool Bytes(size_t n, std::string_view* out) {
    if (bytes_.size() < n) return false;
    *out = bytes_.substr(0, n);
    bytes_.remove_prefix(n);
    return true;
  }
  bool done() const { return bytes_.empty(); }

 private:
  std::string_view bytes_;
};

}  // namespace

std::string SerializeKeyState(const SpikeKeyState& state) {
  std::string out = SeasonalCountDetector::Serialize(state.detector);
  PutRaw<uint32_t>(out, state.revision);
  PutRaw<uint32_t>(out, static_cast<uint32_t>(state.open_buckets.size()));
  for (const auto& [start, bucket] : state.open_buckets) {
    PutRaw<int64_t>(out, start);
    PutRaw<int64_t>(out, bucket.count);
    PutRaw<uint32_t>(out, static_cast<uint32_t>(bucket.sample_mention_ids.size()));
    for (const std::string& id : bucket.sample_mention_ids) PutString(out, id);
  }
  PutRaw<uint32_t>(out, static_cast<uint32_t>(state.incident_samples.size()));
  for (const std::string& id : state.incident_samples) PutString(out, id);
  return out;
}

bool DeserializeKeyState(std::string_view bytes, SpikeKeyState& state) {
  Reader in(bytes);
  std::string_view detector_bytes;
  const size_t detector_size = SeasonalCountDetector::Serialize(DetectorState{}).size();
  SpikeKeyState parsed;
  uint32_t buckets = 0;
  if (!in.Bytes(detector_size, &detector_bytes) ||
      !SeasonalCountDetector::Deserialize(detector_bytes, parsed.detector) ||
      !in.Raw(&parsed.revision) || !in.Raw(&buckets)) {
    return false;
  }
  for (uint32_t i = 0; i < buckets; ++i) {
    int64_t start = 0;
    OpenBucket bucket;
    uint32_t samples = 0;
    if (!in.Raw(&start) || !in.Raw(&bucket.count) || !in.Raw(&samples)) return false;
    bucket.sample_mention_ids.resize(samples);
    for (std::string& id : bucket.sample_mention_ids) {
      if (!in.String(&id)) return false;
    }
    parsed.open_buckets.emplace(start, std::move(bucket));
  }
  uint32_t samples = 0;
  if (!in.Raw(&samples)) return false;
  parsed.incident_samples.resize(samples);
  for (std::string& id : parsed.incident_samples) {
    if (!in.String(&id)) return false;
  }
  if (!in.done()) return false;
  state = std::move(parsed);
  return true;
}

std::string MakeStateKey(std::string_view brand, std::string_view scope) {
  std::string key;
  key.reserve(brand.size() + scope.size() + 1);
  key.append(brand);
  key.push_back(kKeySeparator);
  key.append(scope);
  return key;
}

void SplitStateKey(std::string_view key, std::string_view* brand, std::string_view* scope) {
  const size_t at = key.find(kKeySeparator);
  if (at == std::string_view::npos) {
    *brand = key;
    *scope = "brand";
    return;
  }
  *brand = key.substr(0, at);
  *scope = key.substr(at + 1);
}

}  // namespace stormwatch::spike
