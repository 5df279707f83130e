#include "parsers/poc_csv.h"

#include <algorithm>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

TEST(PocCsvParse, RealIndexGolden) {
  Result<model::Batch> batch = ParsePocCsv(ReadTestdata("poc_csv", "poc_in_github_index.csv"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, "poc_csv", "poc_in_github_index"), "");
  // 35 rows: 29 valid, 4 truncated ids ("CVE-2014-160") and 2 with a leading zero
  // ("CVE-2016-010033").
  EXPECT_EQ(batch->exploits.size(), 29u);
  EXPECT_EQ(batch->warnings.size(), 6u);
}

TEST(PocCsvParse, FullIndexCounts) {
  // data/README.md §6: 9415 CVEs with a PoC repository. 17 of the ids are junk: 15 with a
  // short sequence number and CVE-2016-010033 / CVE-2020-00796 with a leading zero.
  Result<model::Batch> batch =
      ParsePocCsv(ReadTestdata("poc_csv", "poc_in_github_index_full.csv.gz"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(batch->exploits.size(), 9398u);
  EXPECT_EQ(batch->warnings.size(), 17u);
  std::set<std::string> cves;
  for (const model::ExploitRef& e : batch->exploits) cves.insert(e.cve);
  EXPECT_EQ(cves.size(), 9398u);
  auto log4shell =
      std::find_if(batch->exploits.begin(), batch->exploits.end(),
                   [](const model::ExploitRef& e) { return e.cve == "CVE-2021-44228"; });
  ASSERT_NE(log4shell, batch->exploits.end());
  EXPECT_EQ(*log4shell, (model::ExploitRef{"CVE-2021-44228", model::ExploitSource::kPoc, "",
                                           "https://raw.githubusercontent.com/nomi-sec/"
                                           "PoC-in-GitHub/master/2021/CVE-2021-44228.json"}));
}

TEST(PocCsvParse, EmptyInput) {
  for (std::string_view input : {"", "\r\n", "cve_id,year,nomi_sec_json_url\r\n"}) {
    Result<model::Batch> batch = ParsePocCsv(input);
    ASSERT_TRUE(batch) << input;
    EXPECT_TRUE(batch->exploits.empty());
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(PocCsvParse, MalformedRowsWarnAndOthersAreKept) {
  Result<model::Batch> batch = ParsePocCsv(
      "cve_id,year,nomi_sec_json_url\n"
      "CVE-2021-0000,2021,https://example.org/a.json\n"
      "CVE-2021-44228,2021\n"
      "cve-2021-45046,2021,https://example.org/b.json\n"
      "CVE-2021-45046,2021,https://example.org/b.json\n"
      "CVE-2021-45105,2021,\"https://example.org/c.json\"x\n");
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->exploits.size(), 1u);  // The duplicate row collapses.
  EXPECT_EQ(batch->exploits[0], (model::ExploitRef{"CVE-2021-45046", model::ExploitSource::kPoc, "",
                                                   "https://example.org/b.json"}));
  ASSERT_EQ(batch->warnings.size(), 3u);
  EXPECT_EQ(batch->warnings[0].record, "line 2");
  EXPECT_EQ(batch->warnings[0].reason, "invalid CVE id \"CVE-2021-0000\"");
  EXPECT_EQ(batch->warnings[1].record, "line 3");
  EXPECT_EQ(batch->warnings[2].reason, "text after a closing quote");
  // An unterminated quote runs to the end of the file: the document fails.
  EXPECT_FALSE(
      ParsePocCsv("cve_id,year,nomi_sec_json_url\n"
                  "CVE-2021-44228,2021,https://example.org/a.json\n"
                  "CVE-2021-45105,2021,\"https://example.org/c.json\n"));
}

TEST(PocCsvParse, OtherUrlColumnsAndNoUrl) {
  Result<model::Batch> batch =
      ParsePocCsv("cve_id,html_url\nCVE-2023-0286,https://github.com/a/b\n");
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->exploits.size(), 1u);
  EXPECT_EQ(batch->exploits[0].reference, "https://github.com/a/b");
  batch = ParsePocCsv("cve_id\nCVE-2023-0286\n");
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->exploits.size(), 1u);
  EXPECT_EQ(batch->exploits[0].reference, "");
}

TEST(PocCsvParse, GarbageIsAnError) {
  for (std::string_view input :
       {"\x01\x02 garbage", "[{\"html_url\": \"x\"}]", "cve,source,reference\n"}) {
    Result<model::Batch> batch = ParsePocCsv(input);
    ASSERT_FALSE(batch) << input;
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(batch.error().message.rfind("poc_csv: ", 0), 0u) << batch.error().message;
  }
}

TEST(PocCsvSniff, DetectsIndex) {
  Result<const Parser*> p =
      DetectFormat(ReadTestdata("poc_csv", "poc_in_github_index.csv"), "poc.csv");
  ASSERT_TRUE(p);
  EXPECT_EQ((*p)->key, "poc_csv");
  EXPECT_EQ(SniffPocCsv("cve_id,url\n", ""), 90);
}

TEST(PocCsvSniff, DoesNotClaimOtherFormats) {
  // PoC-in-GitHub's per-CVE JSON files carry no CVE id in their content (only in the file
  // name), so poc_csv does not take them (see docs/formats/poc_csv.md).
  EXPECT_EQ(SniffPocCsv(R"([{"id": 1, "full_name": "a/b", "html_url": "https://github.com/a/b"}])",
                        "CVE-2021-44228.json"),
            0);
  for (auto [key, name] :
       {std::pair{"epss_csv", "epss_sample.csv"},
        std::pair{"exploitdb_csv", "files_exploits_sample.csv"},
        std::pair{"cisa_kev", "kev_2025_08_25.csv"}, std::pair{"intel_csv", "team_intel.csv"},
        std::pair{"cisa_kev", "kev_2025_08_25.json"}}) {
    EXPECT_EQ(SniffPocCsv(ReadTestdata(key, name), name), 0) << name;
  }
}

}  // namespace
}  // namespace vs::parsers
