#include "parsers/dependabot_alerts.h"

#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

constexpr std::string_view kKey = "dependabot_alerts";

// A minimal org-page alert with the fields under test replaced by `fields` (JSON members).
std::string Alert(int number, std::string_view repo, std::string_view fields) {
  return R"({"number": )" + std::to_string(number) +
         R"(, "state": "open", "html_url": "https://github.com/)" + std::string(repo) +
         "/security/dependabot/" + std::to_string(number) + R"(", "repository": {"full_name": ")" +
         std::string(repo) + R"(", "html_url": "https://github.com/)" + std::string(repo) + R"("},
      "dependency": {"package": {"ecosystem": "npm", "name": "left-pad"},
                     "manifest_path": "package-lock.json", "scope": "runtime"},
      "security_vulnerability": {"vulnerable_version_range": "< 1.3.0",
                                 "first_patched_version": {"identifier": "1.3.0"}},
      "security_advisory": {"ghsa_id": "GHSA-aaaa-bbbb-cccc", "cve_id": "CVE-2020-1234",
                            "summary": "s", "severity": "high")" +
         std::string(fields) + "}}";
}

TEST(DependabotAlertsParse, OrgPagesGolden) {
  for (std::string_view name : {"org_page1", "org_page2", "openapi_org", "openapi_repo"}) {
    Result<model::Batch> batch =
        ParseDependabotAlerts(ReadTestdata(kKey, std::string(name) + ".json"));
    ASSERT_TRUE(batch) << name << ": " << batch.error().message;
    EXPECT_EQ(CompareGolden(*batch, kKey, name), "") << name;
  }
}

TEST(DependabotAlertsParse, Log4ShellAlertMapsEveryField) {
  Result<model::Batch> batch = ParseDependabotAlerts(ReadTestdata(kKey, "org_page1.json"));
  ASSERT_TRUE(batch);
  EXPECT_TRUE(batch->warnings.empty());
  ASSERT_EQ(batch->reports.size(), 2u);
  const model::AssetReport& payments = batch->reports[0];
  EXPECT_EQ(payments.asset.kind, model::AssetKind::kRepository);
  EXPECT_EQ(payments.asset.key, "github.com/example-org/payments-api");
  EXPECT_EQ(payments.asset.repo, "example-org/payments-api");
  EXPECT_EQ(payments.asset.manifests, std::vector<std::string>{"services/billing/pom.xml"});
  EXPECT_FALSE(payments.has_inventory);
  ASSERT_EQ(payments.findings.size(), 1u);
  const model::ExternalFinding& f = payments.findings[0];
  EXPECT_EQ(f.vulnerability_id, "CVE-2021-44228");
  EXPECT_EQ(f.aliases, std::vector<std::string>{"GHSA-jfh8-c2jp-5v3q"});
  EXPECT_EQ(f.severity, model::Severity::kCritical);
  EXPECT_DOUBLE_EQ(f.cvss_score, 10.0);
  EXPECT_EQ(f.cvss_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
  ASSERT_TRUE(f.epss.has_value());
  EXPECT_DOUBLE_EQ(*f.epss, 0.94358);
  EXPECT_EQ(f.package.ecosystem, "Maven");
  EXPECT_EQ(f.package.name, "org.apache.logging.log4j:log4j-core");
  EXPECT_EQ(f.package.location, "services/billing/pom.xml");
  EXPECT_EQ(f.vulnerable_range, ">= 2.13.0, < 2.15.0");
  EXPECT_EQ(f.fixed_version, "2.15.0");
  EXPECT_EQ(f.dependency_scope, "runtime");
  EXPECT_EQ(f.url, "https://github.com/example-org/payments-api/security/dependabot/14");
  EXPECT_EQ(f.external_id, "14");
  EXPECT_EQ(f.status, "open");
}

TEST(DependabotAlertsParse, StatesMapToStatuses) {
  Result<model::Batch> page1 = ParseDependabotAlerts(ReadTestdata(kKey, "org_page1.json"));
  Result<model::Batch> page2 = ParseDependabotAlerts(ReadTestdata(kKey, "org_page2.json"));
  ASSERT_TRUE(page1 && page2);
  const model::ExternalFinding& dismissed = page1->reports[1].findings[0];
  EXPECT_EQ(dismissed.status, "suppressed");
  EXPECT_EQ(dismissed.status_reason, "tolerable_risk: Only used by the build toolchain");
  EXPECT_EQ(dismissed.severity, model::Severity::kMedium);
  EXPECT_FALSE(dismissed.epss.has_value());  // "epss": null
  EXPECT_EQ(dismissed.dependency_scope, "development");
  const model::ExternalFinding& fixed = page2->reports[0].findings[0];
  EXPECT_EQ(fixed.status, "resolved");
  EXPECT_EQ(fixed.fixed_version, "6.3.1");  // From security_vulnerability, not vulnerabilities[0].

  Result<model::Batch> auto_dismissed = ParseDependabotAlerts("[" + Alert(3, "o/r", "") + "]");
  ASSERT_TRUE(auto_dismissed);
  std::string body = "[" + Alert(3, "o/r", "") + "]";
  body.replace(body.find("\"open\""), 6, "\"auto_dismissed\"");
  auto_dismissed = ParseDependabotAlerts(body);
  ASSERT_TRUE(auto_dismissed);
  EXPECT_EQ(auto_dismissed->reports[0].findings[0].status, "suppressed");
  EXPECT_EQ(auto_dismissed->reports[0].findings[0].status_reason, "auto_dismissed");
}

TEST(DependabotAlertsParse, OpenApiExampleEpssPercentileStringAndCvssV3) {
  // GitHub's own example sends epss.percentile as the string "0.16001e0" (formats.md §4).
  Result<model::Batch> batch = ParseDependabotAlerts(ReadTestdata(kKey, "openapi_org.json"));
  ASSERT_TRUE(batch);
  EXPECT_TRUE(batch->warnings.empty());
  ASSERT_EQ(batch->reports.size(), 2u);
  const model::ExternalFinding& django = batch->reports[0].findings[0];
  EXPECT_EQ(django.package.ecosystem, "PyPI");
  ASSERT_TRUE(django.epss.has_value());
  EXPECT_DOUBLE_EQ(*django.epss, 0.00045);
  // cvss_v3 is preferred over the also-present cvss_v4.
  EXPECT_EQ(django.cvss_vector, "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N");
  EXPECT_DOUBLE_EQ(django.cvss_score, 7.5);
}

TEST(DependabotAlertsParse, RepositoryPageTakesTheRepoFromAlertUrls) {
  Result<model::Batch> batch = ParseDependabotAlerts(ReadTestdata(kKey, "openapi_repo.json"));
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->reports.size(), 1u);
  EXPECT_EQ(batch->reports[0].asset.key, "github.com/octocat/hello-world");
  EXPECT_EQ(batch->reports[0].findings.size(), 2u);
}

