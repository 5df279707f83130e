#include "parsers/sarif.h"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

TEST(SarifParse, ZapReportGolden) {
  Result<model::Batch> batch = ParseSarif(ReadTestdata("sarif", "zap-juice-shop.sarif.json"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, "sarif", "zap-juice-shop"), "");
}

TEST(SarifParse, ZapFindingsOnWebAppAssets) {
  Result<model::Batch> batch = ParseSarif(ReadTestdata("sarif", "zap-juice-shop.sarif.json"));
  ASSERT_TRUE(batch);
  EXPECT_TRUE(batch->warnings.empty());
  // One asset per base URL; https with its default port is keyed without it.
  ASSERT_EQ(batch->reports.size(), 2u);
  const model::AssetReport& local = batch->reports[0];
  EXPECT_EQ(local.asset.kind, model::AssetKind::kWebApp);
  EXPECT_EQ(local.asset.key, "http://localhost:3000");
  EXPECT_FALSE(local.has_inventory);
  ASSERT_EQ(local.findings.size(), 4u);
  const model::ExternalFinding& csp = local.findings[0];
  EXPECT_EQ(csp.vulnerability_id, "zap:10038");
  EXPECT_EQ(csp.package.ecosystem, "web");
  EXPECT_EQ(csp.package.name, "Content Security Policy (CSP) Header Not Set");
  EXPECT_EQ(csp.external_id, "10038 http://localhost:3000/");
  EXPECT_EQ(csp.severity, model::Severity::kMedium);
  EXPECT_EQ(csp.aliases, std::vector<std::string>{"CWE-693"});
  // The same rule at another URL is another finding.
  EXPECT_EQ(local.findings[1].external_id, "10038 http://localhost:3000/sitemap.xml");
  // Retire.js names the CVE in its message: the finding is keyed by it.
  const model::ExternalFinding& js = local.findings[3];
  EXPECT_EQ(js.vulnerability_id, "CVE-2020-11023");
  EXPECT_EQ(js.aliases, (std::vector<std::string>{"zap:10003", "CVE-2020-11022", "CVE-2015-9251",
                                                  "CVE-2019-11358", "CWE-1395"}));
  const model::AssetReport& staging = batch->reports[1];
  EXPECT_EQ(staging.asset.key, "https://staging.shop.example");
  ASSERT_EQ(staging.findings.size(), 1u);
  EXPECT_EQ(staging.findings[0].severity, model::Severity::kHigh);
}

// The shape src/report/sarif.cpp writes for `vulnscope scan --format sarif`.
constexpr std::string_view kVulnscopeSarif = R"({
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
  "runs": [{"tool": {"driver": {"name": "vulnscope", "semanticVersion": "0.1.0", "rules": [
      {"id": "CVE-2021-44228", "name": "CVE-2021-44228",
       "shortDescription": {"text": "Log4Shell"}, "helpUri": "https://nvd.nist.gov/vuln/detail/CVE-2021-44228",
       "properties": {"security-severity": "10.0", "tags": ["security", "vulnerability", "critical"]}},
      {"id": "GHSA-jfh8-c2jp-5v3q", "name": "GHSA-jfh8-c2jp-5v3q",
       "properties": {"security-severity": "0.0"}}]}},
    "results": [
      {"ruleId": "CVE-2021-44228", "ruleIndex": 0, "level": "error",
       "message": {"text": "log4j-core 2.14.1 is affected by CVE-2021-44228 (critical); fixed in 2.15.0."},
       "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app/pom.xml"}}}],
       "properties": {"package": "org.apache.logging.log4j:log4j-core", "installedVersion": "2.14.1",
                      "fixedVersion": "2.15.0", "ecosystem": "Maven", "kev": true}},
      {"ruleId": "GHSA-jfh8-c2jp-5v3q", "ruleIndex": 1, "level": "note",
       "message": {"text": "x"},
       "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app/pom.xml"}}}],
       "suppressions": [{"kind": "external", "status": "accepted", "justification": "not reachable"}],
       "properties": {"package": "log4j", "installedVersion": "1.2.17", "fixedVersion": "",
                      "ecosystem": "Maven"}}]}]})";

