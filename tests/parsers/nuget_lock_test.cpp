#include "parsers/nuget_lock.h"

#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

constexpr std::string_view kKey = "nuget_lock";

TEST(NugetLockParse, Hi3HelperEncToolMatchesGolden) {
  Result<model::Batch> batch =
      ParseNugetLock(ReadTestdata(kKey, "hi3helper-enctool.packages.lock.json"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "hi3helper-enctool"), "");
  EXPECT_TRUE(batch->warnings.empty());
  // 4 Direct + 2 Transitive; the two Project references are not packages.
  ASSERT_EQ(batch->packages.size(), 6u);
  for (const model::Package& p : batch->packages) {
    EXPECT_EQ(p.ecosystem, "NuGet");
    EXPECT_NE(p.name.rfind("hi3helper.", 0), 0u) << p.name;
  }
  EXPECT_EQ(batch->packages[0].name, "Google.Protobuf");
  EXPECT_EQ(batch->packages[0].version, "3.32.0");
  EXPECT_EQ(batch->packages[0].purl, "pkg:nuget/Google.Protobuf@3.32.0");
  EXPECT_EQ(batch->packages[5].name, "Microsoft.Extensions.Logging.Abstractions");
}

TEST(NugetLockParse, Version2WithFourPartVersions) {
  Result<model::Batch> batch = ParseNugetLock(ReadTestdata(kKey, "qowaiv-v2.packages.lock.json"));
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 6u);
  EXPECT_EQ(batch->packages[5].name, "SonarAnalyzer.CSharp");
  EXPECT_EQ(batch->packages[5].version, "10.32.0.713");
}

TEST(NugetLockParse, DedupesAcrossTargetsAndKeepsCentralTransitive) {
  std::string doc = R"json({"version":2,"dependencies":{
    "net8.0":{
      "Newtonsoft.Json":{"type":"Direct","requested":"[13.0.3, )","resolved":"13.0.3","contentHash":"a"},
      "Serilog":{"type":"CentralTransitive","requested":"[4.0.0, )","resolved":"4.0.0","contentHash":"b"},
      "app.lib":{"type":"Project","dependencies":{"Serilog":"[4.0.0, )"}}},
    "net8.0/linux-x64":{
      "Newtonsoft.Json":{"type":"Direct","requested":"[13.0.3, )","resolved":"13.0.3","contentHash":"a"}},
    "net6.0":{
      "Newtonsoft.Json":{"type":"Direct","requested":"[12.0.1, )","resolved":"12.0.1","contentHash":"c"}},
    "net10.0/win-x64":{}}})json";
  Result<model::Batch> batch = ParseNugetLock(doc);
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 3u);
  EXPECT_EQ(batch->packages[0].version, "13.0.3");
  EXPECT_EQ(batch->packages[1].name, "Serilog");
  EXPECT_EQ(batch->packages[2].version, "12.0.1");
  EXPECT_TRUE(batch->warnings.empty());
}

TEST(NugetLockParse, MalformedEntriesWarnAndOthersAreKept) {
  std::string doc = R"({"version":1,"dependencies":{
    "net8.0":{
      "NoResolved":{"type":"Transitive","contentHash":"x"},
      "Ok":{"type":"Transitive","resolved":"1.0.0"},
      "Weird":42},
    "net9.0":[1]}})";
  Result<model::Batch> batch = ParseNugetLock(doc);
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 1u);
  EXPECT_EQ(batch->packages[0].name, "Ok");
  ASSERT_EQ(batch->warnings.size(), 3u);
  EXPECT_EQ(batch->warnings[0].record, "net8.0/NoResolved");
  EXPECT_EQ(batch->warnings[1].record, "net8.0/Weird");
  EXPECT_EQ(batch->warnings[2].record, "net9.0");
}

TEST(NugetLockParse, EmptyLockGivesEmptyBatch) {
  for (std::string_view doc :
       {R"({"version":1,"dependencies":{}})", R"({"version":1,"dependencies":{"net8.0":{}}})"}) {
    Result<model::Batch> batch = ParseNugetLock(doc);
    ASSERT_TRUE(batch) << batch.error().message;
    EXPECT_TRUE(batch->packages.empty());
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(NugetLockParse, GarbageAndWrongShapesAreErrors) {
  for (std::string_view doc : {"", "<Project Sdk=\"Microsoft.NET.Sdk\"/>", "[]", R"({"version":1})",
                               R"({"dependencies":[]})"}) {
    Result<model::Batch> batch = ParseNugetLock(doc);
    ASSERT_FALSE(batch) << doc;
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(batch.error().message.rfind("nuget_lock: ", 0), 0u) << batch.error().message;
  }
}

TEST(NugetLockSniff, DetectsItsSamples) {
  for (std::string_view name :
       {"hi3helper-enctool.packages.lock.json", "qowaiv-v2.packages.lock.json"}) {
    std::string text = ReadTestdata(kKey, name);
    for (std::string_view file_name : {"packages.lock.json", "packages.MyApp.lock.json", ""}) {
      auto found = DetectFormat(text, file_name);
      ASSERT_TRUE(found) << found.error().message;
      EXPECT_EQ((*found)->key, "nuget_lock") << name;
    }
  }
  EXPECT_LE(SniffNugetLock(R"({"dependencies": {}})", "packages.lock.json"), 20);
}

TEST(NugetLockSniff, OtherFormatsAreNotClaimed) {
  EXPECT_EQ(SniffNugetLock(ReadTestdata("package_lock", "nodegoat-v1-slice.json"), ""), 0);
  EXPECT_EQ(SniffNugetLock(ReadTestdata("composer_lock", "koel-2016-trimmed.composer.lock"), ""),
            0);
  EXPECT_EQ(SniffNugetLock(ReadTestdata("cyclonedx", "dropwizard-1.3.15.cdx.json"), ""), 0);
}

}  // namespace
}  // namespace vs::parsers
