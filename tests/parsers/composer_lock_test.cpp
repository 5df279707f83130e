#include "parsers/composer_lock.h"

#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

constexpr std::string_view kKey = "composer_lock";

const model::Package* Find(const model::Batch& batch, std::string_view name) {
  for (const model::Package& p : batch.packages)
    if (p.name == name) return &p;
  return nullptr;
}

TEST(ComposerLockParse, KoelTrimmedMatchesGolden) {
  Result<model::Batch> batch =
      ParseComposerLock(ReadTestdata(kKey, "koel-2016-trimmed.composer.lock"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "koel-2016-trimmed"), "");
  EXPECT_TRUE(batch->warnings.empty());
  // 11 packages + 7 packages-dev.
  ASSERT_EQ(batch->packages.size(), 18u);
  for (const model::Package& p : batch->packages) EXPECT_EQ(p.ecosystem, "Packagist");
  // Tag "v2.1.2" becomes the bare version OSV's Packagist records use.
  const model::Package* helper = Find(*batch, "barryvdh/laravel-ide-helper");
  ASSERT_NE(helper, nullptr);
  EXPECT_EQ(helper->version, "2.1.2");
  EXPECT_EQ(helper->purl, "pkg:composer/barryvdh/laravel-ide-helper@2.1.2");
  const model::Package* guzzle = Find(*batch, "guzzlehttp/guzzle");
  ASSERT_NE(guzzle, nullptr);
  EXPECT_EQ(guzzle->version, "6.1.1");
  // Two-part versions stay as they are.
  const model::Package* xdg = Find(*batch, "dnoegel/php-xdg-base-dir");
  ASSERT_NE(xdg, nullptr);
  EXPECT_EQ(xdg->version, "0.1");
  // packages-dev are listed too.
  const model::Package* yaml = Find(*batch, "symfony/yaml");
  ASSERT_NE(yaml, nullptr);
  EXPECT_EQ(yaml->version, "3.0.2");
}

TEST(ComposerLockParse, BranchesPathReposAndBadRecords) {
  std::string doc = R"({"packages":[
    {"name":"monolog/monolog","version":"2.9.1"},
    {"name":"acme/fork","version":"dev-master","source":{"type":"git","reference":"abc"}},
    {"name":"acme/next","version":"3.x-dev"},
    {"name":"acme/local","version":"dev-main","dist":{"type":"path","url":"../local"}},
    {"name":"noslash","version":"1.0.0"},
    {"name":"acme/noversion"},
    "not an object",
    {"name":"monolog/monolog","version":"v2.9.1"}
  ],"packages-dev":null})";
  Result<model::Batch> batch = ParseComposerLock(doc);
  ASSERT_TRUE(batch) << batch.error().message;
  // "v2.9.1" normalises to the version already listed.
  ASSERT_EQ(batch->packages.size(), 1u);
  EXPECT_EQ(batch->packages[0].name, "monolog/monolog");
  ASSERT_EQ(batch->warnings.size(), 5u);
  EXPECT_EQ(batch->warnings[0].record, "acme/fork");
  EXPECT_EQ(batch->warnings[0].reason, "branch \"dev-master\" has no release version");
  EXPECT_EQ(batch->warnings[1].record, "acme/next");
  EXPECT_EQ(batch->warnings[2].record, "noslash");
  EXPECT_EQ(batch->warnings[3].record, "acme/noversion");
  EXPECT_EQ(batch->warnings[4].record, "packages[6]");
}

TEST(ComposerLockParse, EmptyLockGivesEmptyBatch) {
  for (std::string_view doc : {R"({"packages":[],"packages-dev":[]})", R"({"packages":[]})"}) {
    Result<model::Batch> batch = ParseComposerLock(doc);
    ASSERT_TRUE(batch) << batch.error().message;
    EXPECT_TRUE(batch->packages.empty());
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(ComposerLockParse, GarbageAndWrongShapesAreErrors) {
  for (std::string_view doc : {"", "<?php echo 1;", "[]", R"({"packages":{}})",
                               R"({"lockfileVersion":3,"packages":{"":{}}})"}) {
    Result<model::Batch> batch = ParseComposerLock(doc);
    ASSERT_FALSE(batch) << doc;
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(batch.error().message.rfind("composer_lock: ", 0), 0u) << batch.error().message;
  }
}

TEST(ComposerLockSniff, DetectsItsSample) {
  std::string text = ReadTestdata(kKey, "koel-2016-trimmed.composer.lock");
  for (std::string_view name : {"composer.lock", "koel.lock", ""}) {
    auto found = DetectFormat(text, name);
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ((*found)->key, "composer_lock");
  }
  EXPECT_EQ(SniffComposerLock(R"({"packages": []})", "composer.lock"), 80);
  EXPECT_EQ(SniffComposerLock(R"({"packages": []})", "other.json"), 0);
}

TEST(ComposerLockSniff, OtherFormatsAreNotClaimed) {
  EXPECT_EQ(SniffComposerLock(ReadTestdata("package_lock", "sample-v3.json"), ""), 0);
  EXPECT_EQ(SniffComposerLock(ReadTestdata("spdx", "trivy-fixture.spdx.json"), ""), 0);
  EXPECT_EQ(
      SniffComposerLock(ReadTestdata("nuget_lock", "hi3helper-enctool.packages.lock.json"), ""), 0);
}

}  // namespace
}  // namespace vs::parsers
