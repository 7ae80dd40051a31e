// Tracking rules with Hyperscan; see tracking_rules.h.
#include "pipeline/ingest/tracking/tracking_rules.h"

#include <hs/hs.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <unordered_map>

#include "pipeline/core/strings.h"

namespace stormwatch {
namespace {

constexpr size_t kMaxStack = 64;
constexpr size_t kAnchorBytes = 8;

// A query as tokens: terms, operators and parentheses.
struct Token {
  enum Kind { kTerm, kAnd, kOr, kNot, kOpen, kClose } kind;
  std::string text;
  size_t position = 0;
};

// Case folding that keeps every byte offset: ASCII letters, and the Latin-1 letters
// U+00C0..U+00DE (Æ, Ø, Å, Ä, Ö, ...; UTF-8 C3 80..C3 9E) to their lower-case forms
// (C3 A0..C3 BE). Terms and texts are folded alike, so the literal database can be
// case-sensitive (its fastest mode) and match offsets still index the original text.
void FoldCaseInto(std::string_view text, std::string& out) {
  out.resize(text.size());
  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  const size_t n = text.size();
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = in[i];
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<unsigned char>(c + 32);
    } else if (c == 0xC3 && i + 1 < n && in[i + 1] >= 0x80 && in[i + 1] <= 0x9E &&
               in[i + 1] != 0x97) {  // not U+00D7 (multiplication sign)
      o[i] = c;
      o[i + 1] = static_cast<unsigned char>(in[i + 1] + 0x20);
      ++i;
      continue;
    }
    o[i] = c;
  }
}

std::string LowerAscii(std::string_view text) {
  std::string out;
  FoldCaseInto(text, out);
  return out;
}

bool IsTermChar(char c) {
  return !(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == ')' || c == '"');
}

absl::StatusOr<std::vector<Token>> Tokenize(std::string_view query, const std::string& path) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < query.size()) {
    const char c = query[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (c == '(') {
      tokens.push_back({Token::kOpen, "", i++});
    } else if (c == ')') {
      tokens.push_back({Token::kClose, "", i++});
    } else if (c == '-' && i + 1 < query.size() && (IsTermChar(query[i + 1]) ||
                                                   query[i + 1] == '"' || query[i + 1] == '(')) {
      tokens.push_back({Token::kNot, "", i++});
    } else if (c == '"') {
      const size_t end = query.find('"', i + 1);
      if (end == std::string_view::npos) {
        return absl::InvalidArgumentError(
            StrCat(path, ": unterminated phrase starting at position ", static_cast<int64_t>(i)));
      }
      std::string phrase = LowerAscii(query.substr(i + 1, end - i - 1));
      if (phrase.find_first_not_of(' ') == std::string::npos) {
        return absl::InvalidArgumentError(
            StrCat(path, ": empty phrase at position ", static_cast<int64_t>(i)));
      }
      tokens.push_back({Token::kTerm, std::move(phrase), i});
      i = end + 1;
    } else {
      size_t end = i;
      while (end < query.size() && IsTermChar(query[end])) ++end;
      std::string_view word = query.substr(i, end - i);
      if (word == "AND") {
        tokens.push_back({Token::kAnd, "", i});
      } else if (word == "OR") {
        tokens.push_back({Token::kOr, "", i});
      } else if (word == "NOT") {
        tokens.push_back({Token::kNot, "", i});
      } else {
        if ((word[0] == '#' || word[0] == '@') && word.size() == 1) {
          return absl::InvalidArgumentError(StrCat(path, ": empty hashtag or handle at position ",
                                                   static_cast<int64_t>(i)));
        }
        tokens.push_back({Token::kTerm, LowerAscii(word), i});
      }
      i = end;
    }
  }
  return tokens;
}

