#include "parsers/poc_in_github.h"

#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

constexpr std::string_view kKey = "poc_in_github";

TEST(PocInGithubParse, FixturesGolden) {
  for (const char* cve : {"CVE-2021-44228", "CVE-2023-0286"}) {
    std::string name = std::string(cve) + ".json";
    Result<model::Batch> batch = ParsePocInGithubNamed(name, ReadTestdata(kKey, name));
    ASSERT_TRUE(batch) << batch.error().message;
    EXPECT_EQ(CompareGolden(*batch, kKey, cve), "");
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(PocInGithubParse, CveComesFromTheFileName) {
  Result<model::Batch> batch = ParsePocInGithubNamed("poc.zip!2021/cve-2021-44228.json",
                                                     ReadTestdata(kKey, "CVE-2021-44228.json"));
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->exploits.size(), 2u);
  EXPECT_EQ(batch->exploits[0],
            (model::ExploitRef{"CVE-2021-44228", model::ExploitSource::kPoc,
                               "example-researcher/log4shell-poc",
                               "https://github.com/example-researcher/log4shell-poc"}));
  // Junk ids of the tree (CVE-2021-0000.json) and other names: nothing, with a warning.
  for (const char* junk : {"CVE-2021-0000.json", "README.json", "CVE-2021-44228.txt"}) {
    Result<model::Batch> b = ParsePocInGithubNamed(junk, "[]");
    ASSERT_TRUE(b) << junk;
    EXPECT_TRUE(b->exploits.empty());
    EXPECT_EQ(b->warnings.size(), 1u) << junk;
  }
  // Without a name there is no CVE.
  EXPECT_FALSE(ParsePocInGithub(ReadTestdata(kKey, "CVE-2021-44228.json")));
}

TEST(PocInGithubParse, BadItemsWarnAndDuplicatesCollapse) {
  Result<model::Batch> batch = ParsePocInGithubNamed(
      "CVE-2023-0286.json",
      R"([{"full_name":"a/b","html_url":"https://github.com/a/b","stargazers_count":1},)"
      R"({"full_name":"a/b","html_url":"https://github.com/a/b","stargazers_count":1},)"
      R"({"full_name":"c/d"}, 42])");
  ASSERT_TRUE(batch);
  EXPECT_EQ(batch->exploits.size(), 1u);
  EXPECT_EQ(batch->warnings.size(), 2u);
  for (std::string_view bad : {"{}", "[{", "not json", ""})
    EXPECT_FALSE(ParsePocInGithubNamed("CVE-2023-0286.json", bad)) << bad;
}

TEST(PocInGithubSniff, RepositoryArraysOnly) {
  std::string doc = ReadTestdata(kKey, "CVE-2023-0286.json");
  EXPECT_EQ(SniffPocInGithub(doc, "CVE-2023-0286.json"), 95);
  EXPECT_EQ(SniffPocInGithub(doc, "x.json"), 85);
  EXPECT_EQ(SniffPocInGithub("[{\"id\": \"GHSA-x\"}]", "CVE-2023-0286.json"), 0);
  EXPECT_EQ(SniffPocInGithub("{\"full_name\": 1}", "CVE-2023-0286.json"), 0);
  auto detected = DetectFormat(doc, "CVE-2023-0286.json");
  ASSERT_TRUE(detected);
  EXPECT_EQ((*detected)->key, "poc_in_github");
}

}  // namespace
}  // namespace vs::parsers
