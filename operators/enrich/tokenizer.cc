// Unicode-aware tokenizer (see tokenizer.h). ASCII takes a fast path; other code points go
// through utf8proc for category and full case folding.
#include "operators/enrich/tokenizer.h"

#include <utf8proc.h>

#include <cstdlib>

namespace stormwatch::enrich {
namespace {

bool IsAsciiAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool IsAsciiSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsLetterCategory(utf8proc_category_t cat) {
  return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL ||
         cat == UTF8PROC_CATEGORY_LT || cat == UTF8PROC_CATEGORY_LM ||
         cat == UTF8PROC_CATEGORY_LO || cat == UTF8PROC_CATEGORY_ND;
}
bool IsEmojiCodePoint(int32_t cp, utf8proc_category_t cat) {
  return cat == UTF8PROC_CATEGORY_SO || (cp >= 0x1F000 && cp <= 0x1FAFF) ||
         (cp >= 0x2600 && cp <= 0x27BF);
}
// Joiners and modifiers inside emoji sequences: dropped.
bool IsEmojiModifier(int32_t cp) {
  return cp == 0xFE0F || cp == 0xFE0E || cp == 0x200D || (cp >= 0x1F3FB && cp <= 0x1F3FF);
}
bool StartsWith(std::string_view s, size_t i, std::string_view prefix) {
  return s.size() - i >= prefix.size() && s.compare(i, prefix.size(), prefix) == 0;
}
bool NextIsLetter(std::string_view s, size_t i) {
  if (i >= s.size()) return false;
  const unsigned char c = s[i];
  if (c < 0x80) return IsAsciiAlnum(c);
  return true;  // a non-ASCII code point after an apostrophe: most likely a letter
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Text that went through JSON encoding twice keeps literal escapes ("don\u2019t"); decodes
// every backslash-u-4-hex sequence (BMP only) into UTF-8.
std::string DecodeLiteralEscapes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 5 < text.size() && text[i + 1] == 'u') {
      int cp = 0;
      bool ok = true;
      for (size_t k = 2; k < 6 && ok; ++k) {
        const int h = HexValue(text[i + k]);
        ok = h >= 0;
        cp = cp * 16 + h;
      }
      if (ok && utf8proc_codepoint_valid(cp)) {
        utf8proc_uint8_t buf[4];
        out.append(reinterpret_cast<const char*>(buf), utf8proc_encode_char(cp, buf));
        i += 5;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

// Sets Token::kNamePart (see tokenizer.h). Title case ("The Best Service Ever"): more
// capitalized words inside sentences than lowercase ones; there capitals mark no names.
void MarkNameParts(TokenizedText& out) {
  if (out.lowercase_words < out.capitalized_inner_words) return;
  std::vector<Token>& tokens = out.tokens;
  auto capitalized = [](const Token& t) { return (t.flags & Token::kCapitalized) != 0; };
  for (size_t i = 0; i < tokens.size(); ++i) {
    Token& tok = tokens[i];
    if (!capitalized(tok) || (tok.flags & Token::kSentenceStart)) continue;
    const bool prev =
        i > 0 && capitalized(tokens[i - 1]) && !(tokens[i - 1].flags & Token::kClauseEnd);
    const bool next =
        i + 1 < tokens.size() && capitalized(tokens[i + 1]) && !(tok.flags & Token::kClauseEnd);
    if (prev || next) tok.flags |= Token::kNamePart;
  }
}

}  // namespace

void TokenizedText::Clear() {
  folded.clear();
  tokens.clear();
  exclamations = questions = caps_words = capitalized_inner_words = lowercase_words = words = 0;
}

TextTokenizer::TextTokenizer(std::vector<std::string> emoticons) {
  for (std::string& e : emoticons) {
    if (e.size() < 2) continue;
    max_emoticon_size_ = std::max(max_emoticon_size_, e.size());
    emoticons_.insert(std::move(e));
  }
}

void TextTokenizer::Tokenize(std::string_view text, TokenizedText& out) const {
  if (text.find("\\u") != std::string_view::npos) {
    const std::string decoded = DecodeLiteralEscapes(text);
    if (decoded.find("\\u") == std::string::npos || decoded.size() < text.size()) {
      Tokenize(decoded, out);
      return;
    }
  }
  if (TokenizeComposed(text, /*allow_marks=*/false, out)) return;
  utf8proc_uint8_t* composed = nullptr;
  const utf8proc_ssize_t n =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                   static_cast<utf8proc_ssize_t>(text.size()), &composed,
                   static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  if (n >= 0 && composed != nullptr) {
    TokenizeComposed(std::string_view(reinterpret_cast<char*>(composed), n), true, out);
  } else {
    TokenizeComposed(text, true, out);
  }
  std::free(composed);
}

bool TextTokenizer::TokenizeComposed(std::string_view text, bool allow_marks,
                                     TokenizedText& out) const {
  out.Clear();
  std::string& folded = out.folded;
  folded.reserve(text.size() + 16);
  bool in_word = false;
  int letters = 0;
  int uppers = 0;
  bool first_upper = false;
  bool last_lower = false;    // the word's previous letter was a lowercase one
  bool hashtag_next = false;  // the previous byte was a '#' at a token start
  bool in_hashtag = false;    // the current word is (a part of) a hashtag
  bool sentence_start = true;

  auto begin_token = [&](Token::Kind kind) {
    if (!out.tokens.empty()) folded.push_back(' ');
    Token t;
    t.begin = static_cast<uint32_t>(folded.size());
    t.kind = kind;
    if (sentence_start) t.flags |= Token::kSentenceStart;
    sentence_start = false;
    out.tokens.push_back(t);
  };
  auto end_word = [&] {
    if (!in_word) return;
    in_word = false;
    Token& t = out.tokens.back();
    t.size = static_cast<uint32_t>(folded.size() - t.begin);
    ++out.words;
    if (letters >= 2 && uppers == letters) {
      t.flags |= Token::kAllCaps;
      ++out.caps_words;
    } else if (letters >= 2 && first_upper && !in_hashtag) {  // "#BestDayEver" names nothing
      t.flags |= Token::kCapitalized;
      if (!(t.flags & Token::kSentenceStart)) ++out.capitalized_inner_words;
    } else if (letters >= 2 && uppers == 0) {
      ++out.lowercase_words;
    }
  };
  auto start_word = [&] {
    if (in_word) return;
    begin_token(Token::kWord);
    in_word = true;
    letters = uppers = 0;
    first_upper = last_lower = false;
    in_hashtag = hashtag_next;
    hashtag_next = false;
  };
  // A capital after a lowercase letter inside a hashtag starts a new word: "#NeverAgain" ->
  // "never again". The parts are marked as a name's ("#BestBuy", "#SuperBrugsen" name a
  // brand): only multi-word entries ("never again", "epic fail") give them sentiment.
  auto split_camel_case = [&](bool upper) {
    if (in_word && in_hashtag && upper && last_lower) {
      end_word();
      out.tokens.back().flags |= Token::kNamePart;
      hashtag_next = true;
      start_word();
      out.tokens.back().flags |= Token::kNamePart;
    }
  };
  auto mark_clause_end = [&](bool sentence_end) {
    if (out.tokens.empty()) return;
    out.tokens.back().flags |= Token::kClauseEnd;
    if (sentence_end) {
      out.tokens.back().flags |= Token::kSentenceEnd;
      sentence_start = true;
    }
  };
  // Token start: beginning of text or after whitespace.
  auto at_boundary = [&](size_t i) {
    return i == 0 || IsAsciiSpace(static_cast<unsigned char>(text[i - 1]));
  };

  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char c = text[i];
    if (hashtag_next && text[i - 1] != '#') hashtag_next = false;  // only right after the '#'

    if (c < 0x80) {
      if (IsAsciiAlnum(c)) {
        if (!in_word && at_boundary(i) && (c == 'h' || c == 'w') &&
            (StartsWith(text, i, "http://") || StartsWith(text, i, "https://") ||
             StartsWith(text, i, "www."))) {
          while (i < n && !IsAsciiSpace(static_cast<unsigned char>(text[i]))) ++i;
          continue;
        }
        // Emoticons that start with a letter or digit ("xD", "8)") only at a boundary.
        if (!in_word && at_boundary(i) && (c == 'x' || c == 'X' || c == '8')) {
          bool matched = false;
          for (size_t len = std::min(max_emoticon_size_, n - i); len >= 2 && !matched; --len) {
            const std::string_view cand = text.substr(i, len);
            if ((i + len == n || IsAsciiSpace(static_cast<unsigned char>(text[i + len]))) &&
                emoticons_.contains(cand)) {
              begin_token(Token::kEmoticon);
              folded.append(cand);
              out.tokens.back().size = static_cast<uint32_t>(len);
              i += len;
              matched = true;
            }
          }
          if (matched) continue;
        }
        split_camel_case(c >= 'A' && c <= 'Z');
        start_word();
        if (c >= 'A' && c <= 'Z') {
          first_upper |= letters == 0;
          ++letters;
          ++uppers;
          folded.push_back(static_cast<char>(c + 32));
        } else {
          if (c >= 'a' && c <= 'z') ++letters;
          folded.push_back(static_cast<char>(c));
        }
        last_lower = c >= 'a' && c <= 'z';
        ++i;
        continue;
      }
      if (c == '\'' && in_word && NextIsLetter(text, i + 1)) {
        folded.push_back('\'');
        ++i;
        continue;
      }
      end_word();
      if (IsAsciiSpace(c)) {
        if (c == '\n') mark_clause_end(true);
        ++i;
        continue;
      }
      if (at_boundary(i)) {
        if (c == '@') {
          ++i;
          while (i < n && (IsAsciiAlnum(static_cast<unsigned char>(text[i])) || text[i] == '_' ||
                           static_cast<unsigned char>(text[i]) >= 0x80)) {
            ++i;
          }
          continue;
        }
        bool matched = false;
        for (size_t len = std::min(max_emoticon_size_, n - i); len >= 2 && !matched; --len) {
          const std::string_view cand = text.substr(i, len);
          if (emoticons_.contains(cand)) {
            begin_token(Token::kEmoticon);
            folded.append(cand);
            out.tokens.back().size = static_cast<uint32_t>(len);
            i += len;
            matched = true;
          }
        }
        if (matched) continue;
      }
      switch (c) {
        case '!':
          ++out.exclamations;
          mark_clause_end(true);
          break;
        case '?':
          ++out.questions;
          mark_clause_end(true);
          break;
        case '.':
          mark_clause_end(true);
          break;
        case ',':
          mark_clause_end(false);
          if (!out.tokens.empty()) out.tokens.back().flags |= Token::kCommaEnd;
          break;
        case ';':
        case ':':
        case '(':
        case ')':
          mark_clause_end(false);
          break;
        default:
          break;
      }
      hashtag_next = c == '#' && at_boundary(i);
      ++i;
      continue;
    }

    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t len =
        utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                         static_cast<utf8proc_ssize_t>(n - i), &cp);
    if (len <= 0) {  // invalid UTF-8: skip the byte
      end_word();
      ++i;
      continue;
    }
    const utf8proc_category_t cat = utf8proc_category(cp);
    if (IsEmojiModifier(cp)) {
      i += len;
      continue;
    }
    if (cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC) {
      if (!allow_marks) return false;
      if (in_word) {
        utf8proc_uint8_t buf[4];
        const utf8proc_ssize_t w = utf8proc_encode_char(cp, buf);
        folded.append(reinterpret_cast<const char*>(buf), w);
      }
      i += len;
      continue;
    }
    if (IsLetterCategory(cat)) {
      const bool upper = utf8proc_isupper(cp);
      split_camel_case(upper);
      start_word();
      if (upper) {
        first_upper |= letters == 0;
        ++uppers;
      }
      last_lower = utf8proc_islower(cp);
      ++letters;
      utf8proc_int32_t mapped[8];
      int last_boundclass = 0;
      const utf8proc_ssize_t m = utf8proc_decompose_char(
          cp, mapped, 8, static_cast<utf8proc_option_t>(UTF8PROC_CASEFOLD), &last_boundclass);
      if (m <= 0 || m > 8) {
        mapped[0] = utf8proc_tolower(cp);
      }
      for (utf8proc_ssize_t k = 0; k < (m > 0 && m <= 8 ? m : 1); ++k) {
        utf8proc_uint8_t buf[4];
        const utf8proc_ssize_t w = utf8proc_encode_char(mapped[k], buf);
        folded.append(reinterpret_cast<const char*>(buf), w);
      }
      i += len;
      continue;
    }
    if ((cp == 0x2019 || cp == 0x2018) && in_word && NextIsLetter(text, i + len)) {
      folded.push_back('\'');
      i += len;
      continue;
    }
    end_word();
    if (IsEmojiCodePoint(cp, cat)) {
      begin_token(Token::kEmoji);
      folded.append(text.data() + i, len);
      out.tokens.back().size = static_cast<uint32_t>(len);
    } else if (cp == 0x2026 || cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F) {
      if (cp == 0xFF01) ++out.exclamations;
      if (cp == 0xFF1F) ++out.questions;
      mark_clause_end(true);
    } else if (cat == UTF8PROC_CATEGORY_PD || cat == UTF8PROC_CATEGORY_PO) {
      mark_clause_end(false);
    } else if (cp == 0x2028 || cp == 0x2029) {
      mark_clause_end(true);
    }
    i += len;
  }
  end_word();
  MarkNameParts(out);
  return true;
}

}  // namespace stormwatch::enrich