// Recursive descent over the tokens, emitting a postfix program.
class QueryCompiler {
 public:
  QueryCompiler(const std::vector<Token>& tokens, const std::string& path,
                std::unordered_map<std::string, uint32_t>& term_ids,
                std::vector<TrackingMatcher::Term>& terms)
      : tokens_(tokens), path_(path), term_ids_(term_ids), terms_(terms) {}

  absl::Status Compile(std::vector<TrackingMatcher::Op>* program,
                       std::vector<uint32_t>* positive_terms) {
    program_ = program;
    positive_ = positive_terms;
    if (tokens_.empty()) return absl::InvalidArgumentError(StrCat(path_, ": empty query"));
    if (absl::Status s = Or(false, 0); !s.ok()) return s;
    if (pos_ != tokens_.size()) return Error("unexpected ')'");
    return absl::OkStatus();
  }

 private:
  absl::Status Error(std::string_view what) {
    const size_t at = pos_ < tokens_.size() ? tokens_[pos_].position : SIZE_MAX;
    return absl::InvalidArgumentError(
        at == SIZE_MAX ? StrCat(path_, ": ", what, " at the end of the query")
                       : StrCat(path_, ": ", what, " at position ", static_cast<int64_t>(at)));
  }
  bool Peek(Token::Kind kind) const { return pos_ < tokens_.size() && tokens_[pos_].kind == kind; }

  absl::Status Or(bool negated, int depth) {
    if (depth > 32) return Error("query nested too deeply");
    if (absl::Status s = And(negated, depth); !s.ok()) return s;
    while (Peek(Token::kOr)) {
      ++pos_;
      if (absl::Status s = And(negated, depth); !s.ok()) return s;
      program_->push_back({TrackingMatcher::Op::kOr});
    }
    return absl::OkStatus();
  }

  absl::Status And(bool negated, int depth) {
    if (absl::Status s = Unary(negated, depth); !s.ok()) return s;
    while (pos_ < tokens_.size() && !Peek(Token::kOr) && !Peek(Token::kClose)) {
      if (Peek(Token::kAnd)) ++pos_;
      if (absl::Status s = Unary(negated, depth); !s.ok()) return s;
      program_->push_back({TrackingMatcher::Op::kAnd});
    }
    return absl::OkStatus();
  }

  absl::Status Unary(bool negated, int depth) {
    if (pos_ >= tokens_.size()) return Error("expected a term");
    const Token& token = tokens_[pos_];
    switch (token.kind) {
      case Token::kNot: {
        ++pos_;
        if (absl::Status s = Unary(!negated, depth + 1); !s.ok()) return s;
        program_->push_back({TrackingMatcher::Op::kNot});
        return absl::OkStatus();
      }
      case Token::kOpen: {
        ++pos_;
        if (absl::Status s = Or(negated, depth + 1); !s.ok()) return s;
        if (!Peek(Token::kClose)) return Error("expected ')'");
        ++pos_;
        return absl::OkStatus();
      }
      case Token::kTerm: {
        ++pos_;
        auto [it, inserted] = term_ids_.try_emplace(token.text, static_cast<uint32_t>(terms_.size()));
        if (inserted) {
          terms_.push_back({token.text, static_cast<uint32_t>(token.text.size())});
        }
        program_->push_back({TrackingMatcher::Op::kTerm, it->second});
        if (!negated) positive_->push_back(it->second);
        return absl::OkStatus();
      }
      default:
        return Error("expected a term, '(' or NOT");
    }
  }

  const std::vector<Token>& tokens_;
  const std::string& path_;
  std::unordered_map<std::string, uint32_t>& term_ids_;
  std::vector<TrackingMatcher::Term>& terms_;
  std::vector<TrackingMatcher::Op>* program_ = nullptr;
  std::vector<uint32_t>* positive_ = nullptr;
  size_t pos_ = 0;
};

