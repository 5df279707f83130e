#include "server/auth/token.h"

#include <set>

#include <gtest/gtest.h>

namespace vs::server::auth {
namespace {

TEST(Token, Is43Base64UrlCharsAndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string t = NewToken();
    ASSERT_EQ(t.size(), 43u) << t;
    for (char c : t)
      ASSERT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << t;
    seen.insert(t);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(Token, UsesTheWholeAlphabet) {
  // 1000 random tokens cover all 64 symbols; a broken encoder (hex, a constant) would not.
  std::set<char> symbols;
  for (int i = 0; i < 1000; ++i) {
    for (char c : NewToken()) symbols.insert(c);
  }
  EXPECT_EQ(symbols.size(), 64u);
}

TEST(Token, ApiTokenHasPrefixAndShape) {
  std::string t = NewApiToken();
  EXPECT_TRUE(t.starts_with("vs_")) << t;
  EXPECT_TRUE(LooksLikeApiToken(t));
  EXPECT_FALSE(LooksLikeApiToken(NewToken()));
  EXPECT_FALSE(LooksLikeApiToken("vs_short"));
  EXPECT_FALSE(LooksLikeApiToken(t + "a"));
  std::string bad = t;
  bad[10] = '+';
  EXPECT_FALSE(LooksLikeApiToken(bad));
}

TEST(Token, HashIsSha256Hex) {
  // FIPS 180-2 test vector for "abc".
  EXPECT_EQ(HashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HashToken(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  std::string t = NewApiToken();
  EXPECT_EQ(HashToken(t), HashToken(t));
  EXPECT_NE(HashToken(t), HashToken(NewApiToken()));
}

TEST(Token, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secreT"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secret2"));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
  EXPECT_FALSE(ConstantTimeEquals(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
}

}  // namespace
}  // namespace vs::server::auth
