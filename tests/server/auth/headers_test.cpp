#include "server/auth/headers.h"

#include <map>

#include <gtest/gtest.h>

namespace vs::server::auth {
namespace {

std::map<std::string, std::string> AsMap(const HeaderList& list) {
  return std::map<std::string, std::string>(list.begin(), list.end());
}

TEST(SecurityHeaders, PolicyForbidsInlineScriptAndFraming) {
  std::string csp(ContentSecurityPolicy());
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_NE(csp.find("object-src 'none'"), std::string::npos);
  EXPECT_NE(csp.find("base-uri 'none'"), std::string::npos);
  EXPECT_NE(csp.find("form-action 'self'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos);
  EXPECT_EQ(csp.find('*'), std::string::npos);
}

TEST(SecurityHeaders, EveryResponseGetsTheSet) {
  auto h = AsMap(SecurityHeaders(false));
  EXPECT_EQ(h["Content-Security-Policy"], ContentSecurityPolicy());
  EXPECT_EQ(h["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(h["X-Frame-Options"], "DENY");
  EXPECT_EQ(h["Referrer-Policy"], "same-origin");
  EXPECT_EQ(h["Cache-Control"], "no-store");
  EXPECT_EQ(h["Cross-Origin-Opener-Policy"], "same-origin");
  EXPECT_EQ(h.count("Strict-Transport-Security"), 0u);
  EXPECT_EQ(SecurityHeaders(false).size(), h.size()) << "duplicate header names";
}

TEST(SecurityHeaders, HstsOnlyOverHttps) {
  auto h = AsMap(SecurityHeaders(true));
  EXPECT_EQ(h["Strict-Transport-Security"], "max-age=31536000");
}

TEST(Cookies, SecureWhenTlsOrBehindProxy) {
  EXPECT_FALSE(WantSecureCookies(false, false));
  EXPECT_TRUE(WantSecureCookies(true, false));
  EXPECT_TRUE(WantSecureCookies(false, true));
  EXPECT_EQ(SessionCookieName(true), "__Host-vs_session");
  EXPECT_EQ(SessionCookieName(false), "vs_session");
}

TEST(Cookies, SessionCookieHasAllAttributes) {
  CookieOptions o;
  o.secure = true;
  o.max_age = std::chrono::seconds(28800);
  auto c = BuildSetCookie(SessionCookieName(true), "abc-_123", o);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(*c,
            "__Host-vs_session=abc-_123; Path=/; Max-Age=28800; HttpOnly; Secure; SameSite=Lax");
}

TEST(Cookies, PlainHttpCookieIsNotSecureAndSessionScoped) {
  CookieOptions o;
  o.secure = false;
  auto c = BuildSetCookie("vs_session", "v", o);
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, "vs_session=v; Path=/; HttpOnly; SameSite=Lax");
  o.same_site = SameSite::kStrict;
  o.http_only = false;
  EXPECT_EQ(*BuildSetCookie("x", "v", o), "x=v; Path=/; SameSite=Strict");
}

TEST(Cookies, ClearCookieExpiresIt) {
  CookieOptions o;
  auto c = BuildClearCookie("__Host-vs_session", o);
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, "__Host-vs_session=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax");
}

TEST(Cookies, HeaderInjectionIsRefused) {
  CookieOptions o;
  for (std::string_view value :
       {"a;b", "a b", "a\r\nSet-Cookie: x=1", "a,b", "\"q\"", "a\\b", "caf\xc3\xa9"}) {
    auto c = BuildSetCookie("n", value, o);
    ASSERT_FALSE(c) << value;
    EXPECT_EQ(c.error().code, ErrorCode::kInvalidInput);
  }
  for (std::string_view name : {"", "a=b", "a b", "a;b", "a\n"}) {
    EXPECT_FALSE(BuildSetCookie(name, "v", o)) << name;
  }
  o.path = "/x; Domain=evil.example";
  EXPECT_FALSE(BuildSetCookie("n", "v", o));
  o.path = "relative";
  EXPECT_FALSE(BuildSetCookie("n", "v", o));
}

TEST(Cookies, HostPrefixRequiresSecureAndRootPath) {
  CookieOptions o;
  o.secure = false;
  EXPECT_FALSE(BuildSetCookie("__Host-vs_session", "v", o));
  o.secure = true;
  o.path = "/app";
  EXPECT_FALSE(BuildSetCookie("__Host-vs_session", "v", o));
  o.path = "/";
  EXPECT_TRUE(BuildSetCookie("__Host-vs_session", "v", o));
}

TEST(Cookies, FindCookieInRequestHeader) {
  EXPECT_EQ(FindCookie("a=1; vs_session=abc; b=2", "vs_session"), "abc");
  EXPECT_EQ(FindCookie("vs_session=first; vs_session=second", "vs_session"), "first");
  EXPECT_EQ(FindCookie("  vs_session = \"q\" ;x=1", "vs_session"), "q");
  EXPECT_EQ(FindCookie("xvs_session=1; vs_session_old=2", "vs_session"), std::nullopt);
  EXPECT_EQ(FindCookie("", "vs_session"), std::nullopt);
  EXPECT_EQ(FindCookie("garbage;;=;", "vs_session"), std::nullopt);
  EXPECT_EQ(FindCookie("vs_session=", "vs_session"), "");
}

}  // namespace
}  // namespace vs::server::auth