template <typename IsMatched>
bool Evaluate(const std::vector<TrackingMatcher::Op>& program, IsMatched is_matched) {
  bool stack[kMaxStack];
  size_t top = 0;
  for (const TrackingMatcher::Op& op : program) {
    switch (op.kind) {
      case TrackingMatcher::Op::kTerm:
        stack[top++] = is_matched(op.term);
        break;
      case TrackingMatcher::Op::kNot:
        stack[top - 1] = !stack[top - 1];
        break;
      case TrackingMatcher::Op::kAnd:
        --top;
        stack[top - 1] = stack[top - 1] && stack[top];
        break;
      case TrackingMatcher::Op::kOr:
        --top;
        stack[top - 1] = stack[top - 1] || stack[top];
        break;
    }
  }
  return top == 1 && stack[0];
}

size_t MaxStackDepth(const std::vector<TrackingMatcher::Op>& program) {
  size_t top = 0, max = 0;
  for (const TrackingMatcher::Op& op : program) {
    if (op.kind == TrackingMatcher::Op::kTerm) max = std::max(max, ++top);
    if (op.kind == TrackingMatcher::Op::kAnd || op.kind == TrackingMatcher::Op::kOr) --top;
  }
  return max;
}

// Letters and digits of any script count as word characters; punctuation, spaces,
// symbols and emoji do not.
bool IsWordCodePoint(uint32_t cp) {
  if (cp < 0x80) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
           cp == '_';
  }
  if (cp < 0xC0) return cp == 0xAA || cp == 0xB5 || cp == 0xBA;  // NBSP, Latin-1 punctuation
  if (cp == 0xD7 || cp == 0xF7) return false;
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;    // punctuation, symbols, arrows
  if (cp >= 0x3000 && cp <= 0x303F) return false;    // CJK punctuation
  if (cp >= 0xFE00 && cp <= 0xFE0F) return false;    // variation selectors
  if (cp >= 0x1F000) return false;                   // emoji and pictographs
  return true;
}

uint32_t DecodeAt(const unsigned char* s, size_t n, size_t i) {
  const unsigned char c = s[i];
  if (c < 0x80) return c;
  size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (len == 1 || i + len > n) return 0xFFFD;
  uint32_t cp = c & (0x3F >> (len - 1));
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
  return cp;
}

// The terms of which at least one must occur for `program` to be true, chosen to be
// rare: for AND the operand whose terms are used by fewer rules, for OR both operands.
// nullopt when no such set is known (under NOT); callers then use every positive term.
std::optional<std::vector<uint32_t>> TriggerTerms(const std::vector<TrackingMatcher::Op>& program,
                                                  const std::vector<uint32_t>& term_frequency) {
  using Set = std::optional<std::vector<uint32_t>>;
  std::vector<Set> stack;
  const auto cost = [&](const Set& set) {
    uint64_t total = 0;
    for (uint32_t t : *set) total += term_frequency[t];
    return total;
  };
  for (const TrackingMatcher::Op& op : program) {
    switch (op.kind) {
      case TrackingMatcher::Op::kTerm:
        stack.push_back(std::vector<uint32_t>{op.term});
        break;
      case TrackingMatcher::Op::kNot:
        stack.back() = std::nullopt;
        break;
      case TrackingMatcher::Op::kAnd: {
        Set right = std::move(stack.back());
        stack.pop_back();
        Set& left = stack.back();
        if (!left || (right && cost(right) < cost(left))) left = std::move(right);
        break;
      }
      case TrackingMatcher::Op::kOr: {
        Set right = std::move(stack.back());
        stack.pop_back();
        Set& left = stack.back();
        if (left && right) {
          left->insert(left->end(), right->begin(), right->end());
        } else {
          left = std::nullopt;
        }
        break;
      }
    }
  }
  return stack.size() == 1 ? std::move(stack[0]) : std::nullopt;
}

}  // namespace

class TrackingMatcher::Scanner {
 public:
  hs_scratch* scratch = nullptr;
  uint32_t generation = 0;
  std::vector<uint32_t> term_stamp;
  std::vector<uint32_t> rule_stamp;
  std::vector<uint32_t> matched_terms;
  std::vector<TrackingMatch> results;
  const TrackingMatcher* owner = nullptr;
  std::string folded;
  const unsigned char* text = nullptr;
  size_t length = 0;

