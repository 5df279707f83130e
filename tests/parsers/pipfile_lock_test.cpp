#include "parsers/pipfile_lock.h"

#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

constexpr std::string_view kKey = "pipfile_lock";

const model::Package* Find(const model::Batch& batch, std::string_view name) {
  for (const model::Package& p : batch.packages)
    if (p.name == name) return &p;
  return nullptr;
}

TEST(PipfileLockParse, Requests2017MatchesGolden) {
  Result<model::Batch> batch = ParsePipfileLock(ReadTestdata(kKey, "requests-2017.Pipfile.lock"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "requests-2017"), "");
  EXPECT_TRUE(batch->warnings.empty());
  // 5 default (the editable project "e1839a8" skipped) + 19 develop - 3 in both sections.
  EXPECT_EQ(batch->packages.size(), 21u);
  EXPECT_EQ(Find(*batch, "e1839a8"), nullptr);
  const model::Package* urllib3 = Find(*batch, "urllib3");
  ASSERT_NE(urllib3, nullptr);
  EXPECT_EQ(urllib3->version, "1.22");  // "==1.22" without "==".
  EXPECT_EQ(urllib3->ecosystem, "PyPI");
  EXPECT_EQ(urllib3->purl, "pkg:pypi/urllib3@1.22");
  const model::Package* html5lib = Find(*batch, "html5lib");
  ASSERT_NE(html5lib, nullptr);
  EXPECT_EQ(html5lib->version, "0.999999999");
}

TEST(PipfileLockParse, NonRegistryEntries) {
  constexpr std::string_view kDoc = R"({
    "_meta": {"pipfile-spec": 6},
    "default": {
      "flask": {"version": "==2.0.1", "markers": "python_version >= '3.6'"},
      "mylib": {"git": "https://github.com/example/mylib.git", "ref": "abc123"},
      "local": {"path": "./local", "editable": true},
      "wheel": {"file": "https://example.org/wheel-1.0-py3-none-any.whl"},
      "odd": {"version": "*"},
      "arbitrary": {"version": "===1.0-custom"}
    },
    "develop": {}
  })";
  Result<model::Batch> batch = ParsePipfileLock(kDoc);
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 2u);
  EXPECT_EQ(batch->packages[0].name, "arbitrary");  // Object keys come sorted.
  EXPECT_EQ(batch->packages[0].version, "1.0-custom");
  EXPECT_EQ(batch->packages[1].name, "flask");
  ASSERT_EQ(batch->warnings.size(), 3u);
  EXPECT_EQ(batch->warnings[0].record, "default.mylib");
  EXPECT_EQ(batch->warnings[1].record, "default.odd");
  EXPECT_EQ(batch->warnings[2].record, "default.wheel");
}

TEST(PipfileLockParse, EmptyInputGivesEmptyBatch) {
  for (std::string_view doc : {"", " \n", R"({"_meta": {}, "default": {}, "develop": {}})"}) {
    Result<model::Batch> batch = ParsePipfileLock(doc);
    ASSERT_TRUE(batch) << batch.error().message;
    EXPECT_TRUE(batch->packages.empty());
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(PipfileLockParse, MalformedEntryWarnsAndKeepsTheRest) {
  Result<model::Batch> batch = ParsePipfileLock(
      R"({"default": {"a": {"version": "==1.0"}, "b": 5, "c": {"version": 2}, "d": {"version": "==2.0"}}})");
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 2u);
  ASSERT_EQ(batch->warnings.size(), 2u);
  EXPECT_EQ(batch->warnings[0].record, "default.b");
  EXPECT_EQ(batch->warnings[1].record, "default.c");
}

TEST(PipfileLockParse, GarbageIsAnError) {
  for (std::string_view doc :
       {"not json at all", "[1, 2, 3]", R"({"name": "x"})", "{\"default\": "}) {
    Result<model::Batch> batch = ParsePipfileLock(doc);
    ASSERT_FALSE(batch) << doc;
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(batch.error().message.rfind("pipfile_lock: ", 0), 0u) << batch.error().message;
  }
}

TEST(PipfileLockSniff, DetectsItsSample) {
  std::string text = ReadTestdata(kKey, "requests-2017.Pipfile.lock");
  for (std::string_view file_name : {"Pipfile.lock", "lockfile.json", ""}) {
    auto found = DetectFormat(text, file_name);
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ((*found)->key, kKey);
  }
}

TEST(PipfileLockSniff, OtherFormatsAreNotClaimed) {
  EXPECT_EQ(SniffPipfileLock(R"({"bomFormat": "CycloneDX", "specVersion": "1.5"})", "bom.json"), 0);
  EXPECT_EQ(SniffPipfileLock(R"({"name": "x", "lockfileVersion": 3, "packages": {}})",
                             "package-lock.json"),
            0);
  EXPECT_EQ(
      SniffPipfileLock(ReadTestdata("poetry_lock", "poetry-1.8.4.poetry.lock"), "poetry.lock"), 0);
  EXPECT_EQ(SniffPipfileLock("Django==4.1.7\n", "requirements.txt"), 0);
}

}  // namespace
}  // namespace vs::parsers
