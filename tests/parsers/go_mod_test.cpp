#include "parsers/go_mod.h"

#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

constexpr std::string_view kKey = "go_mod";

const model::Package* Find(const model::Batch& batch, std::string_view name) {
  for (const model::Package& p : batch.packages)
    if (p.name == name) return &p;
  return nullptr;
}

TEST(GoModParse, CaddyV200MatchesGolden) {
  Result<model::Batch> batch = ParseGoMod(ReadTestdata(kKey, "caddy-v2.0.0-go.mod"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "caddy-v2.0.0"), "");
  EXPECT_TRUE(batch->warnings.empty());
  ASSERT_EQ(batch->packages.size(), 26u);  // The require block; not the module itself.
  EXPECT_EQ(Find(*batch, "github.com/caddyserver/caddy/v2"), nullptr);
  const model::Package* sprig = Find(*batch, "github.com/Masterminds/sprig/v3");
  ASSERT_NE(sprig, nullptr);
  EXPECT_EQ(sprig->ecosystem, "Go");
  EXPECT_EQ(sprig->version, "v3.0.2");  // The leading 'v' kept.
  EXPECT_EQ(sprig->purl, "pkg:golang/github.com/Masterminds/sprig/v3@v3.0.2");
  const model::Package* indirect = Find(*batch, "github.com/naoina/go-stringutil");
  ASSERT_NE(indirect, nullptr);  // "// indirect" requirements are built too.
  EXPECT_EQ(indirect->version, "v0.1.0");
  const model::Package* crypto = Find(*batch, "golang.org/x/crypto");
  ASSERT_NE(crypto, nullptr);
  EXPECT_EQ(crypto->version, "v0.0.0-20200427165652-729f1e841bcc");  // A pseudo-version.
}

TEST(GoModParse, DirectivesAndReplacements) {
  constexpr std::string_view kMod = R"(// A comment before the module line.
module example.com/app

go 1.21
toolchain go1.21.5

require github.com/pkg/errors v0.9.1
require (
	golang.org/x/text v0.3.7 // indirect
	github.com/old/name v1.0.0
	github.com/local/fork v1.2.0
	"github.com/quoted/mod" v2.0.0+incompatible
	github.com/pinned/one v1.1.0
	github.com/pinned/two v1.5.0
)

exclude golang.org/x/text v0.3.6

replace github.com/old/name => github.com/new/name v1.0.5
replace github.com/local/fork => ../fork
replace (
	github.com/pinned/one v1.1.0 => github.com/pinned/one v1.1.1
	github.com/pinned/two v1.4.0 => github.com/pinned/two v1.4.1
)

retract v0.1.0 // Published by mistake.
godebug (
	default=go1.21
)
)";
  Result<model::Batch> batch = ParseGoMod(kMod);
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 6u);
  EXPECT_EQ(batch->packages[0].name, "github.com/pkg/errors");
  EXPECT_EQ(batch->packages[1].name, "golang.org/x/text");
  EXPECT_EQ(batch->packages[1].version, "v0.3.7");
  EXPECT_EQ(batch->packages[2].name, "github.com/new/name");  // replace old => new v
  EXPECT_EQ(batch->packages[2].version, "v1.0.5");
  EXPECT_EQ(batch->packages[3].name, "github.com/quoted/mod");
  EXPECT_EQ(batch->packages[3].version, "v2.0.0+incompatible");
  EXPECT_EQ(batch->packages[3].purl, "pkg:golang/github.com/quoted/mod@v2.0.0%2Bincompatible");
  EXPECT_EQ(batch->packages[4].version, "v1.1.1");  // The versioned replacement matches.
  EXPECT_EQ(batch->packages[5].version, "v1.5.0");  // It replaces v1.4.0 only.
  ASSERT_EQ(batch->warnings.size(), 1u);
  EXPECT_EQ(batch->warnings[0].record, "line 11");
  EXPECT_EQ(batch->warnings[0].reason,
            "github.com/local/fork v1.2.0: replaced by local ../fork; skipped");
}

TEST(GoModParse, EmptyInputGivesEmptyBatch) {
  for (std::string_view text : {"", "\n", "// nothing\n", "module example.com/app\n\ngo 1.22\n"}) {
    Result<model::Batch> batch = ParseGoMod(text);
    ASSERT_TRUE(batch) << batch.error().message;
    EXPECT_TRUE(batch->packages.empty());
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(GoModParse, MalformedLinesWarnAndKeepTheRest) {
  Result<model::Batch> batch = ParseGoMod(
      "module m\nrequire (\n\ta.example/x v1.0.0\n\tb.example/y\n\tc.example/z 1.2.3\n"
      "\td.example/w v2.1.0\n)\nfrobnicate all\n");
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 2u);
  EXPECT_EQ(batch->packages[1].name, "d.example/w");
  ASSERT_EQ(batch->warnings.size(), 3u);
  EXPECT_EQ(batch->warnings[0].record, "line 4");  // No version.
  EXPECT_EQ(batch->warnings[1].record, "line 5");  // Go versions start with 'v'.
  EXPECT_EQ(batch->warnings[2].record, "line 8");
  EXPECT_EQ(batch->warnings[2].reason, "unknown directive \"frobnicate\"");
}

TEST(GoModParse, GarbageIsAnError) {
  for (std::string_view text :
       {std::string_view("\x7f"
                         "ELF\x02\x01\x01\0\0\0",
                         10),
        std::string_view("{\"a\": 1}\n"), std::string_view("Django==4.1.7\nrequests==2.28.2\n")}) {
    Result<model::Batch> batch = ParseGoMod(text);
    ASSERT_FALSE(batch) << text;
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(batch.error().message.rfind("go_mod: ", 0), 0u) << batch.error().message;
  }
}

TEST(GoModSniff, DetectsItsSample) {
  std::string text = ReadTestdata(kKey, "caddy-v2.0.0-go.mod");
  for (std::string_view file_name : {"go.mod", "caddy.mod", ""}) {
    auto found = DetectFormat(text, file_name);
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ((*found)->key, kKey);
  }
}

TEST(GoModSniff, OtherFormatsAreNotClaimed) {
  EXPECT_EQ(SniffGoMod(ReadTestdata("go_sum", "caddy-v2.0.0-go.sum.gz"), "go.sum"), 0);
  EXPECT_EQ(SniffGoMod(ReadTestdata("requirements_txt", "pygoat-2023-03-requirements.txt"),
                       "requirements.txt"),
            0);
  EXPECT_EQ(SniffGoMod(ReadTestdata("uv_lock", "pydantic-2.10.5.uv.lock"), "uv.lock"), 0);
}

}  // namespace
}  // namespace vs::parsers
