// The in-memory side of a detector's keyed state (spike, volume_threshold, shitstorm,
// spillover, response_sla): each key's state is loaded from the operator's KeyValueState
// store on first use, kept in memory while the task runs, and written back for the keys
// marked dirty when the runtime calls Operator::Flush() before a checkpoint.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "pipeline/api/operator.h"

namespace stormwatch {

// A per-task cache of `State` by key over one named KeyValueState store. Owned by one
// operator instance; not thread-safe (a task runs on one thread). Entries are never
// evicted, so references returned stay valid for the life of the cache.
template <typename State>
class KeyedStateCache {
 public:
  // `store_name` must outlive the cache (a string literal).
  explicit KeyedStateCache(const char* store_name) : store_name_(store_name) {}

  // The cached state of `key`, or null when it has not been loaded yet.
  State* Find(const std::string& key) {
    auto it = states_.find(key);
    return it == states_.end() ? nullptr : &it->second;
  }

  // Whether the store holds bytes for `key` (whether or not it is cached).
  bool Stored(const std::string& key, OperatorContext& ctx) const {
    std::string bytes;
    return ctx.state().KeyValue(store_name_).Get(key, &bytes);
  }

  // The state of `key`, made on first use: `reset(state)` readies a default State, then
  // the stored bytes, if any, are read with `decode(bytes, state)` (bool); when they do
  // not decode (a stale format) the state starts afresh as State{} plus `reset`. Sets
  // `*made` (if given) to whether the state was made by this call. Does not mark dirty.
  template <typename Reset, typename Decode>
  State& Load(const std::string& key, OperatorContext& ctx, Reset reset, Decode decode,
              bool* made = nullptr) {
    auto [it, inserted] = states_.try_emplace(key);
    State& state = it->second;
    if (inserted) {
      reset(state);
      std::string bytes;
      if (ctx.state().KeyValue(store_name_).Get(key, &bytes) && !decode(bytes, state)) {
        state = State{};
        reset(state);
      }
    }
    if (made != nullptr) *made = inserted;
    return state;
  }

  // `key` is written at the next Flush().
  void MarkDirty(const std::string& key) { dirty_.insert(key); }

  // Writes `encode(key, state)` for every cached key marked dirty since the last Flush.
  template <typename Encode>
  void Flush(OperatorContext& ctx, Encode encode) {
    KeyValueState& store = ctx.state().KeyValue(store_name_);
    for (const std::string& key : dirty_) {
      auto it = states_.find(key);
      if (it != states_.end()) store.Put(key, encode(key, it->second));
    }
    dirty_.clear();
  }

  // Readies nothing: for a State whose default is already its fresh state.
  static void NoReset(State&) {}

 private:
  const char* store_name_;
  std::unordered_map<std::string, State> states_;
  std::unordered_set<std::string> dirty_;
};

}  // namespace stormwatch
