#include "server/auth/csrf.h"

#include <gtest/gtest.h>

#include "server/auth/token.h"

namespace vs::server::auth {
namespace {

TEST(Csrf, MaskedTokenVerifiesAgainstItsSecret) {
  std::string secret = NewCsrfSecret();
  auto masked = MaskCsrfToken(secret);
  ASSERT_TRUE(masked) << masked.error().message;
  EXPECT_EQ(masked->size(), 86u);
  EXPECT_TRUE(VerifyCsrfToken(secret, *masked));
}

TEST(Csrf, MaskDiffersOnEveryPage) {
  std::string secret = NewCsrfSecret();
  auto a = MaskCsrfToken(secret);
  auto b = MaskCsrfToken(secret);
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(a->find(secret), std::string::npos);
  EXPECT_TRUE(VerifyCsrfToken(secret, *a));
  EXPECT_TRUE(VerifyCsrfToken(secret, *b));
}

TEST(Csrf, OtherSessionsTokenIsRefused) {
  std::string mine = NewCsrfSecret();
  auto theirs = MaskCsrfToken(NewCsrfSecret());
  ASSERT_TRUE(theirs);
  auto st = VerifyCsrfToken(mine, *theirs);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kAuth);
  EXPECT_NE(st.error().message.find("mismatch"), std::string::npos);
}

TEST(Csrf, MissingMalformedOrTamperedTokenIsRefused) {
  std::string secret = NewCsrfSecret();
  auto masked = MaskCsrfToken(secret);
  ASSERT_TRUE(masked);
  std::string flipped = *masked;
  flipped[60] = flipped[60] == 'A' ? 'B' : 'A';
  std::string padded = *masked + "==";
  for (const std::string& bad :
       {std::string(), secret, masked->substr(1), padded, flipped, std::string(86, '*')}) {
    auto st = VerifyCsrfToken(secret, bad);
    ASSERT_FALSE(st) << bad;
    EXPECT_EQ(st.error().code, ErrorCode::kAuth);
  }
  // A broken stored secret refuses everything rather than matching anything.
  EXPECT_FALSE(VerifyCsrfToken("", *masked));
  EXPECT_FALSE(MaskCsrfToken("not-a-secret"));
}

TEST(Csrf, OnlyUnsafeMethodsNeedTheToken) {
  std::string secret = NewCsrfSecret();
  for (std::string_view m : {"GET", "HEAD", "OPTIONS"}) EXPECT_TRUE(CheckCsrf(m, secret, "")) << m;
  for (std::string_view m : {"POST", "PUT", "PATCH", "DELETE", "get", "BREW"}) {
    EXPECT_FALSE(CheckCsrf(m, secret, "")) << m;
  }
  auto masked = MaskCsrfToken(secret);
  ASSERT_TRUE(masked);
  EXPECT_TRUE(CheckCsrf("POST", secret, *masked));
}

TEST(Csrf, OriginCheck) {
  const std::string_view us = "https://vs.example.org";
  EXPECT_TRUE(CheckOrigin("https://vs.example.org", "", us));
  EXPECT_TRUE(CheckOrigin("HTTPS://VS.example.org", "", us));
  EXPECT_TRUE(CheckOrigin("", "https://vs.example.org/findings?cve=x", us));
  EXPECT_TRUE(CheckOrigin("", "", us));
  EXPECT_FALSE(CheckOrigin("https://evil.example", "", us));
  EXPECT_FALSE(CheckOrigin("null", "", us));
  EXPECT_FALSE(CheckOrigin("http://vs.example.org", "", us));
  EXPECT_FALSE(CheckOrigin("https://vs.example.org:8443", "", us));
  EXPECT_FALSE(CheckOrigin("", "https://vs.example.org.evil.example/x", us));
  EXPECT_FALSE(CheckOrigin("", "/relative", us));
  // Origin wins over Referer when both are present.
  EXPECT_FALSE(CheckOrigin("https://evil.example", "https://vs.example.org/", us));
}

}  // namespace
}  // namespace vs::server::auth
