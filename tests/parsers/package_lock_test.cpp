#include "parsers/package_lock.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

constexpr std::string_view kKey = "package_lock";

bool Has(const model::Batch& batch, std::string_view name, std::string_view version) {
  for (const model::Package& p : batch.packages)
    if (p.name == name && p.version == version) return true;
  return false;
}

TEST(PackageLockParse, NodeGoatV1FullLockfile) {
  Result<model::Batch> batch =
      ParsePackageLock(ReadTestdata(kKey, "nodegoat-2020-04-package-lock.json.gz"));
  ASSERT_TRUE(batch) << batch.error().message;
  // 1460 entries in the nested tree, 1075 distinct (name, version) pairs over 803 names; one of
  // them is a GitHub tarball (grunt-if), which is not a registry version.
  EXPECT_EQ(batch->packages.size(), 1074u);
  std::set<std::string> names;
  for (const model::Package& p : batch->packages) {
    names.insert(p.name);
    EXPECT_EQ(p.ecosystem, "npm");
    EXPECT_TRUE(p.location.empty());
  }
  EXPECT_EQ(names.size(), 802u);                  // 803 names; grunt-if only exists as the tarball.
  EXPECT_TRUE(Has(*batch, "lodash", "4.17.15"));  // Nested under grunt-env.
  EXPECT_TRUE(Has(*batch, "lodash", "4.17.11"));  // Top level: both versions are kept.
  EXPECT_TRUE(Has(*batch, "minimist", "1.2.0"));
  EXPECT_TRUE(Has(*batch, "handlebars", "4.0.5"));  // Only nested (nyc).
  EXPECT_TRUE(Has(*batch, "marked", "0.3.9"));
  ASSERT_EQ(batch->warnings.size(), 1u);
  EXPECT_EQ(batch->warnings[0].record, "grunt-if");
}

TEST(PackageLockParse, NodeGoatV1SliceMatchesGolden) {
  Result<model::Batch> batch = ParsePackageLock(ReadTestdata(kKey, "nodegoat-v1-slice.json"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "nodegoat-v1-slice"), "");
  EXPECT_EQ(batch->packages.size(), 18u);
  const model::Package& first = batch->packages[0];
  EXPECT_EQ(first.name, "@cypress/listr-verbose-renderer");
  EXPECT_EQ(first.version, "0.4.1");
  EXPECT_EQ(first.purl, "pkg:npm/%40cypress/listr-verbose-renderer@0.4.1");
}

TEST(PackageLockParse, V3UsesInstallPathsAndSkipsLocalEntries) {
  Result<model::Batch> batch = ParsePackageLock(ReadTestdata(kKey, "sample-v3.json"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "sample-v3"), "");
  // Name after the last node_modules/; the alias folder string-width-v1 names string-width.
  EXPECT_TRUE(Has(*batch, "debug", "3.2.6"));
  EXPECT_TRUE(Has(*batch, "string-width", "1.0.2"));
  EXPECT_FALSE(Has(*batch, "string-width-v1", "1.0.2"));
  // Root "", the workspace folder, its link and the file: tarball are not packages.
  EXPECT_FALSE(Has(*batch, "nodegoat-sample", "1.3.0"));
  EXPECT_FALSE(Has(*batch, "@nodegoat/utils", "0.1.0"));
  EXPECT_FALSE(Has(*batch, "local-helper", "1.0.0"));
  // minimist 1.2.5 appears twice (root and workspace node_modules) but is listed once.
  EXPECT_EQ(batch->packages.size(), 12u);
  ASSERT_EQ(batch->warnings.size(), 1u);
  EXPECT_EQ(batch->warnings[0].record, "node_modules/grunt-if");
}

TEST(PackageLockParse, V2ReadsPackagesNotTheLegacyTree) {
  Result<model::Batch> batch = ParsePackageLock(ReadTestdata(kKey, "sample-v2.json"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(batch->packages.size(), 12u);
  EXPECT_TRUE(Has(*batch, "string-width", "1.0.2"));
  // A package only in the v1-style "dependencies" section is ignored when "packages" exists.
  std::string doc = R"({"lockfileVersion":2,"packages":{"":{"name":"x"},
    "node_modules/a":{"version":"1.0.0"}},"dependencies":{"a":{"version":"1.0.0"},
    "ghost":{"version":"9.9.9"}}})";
  Result<model::Batch> v2 = ParsePackageLock(doc);
  ASSERT_TRUE(v2) << v2.error().message;
  ASSERT_EQ(v2->packages.size(), 1u);
  EXPECT_EQ(v2->packages[0].name, "a");
}

