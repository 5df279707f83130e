#include "parsers/yarn_lock.h"

#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

constexpr std::string_view kKey = "yarn_lock";

bool Has(const model::Batch& batch, std::string_view name, std::string_view version) {
  for (const model::Package& p : batch.packages)
    if (p.name == name && p.version == version) return true;
  return false;
}

TEST(YarnLockParse, TreeherderV1SliceMatchesGolden) {
  Result<model::Batch> batch = ParseYarnLock(ReadTestdata(kKey, "treeherder-v1-slice.lock"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "treeherder-v1-slice"), "");
  EXPECT_TRUE(batch->warnings.empty());
  // 42 entries, each a distinct (name, version).
  EXPECT_EQ(batch->packages.size(), 42u);
  // Quoted scoped multi-descriptor header.
  EXPECT_TRUE(Has(*batch, "@types/lodash", "4.14.110"));
  // Two versions of one package are both kept.
  EXPECT_TRUE(Has(*batch, "@types/angular", "1.6.48"));
  EXPECT_TRUE(Has(*batch, "@types/angular", "1.6.47"));
  // Unquoted header with four descriptors, one of them a `>=` range.
  EXPECT_TRUE(Has(*batch, "angular", "1.7.2"));
  EXPECT_TRUE(Has(*batch, "amdefine", "1.0.1"));
  for (const model::Package& p : batch->packages) {
    EXPECT_EQ(p.ecosystem, "npm");
    if (p.name == "@types/node") EXPECT_EQ(p.purl, "pkg:npm/%40types/node@10.3.5");
  }
}

TEST(YarnLockParse, BerrySliceMatchesGolden) {
  Result<model::Batch> batch = ParseYarnLock(ReadTestdata(kKey, "berry-repo-slice.lock"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "berry-repo-slice"), "");
  // Workspaces and the portal: entry are the project's own code; no warning for them.
  EXPECT_TRUE(batch->warnings.empty());
  EXPECT_FALSE(Has(*batch, "@yarnpkg/nm", "0.0.0-use.local"));
  EXPECT_FALSE(Has(*batch, "gatsby-plugin-algolia-docsearch", "0.0.0-use.local"));
  // The builtin fsevents patches are npm packages at the same version: listed once each.
  EXPECT_TRUE(Has(*batch, "fsevents", "1.2.7"));
  EXPECT_TRUE(Has(*batch, "fsevents", "2.3.2"));
  EXPECT_TRUE(Has(*batch, "@algolia/requester-common", "4.0.0-beta.14"));
  EXPECT_TRUE(Has(*batch, "fs", "0.0.1-security"));
  EXPECT_EQ(batch->packages.size(), 12u);
}

TEST(YarnLockParse, BerryAliasesPatchesAndForeignSources) {
  std::string text =
      "__metadata:\n  version: 8\n  cacheKey: 10c0\n\n"
      "\"string-width-cjs@npm:string-width@^4.2.0\":\n  version: 4.2.3\n"
      "  resolution: \"string-width@npm:4.2.3\"\n\n"
      "\"typescript@patch:typescript@npm%3A^5.4.0#optional!builtin<compat/typescript>\":\n"
      "  version: 5.4.5\n"
      "  resolution: "
      "\"typescript@patch:typescript@npm%3A5.4.5#optional!builtin<compat/"
      "typescript>::version=5.4.5&hash=5adc0c\"\n\n"
      "\"left-pad@patch:left-pad@file%3A./vendor/left-pad#./p.patch\":\n  version: 1.3.0\n"
      "  resolution: "
      "\"left-pad@patch:left-pad@file%3A./vendor/left-pad#./"
      "p.patch::locator=app%40workspace%3A.\"\n\n"
      "\"favicons@https://github.com/u/favicons.git#commit=0872de41\":\n  version: 1.0.0\n"
      "  resolution: \"favicons@https://github.com/u/favicons.git#commit=0872de41\"\n\n"
      "\"app@workspace:.\":\n  version: 0.0.0-use.local\n  resolution: \"app@workspace:.\"\n";
  Result<model::Batch> batch = ParseYarnLock(text);
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 2u);
  EXPECT_EQ(batch->packages[0].name, "string-width");
  EXPECT_EQ(batch->packages[0].version, "4.2.3");
  EXPECT_EQ(batch->packages[1].name, "typescript");
  EXPECT_EQ(batch->packages[1].version, "5.4.5");
  ASSERT_EQ(batch->warnings.size(), 1u);
  EXPECT_EQ(batch->warnings[0].record,
            "favicons@https://github.com/u/favicons.git#commit=0872de41");
}

