#include "server/auth/password.h"

#include <gtest/gtest.h>

namespace vs::server::auth {
namespace {

// MIN cost keeps the suite fast (stack.md §7.12); production uses Interactive.
const PasswordCost kFast = PasswordCost::Min();

TEST(Password, HashIsArgon2idAndVerifies) {
  auto hash = HashPassword("correct horse", kFast);
  ASSERT_TRUE(hash) << hash.error().message;
  EXPECT_TRUE(hash->starts_with("$argon2id$v=19$")) << *hash;
  EXPECT_TRUE(VerifyPassword("correct horse", *hash));
}

TEST(Password, SaltMakesEveryHashDifferent) {
  auto a = HashPassword("same", kFast);
  auto b = HashPassword("same", kFast);
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(VerifyPassword("same", *a));
  EXPECT_TRUE(VerifyPassword("same", *b));
}

TEST(Password, WrongPasswordIsAuthError) {
  auto hash = HashPassword("correct horse", kFast);
  ASSERT_TRUE(hash);
  for (std::string_view wrong : {"correct hors", "correct horse ", "Correct horse", "x"}) {
    auto st = VerifyPassword(wrong, *hash);
    ASSERT_FALSE(st) << wrong;
    EXPECT_EQ(st.error().code, ErrorCode::kAuth);
  }
}

TEST(Password, EmbeddedNulIsPartOfThePassword) {
  std::string with_nul("ab\0cd", 5);
  auto hash = HashPassword(with_nul, kFast);
  ASSERT_TRUE(hash);
  EXPECT_TRUE(VerifyPassword(with_nul, *hash));
  EXPECT_FALSE(VerifyPassword("ab", *hash));
}

TEST(Password, EmptyPasswordRejected) {
  auto hash = HashPassword("", kFast);
  ASSERT_FALSE(hash);
  EXPECT_EQ(hash.error().code, ErrorCode::kInvalidInput);
  auto good = HashPassword("x", kFast);
  ASSERT_TRUE(good);
  EXPECT_EQ(VerifyPassword("", *good).error().code, ErrorCode::kAuth);
}

TEST(Password, OverlongPasswordRejected) {
  std::string longest(kMaxPasswordBytes, 'a');
  EXPECT_TRUE(HashPassword(longest, kFast));
  auto too_long = HashPassword(longest + "a", kFast);
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().code, ErrorCode::kInvalidInput);
}

TEST(Password, MalformedHashIsInvalidInput) {
  for (std::string_view bad : {"", "plaintext", "$argon2i$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA",
                               "$2b$12$abcdefghijklmnopqrstuv"}) {
    auto st = VerifyPassword("x", bad);
    ASSERT_FALSE(st) << bad;
    EXPECT_EQ(st.error().code, ErrorCode::kInvalidInput) << bad;
  }
  // The right prefix with a broken body never verifies.
  auto st = VerifyPassword("x", "$argon2id$v=19$m=garbage");
  ASSERT_FALSE(st);
}

TEST(Password, CostIsRecordedAndValidated) {
  auto hash = HashPassword("pw", kFast);
  ASSERT_TRUE(hash);
  EXPECT_FALSE(NeedsRehash(*hash, kFast));
  EXPECT_TRUE(NeedsRehash(*hash, PasswordCost::Interactive()));
  EXPECT_TRUE(NeedsRehash("not a hash", kFast));
  auto bad = HashPassword("pw", PasswordCost{0, 0});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
}

TEST(Password, InteractiveCostIsTheDefault) {
  auto hash = HashPassword("pw");
  ASSERT_TRUE(hash);
  EXPECT_FALSE(NeedsRehash(*hash, PasswordCost::Interactive()));
  EXPECT_NE(hash->find("m=65536"), std::string::npos) << *hash;
}

}  // namespace
}  // namespace vs::server::auth
