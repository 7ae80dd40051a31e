// Parsing of the enrich term files (see term_file.h).
#include "operators/enrich/term_file.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/string_view.h"
#include "operators/enrich/vocabulary.h"

namespace stormwatch::enrich {
namespace {

struct KindName {
  std::string_view name;
  TermKind kind;
  uint8_t intent;          // IntentBit for kIntent
  std::string_view needs;  // what the value is, when the kind takes one; empty: none
};

constexpr KindName kRuleKinds[] = {
    {"stop", TermKind::kStop, 0, ""},
    {"negator", TermKind::kNegator, 0, ""},
    {"clause_negator", TermKind::kClauseNegator, 0, ""},
    {"contrast", TermKind::kContrast, 0, ""},
    {"booster", TermKind::kBooster, 0, "a multiplier"},
    {"prefix", TermKind::kPrefix, 0, "a score"},
    {"valence", TermKind::kValence, 0, "a score"},
    {"negated", TermKind::kNegated, 0, "the score of the negated word"},
    {"neutral", TermKind::kNeutral, 0, ""},
};
constexpr KindName kIntentKinds[] = {
    {"complaint", TermKind::kIntent, kIntentComplaint, ""},
    {"question", TermKind::kIntent, kIntentQuestion, ""},
    {"contact_seeking", TermKind::kIntent, kIntentContactSeeking, ""},
    {"contact_channel", TermKind::kIntent, kIntentContactChannel, ""},
    {"praise", TermKind::kIntent, kIntentPraise, ""},
};

const KindName* FindKind(std::string_view name, TermFileKind file_kind) {
  if (file_kind != TermFileKind::kIntents) {
    for (const KindName& k : kRuleKinds) {
      if (k.name == name) return &k;
    }
  }
  if (file_kind != TermFileKind::kRules) {
    for (const KindName& k : kIntentKinds) {
      if (k.name == name) return &k;
    }
  }
  return nullptr;
}

// "kind must be stop, negator, ... or praise" for the kinds `file_kind` allows.
std::string KindExpectation(TermFileKind file_kind) {
  std::vector<std::string_view> names;
  if (file_kind != TermFileKind::kIntents) {
    for (const KindName& k : kRuleKinds) names.push_back(k.name);
  }
  if (file_kind != TermFileKind::kRules) {
    for (const KindName& k : kIntentKinds) names.push_back(k.name);
  }
  std::string out = file_kind == TermFileKind::kIntents ? "intent must be " : "kind must be ";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

std::string LineFormat(TermFileKind file_kind) {
  switch (file_kind) {
    case TermFileKind::kRules:
      return "expected 'kind<TAB>term[<TAB>value]'";
    case TermFileKind::kIntents:
      return "expected 'intent<TAB>term'";
    case TermFileKind::kCustomTerms:
      break;
  }
  return "expected 'kind<TAB>term[<TAB>value]' or 'intent<TAB>term'";
}

// The line as a TermLine, or why it is not one.
absl::StatusOr<TermLine> ParseLine(std::string_view text, TermFileKind file_kind) {
  const std::vector<std::string_view> parts = SplitFields(text, '\t');
  if (parts.size() < 2 || parts.size() > 3) {
    return absl::InvalidArgumentError(LineFormat(file_kind));
  }
  const KindName* kind = FindKind(parts[0], file_kind);
  if (kind == nullptr) return absl::InvalidArgumentError(KindExpectation(file_kind));
  TermLine line{kind->kind, parts[1], 0, kind->intent};
  if (kind->needs.empty()) {
    if (parts.size() == 3) {
      return absl::InvalidArgumentError(std::string(kind->name) + " takes no value");
    }
    return line;
  }
  if (parts.size() < 3) {
    return absl::InvalidArgumentError(std::string(kind->name) + " needs " +
                                      std::string(kind->needs));
  }
  if (!absl::SimpleAtod(absl::string_view(parts[2].data(), parts[2].size()), &line.value)) {
    return absl::InvalidArgumentError("value not a number");
  }
  return line;
}

}  // namespace

std::vector<std::string_view> SplitFields(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t pos = s.find(sep, start);
    parts.push_back(s.substr(start, pos == std::string_view::npos ? s.npos : pos - start));
    if (pos == std::string_view::npos) return parts;
    start = pos + 1;
  }
}

std::vector<NumberedLine> DataLines(std::string_view content) {
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  std::vector<NumberedLine> lines;
  int number = 0;
  for (std::string_view line : SplitFields(content, '\n')) {
    ++number;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.remove_suffix(1);
    }
    if (line.empty() || line[0] == '#') continue;
    lines.push_back({number, line});
  }
  return lines;
}

absl::StatusOr<std::vector<TermLine>> ParseTermFile(std::string_view content, std::string_view file,
                                                    TermFileKind file_kind) {
  std::vector<TermLine> out;
  for (const NumberedLine& line : DataLines(content)) {
    absl::StatusOr<TermLine> parsed = ParseLine(line.text, file_kind);
    if (!parsed.ok()) {
      const absl::string_view why = parsed.status().message();
      return absl::InvalidArgumentError(std::string(file) + ":" + std::to_string(line.number) +
                                        ": " + std::string(why.data(), why.size()) + ", got '" +
                                        std::string(line.text) + "'");
    }
    out.push_back(*parsed);
  }
  return out;
}

}  // namespace stormwatch::enrich