  ~Scanner() {
    if (scratch != nullptr) hs_free_scratch(scratch);
  }

  void NextGeneration() {
    if (++generation == 0) {  // wrapped: clear the stamps once every 2^32 scans
      std::fill(term_stamp.begin(), term_stamp.end(), 0);
      std::fill(rule_stamp.begin(), rule_stamp.end(), 0);
      generation = 1;
    }
    matched_terms.clear();
    results.clear();
  }

  // Hyperscan reports the end of an anchor (a term's first kAnchorBytes bytes); the
  // terms that start with it are confirmed here, with their word boundaries.
  static int OnMatch(unsigned int id, unsigned long long /*from*/, unsigned long long to,
                     unsigned int /*flags*/, void* context) {
    auto* self = static_cast<Scanner*>(context);
    const TrackingMatcher& owner = *self->owner;
    const uint32_t anchor_length = owner.anchor_lengths_[id];
    if (to < anchor_length) return 0;
    const size_t begin = static_cast<size_t>(to) - anchor_length;
    if (begin > 0) {
      size_t k = begin - 1;
      while (k > 0 && (self->text[k] & 0xC0) == 0x80 && begin - k < 4) --k;
      if (IsWordCodePoint(DecodeAt(self->text, self->length, k))) return 0;
    }
    for (uint32_t term_id : owner.anchor_terms_[id]) {
      if (self->term_stamp[term_id] == self->generation) continue;
      const Term& term = owner.terms_[term_id];
      const size_t end = begin + term.byte_length;
      if (end > self->length) continue;
      if (term.byte_length > anchor_length &&
          std::memcmp(self->text + to, term.literal.data() + anchor_length,
                      term.byte_length - anchor_length) != 0) {
        continue;
      }
      if (end < self->length && IsWordCodePoint(DecodeAt(self->text, self->length, end))) {
        continue;
      }
      self->term_stamp[term_id] = self->generation;
      self->matched_terms.push_back(term_id);
    }
    return 0;
  }
};

