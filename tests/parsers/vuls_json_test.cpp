#include "parsers/vuls_json.h"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

const model::Package* FindPackage(const model::AssetReport& r, std::string_view name) {
  auto it = std::find_if(r.packages.begin(), r.packages.end(),
                         [&](const model::Package& p) { return p.name == name; });
  return it == r.packages.end() ? nullptr : &*it;
}

TEST(VulsJsonParse, RealScanResultGolden) {
  Result<model::Batch> batch = ParseVulsJson(ReadTestdata("vuls_json", "debian_10-scan.json"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, "vuls_json", "debian_10-scan"), "");
}

TEST(VulsJsonParse, InventoryWithSourcePackages) {
  Result<model::Batch> batch = ParseVulsJson(ReadTestdata("vuls_json", "debian_10-scan.json"));
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->reports.size(), 1u);
  const model::AssetReport& r = batch->reports[0];
  EXPECT_EQ(r.asset.kind, model::AssetKind::kHost);
  EXPECT_EQ(r.asset.key, "debian_10");
  ASSERT_TRUE(r.asset.os);
  EXPECT_EQ(r.asset.os->ecosystem, "Debian:10");
  EXPECT_TRUE(r.has_inventory);
  EXPECT_EQ(r.packages.size(), 17u);
  EXPECT_TRUE(r.findings.empty());
  // A binNMU: the binary version carries "+b2", the source does not.
  const model::Package* geniso = FindPackage(r, "genisoimage");
  ASSERT_NE(geniso, nullptr);
  EXPECT_EQ(*geniso, (model::Package{"Debian:10", "genisoimage", "9:1.1.11-3+b2", "cdrkit",
                                     "9:1.1.11-3", "", "", ""}));
  const model::Package* zlib = FindPackage(r, "zlib1g");
  ASSERT_NE(zlib, nullptr);
  EXPECT_EQ(zlib->source_name, "zlib");
  EXPECT_EQ(zlib->source_version, "");
  // No SrcPackages entry names bash: it is its own source.
  EXPECT_EQ(FindPackage(r, "bash")->source_name, "");
}

TEST(VulsJsonParse, ServerResponseGolden) {
  Result<model::Batch> batch =
      ParseVulsJson(ReadTestdata("vuls_json", "fixture-server-response.json"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, "vuls_json", "fixture-server-response"), "");
}

TEST(VulsJsonParse, FindingsFromScannedCves) {
  Result<model::Batch> batch =
      ParseVulsJson(ReadTestdata("vuls_json", "fixture-server-response.json"));
  ASSERT_TRUE(batch);
  const model::AssetReport& r = batch->reports[0];
  EXPECT_EQ(r.asset.key, "i-0abc1234def567890");
  EXPECT_EQ(r.asset.os->ecosystem, "Amazon Linux:2");
  ASSERT_EQ(r.findings.size(), 3u);
  // Map order is kept: CVE-2023-0286 first, with its two packages.
  const model::ExternalFinding& ssl = r.findings[0];
  EXPECT_EQ(ssl.vulnerability_id, "CVE-2023-0286");
  EXPECT_EQ(ssl.package.name, "openssl");
  EXPECT_EQ(ssl.package.version, "1:1.0.2k-24.amzn2.0.4");
  EXPECT_EQ(ssl.fixed_version, "1:1.0.2k-24.amzn2.0.6");
  EXPECT_EQ(ssl.aliases, std::vector<std::string>{"ALAS2-2023-1935"});
  // The family's own source ("amazon": important) wins over NVD's HIGH; both map to high.
  EXPECT_EQ(ssl.severity, model::Severity::kHigh);
  EXPECT_EQ(ssl.url, "https://alas.aws.amazon.com/AL2/ALAS2-2023-1935.html");
  EXPECT_EQ(r.findings[1].package.name, "openssl-libs");
  EXPECT_EQ(r.findings[1].package.source_name, "openssl");
  const model::ExternalFinding& log4j = r.findings[2];
  EXPECT_EQ(log4j.vulnerability_id, "CVE-2021-44228");
  EXPECT_EQ(log4j.fixed_version, "");
  EXPECT_EQ(log4j.status_reason, "Affected");
  EXPECT_EQ(log4j.severity, model::Severity::kCritical);
  EXPECT_DOUBLE_EQ(log4j.cvss_score, 10.0);
  // Vuls' exploit evidence: Exploit-DB, PoC, Metasploit and KEV.
  ASSERT_EQ(batch->exploits.size(), 4u);
  EXPECT_EQ(batch->exploits[0],
            (model::ExploitRef{"CVE-2021-44228", model::ExploitSource::kExploitDb, "50592",
                               "https://www.exploit-db.com/exploits/50592"}));
  EXPECT_EQ(batch->exploits[1].source, model::ExploitSource::kPoc);
  EXPECT_EQ(batch->exploits[2].id, "exploit/multi/http/log4shell_header_injection");
  EXPECT_EQ(batch->exploits[3],
            (model::ExploitRef{"CVE-2021-44228", model::ExploitSource::kKev, "2021-12-10",
                               "Apache Log4j2 Remote Code Execution Vulnerability"}));
}