TEST(DependabotAlertsParse, EpssAsStringAndCvssV4Fallback) {
  Result<model::Batch> batch = ParseDependabotAlerts("[" + Alert(1, "o/r", R"(,
      "epss": {"percentage": "0.25", "percentile": "0.9e0"},
      "cvss_severities": {"cvss_v3": {"vector_string": null, "score": 0.0},
        "cvss_v4": {"vector_string": "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N",
                    "score": 8.7}})") + "]");
  ASSERT_TRUE(batch) << batch.error().message;
  const model::ExternalFinding& f = batch->reports[0].findings[0];
  ASSERT_TRUE(f.epss.has_value());
  EXPECT_DOUBLE_EQ(*f.epss, 0.25);
  EXPECT_DOUBLE_EQ(f.cvss_score, 8.7);
  EXPECT_EQ(f.cvss_vector.substr(0, 9), "CVSS:4.0/");
}

TEST(DependabotAlertsParse, GhesHostAndGhsaOnlyAdvisory) {
  std::string alert = Alert(7, "team/app", "");
  for (size_t at; (at = alert.find("https://github.com/")) != std::string::npos;)
    alert.replace(at, 19, "https://ghe.acme.io/");
  alert.replace(alert.find("\"CVE-2020-1234\""), 15, "null");
  Result<model::Batch> batch = ParseDependabotAlerts("[" + alert + "]");
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->reports.size(), 1u);
  EXPECT_EQ(batch->reports[0].asset.key, "ghe.acme.io/team/app");
  EXPECT_EQ(batch->reports[0].findings[0].vulnerability_id, "GHSA-aaaa-bbbb-cccc");
  EXPECT_TRUE(batch->reports[0].findings[0].aliases.empty());
}

TEST(DependabotAlertsParse, UnknownEcosystemSeverityAndStateWarn) {
  std::string alert = Alert(9, "o/r", R"(, "cvss": {"vector_string": null, "score": 9.1})");
  alert.replace(alert.find("\"npm\""), 5, "\"cobol\"");
  alert.replace(alert.find("\"high\""), 6, "\"apocalyptic\"");
  alert.replace(alert.find("\"open\""), 6, "\"reopened\"");
  Result<model::Batch> batch = ParseDependabotAlerts("[" + alert + "]");
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->reports.size(), 1u);
  const model::ExternalFinding& f = batch->reports[0].findings[0];
  EXPECT_EQ(f.package.ecosystem, "cobol");
  EXPECT_EQ(f.severity, model::Severity::kCritical);  // From the CVSS score.
  EXPECT_EQ(f.status, "open");                        // Never resolved by mistake.
  ASSERT_EQ(batch->warnings.size(), 3u);
  EXPECT_EQ(batch->warnings[0].record, "o/r#9");
}

