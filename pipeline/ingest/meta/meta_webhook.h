// Meta (Facebook Pages, Instagram) webhooks -> mentions. Meta signs each POST body with
// the app secret (X-Hub-Signature-256: sha256=<hex HMAC-SHA256>); the signature is checked
// before the body is parsed. Page `feed` changes (posts, comments, replies) and Instagram
// `comments` changes become mentions; the page's own posts and replies are `fromBrand`.
// Reference: developers.facebook.com/docs/graph-api/webhooks/getting-started and
// .../reference/page/#feed, developers.facebook.com/docs/instagram-platform/webhooks.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "stormwatch/v1/event.pb.h"

namespace stormwatch {

// True when `header` is "sha256=<64 hex>" and equals HMAC-SHA256(app_secret, body).
// Constant-time in the digest comparison.
bool VerifyMetaSignature(std::string_view body, std::string_view header,
                         std::string_view app_secret);
// "sha256=<hex>" for `body` (tests and the load tool sign with it).
std::string MetaSignature(std::string_view body, std::string_view app_secret);

struct MetaWebhookOptions {
  std::map<std::string, std::string> brands;  // page / Instagram account id -> brand
  std::string default_brand;                  // for ids not in `brands` ("" = skip them)
  size_t max_changes = 1000;
};

struct MetaWebhookBatch {
  std::vector<v1::Event> mentions;
  int64_t changes = 0;  // changes in the payload
  int64_t skipped = 0;  // changes that are not mentions (likes, removals, unknown pages)
};

// Parses a verified POST body. Errors (InvalidArgument) name what is wrong, e.g.
// "entry[0].changes[2].value.created_time: expected a timestamp".
absl::StatusOr<MetaWebhookBatch> ParseMetaWebhook(std::string_view body,
                                                  const MetaWebhookOptions& options);

}  // namespace stormwatch