TEST(VulsJsonParse, LowerCaseSrcPackagesKeyAndContainers) {
  Result<model::Batch> batch = ParseVulsJson(R"({"jsonVersion": 4, "serverName": "web1",
    "family": "ubuntu", "release": "22.04", "container": {"name": "nginx"},
    "packages": {"libssl3": {"name": "libssl3", "version": "3.0.2-0ubuntu1.15"}},
    "srcPackages": {"openssl": {"name": "openssl", "version": "3.0.2-0ubuntu1.15",
                                "binaryNames": ["libssl3"]}}})");
  ASSERT_TRUE(batch) << batch.error().message;
  const model::AssetReport& r = batch->reports[0];
  EXPECT_EQ(r.asset.key, "nginx@web1");
  ASSERT_EQ(r.packages.size(), 1u);
  EXPECT_EQ(r.packages[0].ecosystem, "Ubuntu:22.04");
  EXPECT_EQ(r.packages[0].source_name, "openssl");
}

TEST(VulsJsonParse, EmptyInventoryKeepsTheStoredOne) {
  Result<model::Batch> batch = ParseVulsJson(
      R"({"jsonVersion": 4, "serverName": "web1", "family": "debian", "release": "12",
          "packages": {}, "scannedCves": {}})");
  ASSERT_TRUE(batch);
  EXPECT_FALSE(batch->reports[0].has_inventory);
  ASSERT_EQ(batch->warnings.size(), 1u);
  EXPECT_EQ(batch->warnings[0].record, "web1");
}

TEST(VulsJsonParse, MalformedRecordsWarnAndOthersAreKept) {
  Result<model::Batch> batch = ParseVulsJson(R"([
    {"jsonVersion": 4},
    {"serverName": "db1", "family": "windows", "release": "",
     "packages": {"a": 1, "b": {"name": "b"}, "c": {"name": "c", "version": "1.0"}},
     "scannedCves": {
       "CVE-2024-1": "nope",
       "CVE-2024-2": {"cveID": "CVE-2024-2", "affectedPackages": []},
       "CVE-2024-3": {"cveID": "CVE-2024-3",
                      "cveContents": {"nvd": [{"cvss3Score": 5.5, "cvss3Severity": "WEIRD"}]},
                      "libraryFixedIns": [{"key": "npm", "name": "lodash", "fixedIn": "4.17.21",
                                           "path": "app/package-lock.json"}]}}}])");
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->reports.size(), 1u);
  const model::AssetReport& r = batch->reports[0];
  EXPECT_EQ(r.packages.size(), 1u);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].package.ecosystem, "npm");
  EXPECT_EQ(r.findings[0].package.location, "app/package-lock.json");
  // An unknown word falls back to the score's rating.
  EXPECT_EQ(r.findings[0].severity, model::Severity::kMedium);
  std::vector<std::string> records;
  for (const auto& w : batch->warnings) records.push_back(w.record);
  EXPECT_EQ(records, (std::vector<std::string>{"result[0]", "db1", "a", "b", "CVE-2024-1",
                                               "CVE-2024-2", "CVE-2024-3"}));
}

TEST(VulsJsonParse, GarbageIsAnError) {
  for (std::string_view input : {"", "\x01\x02 garbage", "{\"serverName\": ", "[]", "[1, 2]",
                                 "{\"jsonVersion\": 4}", "\"text\""}) {
    Result<model::Batch> batch = ParseVulsJson(input);
    ASSERT_FALSE(batch) << input;
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(batch.error().message.rfind("vuls_json: ", 0), 0u) << batch.error().message;
  }
}

TEST(VulsJsonSniff, DetectsScanAndReportResults) {
  for (std::string_view name : {"debian_10-scan.json", "fixture-server-response.json"}) {
    Result<const Parser*> p = DetectFormat(ReadTestdata("vuls_json", name), name);
    ASSERT_TRUE(p) << name;
    EXPECT_EQ((*p)->key, "vuls_json") << name;
  }
  EXPECT_EQ(SniffVulsJson(R"({"SchemaVersion": 2, "ArtifactName": "x"})", ""), 0);
}

}  // namespace
}  // namespace vs::parsers
