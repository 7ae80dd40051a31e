// Meta webhook parsing and signature check; see meta_webhook.h.
#include "pipeline/ingest/meta/meta_webhook.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "pipeline/core/strings.h"
#include "pipeline/ingest/common/json_fields.h"

namespace stormwatch {
namespace {

constexpr std::string_view kPrefix = "sha256=";

std::string HmacSha256(std::string_view body, std::string_view key) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

absl::Status FieldError(const std::string& path, std::string_view expected) {
  return absl::InvalidArgumentError(StrCat(path, ": expected ", expected));
}

}  // namespace

std::string MetaSignature(std::string_view body, std::string_view app_secret) {
  static const char kHex[] = "0123456789abcdef";
  std::string out(kPrefix);
  for (unsigned char c : HmacSha256(body, app_secret)) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

bool VerifyMetaSignature(std::string_view body, std::string_view header,
                         std::string_view app_secret) {
  if (header.size() != kPrefix.size() + 64 || header.substr(0, kPrefix.size()) != kPrefix) {
    return false;
  }
  unsigned char given[32];
  for (size_t i = 0; i < 32; ++i) {
    const int hi = HexValue(header[kPrefix.size() + 2 * i]);
    const int lo = HexValue(header[kPrefix.size() + 2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    given[i] = static_cast<unsigned char>(hi << 4 | lo);
  }
  const std::string expected = HmacSha256(body, app_secret);
  return expected.size() == 32 && CRYPTO_memcmp(given, expected.data(), 32) == 0;
}

absl::StatusOr<MetaWebhookBatch> ParseMetaWebhook(std::string_view body,
                                                  const MetaWebhookOptions& options) {
  std::string error;
  std::optional<nlohmann::json> root = ParseJson(body, &error);
  if (!root) return absl::InvalidArgumentError(StrCat("body: ", error));
  if (!root->is_object()) return FieldError("body", "a JSON object");
  const std::string object = JsonString(*root, "object");
  if (object != "page" && object != "instagram") {
    return FieldError("object", "\"page\" or \"instagram\"");
  }
  const bool instagram = object == "instagram";
  auto entries = root->find("entry");
  if (entries == root->end() || !entries->is_array()) return FieldError("entry", "an array");
  MetaWebhookBatch batch;
  for (size_t i = 0; i < entries->size(); ++i) {
    const nlohmann::json& entry = (*entries)[i];
    const std::string entry_path = StrCat("entry[", i, "]");
    if (!entry.is_object()) return FieldError(entry_path, "an object");
    const std::string owner_id = JsonString(entry, "id");
    if (owner_id.empty()) return FieldError(entry_path + ".id", "the page or account id");
    auto changes = entry.find("changes");
    if (changes == entry.end()) continue;  // messaging entries carry no changes
    if (!changes->is_array()) return FieldError(entry_path + ".changes", "an array");
    batch.changes += static_cast<int64_t>(changes->size());
    if (static_cast<size_t>(batch.changes) > options.max_changes) {
      return absl::OutOfRangeError(
          StrCat("entry: more than ", static_cast<int64_t>(options.max_changes), " changes"));
    }
    auto brand_it = options.brands.find(owner_id);
    const std::string& brand =
        brand_it != options.brands.end() ? brand_it->second : options.default_brand;
    const auto entry_time = entry.contains("time") ? ParseFlexibleTimestamp(entry["time"])
                                                   : std::nullopt;
    for (size_t j = 0; j < changes->size(); ++j) {
      const nlohmann::json& change = (*changes)[j];
      const std::string path = StrCat(entry_path, ".changes[", j, "]");
      if (!change.is_object()) return FieldError(path, "an object");
      const std::string field = JsonString(change, "field");
      auto value_it = change.find("value");
      if (value_it == change.end() || !value_it->is_object()) {
        return FieldError(path + ".value", "an object");
      }
      const nlohmann::json& value = *value_it;
      if (brand.empty()) {
        ++batch.skipped;
        continue;
      }
      v1::Event event;
      v1::Mention& m = *event.mutable_mention();
      m.set_brand(brand);
      const nlohmann::json empty = nlohmann::json::object();
      auto from_it = value.find("from");
      const nlohmann::json& from =
          from_it != value.end() && from_it->is_object() ? *from_it : empty;
      m.set_author_id(JsonString(from, "id"));
      m.set_from_brand(!m.author_id().empty() && m.author_id() == owner_id);
      std::optional<google::protobuf::Timestamp> created;
      if (!instagram && field == "feed") {
        const std::string verb = JsonString(value, "verb");
        const std::string item = JsonString(value, "item");
        if ((verb != "add" && verb != "edited") ||
            (item != "comment" && item != "post" && item != "status" && item != "photo" &&
             item != "video" && item != "share")) {
          ++batch.skipped;  // reactions, likes, removals, hides
          continue;
        }
        m.set_source("facebook");
        m.set_text(JsonString(value, "message"));
        const std::string post_id = JsonString(value, "post_id");
        m.set_thread_id(post_id);
        if (item == "comment") {
          m.set_id(JsonString(value, "comment_id"));
          const std::string parent = JsonString(value, "parent_id");
          m.set_in_reply_to(parent.empty() ? post_id : parent);
          m.set_channel(!parent.empty() && parent != post_id ? "reply" : "comment");
        } else {
          m.set_id(post_id);
          m.set_channel("post");
        }
        if (value.contains("created_time")) {
          created = ParseFlexibleTimestamp(value["created_time"]);
          if (!created) return FieldError(path + ".value.created_time", "a timestamp");
        }
      } else if (instagram && (field == "comments" || field == "live_comments")) {
        m.set_source("instagram");
        m.set_id(JsonString(value, "id"));
        m.set_text(JsonString(value, "text"));
        auto media = value.find("media");
        if (media != value.end() && media->is_object()) m.set_thread_id(JsonString(*media, "id"));
        const std::string parent = JsonString(value, "parent_id");
        m.set_in_reply_to(parent.empty() ? m.thread_id() : parent);
        m.set_channel(parent.empty() ? "comment" : "reply");
        if (value.contains("timestamp")) created = ParseFlexibleTimestamp(value["timestamp"]);
      } else {
        ++batch.skipped;  // other subscribed fields (mentions without text, ratings, ...)
        continue;
      }
      if (m.id().empty()) {
        return FieldError(path + ".value", instagram ? "an \"id\"" : "a post_id or comment_id");
      }
      if (!created) created = entry_time;
      if (!created) return FieldError(path + ".value.created_time", "a timestamp");
      *m.mutable_created_at() = *created;
      batch.mentions.push_back(std::move(event));
    }
  }
  return batch;
}

}  // namespace stormwatch
