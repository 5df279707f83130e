#include "parsers/registry.h"

#include <gtest/gtest.h>

namespace vs::parsers {
namespace {

TEST(ParserRegistry, KeysAreUniqueAndFindable) {
  for (const Parser& p : AllParsers()) {
    Result<const Parser*> found = FindParser(p.key);
    ASSERT_TRUE(found) << p.key;
    EXPECT_EQ((*found)->key, p.key);
  }
  EXPECT_FALSE(FindParser("nonsense"));
}

TEST(ParserRegistry, GarbageIsNotRecognised) {
  Result<const Parser*> p = DetectFormat("\x01\x02 hello garbage", "blob.bin");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, ErrorCode::kUnsupported);
}

}  // namespace
}  // namespace vs::parsers
