#include "parsers/cisa_kev.h"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

const model::ExploitRef* Find(const model::Batch& batch, std::string_view cve) {
  auto it = std::find_if(batch.exploits.begin(), batch.exploits.end(),
                         [&](const model::ExploitRef& e) { return e.cve == cve; });
  return it == batch.exploits.end() ? nullptr : &*it;
}

TEST(CisaKevParse, RealCatalogGolden) {
  Result<model::Batch> batch = ParseCisaKev(ReadTestdata("cisa_kev", "kev_2025_08_25.json"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, "cisa_kev", "kev_2025_08_25"), "");
}

TEST(CisaKevParse, MarksLog4ShellAsKnownRansomware) {
  Result<model::Batch> batch = ParseCisaKev(ReadTestdata("cisa_kev", "kev_2025_08_25.json"));
  ASSERT_TRUE(batch);
  EXPECT_EQ(batch->exploits.size(), 17u);
  EXPECT_TRUE(batch->warnings.empty());
  const model::ExploitRef* log4shell = Find(*batch, "CVE-2021-44228");
  ASSERT_NE(log4shell, nullptr);
  EXPECT_EQ(
      *log4shell,
      (model::ExploitRef{"CVE-2021-44228", model::ExploitSource::kKev, "2021-12-10",
                         "Apache Log4j2 Remote Code Execution Vulnerability; ransomware: Known"}));
  // "Unknown" ransomware use is not flagged.
  const model::ExploitRef* git = Find(*batch, "CVE-2025-48384");
  ASSERT_NE(git, nullptr);
  EXPECT_EQ(git->reference, "Git Link Following Vulnerability");
}

TEST(CisaKevParse, TrimsStrayWhitespace) {
  // formats.md §7.2: values such as "SimpleHelp " carry stray spaces; CVE-2025-54309's name does.
  Result<model::Batch> batch = ParseCisaKev(ReadTestdata("cisa_kev", "kev_2025_08_25.json"));
  ASSERT_TRUE(batch);
  const model::ExploitRef* e = Find(*batch, "CVE-2025-54309");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->reference, "CrushFTP Unprotected Alternate Channel Vulnerability");
}

TEST(CisaKevParse, CsvFormGivesTheSameRecords) {
  Result<model::Batch> json = ParseCisaKev(ReadTestdata("cisa_kev", "kev_2025_08_25.json"));
  Result<model::Batch> csv = ParseCisaKev(ReadTestdata("cisa_kev", "kev_2025_08_25.csv"));
  ASSERT_TRUE(json);
  ASSERT_TRUE(csv) << csv.error().message;
  EXPECT_EQ(csv->exploits, json->exploits);
  EXPECT_TRUE(csv->warnings.empty());
}

TEST(CisaKevParse, EmptyInput) {
  for (std::string_view input : {"", "  \n", "{\"vulnerabilities\": []}",
                                 "cveID,vendorProject,product,vulnerabilityName,dateAdded\n"}) {
    Result<model::Batch> batch = ParseCisaKev(input);
    ASSERT_TRUE(batch) << input;
    EXPECT_TRUE(batch->exploits.empty());
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(CisaKevParse, MalformedEntriesWarnAndOthersAreKept) {
  Result<model::Batch> batch = ParseCisaKev(R"({"count": 4, "vulnerabilities": [
    {"cveID": "CVE-21-1", "dateAdded": "2021-12-10"},
    "not an object",
    {"cveID": " cve-2021-44228 ", "vulnerabilityName": "Log4j ", "dateAdded": "10/12/2021",
     "knownRansomwareCampaignUse": "Known"},
    {"cveID": "CVE-2023-34192", "vulnerabilityName": "Zimbra XSS", "dateAdded": "2025-02-25"}]})");
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->exploits.size(), 2u);
  // A bad date keeps the entry (KEV membership matters) with an empty id and a warning.
  EXPECT_EQ(batch->exploits[0], (model::ExploitRef{"CVE-2021-44228", model::ExploitSource::kKev, "",
                                                   "Log4j; ransomware: Known"}));
  EXPECT_EQ(batch->exploits[1].id, "2025-02-25");
  ASSERT_EQ(batch->warnings.size(), 3u);
  EXPECT_EQ(batch->warnings[0].record, "vulnerabilities[0]");
  EXPECT_EQ(batch->warnings[1].record, "vulnerabilities[1]");
  EXPECT_EQ(batch->warnings[2].record, "CVE-2021-44228");
}

