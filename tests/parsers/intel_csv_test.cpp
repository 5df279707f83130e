#include "parsers/intel_csv.h"

#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

TEST(IntelCsvParse, TeamSampleGolden) {
  Result<model::Batch> batch = ParseIntelCsv(ReadTestdata("intel_csv", "team_intel.csv"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, "intel_csv", "team_intel"), "");
}

TEST(IntelCsvParse, TeamSampleFacts) {
  Result<model::Batch> batch = ParseIntelCsv(ReadTestdata("intel_csv", "team_intel.csv"));
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->exploits.size(), 5u);
  EXPECT_TRUE(batch->warnings.empty());
  EXPECT_EQ(
      batch->exploits[0],
      (model::ExploitRef{"CVE-2021-44228", model::ExploitSource::kCustom, "red-team",
                         "https://github.com/kozmer/log4j-shell-poc, reproduced 2021-12-14"}));
  EXPECT_EQ(batch->exploits[1].cve, "CVE-2023-0286");    // Upper-cased.
  EXPECT_EQ(batch->exploits[2].id, "exploitdb-manual");  // Trimmed.
  EXPECT_EQ(batch->exploits[3].reference, "vendor said \"low\"; exploitation seen in the wild");
  EXPECT_EQ(batch->exploits[4].reference, "");
}

TEST(IntelCsvParse, ColumnOrderAndExtraColumnsDoNotMatter) {
  Result<model::Batch> batch = ParseIntelCsv(
      "\xEF\xBB\xBFReference,Notes,CVE,Source\nhttps://x.example/1,ignored,CVE-2023-0286,soc\n");
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->exploits.size(), 1u);
  EXPECT_EQ(batch->exploits[0], (model::ExploitRef{"CVE-2023-0286", model::ExploitSource::kCustom,
                                                   "soc", "https://x.example/1"}));
}

TEST(IntelCsvParse, EmptyInput) {
  for (std::string_view input : {"", "\n", "cve,source,reference\n"}) {
    Result<model::Batch> batch = ParseIntelCsv(input);
    ASSERT_TRUE(batch) << input;
    EXPECT_TRUE(batch->exploits.empty());
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(IntelCsvParse, InvalidRowsWarnAndOthersAreKept) {
  Result<model::Batch> batch = ParseIntelCsv(
      "cve,source,reference\n"
      "GHSA-jfh8-c2jp-5v3q,red-team,not a CVE\n"
      "CVE-2021-44228,red-team\n"
      "CVE-2021-45046,red-team,ok\n"
      "CVE-2021-4104,red-team,\"x\"y\n");
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->exploits.size(), 1u);
  EXPECT_EQ(batch->exploits[0].cve, "CVE-2021-45046");
  ASSERT_EQ(batch->warnings.size(), 3u);
  EXPECT_EQ(batch->warnings[0].record, "line 2");
  EXPECT_EQ(batch->warnings[0].reason, "invalid CVE id \"GHSA-jfh8-c2jp-5v3q\"");
  EXPECT_EQ(batch->warnings[1].reason, "expected 3 fields, found 2");
  EXPECT_EQ(batch->warnings[2].reason, "text after a closing quote");
}

TEST(IntelCsvParse, GarbageIsAnError) {
  for (std::string_view input :
       {"\x01\x02 garbage", "cve,source\nCVE-2021-44228,x\n", "{\"cve\": 1}"}) {
    Result<model::Batch> batch = ParseIntelCsv(input);
    ASSERT_FALSE(batch) << input;
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(batch.error().message.rfind("intel_csv: ", 0), 0u) << batch.error().message;
  }
}

TEST(IntelCsvSniff, DetectsTeamCsv) {
  Result<const Parser*> p = DetectFormat(ReadTestdata("intel_csv", "team_intel.csv"), "intel.csv");
  ASSERT_TRUE(p);
  EXPECT_EQ((*p)->key, "intel_csv");
}

TEST(IntelCsvSniff, DoesNotClaimOtherFormats) {
  for (auto [key, name] : {std::pair{"epss_csv", "epss_sample.csv"},
                           std::pair{"exploitdb_csv", "files_exploits_sample.csv"},
                           std::pair{"cisa_kev", "kev_2025_08_25.csv"},
                           std::pair{"poc_csv", "poc_in_github_index.csv"},
                           std::pair{"cisa_kev", "kev_2025_08_25.json"},
                           std::pair{"metasploit", "modules_metadata_base_sample.json"}}) {
    EXPECT_EQ(SniffIntelCsv(ReadTestdata(key, name), name), 0) << name;
  }
}

}  // namespace
}  // namespace vs::parsers