TEST(PackageLockParse, V1AliasesGitAndFileVersions) {
  std::string doc = R"({"lockfileVersion":1,"dependencies":{
    "sw":{"version":"npm:string-width@4.2.3"},
    "@scope/pkg":{"version":"2.0.0-rc.1"},
    "gh":{"version":"github:user/gh#0123abc"},
    "local":{"version":"file:../local"},
    "bad":{"version":7}}})";
  Result<model::Batch> batch = ParsePackageLock(doc);
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 2u);
  EXPECT_EQ(batch->packages[0].name, "string-width");
  EXPECT_EQ(batch->packages[0].version, "4.2.3");
  EXPECT_EQ(batch->packages[1].purl, "pkg:npm/%40scope/pkg@2.0.0-rc.1");
  ASSERT_EQ(batch->warnings.size(), 2u);
  EXPECT_EQ(batch->warnings[0].record, "gh");
  EXPECT_EQ(batch->warnings[1].record, "bad");
  EXPECT_EQ(batch->warnings[1].reason, "no version");
}

TEST(PackageLockParse, MalformedEntriesWarnAndOthersAreKept) {
  std::string doc = R"({"lockfileVersion":3,"packages":{"":{},
    "node_modules/ok":{"version":"1.0.0"},
    "node_modules/noversion":{"resolved":"https://registry.npmjs.org/x/-/x-1.tgz"},
    "node_modules/notobject":[1,2],
    "node_modules/weird":{"version":"latest"}}})";
  Result<model::Batch> batch = ParsePackageLock(doc);
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 1u);
  EXPECT_EQ(batch->packages[0].name, "ok");
  ASSERT_EQ(batch->warnings.size(), 3u);
  EXPECT_EQ(batch->warnings[0].record, "node_modules/noversion");
  EXPECT_EQ(batch->warnings[1].record, "node_modules/notobject");
  EXPECT_EQ(batch->warnings[2].record, "node_modules/weird");
}

TEST(PackageLockParse, EmptyLockfilesGiveEmptyBatch) {
  for (std::string_view doc : {R"({"name":"x","lockfileVersion":1,"requires":true})",
                               R"({"lockfileVersion":3,"packages":{"":{"name":"x"}}})",
                               "\xEF\xBB\xBF{\"lockfileVersion\":2,\"packages\":{}}"}) {
    Result<model::Batch> batch = ParsePackageLock(doc);
    ASSERT_TRUE(batch) << batch.error().message;
    EXPECT_TRUE(batch->packages.empty());
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(PackageLockParse, GarbageAndWrongShapesAreErrors) {
  for (std::string_view doc : {"", "not json", "[1,2]", R"({"packages":[{"name":"a/b"}]})",
                               R"({"name":"x","version":"1.0.0"})"}) {
    Result<model::Batch> batch = ParsePackageLock(doc);
    ASSERT_FALSE(batch) << doc;
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(batch.error().message.rfind("package_lock: ", 0), 0u) << batch.error().message;
  }
}

TEST(PackageLockSniff, DetectsItsSamples) {
  for (std::string_view name : {"nodegoat-v1-slice.json", "sample-v2.json", "sample-v3.json"}) {
    std::string text = ReadTestdata(kKey, name);
    for (std::string_view file_name : {"package-lock.json", "npm-shrinkwrap.json", "lock.json"}) {
      auto found = DetectFormat(std::string_view(text).substr(0, 65536), file_name);
      ASSERT_TRUE(found) << found.error().message;
      EXPECT_EQ((*found)->key, "package_lock") << name;
    }
  }
  // The head may be cut mid-document.
  std::string big = ReadTestdata(kKey, "nodegoat-2020-04-package-lock.json.gz");
  EXPECT_GE(SniffPackageLock(std::string_view(big).substr(0, 4000), ""), 90);
}

TEST(PackageLockSniff, OtherFormatsAreNotClaimed) {
  EXPECT_EQ(SniffPackageLock(ReadTestdata("composer_lock", "koel-2016-trimmed.composer.lock"),
                             "composer.lock"),
            0);
  EXPECT_EQ(
      SniffPackageLock(ReadTestdata("nuget_lock", "hi3helper-enctool.packages.lock.json"), ""), 0);
  EXPECT_EQ(SniffPackageLock(ReadTestdata("cyclonedx", "juice-shop-11.1.2.cdx.json"), ""), 0);
  EXPECT_EQ(SniffPackageLock(ReadTestdata("pnpm_lock", "vue-core-v9-slice.yaml"), ""), 0);
}

}  // namespace
}  // namespace vs::parsers