TEST(YarnLockParse, V1AliasesAndNonRegistrySpecs) {
  std::string text =
      "# yarn lockfile v1\n\n"
      "\"string-width-cjs@npm:string-width@^4.2.0\":\n  version \"4.2.3\"\n"
      "  resolved \"https://registry.yarnpkg.com/string-width/-/string-width-4.2.3.tgz\"\n\n"
      "\"grunt-if@https://github.com/binarymist/grunt-if/tarball/master\":\n  version \"0.1.5\"\n\n"
      "\"mylib@file:../mylib\":\n  version \"1.0.0\"\n\n"
      "left-pad@^1.3.0:\n  version \"1.3.0\"\r\n";
  Result<model::Batch> batch = ParseYarnLock(text);
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 2u);
  EXPECT_EQ(batch->packages[0].name, "string-width");
  EXPECT_EQ(batch->packages[1].name, "left-pad");
  EXPECT_EQ(batch->packages[1].version, "1.3.0");
  ASSERT_EQ(batch->warnings.size(), 1u);
  EXPECT_EQ(batch->warnings[0].record,
            "grunt-if@https://github.com/binarymist/grunt-if/tarball/master");
}

TEST(YarnLockParse, MalformedEntriesWarnAndOthersAreKept) {
  std::string text =
      "# yarn lockfile v1\n\n"
      "ok@^1.0.0:\n  version \"1.0.0\"\n\n"
      "noversion@^2.0.0:\n  resolved "
      "\"https://registry.yarnpkg.com/noversion/-/noversion-2.0.0.tgz\"\n\n"
      "stray text without colon\n\n"
      "tagged@latest:\n  version \"not-a-version\"\n\n"
      "also-ok@~3.1:\n  version \"3.1.4\"\n";
  Result<model::Batch> batch = ParseYarnLock(text);
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 2u);
  EXPECT_EQ(batch->packages[1].name, "also-ok");
  ASSERT_EQ(batch->warnings.size(), 3u);
  EXPECT_EQ(batch->warnings[0].record, "noversion@^2.0.0");
  EXPECT_EQ(batch->warnings[0].reason, "no version");
  EXPECT_EQ(batch->warnings[1].record, "tagged@latest");
  EXPECT_EQ(batch->warnings[2].record, "line 9");
}

TEST(YarnLockParse, EmptyInputGivesEmptyBatch) {
  for (std::string_view text : {"", "\n",
                                "# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE "
                                "DIRECTLY.\n# yarn lockfile v1\n\n\n",
                                "__metadata:\n  version: 6\n  cacheKey: 8\n"}) {
    Result<model::Batch> batch = ParseYarnLock(text);
    ASSERT_TRUE(batch) << batch.error().message;
    EXPECT_TRUE(batch->packages.empty());
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(YarnLockParse, GarbageIsAnError) {
  for (std::string_view text : {std::string_view("PK\x03\x04\x00\x00", 6),
                                std::string_view("lorem ipsum\ndolor sit amet\n"),
                                std::string_view("{\"lockfileVersion\": 3}\n")}) {
    Result<model::Batch> batch = ParseYarnLock(text);
    ASSERT_FALSE(batch);
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(batch.error().message.rfind("yarn_lock: ", 0), 0u) << batch.error().message;
  }
}

TEST(YarnLockSniff, DetectsItsSamples) {
  for (std::string_view name : {"treeherder-v1-slice.lock", "berry-repo-slice.lock"}) {
    std::string text = ReadTestdata(kKey, name);
    for (std::string_view file_name : {"yarn.lock", "frontend.lock", ""}) {
      auto found = DetectFormat(text, file_name);
      ASSERT_TRUE(found) << found.error().message;
      EXPECT_EQ((*found)->key, "yarn_lock") << name;
    }
  }
  // Without the generated header, the name plus an entry block still identifies it.
  EXPECT_GE(SniffYarnLock("lodash@^4.17.0:\n  version \"4.17.21\"\n", "yarn.lock"), 80);
  EXPECT_LE(SniffYarnLock("just some notes\n", "yarn.lock"), 20);
}

TEST(YarnLockSniff, OtherFormatsAreNotClaimed) {
  EXPECT_EQ(SniffYarnLock(ReadTestdata("pnpm_lock", "vue-core-v9-slice.yaml"), "pnpm-lock.yaml"),
            0);
  EXPECT_EQ(SniffYarnLock(ReadTestdata("gemfile_lock", "rails-main.Gemfile.lock"), "Gemfile.lock"),
            0);
  EXPECT_EQ(SniffYarnLock(ReadTestdata("package_lock", "sample-v3.json"), "package-lock.json"), 0);
}

}  // namespace
}  // namespace vs::parsers
