#include "parsers/apk_installed.h"

#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

constexpr std::string_view kKey = "apk_installed";

const model::Package* Find(const model::Batch& batch, std::string_view name) {
  for (const model::Package& p : batch.packages)
    if (p.name == name) return &p;
  return nullptr;
}

TEST(ApkInstalledParse, Alpine319BaseImageMatchesGolden) {
  Result<model::Batch> batch = ParseApkInstalled(ReadTestdata(kKey, "alpine319-installed"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "alpine319-installed"), "");
  EXPECT_TRUE(batch->warnings.empty());
  EXPECT_FALSE(batch->os);
  ASSERT_EQ(batch->packages.size(), 15u);
  for (const model::Package& p : batch->packages) {
    EXPECT_EQ(p.ecosystem, "Alpine");
    EXPECT_EQ(p.arch, "x86_64");
    EXPECT_EQ(p.source_version, p.version);
  }
  // Subpackages name their origin (the aports package secdb and OSV use).
  const model::Package* ssl = Find(*batch, "libssl3");
  ASSERT_NE(ssl, nullptr);
  EXPECT_EQ(ssl->version, "3.1.4-r5");
  EXPECT_EQ(ssl->source_name, "openssl");
  EXPECT_EQ(ssl->purl, "pkg:apk/alpine/libssl3@3.1.4-r5?arch=x86_64");
  const model::Package* scanelf = Find(*batch, "scanelf");
  ASSERT_NE(scanelf, nullptr);
  EXPECT_EQ(scanelf->source_name, "pax-utils");
  const model::Package* musl = Find(*batch, "musl");
  ASSERT_NE(musl, nullptr);
  EXPECT_EQ(musl->version, "1.2.4_git20230717-r4");
}

TEST(ApkInstalledParse, MissingOriginDefaultsToNameAndCrlfIsTolerated) {
  Result<model::Batch> batch = ParseApkInstalled("P:tini\r\nV:0.19.0-r2\r\nA:aarch64\r\n");
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 1u);
  EXPECT_EQ(batch->packages[0].source_name, "tini");
  EXPECT_EQ(batch->packages[0].arch, "aarch64");
  EXPECT_EQ(batch->packages[0].version, "0.19.0-r2");
}

TEST(ApkInstalledParse, MalformedRecordsWarnAndOthersAreKept) {
  std::string text =
      "P:zlib\nV:1.3.1-r0\nA:x86_64\no:zlib\n\n"
      "P:broken\nV:1.0-r0\nthis is not a field\n\n"
      "P:noversion\nA:x86_64\n\n"
      "V:2.0-r0\nA:x86_64\n\n"
      "P:busybox\nV:1.36.1-r15\n";
  Result<model::Batch> batch = ParseApkInstalled(text);
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 2u);
  EXPECT_EQ(batch->packages[0].name, "zlib");
  EXPECT_EQ(batch->packages[1].name, "busybox");
  ASSERT_EQ(batch->warnings.size(), 3u);
  EXPECT_EQ(batch->warnings[0].record, "broken");
  EXPECT_EQ(batch->warnings[0].reason, "line 8 is not \"X:value\"");
  EXPECT_EQ(batch->warnings[1].record, "noversion");
  EXPECT_EQ(batch->warnings[2].record, "line 13");
}

TEST(ApkInstalledParse, EmptyInputGivesEmptyBatch) {
  for (std::string_view text : {"", "\n", "\n\n\n"}) {
    Result<model::Batch> batch = ParseApkInstalled(text);
    ASSERT_TRUE(batch) << batch.error().message;
    EXPECT_TRUE(batch->packages.empty());
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(ApkInstalledParse, GarbageIsAnError) {
  for (std::string_view text : {std::string_view("PK\x03\x04\x00\x00", 6),
                                std::string_view("lorem ipsum\ndolor sit amet\n")}) {
    Result<model::Batch> batch = ParseApkInstalled(text);
    ASSERT_FALSE(batch);
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(batch.error().message.rfind("apk_installed: ", 0), 0u) << batch.error().message;
  }
}

TEST(ApkInstalledSniff, DetectsItsSample) {
  std::string text = ReadTestdata(kKey, "alpine319-installed");
  for (std::string_view name : {"installed", "alpine-db.txt"}) {
    auto found = DetectFormat(text, name);
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ((*found)->key, "apk_installed");
  }
}

TEST(ApkInstalledSniff, OtherFormatsAreNotClaimed) {
  EXPECT_EQ(SniffApkInstalled(ReadTestdata("dpkg_status", "debian12-slice.txt"), "status"), 0);
  EXPECT_EQ(SniffApkInstalled(ReadTestdata("rpm_qa", "cbl-mariner2.tsv"), ""), 0);
  EXPECT_EQ(SniffApkInstalled(ReadTestdata("spdx", "trivy-fixture.spdx.json"), ""), 0);
}

}  // namespace
}  // namespace vs::parsers
