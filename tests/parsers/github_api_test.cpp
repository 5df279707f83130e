#include "parsers/github_api.h"

#include <gtest/gtest.h>

namespace vs::parsers {
namespace {

TEST(GithubRepoList, ReadsFullNamesAndArchivedFlags) {
  Result<std::vector<GithubRepo>> repos = ParseGithubRepoList(R"([
    {"id": 1, "name": "Hello-World", "full_name": "octocat/Hello-World", "archived": false},
    {"id": 2, "name": "old", "owner": {"login": "octocat"}, "archived": true},
    {"id": 3, "name": "nameless-owner"}, "junk", null,
    {"id": 4, "full_name": "no-slash"}])");
  ASSERT_TRUE(repos) << repos.error().message;
  EXPECT_EQ(*repos,
            (std::vector<GithubRepo>{{"octocat/Hello-World", false}, {"octocat/old", true}}));
}

TEST(GithubRepoList, EmptyAndMalformed) {
  Result<std::vector<GithubRepo>> empty = ParseGithubRepoList("[]");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
  for (std::string_view bad : {"", "[{", R"({"message": "Not Found"})", "<html>"}) {
    Result<std::vector<GithubRepo>> r = ParseGithubRepoList(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  }
}

TEST(GithubErrorMessage, ReadsTheMessageOfAnErrorBody) {
  EXPECT_EQ(GithubErrorMessage(R"({"message":"Bad credentials","documentation_url":"x"})"),
            "Bad credentials");
  EXPECT_EQ(GithubErrorMessage("<html>502</html>"), "");
  EXPECT_EQ(GithubErrorMessage(R"({"message": 3})"), "");
  EXPECT_EQ(GithubErrorMessage("[]"), "");
}

}  // namespace
}  // namespace vs::parsers
