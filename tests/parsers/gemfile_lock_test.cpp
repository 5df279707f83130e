#include "parsers/gemfile_lock.h"

#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

constexpr std::string_view kKey = "gemfile_lock";

bool Has(const model::Batch& batch, std::string_view name, std::string_view version) {
  for (const model::Package& p : batch.packages)
    if (p.name == name && p.version == version) return true;
  return false;
}

TEST(GemfileLockParse, RailsMainMatchesGolden) {
  Result<model::Batch> batch = ParseGemfileLock(ReadTestdata(kKey, "rails-main.Gemfile.lock"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "rails-main"), "");
  // 228 GEM specs, 12 of them platform variants of a version already listed.
  EXPECT_EQ(batch->packages.size(), 216u);
  for (const model::Package& p : batch->packages) EXPECT_EQ(p.ecosystem, "RubyGems");
  EXPECT_TRUE(Has(*batch, "rack", "3.1.7"));
  EXPECT_TRUE(Has(*batch, "nokogiri", "1.16.7"));  // Also listed as 1.16.7-x86_64-linux.
  EXPECT_TRUE(Has(*batch, "ffi", "1.17.0"));
  EXPECT_TRUE(Has(*batch, "language_server-protocol", "3.17.0.3"));
  // The PATH section is Rails itself.
  EXPECT_FALSE(Has(*batch, "rails", "8.0.0.alpha"));
  EXPECT_FALSE(Has(*batch, "activesupport", "8.0.0.alpha"));
  // GIT gems are skipped with a warning each.
  EXPECT_FALSE(Has(*batch, "httpclient", "2.8.3"));
  ASSERT_EQ(batch->warnings.size(), 3u);
  EXPECT_EQ(batch->warnings[0].record, "websocket-client-simple 0.3.0");
  EXPECT_EQ(batch->warnings[1].record, "httpclient 2.8.3");
  EXPECT_EQ(batch->warnings[1].reason,
            "from git https://github.com/nahi/httpclient.git: no released gem version");
  EXPECT_EQ(batch->warnings[2].record, "sdoc 3.0.0.alpha");
  for (const model::Package& p : batch->packages) {
    if (p.name == "rack") EXPECT_EQ(p.purl, "pkg:gem/rack@3.1.7");
  }
}

TEST(GemfileLockParse, MalformedSpecsWarnAndOthersAreKept) {
  std::string text =
      "GEM\r\n  remote: https://rubygems.org/\r\n  specs:\r\n"
      "    rack (2.2.3)\r\n"
      "    broken spec line\r\n"
      "    jruby-openssl (0.9.21-java)\r\n"
      "    (1.0)\r\n"
      "      dependency (>= 1)\r\n"
      "    puma (6.4.0)\r\n\r\n"
      "PLATFORMS\r\n  ruby\r\n\r\nDEPENDENCIES\r\n  rack\r\n\r\n"
      "CHECKSUMS\r\n  rack (2.2.3) sha256=abc\r\n\r\n"
      "BUNDLED WITH\r\n   2.5.16\r\n";
  Result<model::Batch> batch = ParseGemfileLock(text);
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 3u);
  EXPECT_EQ(batch->packages[0].name, "rack");
  EXPECT_EQ(batch->packages[1].name, "jruby-openssl");
  EXPECT_EQ(batch->packages[1].version, "0.9.21");
  EXPECT_EQ(batch->packages[2].name, "puma");
  ASSERT_EQ(batch->warnings.size(), 2u);
  EXPECT_EQ(batch->warnings[0].record, "line 5");
  EXPECT_EQ(batch->warnings[1].record, "line 7");
}

TEST(GemfileLockParse, SeveralGemSourcesAreAllRead) {
  std::string text =
      "GEM\n  remote: https://rubygems.org/\n  specs:\n    rake (13.1.0)\n\n"
      "GEM\n  remote: https://gems.contribsys.com/\n  specs:\n    sidekiq-pro (7.2.0)\n\n"
      "PLATFORMS\n  ruby\n";
  Result<model::Batch> batch = ParseGemfileLock(text);
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 2u);
  EXPECT_EQ(batch->packages[1].name, "sidekiq-pro");
}

TEST(GemfileLockParse, EmptyInputGivesEmptyBatch) {
  for (std::string_view text :
       {"", "\n\n", "GEM\n  remote: https://rubygems.org/\n  specs:\n\nBUNDLED WITH\n   2.4.1\n"}) {
    Result<model::Batch> batch = ParseGemfileLock(text);
    ASSERT_TRUE(batch) << batch.error().message;
    EXPECT_TRUE(batch->packages.empty());
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(GemfileLockParse, GarbageIsAnError) {
  for (std::string_view text : {std::string_view("\x7f"
                                                 "ELF\x02\x01",
                                                 6),
                                std::string_view("lorem ipsum\ndolor sit amet\n"),
                                std::string_view("source 'https://rubygems.org'\ngem 'rails'\n")}) {
    Result<model::Batch> batch = ParseGemfileLock(text);
    ASSERT_FALSE(batch);
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(batch.error().message.rfind("gemfile_lock: ", 0), 0u) << batch.error().message;
  }
}

TEST(GemfileLockSniff, DetectsItsSample) {
  std::string text = ReadTestdata(kKey, "rails-main.Gemfile.lock");
  for (std::string_view name : {"Gemfile.lock", "gems.locked", "rails.lock", ""}) {
    auto found = DetectFormat(text, name);
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ((*found)->key, "gemfile_lock");
  }
  EXPECT_LE(SniffGemfileLock("source 'https://rubygems.org'\n", "Gemfile.lock"), 20);
}

TEST(GemfileLockSniff, OtherFormatsAreNotClaimed) {
  EXPECT_EQ(SniffGemfileLock(ReadTestdata("yarn_lock", "treeherder-v1-slice.lock"), "yarn.lock"),
            0);
  EXPECT_EQ(SniffGemfileLock(ReadTestdata("cargo_lock", "ripgrep.Cargo.lock"), "Cargo.lock"), 0);
  EXPECT_EQ(SniffGemfileLock(ReadTestdata("dpkg_status", "debian12-slice.txt"), "status"), 0);
}

}  // namespace
}  // namespace vs::parsers
