// simdjson fast path for event lines; see event_json_fast.h.
#include "pipeline/core/event_json_fast.h"

#include <simdjson.h>

#include <cstdint>
#include <limits>
#include <string>

namespace stormwatch {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

bool Digits(std::string_view text, size_t pos, size_t count, int* out) {
  if (pos + count > text.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    v = v * 10 + (text[i] - '0');
  }
  *out = v;
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool ReadString(element v, std::string* out) {
  std::string_view s;
  if (v.get_string().get(s) != simdjson::SUCCESS) return false;
  out->assign(s.data(), s.size());
  return true;
}

// Integers only (protobuf's own reader decides about 5.0 or "5").
bool ReadUint32(element v, uint32_t* out) {
  const element_type type = v.type();
  if (type != element_type::INT64 && type != element_type::UINT64) return false;
  uint64_t n = 0;
  if (v.get_uint64().get(n) != simdjson::SUCCESS || n > std::numeric_limits<uint32_t>::max()) {
    return false;
  }
  *out = static_cast<uint32_t>(n);
  return true;
}

bool ReadDouble(element v, double* out) {
  if (!v.is_number()) return false;
  return v.get_double().get(*out) == simdjson::SUCCESS;
}

bool ReadBool(element v, bool* out) { return v.get_bool().get(*out) == simdjson::SUCCESS; }

bool ReadTimestamp(element v, google::protobuf::Timestamp* ts) {
  std::string_view s;
  if (v.get_string().get(s) != simdjson::SUCCESS) return false;
  int64_t seconds = 0;
  int32_t nanos = 0;
  if (!ParseRfc3339(s, &seconds, &nanos)) return false;
  ts->set_seconds(seconds);
  ts->set_nanos(nanos);
  return true;
}


// Every field must be known and of the expected JSON type, or the line falls back.
bool ReadMention(object obj, v1::Mention* m) {
  for (auto [key, v] : obj) {
    if (v.is_null()) return false;
    uint32_t n = 0;
    bool b = false;
    bool ok;
    if (key == "id") ok = ReadString(v, m->mutable_id());
    else if (key == "source") ok = ReadString(v, m->mutable_source());
    else if (key == "brand") ok = ReadString(v, m->mutable_brand());
    else if (key == "channel") ok = ReadString(v, m->mutable_channel());
    else if (key == "authorId" || key == "author_id") ok = ReadString(v, m->mutable_author_id());
    else if (key == "text") ok = ReadString(v, m->mutable_text());
    else if (key == "lang") ok = ReadString(v, m->mutable_lang());
    else if (key == "inReplyTo" || key == "in_reply_to") ok = ReadString(v, m->mutable_in_reply_to());
    else if (key == "threadId" || key == "thread_id") ok = ReadString(v, m->mutable_thread_id());
    else if (key == "createdAt" || key == "created_at") ok = ReadTimestamp(v, m->mutable_created_at());
    else if (key == "authorFollowers" || key == "author_followers") {
      if ((ok = ReadUint32(v, &n))) m->set_author_followers(n);
    } else if (key == "shares") {
      if ((ok = ReadUint32(v, &n))) m->set_shares(n);
    } else if (key == "likes") {
      if ((ok = ReadUint32(v, &n))) m->set_likes(n);
    } else if (key == "fromBrand" || key == "from_brand") {
      if ((ok = ReadBool(v, &b))) m->set_from_brand(b);
    } else if (key == "topics") {
      simdjson::dom::array topics;
      ok = v.get_array().get(topics) == simdjson::SUCCESS;
      for (element item : topics) {
        if (!ok) break;
        std::string_view topic;
        ok = item.get_string().get(topic) == simdjson::SUCCESS;
        if (ok) m->add_topics(std::string(topic));
      }
    } else {
      return false;  // unknown (or enrichment): protobuf decides
    }
    if (!ok) return false;
  }
  return true;
}

bool ReadQueueSample(object obj, v1::QueueSample* q) {
  for (auto [key, v] : obj) {
    if (v.is_null()) return false;
    uint32_t n = 0;
    double d = 0;
    bool ok;
    if (key == "brand") {
      ok = ReadString(v, q->mutable_brand());
    } else if (key == "queueId" || key == "queue_id") {
      ok = ReadString(v, q->mutable_queue_id());
    } else if (key == "ts") {
      ok = ReadTimestamp(v, q->mutable_ts());
    } else if (key == "callsWaiting" || key == "calls_waiting") {
      if ((ok = ReadUint32(v, &n))) q->set_calls_waiting(n);
    } else if (key == "offered") {
      if ((ok = ReadUint32(v, &n))) q->set_offered(n);
    } else if (key == "abandoned") {
      if ((ok = ReadUint32(v, &n))) q->set_abandoned(n);
    } else if (key == "agentsAvailable" || key == "agents_available") {
      if ((ok = ReadUint32(v, &n))) q->set_agents_available(n);
    } else if (key == "longestWaitSeconds" || key == "longest_wait_seconds") {
      if ((ok = ReadDouble(v, &d))) q->set_longest_wait_seconds(d);
    } else if (key == "avgWaitSeconds" || key == "avg_wait_seconds") {
      if ((ok = ReadDouble(v, &d))) q->set_avg_wait_seconds(d);
    } else {
      return false;
    }
    if (!ok) return false;
  }
  return true;
}

}  // namespace

bool ParseRfc3339(std::string_view t, int64_t* seconds, int32_t* nanos) {
  int year, month, day, hour, minute, second;
  if (t.size() < 20 || !Digits(t, 0, 4, &year) || t[4] != '-' || !Digits(t, 5, 2, &month) ||
      t[7] != '-' || !Digits(t, 8, 2, &day) || t[10] != 'T' ||
      !Digits(t, 11, 2, &hour) || t[13] != ':' || !Digits(t, 14, 2, &minute) || t[16] != ':' ||
      !Digits(t, 17, 2, &second)) {
    return false;
  }
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > 28 + 3 || hour > 23 ||
      minute > 59 || second > 59) {
    return false;
  }
  static constexpr int kDaysInMonth[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > kDaysInMonth[month - 1] || (month == 2 && day == 29 && !leap)) return false;
  size_t pos = 19;
  int32_t frac = 0;
  if (pos < t.size() && t[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
      if (digits == 9) return false;
      frac = frac * 10 + (t[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return false;
    for (int i = digits; i < 9; ++i) frac *= 10;
  }
  int offset_seconds = 0;
  if (pos < t.size() && t[pos] == 'Z') {
    ++pos;
  } else if (pos < t.size() && (t[pos] == '+' || t[pos] == '-')) {
    int oh, om;
    if (!Digits(t, pos + 1, 2, &oh) || pos + 3 >= t.size() || t[pos + 3] != ':' ||
        !Digits(t, pos + 4, 2, &om) || oh > 23 || om > 59) {
      return false;
    }
    offset_seconds = (oh * 3600 + om * 60) * (t[pos] == '+' ? 1 : -1);
    pos += 6;
  } else {
    return false;
  }
  if (pos != t.size()) return false;
  *seconds = DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second -
             offset_seconds;
  *nanos = frac;
  return true;
}

std::optional<v1::Event> TryParseEventJsonFast(std::string_view line) {
  // The DOM parser validates the whole line (trailing content too), copying it into its
  // own padded buffer.
  thread_local simdjson::dom::parser parser;
  element doc;
  if (parser.parse(line.data(), line.size()).get(doc) != simdjson::SUCCESS) return std::nullopt;
  object top;
  if (doc.get_object().get(top) != simdjson::SUCCESS) return std::nullopt;
  v1::Event event;
  int payloads = 0;
  for (auto [key, v] : top) {
    object inner;
    if (v.get_object().get(inner) != simdjson::SUCCESS) return std::nullopt;
    if (key == "mention") {
      if (!ReadMention(inner, event.mutable_mention())) return std::nullopt;
    } else if (key == "queueSample" || key == "queue_sample") {
      if (!ReadQueueSample(inner, event.mutable_queue_sample())) return std::nullopt;
    } else {
      return std::nullopt;
    }
    ++payloads;
  }
  if (payloads != 1) return std::nullopt;
  return event;
}

}  // namespace stormwatch