absl::StatusOr<std::unique_ptr<TrackingMatcher>> TrackingMatcher::Compile(
    const std::vector<TrackingRuleConfig>& rules) {
  std::unique_ptr<TrackingMatcher> matcher(new TrackingMatcher());
  std::unordered_map<std::string, uint32_t> term_ids;
  std::unordered_map<std::string, uint32_t> brand_ids;
  std::vector<std::vector<uint32_t>> positive_terms;  // per rule
  for (size_t i = 0; i < rules.size(); ++i) {
    const std::string path = StrCat("ingest.tracking[", static_cast<int64_t>(i), "].query");
    absl::StatusOr<std::vector<Token>> tokens = Tokenize(rules[i].query, path);
    if (!tokens.ok()) return tokens.status();
    Rule rule;
    std::vector<uint32_t> positive;
    QueryCompiler compiler(*tokens, path, term_ids, matcher->terms_);
    if (absl::Status s = compiler.Compile(&rule.program, &positive); !s.ok()) return s;
    if (MaxStackDepth(rule.program) > kMaxStack) {
      return absl::InvalidArgumentError(StrCat(path, ": query too complex"));
    }
    if (Evaluate(rule.program, [](uint32_t) { return false; })) {
      return absl::InvalidArgumentError(StrCat(
          path, ": query matches a text that contains none of its terms; add a term that must "
                "occur"));
    }
    auto [brand_it, inserted] =
        brand_ids.try_emplace(rules[i].brand, static_cast<uint32_t>(matcher->brands_.size()));
    if (inserted) matcher->brands_.push_back(rules[i].brand);
    rule.brand = brand_it->second;
    for (const std::string& lang : rules[i].languages) rule.languages.push_back(LowerAscii(lang));
    rule.topics = rules[i].topics;
    matcher->rules_.push_back(std::move(rule));
    std::sort(positive.begin(), positive.end());
    positive.erase(std::unique(positive.begin(), positive.end()), positive.end());
    positive_terms.push_back(std::move(positive));
  }
  // Index each rule under a rare set of terms that must occur for it to match, so a common
  // word ("nede", "down") does not make every rule that uses it a candidate.
  std::vector<uint32_t> term_frequency(matcher->terms_.size(), 0);
  for (const auto& positive : positive_terms) {
    for (uint32_t term : positive) ++term_frequency[term];
  }
  matcher->rules_by_term_.resize(matcher->terms_.size());
  for (size_t r = 0; r < matcher->rules_.size(); ++r) {
    std::vector<uint32_t> triggers =
        TriggerTerms(matcher->rules_[r].program, term_frequency).value_or(positive_terms[r]);
    std::sort(triggers.begin(), triggers.end());
    triggers.erase(std::unique(triggers.begin(), triggers.end()), triggers.end());
    for (uint32_t term : triggers) {
      matcher->rules_by_term_[term].push_back(static_cast<uint32_t>(r));
    }
  }
  if (matcher->terms_.empty()) return matcher;
  // Hyperscan gets each term's first kAnchorBytes bytes (deduplicated), not the whole term:
  // many terms sharing a long suffix ("... kundeservice", "..._support") would otherwise
  // fall into one confirm bucket of its literal matcher and make every occurrence of the
  // suffix cost thousands of comparisons. The rest of a term is compared in OnMatch.
  std::unordered_map<std::string, uint32_t> anchor_ids;
  for (uint32_t t = 0; t < matcher->terms_.size(); ++t) {
    const std::string& literal = matcher->terms_[t].literal;
    std::string anchor = literal.substr(0, std::min(literal.size(), kAnchorBytes));
    auto [it, inserted] =
        anchor_ids.try_emplace(anchor, static_cast<uint32_t>(matcher->anchors_.size()));
    if (inserted) {
      matcher->anchors_.push_back(anchor);
      matcher->anchor_lengths_.push_back(static_cast<uint32_t>(anchor.size()));
      matcher->anchor_terms_.emplace_back();
    }
    matcher->anchor_terms_[it->second].push_back(t);
  }
  std::vector<const char*> expressions;
  std::vector<size_t> lengths;
  std::vector<unsigned int> flags;
  std::vector<unsigned int> ids;
  for (size_t i = 0; i < matcher->anchors_.size(); ++i) {
    expressions.push_back(matcher->anchors_[i].data());
    lengths.push_back(matcher->anchors_[i].size());
    flags.push_back(0);  // texts are case-folded before the scan
    ids.push_back(static_cast<unsigned int>(i));
  }
  hs_compile_error_t* error = nullptr;
  if (hs_compile_lit_multi(expressions.data(), flags.data(), ids.data(), lengths.data(),
                           static_cast<unsigned int>(expressions.size()), HS_MODE_BLOCK,
                           nullptr, &matcher->database_, &error) != HS_SUCCESS) {
    std::string message = error != nullptr ? error->message : "unknown error";
    const int expression = error != nullptr ? error->expression : -1;
    hs_free_compile_error(error);
    return absl::InvalidArgumentError(StrCat(
        "ingest.tracking: cannot compile term '",
        expression >= 0 ? matcher->anchors_[static_cast<size_t>(expression)] : "",
        "': ", message));
  }
  if (hs_alloc_scratch(matcher->database_, &matcher->prototype_scratch_) != HS_SUCCESS) {
    return absl::ResourceExhaustedError("ingest.tracking: cannot allocate Hyperscan scratch");
  }
  return matcher;
}