TEST(CisaKevParse, CountMismatchIsAWarning) {
  Result<model::Batch> batch = ParseCisaKev(
      R"({"count": 2, "vulnerabilities": [{"cveID": "CVE-2023-34192", "dateAdded": "2025-02-25"}]})");
  ASSERT_TRUE(batch);
  EXPECT_EQ(batch->exploits.size(), 1u);
  ASSERT_EQ(batch->warnings.size(), 1u);
  EXPECT_EQ(batch->warnings[0].record, "count");
}

TEST(CisaKevParse, MalformedCsvRowWarns) {
  std::string csv =
      "cveID,vendorProject,product,vulnerabilityName,dateAdded,knownRansomwareCampaignUse\n"
      "CVE-2021-44228,Apache,Log4j2,\"Log4j2, RCE\",2021-12-10,Known\n"
      "CVE-2021-45046,Apache,Log4j2\n"
      "not-a-cve,x,y,z,2021-12-10,Unknown\n";
  Result<model::Batch> batch = ParseCisaKev(csv);
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->exploits.size(), 1u);
  EXPECT_EQ(batch->exploits[0].reference, "Log4j2, RCE; ransomware: Known");
  ASSERT_EQ(batch->warnings.size(), 2u);
  EXPECT_EQ(batch->warnings[0].record, "line 3");
  EXPECT_EQ(batch->warnings[1].record, "line 4");
}

TEST(CisaKevParse, GarbageIsAnError) {
  for (std::string_view input : {"\x01\x02 garbage", "{\"vulnerabilities\": ", "[1, 2]",
                                 "{\"title\": \"x\"}", "{\"vulnerabilities\": {}}"}) {
    Result<model::Batch> batch = ParseCisaKev(input);
    ASSERT_FALSE(batch) << input;
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(batch.error().message.rfind("cisa_kev: ", 0), 0u) << batch.error().message;
  }
}

TEST(CisaKevSniff, DetectsJsonAndCsv) {
  for (std::string_view name : {"kev_2025_08_25.json", "kev_2025_08_25.csv"}) {
    Result<const Parser*> p = DetectFormat(ReadTestdata("cisa_kev", name), name);
    ASSERT_TRUE(p) << name;
    EXPECT_EQ((*p)->key, "cisa_kev") << name;
  }
}

TEST(CisaKevSniff, DoesNotClaimOtherFormats) {
  // The KEV JSON schema names the same keys, with objects as values.
  EXPECT_EQ(SniffCisaKev(R"({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
    "properties": {"catalogVersion": {"type": "string"}, "vulnerabilities": {"type": "array"}}})",
                         ""),
            0);
  // A Vuls scan result has cveID members but is no catalog.
  EXPECT_EQ(SniffCisaKev(R"([{"scannedCves": {"CVE-2023-0286": {"cveID": "CVE-2023-0286"}}}])", ""),
            0);
  for (auto [key, name] : {std::pair{"metasploit", "modules_metadata_base_sample.json"},
                           std::pair{"epss_csv", "epss_api_response.json"},
                           std::pair{"exploitdb_csv", "files_exploits_sample.csv"},
                           std::pair{"exploitdb_cve_map", "mapping_cve.json"},
                           std::pair{"poc_csv", "poc_in_github_index.csv"},
                           std::pair{"intel_csv", "team_intel.csv"}}) {
    EXPECT_EQ(SniffCisaKev(ReadTestdata(key, name), name), 0) << name;
  }
}

}  // namespace
}  // namespace vs::parsers
