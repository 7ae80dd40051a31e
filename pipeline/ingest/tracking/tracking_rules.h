// Tracking rules for sources the brand does not own (X search and stream, RSS, Reddit,
// push senders without a brand): per-brand boolean queries over the text, e.g.
//   "telia" AND (nede OR "ingen dækning" OR #telianede) AND NOT @telia_dk
// Terms are quoted phrases, words, #hashtags and @handles (whole words; case-insensitive for
// ASCII and the Nordic/Latin-1 letters);
// operators AND (also implicit between terms), OR, NOT (or a leading '-'), parentheses.
// Every term of every rule goes into one Hyperscan multi-pattern database, so a text is
// scanned once however many rules there are; only the rules whose terms occurred are then
// evaluated. A match assigns the rule's brand and topics.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "pipeline/config/pipeline_config.h"

struct hs_database;
struct hs_scratch;

namespace stormwatch {

struct TrackingMatch {
  std::string brand;
  std::vector<std::string> topics;  // union of the matching rules' topics for this brand
};

// Immutable after Compile; thread-safe (each call borrows a scratch space from a pool).
class TrackingMatcher {
 public:
  // Errors name the rule and the query position ("ingest.tracking[3].query: ...").
  static absl::StatusOr<std::unique_ptr<TrackingMatcher>> Compile(
      const std::vector<TrackingRuleConfig>& rules);
  ~TrackingMatcher();

  // Brands (in the order their first matching term ends in the text) whose rules match `text`
  // in language `lang` ("" = unknown: language filters do not exclude). `text` should be
  // valid UTF-8.
  std::vector<TrackingMatch> Match(std::string_view text, std::string_view lang) const;

  // Convenience for benchmarks and tests: the number of brands matched.
  size_t CountMatches(std::string_view text, std::string_view lang) const;

  size_t rule_count() const { return rules_.size(); }
  size_t term_count() const { return terms_.size(); }

  struct Op {  // one step of a rule's postfix program
    enum Kind : uint8_t { kTerm, kAnd, kOr, kNot } kind;
    uint32_t term = 0;
  };
  struct Rule {
    uint32_t brand = 0;  // index into brands_
    std::vector<Op> program;
    std::vector<std::string> languages;
    std::vector<std::string> topics;
  };
  struct Term {
    std::string literal;  // lower-case
    uint32_t byte_length = 0;
  };
  class Scanner;  // per-call scratch: hs_scratch + matched-term stamps

 private:
  TrackingMatcher() = default;
  std::unique_ptr<Scanner> Borrow() const;
  void Return(std::unique_ptr<Scanner> scanner) const;
  void Scan(std::string_view text, std::string_view lang, Scanner& scanner) const;

  std::vector<std::string> brands_;
  std::vector<Rule> rules_;
  std::vector<Term> terms_;
  std::vector<std::string> anchors_;          // Hyperscan literals: terms' first bytes
  std::vector<uint32_t> anchor_lengths_;
  std::vector<std::vector<uint32_t>> anchor_terms_;  // anchor -> terms starting with it
  std::vector<std::vector<uint32_t>> rules_by_term_;  // rules to evaluate when a term occurs
  hs_database* database_ = nullptr;
  hs_scratch* prototype_scratch_ = nullptr;
  mutable absl::Mutex pool_mu_;
  mutable std::vector<std::unique_ptr<Scanner>> pool_ ABSL_GUARDED_BY(pool_mu_);
};

}  // namespace stormwatch
