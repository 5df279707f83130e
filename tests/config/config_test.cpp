#include "config/config.h"

#include <gtest/gtest.h>

namespace vs::config {
namespace {

TEST(ParseConfig, EmptyFileHasDefaults) {
  auto c = ParseConfig("");
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->database.empty());
  EXPECT_TRUE(c->feeds.empty());
  EXPECT_GT(DefaultFeeds().size(), 10u);
}

TEST(ParseConfig, FeedsAndDatabase) {
  auto c = ParseConfig(R"(
database = "postgresql://vs@127.0.0.1/vs"
[[feeds]]
name = "osv-pypi"
url = "https://example.invalid/PyPI/all.zip"
max_bytes = 1000
timeout_seconds = 30
[[feeds]]
name = "kev"
url = "file.json"
)");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->database, "postgresql://vs@127.0.0.1/vs");
  ASSERT_EQ(c->feeds.size(), 2u);
  EXPECT_EQ(c->feeds[0].max_bytes, 1000u);
  EXPECT_EQ(c->feeds[0].timeout_s, 30);
  EXPECT_EQ(c->feeds[1].name, "kev");
}

TEST(ParseConfig, SyntaxErrorsNameTheLine) {
  auto c = ParseConfig("database = \n[[feeds]]\n");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("line 1"), std::string::npos) << c.error().message;
}

TEST(ParseConfig, WrongTypesAndMissingFieldsAreErrors) {
  EXPECT_FALSE(ParseConfig("database = 5"));
  EXPECT_FALSE(ParseConfig("[[feeds]]\nname = \"x\"\n"));
  EXPECT_FALSE(ParseConfig("[[feeds]]\nname = \"x\"\nurl = \"y\"\nmax_bytes = -1\n"));
}

TEST(ParseConfig, UnknownKeysAreWarnings) {
  auto c = ParseConfig("future_option = true\n");
  ASSERT_TRUE(c);
  ASSERT_EQ(c->warnings.size(), 1u);
  EXPECT_NE(c->warnings[0].find("future_option"), std::string::npos);
}

TEST(LoadConfig, MissingFile) {
  EXPECT_EQ(LoadConfig("/nonexistent/vulnscope.toml").error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace vs::config
