// Alert ids, time conversion and log redaction.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pipeline/core/alert_id.h"
#include "pipeline/core/logging.h"
#include "pipeline/core/strings.h"
#include "pipeline/core/time_util.h"

namespace stormwatch {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(AlertIdTest, DeterministicAndDistinct) {
  const std::string a = MakeAlertId(v1::SPIKE, "telenova", "brand", 1000);
  EXPECT_EQ(a, MakeAlertId(v1::SPIKE, "telenova", "brand", 1000));
  EXPECT_NE(a, MakeAlertId(v1::SPIKE, "telenova", "brand", 2000));
  EXPECT_NE(a, MakeAlertId(v1::SHITSTORM, "telenova", "brand", 1000));
  EXPECT_NE(a, MakeAlertId(v1::SPIKE, "telenova", "topic:billing", 1000));
  EXPECT_EQ(a.rfind("spike-", 0), 0u);
  EXPECT_EQ(a.size(), std::string("spike-").size() + 32);
  EXPECT_EQ(MakeAlertId(v1::RESPONSE_SLA, "b", "brand", 0).rfind("response-sla-", 0), 0u);
}

TEST(TimeUtilTest, MillisRoundTripIncludingNegative) {
  EXPECT_EQ(ToMillis(FromMillis(1795766400123)), 1795766400123);
  EXPECT_EQ(ToMillis(FromMillis(-1500)), -1500);
  EXPECT_EQ(FormatRfc3339(1795766400000), "2026-11-27T08:00:00Z");
}

TEST(RedactSecretsTest, MasksSecretValues) {
  const std::string text = RedactSecrets(
      "sasl.password=hunter2 sasl.username=bob token: abc123 Authorization: Bearer xyz.987 "
      "{\"app_secret\": \"s3cr3t\"} url=https://x/hook?api_key=k-55&x=1");
  EXPECT_THAT(text, Not(HasSubstr("hunter2")));
  EXPECT_THAT(text, Not(HasSubstr("abc123")));
  EXPECT_THAT(text, Not(HasSubstr("xyz.987")));
  EXPECT_THAT(text, Not(HasSubstr("s3cr3t")));
  EXPECT_THAT(text, Not(HasSubstr("k-55")));
  EXPECT_THAT(text, HasSubstr("sasl.username=bob"));
  EXPECT_THAT(text, HasSubstr("[redacted]"));
}

TEST(StrCatTest, MixesViewsNumbersAndChars) {
  std::string_view view = "brand";
  EXPECT_EQ(StrCat(view, ':', 42, " ", 1.5, " ", true), "brand:42 1.5 true");
  std::string out = "x";
  StrAppend(&out, "=", int64_t{-7});
  EXPECT_EQ(out, "x=-7");
}

}  // namespace
}  // namespace stormwatch
