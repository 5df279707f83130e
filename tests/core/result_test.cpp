#include "core/result.h"

#include <gtest/gtest.h>

namespace vs {
namespace {

Result<int> Half(int v) {
  if (v % 2 != 0) return Fail(ErrorCode::kInvalidInput, "odd: " + std::to_string(v));
  return v / 2;
}

TEST(Result, CarriesValueOrError) {
  ASSERT_TRUE(Half(4));
  EXPECT_EQ(*Half(4), 2);
  Result<int> bad = Half(3);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(bad.error().message, "odd: 3");
}

TEST(Result, WithContextPrefixesMessage) {
  Error e{ErrorCode::kIo, "disk full"};
  EXPECT_EQ(e.WithContext("osv: GHSA-1").message, "osv: GHSA-1: disk full");
  EXPECT_EQ(e.WithContext("x").code, ErrorCode::kIo);
}

TEST(Result, CodeNamesAreDistinct) {
  EXPECT_EQ(ErrorCodeName(ErrorCode::kUnsupported), "unsupported");
  EXPECT_NE(ErrorCodeName(ErrorCode::kIo), ErrorCodeName(ErrorCode::kNetwork));
}

}  // namespace
}  // namespace vs