TEST(SarifParse, VulnscopeSarifIsImportable) {
  Result<model::Batch> batch = ParseSarif(kVulnscopeSarif);
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->reports.size(), 1u);
  const model::AssetReport& r = batch->reports[0];
  EXPECT_EQ(r.asset.kind, model::AssetKind::kHost);
  EXPECT_EQ(r.asset.key, "app/pom.xml");
  ASSERT_EQ(r.findings.size(), 2u);
  const model::ExternalFinding& f = r.findings[0];
  EXPECT_EQ(f.vulnerability_id, "CVE-2021-44228");
  EXPECT_EQ(f.package, (model::Package{"Maven", "org.apache.logging.log4j:log4j-core", "2.14.1", "",
                                       "", "", "", "app/pom.xml"}));
  EXPECT_EQ(f.fixed_version, "2.15.0");
  EXPECT_EQ(f.severity, model::Severity::kCritical);
  EXPECT_DOUBLE_EQ(f.cvss_score, 10.0);
  EXPECT_EQ(f.url, "https://nvd.nist.gov/vuln/detail/CVE-2021-44228");
  EXPECT_EQ(r.findings[1].vulnerability_id, "GHSA-jfh8-c2jp-5v3q");
  EXPECT_EQ(r.findings[1].status, "suppressed");
  EXPECT_EQ(r.findings[1].status_reason, "not reachable");
}

TEST(SarifParse, EmptyLog) {
  for (
      std::string_view input :
      {R"({"version": "2.1.0", "runs": []})",
       R"({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "ZAP"}}, "results": []}]})"}) {
    Result<model::Batch> batch = ParseSarif(input);
    ASSERT_TRUE(batch) << input;
    EXPECT_TRUE(batch->reports.empty());
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(SarifParse, MalformedResultsWarnAndOthersAreKept) {
  Result<model::Batch> batch = ParseSarif(R"({"version": "2.1.0", "runs": [
    7,
    {"results": [
      "nope",
      {"message": {"text": "no rule"}},
      {"ruleId": "r1"},
      {"ruleId": "r2", "level": "fatal", "webRequest": {"target": "HTTP://Shop.Example:80/a"}},
      {"ruleId": "r3", "rule": {"id": "r3"}, "locations": [{"physicalLocation": {"artifactLocation":
        {"uri": "http://user:pw@shop.example/b"}}}]}]}]})");
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->reports.size(), 1u);
  const model::AssetReport& r = batch->reports[0];
  EXPECT_EQ(r.asset.key, "http://shop.example");
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.findings[0].vulnerability_id, "sarif:r2");
  EXPECT_EQ(r.findings[0].severity, model::Severity::kUnknown);
  // No level anywhere: SARIF's default "warning".
  EXPECT_EQ(r.findings[1].severity, model::Severity::kMedium);
  std::vector<std::string> records;
  for (const auto& w : batch->warnings) records.push_back(w.record);
  EXPECT_EQ(records, (std::vector<std::string>{"runs[0]", "runs[1]", "runs[1].results[0]",
                                               "runs[1].results[1]", "runs[1].results[2]",
                                               "runs[1].results[3]"}));
}

TEST(SarifParse, GarbageIsAnError) {
  for (std::string_view input :
       {"", "\x01 garbage", "{\"runs\": ", "[]", "{\"version\": \"2.1.0\"}", "{\"runs\": {}}",
        "{\"version\": \"1.0.0\", \"runs\": []}"}) {
    Result<model::Batch> batch = ParseSarif(input);
    ASSERT_FALSE(batch) << input;
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(batch.error().message.rfind("sarif: ", 0), 0u) << batch.error().message;
  }
}

TEST(SarifSniff, DetectsZapAndVulnscopeLogs) {
  Result<const Parser*> p =
      DetectFormat(ReadTestdata("sarif", "zap-juice-shop.sarif.json"), "zap.sarif");
  ASSERT_TRUE(p);
  EXPECT_EQ((*p)->key, "sarif");
  p = DetectFormat(kVulnscopeSarif, "");
  ASSERT_TRUE(p);
  EXPECT_EQ((*p)->key, "sarif");
  EXPECT_EQ(SniffSarif(R"({"SchemaVersion": 2, "Results": []})", ""), 0);
}

}  // namespace
}  // namespace vs::parsers