TEST(DependabotAlertsParse, MalformedAlertsWarnAndOthersAreKept) {
  std::string body = "[" + Alert(1, "o/r", "") + R"(, "text", {"state": "open"},
      {"number": 2, "state": "open", "security_advisory": {"ghsa_id": "GHSA-x"}},
      {"number": 3, "html_url": "https://github.com/o/r/security/dependabot/3"},
      {"number": 4, "html_url": "https://github.com/o/r/security/dependabot/4",
       "security_advisory": {"cve_id": null, "ghsa_id": null}}, )" +
                     Alert(1, "o/r", "") + "," +
                     Alert(5, "o/r", R"(, "epss": {"percentage": "lots"})") + "]";
  Result<model::Batch> batch = ParseDependabotAlerts(body);
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->reports.size(), 1u);
  ASSERT_EQ(batch->reports[0].findings.size(), 2u);
  EXPECT_EQ(batch->reports[0].findings[0].external_id, "1");
  EXPECT_EQ(batch->reports[0].findings[1].external_id, "5");
  EXPECT_FALSE(batch->reports[0].findings[1].epss.has_value());
  std::vector<std::string> reasons;
  for (const model::Warning& w : batch->warnings) reasons.push_back(w.record + ": " + w.reason);
  EXPECT_EQ(reasons, (std::vector<std::string>{
                         "alerts[1]: not an object",
                         "alerts[2]: alert has no number; skipped",
                         "alerts[3]#2: no repository (repository, html_url or url); skipped",
                         "o/r#3: no security_advisory; skipped",
                         "o/r#4: advisory has neither a CVE nor a GHSA id; skipped",
                         "o/r#1: duplicate alert; the first one is kept",
                         "o/r#5: epss.percentage is not a probability in [0, 1]; ignored",
                     }));
}

TEST(DependabotAlertsParse, EmptyInput) {
  for (std::string_view input : {"", " \n", "[]"}) {
    Result<model::Batch> batch = ParseDependabotAlerts(input);
    ASSERT_TRUE(batch) << input;
    EXPECT_TRUE(batch->reports.empty());
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(DependabotAlertsParse, GarbageAndErrorBodiesFail) {
  for (std::string_view input :
       {"[{\"number\": 1,", "<html>502 Bad Gateway</html>", "42", "\"alerts\"",
        R"({"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"})"}) {
    Result<model::Batch> batch = ParseDependabotAlerts(input);
    ASSERT_FALSE(batch) << input;
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(batch.error().message.find("dependabot_alerts"), std::string::npos);
  }
}

TEST(DependabotAlertsParse, EcosystemNamesMapToOsv) {
  EXPECT_EQ(OsvEcosystemFromDependabot("pip"), "PyPI");
  EXPECT_EQ(OsvEcosystemFromDependabot("rust"), "crates.io");
  EXPECT_EQ(OsvEcosystemFromDependabot("composer"), "Packagist");
  EXPECT_EQ(OsvEcosystemFromDependabot("rubygems"), "RubyGems");
  EXPECT_EQ(OsvEcosystemFromDependabot("nuget"), "NuGet");
  EXPECT_EQ(OsvEcosystemFromDependabot("go"), "Go");
  EXPECT_EQ(OsvEcosystemFromDependabot("pub"), "Pub");
  EXPECT_EQ(OsvEcosystemFromDependabot("actions"), "GitHub Actions");
  EXPECT_EQ(OsvEcosystemFromDependabot("Maven"), "Maven");
  EXPECT_EQ(OsvEcosystemFromDependabot("gradle"), std::nullopt);
}

TEST(DependabotAlertsSniff, RecognisesAlertPagesOnly) {
  EXPECT_EQ(SniffDependabotAlerts(ReadTestdata(kKey, "org_page1.json"), ""), 90);
  EXPECT_EQ(SniffDependabotAlerts(ReadTestdata(kKey, "openapi_repo.json"), ""), 90);
  EXPECT_EQ(SniffDependabotAlerts("[{\"id\": \"GHSA-x\", \"affected\": []}]", ""), 0);
  EXPECT_EQ(SniffDependabotAlerts("number,state\n", ""), 0);
  Result<const Parser*> detected = DetectFormat(ReadTestdata(kKey, "org_page2.json"), "x.json");
  ASSERT_TRUE(detected);
  EXPECT_EQ((*detected)->key, "dependabot_alerts");
  EXPECT_EQ((*detected)->kind, Kind::kReport);
}

}  // namespace
}  // namespace vs::parsers
