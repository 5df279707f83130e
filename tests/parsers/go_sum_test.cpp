#include "parsers/go_sum.h"

#include <string>

#include <gtest/gtest.h>

#include "parsers/go_mod.h"
#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

constexpr std::string_view kKey = "go_sum";

const model::Package* Find(const model::Batch& batch, std::string_view name) {
  for (const model::Package& p : batch.packages)
    if (p.name == name) return &p;
  return nullptr;
}

TEST(GoSumParse, CaddyV200MatchesGolden) {
  Result<model::Batch> batch = ParseGoSum(ReadTestdata(kKey, "caddy-v2.0.0-go.sum.gz"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "caddy-v2.0.0"), "");
  EXPECT_TRUE(batch->warnings.empty());
  // 1197 lines over 463 modules; 281 of them have only "/go.mod" lines.
  EXPECT_EQ(batch->packages.size(), 182u);
  const model::Package* gcloud = Find(*batch, "cloud.google.com/go");
  ASSERT_NE(gcloud, nullptr);
  EXPECT_EQ(gcloud->version,
            "v0.54.0");  // The highest of v0.51.0 and v0.54.0 (not v0.26.0/go.mod…).
  EXPECT_EQ(gcloud->ecosystem, "Go");
  EXPECT_EQ(gcloud->purl, "pkg:golang/cloud.google.com/go@v0.54.0");
  const model::Package* dns = Find(*batch, "github.com/miekg/dns");
  ASSERT_NE(dns, nullptr);
  EXPECT_EQ(dns->version, "v1.1.27");
}

TEST(GoSumParse, AgreesWithGoModForEveryRequirement) {
  Result<model::Batch> sum = ParseGoSum(ReadTestdata(kKey, "caddy-v2.0.0-go.sum.gz"));
  Result<model::Batch> mod = ParseGoMod(ReadTestdata("go_mod", "caddy-v2.0.0-go.mod"));
  ASSERT_TRUE(sum && mod);
  ASSERT_EQ(mod->packages.size(), 26u);
  for (const model::Package& required : mod->packages) {
    const model::Package* p = Find(*sum, required.name);
    ASSERT_NE(p, nullptr) << required.name;
    EXPECT_EQ(p->version, required.version) << required.name;
  }
}

TEST(GoSumParse, HighestContentVersionWins) {
  constexpr std::string_view kSum =
      "example.com/a v1.10.0 h1:aaa=\n"
      "example.com/a v1.10.0/go.mod h1:bbb=\n"
      "example.com/a v1.9.0 h1:ccc=\n"
      "example.com/a v1.11.0/go.mod h1:ddd=\n"  // Only its go.mod was read: not built.
      "example.com/a v1.10.1-0.20200101000000-abcdefabcdef h1:eee=\n"
      "example.com/b v2.0.0+incompatible h1:fff=\n"
      "example.com/b v1.99.0 h1:ggg=\n"
      "example.com/c v0.1.0/go.mod h1:hhh=\n";
  Result<model::Batch> batch = ParseGoSum(kSum);
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 2u);
  EXPECT_EQ(batch->packages[0].name, "example.com/a");
  EXPECT_EQ(batch->packages[0].version, "v1.10.1-0.20200101000000-abcdefabcdef");
  EXPECT_EQ(batch->packages[1].name, "example.com/b");
  EXPECT_EQ(batch->packages[1].version, "v2.0.0+incompatible");
  EXPECT_TRUE(batch->warnings.empty());
}

TEST(GoSumParse, EmptyInputGivesEmptyBatch) {
  for (std::string_view text : {"", "\n", "\r\n\n"}) {
    Result<model::Batch> batch = ParseGoSum(text);
    ASSERT_TRUE(batch) << batch.error().message;
    EXPECT_TRUE(batch->packages.empty());
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(GoSumParse, MalformedLineWarnsAndKeepsTheRest) {
  Result<model::Batch> batch = ParseGoSum(
      "example.com/a v1.0.0 h1:aaa=\nexample.com/b v1.0.0\nexample.com/c 1.0.0 h1:ccc=\n"
      "example.com/d v1.0.0 nohash\r\nexample.com/e v1.2.3 h1:eee=\r\n");
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 2u);
  EXPECT_EQ(batch->packages[1].name, "example.com/e");
  EXPECT_EQ(batch->packages[1].version, "v1.2.3");
  ASSERT_EQ(batch->warnings.size(), 3u);
  EXPECT_EQ(batch->warnings[0].record, "line 2");
  EXPECT_EQ(batch->warnings[1].record, "line 3");
  EXPECT_EQ(batch->warnings[2].record, "line 4");
}

TEST(GoSumParse, GarbageIsAnError) {
  for (std::string_view text :
       {std::string_view("PK\x03\x04\0\0", 6), std::string_view("<html>\n<body>hi</body>\n"),
        std::string_view("module example.com/app\n\ngo 1.21\n")}) {
    Result<model::Batch> batch = ParseGoSum(text);
    ASSERT_FALSE(batch) << text;
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(batch.error().message.rfind("go_sum: ", 0), 0u) << batch.error().message;
  }
}

TEST(GoSumSniff, DetectsItsSample) {
  std::string text = ReadTestdata(kKey, "caddy-v2.0.0-go.sum.gz");
  for (std::string_view file_name : {"go.sum", "caddy.sum", ""}) {
    auto found = DetectFormat(text, file_name);
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ((*found)->key, kKey);
  }
  // Detection sees at most 64 KiB, possibly cut mid-line.
  auto found = DetectFormat(std::string_view(text).substr(0, 1000), "");
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ((*found)->key, kKey);
}

TEST(GoSumSniff, OtherFormatsAreNotClaimed) {
  EXPECT_EQ(SniffGoSum(ReadTestdata("go_mod", "caddy-v2.0.0-go.mod"), "go.mod"), 0);
  EXPECT_EQ(SniffGoSum(ReadTestdata("requirements_txt", "pygoat-2023-03-requirements.txt"),
                       "requirements.txt"),
            0);
  EXPECT_EQ(SniffGoSum("libgcc-11.4.1-2.1.el9.aarch64\nbash-5.1.8-6.el9_1.aarch64\n", ""), 0);
}

}  // namespace
}  // namespace vs::parsers