TrackingMatcher::~TrackingMatcher() {
  {
    absl::MutexLock lock(&pool_mu_);
    pool_.clear();
  }
  if (prototype_scratch_ != nullptr) hs_free_scratch(prototype_scratch_);
  if (database_ != nullptr) hs_free_database(database_);
}

std::unique_ptr<TrackingMatcher::Scanner> TrackingMatcher::Borrow() const {
  {
    absl::MutexLock lock(&pool_mu_);
    if (!pool_.empty()) {
      std::unique_ptr<Scanner> scanner = std::move(pool_.back());
      pool_.pop_back();
      return scanner;
    }
  }
  auto scanner = std::make_unique<Scanner>();
  scanner->owner = this;
  if (prototype_scratch_ != nullptr) hs_clone_scratch(prototype_scratch_, &scanner->scratch);
  scanner->term_stamp.assign(terms_.size(), 0);
  scanner->rule_stamp.assign(rules_.size(), 0);
  return scanner;
}

void TrackingMatcher::Return(std::unique_ptr<Scanner> scanner) const {
  absl::MutexLock lock(&pool_mu_);
  pool_.push_back(std::move(scanner));
}

void TrackingMatcher::Scan(std::string_view text, std::string_view lang,
                           Scanner& scanner) const {
  scanner.NextGeneration();
  if (database_ == nullptr || scanner.scratch == nullptr || text.empty()) return;
  FoldCaseInto(text, scanner.folded);
  scanner.text = reinterpret_cast<const unsigned char*>(scanner.folded.data());
  scanner.length = scanner.folded.size();
  hs_scan(database_, scanner.folded.data(), static_cast<unsigned int>(scanner.folded.size()), 0,
          scanner.scratch, &Scanner::OnMatch, &scanner);
  char lang_buffer[16];
  const size_t lang_size = std::min(lang.size(), sizeof(lang_buffer));
  for (size_t i = 0; i < lang_size; ++i) {
    const char c = lang[i];
    lang_buffer[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
  }
  const std::string_view lower_lang(lang_buffer, lang_size);
  const uint32_t generation = scanner.generation;
  for (size_t t = 0; t < scanner.matched_terms.size(); ++t) {
    for (uint32_t rule_index : rules_by_term_[scanner.matched_terms[t]]) {
      if (scanner.rule_stamp[rule_index] == generation) continue;
      scanner.rule_stamp[rule_index] = generation;
      const Rule& rule = rules_[rule_index];
      if (!lower_lang.empty() && !rule.languages.empty() &&
          std::find(rule.languages.begin(), rule.languages.end(), lower_lang) ==
              rule.languages.end()) {
        continue;
      }
      if (!Evaluate(rule.program, [&](uint32_t term) {
            return scanner.term_stamp[term] == generation;
          })) {
        continue;
      }
      const std::string& brand = brands_[rule.brand];
      auto it = std::find_if(scanner.results.begin(), scanner.results.end(),
                             [&](const TrackingMatch& m) { return m.brand == brand; });
      if (it == scanner.results.end()) {
        scanner.results.push_back({brand, {}});
        it = scanner.results.end() - 1;
      }
      for (const std::string& topic : rule.topics) {
        if (std::find(it->topics.begin(), it->topics.end(), topic) == it->topics.end()) {
          it->topics.push_back(topic);
        }
      }
    }
  }
}

std::vector<TrackingMatch> TrackingMatcher::Match(std::string_view text,
                                                  std::string_view lang) const {
  std::unique_ptr<Scanner> scanner = Borrow();
  Scan(text, lang, *scanner);
  std::vector<TrackingMatch> results = std::move(scanner->results);
  scanner->results.clear();
  Return(std::move(scanner));
  return results;
}

size_t TrackingMatcher::CountMatches(std::string_view text, std::string_view lang) const {
  std::unique_ptr<Scanner> scanner = Borrow();
  Scan(text, lang, *scanner);
  const size_t count = scanner->results.size();
  Return(std::move(scanner));
  return count;
}

}  // namespace stormwatch
