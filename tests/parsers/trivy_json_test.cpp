#include "parsers/trivy_json.h"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

const model::ExternalFinding* Find(const model::AssetReport& r, std::string_view id) {
  auto it = std::find_if(r.findings.begin(), r.findings.end(),
                         [&](const model::ExternalFinding& f) { return f.vulnerability_id == id; });
  return it == r.findings.end() ? nullptr : &*it;
}

TEST(TrivyJsonParse, RealImageReportGolden) {
  Result<model::Batch> batch = ParseTrivyJson(ReadTestdata("trivy_json", "debian-buster.json"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, "trivy_json", "debian-buster"), "");
}

TEST(TrivyJsonParse, ImageKeyedByImageIdWithoutRepoDigests) {
  Result<model::Batch> batch = ParseTrivyJson(ReadTestdata("trivy_json", "debian-buster.json"));
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->reports.size(), 1u);
  const model::AssetReport& r = batch->reports[0];
  EXPECT_EQ(r.asset.kind, model::AssetKind::kImage);
  EXPECT_EQ(r.asset.key,
            "testdata/fixtures/images/debian-buster.tar.gz@sha256:"
            "c2c03a296d2329a4f3ab72a7bf38b78a8a80108204d326b0139d6af700e152d1");
  ASSERT_TRUE(r.asset.os);
  EXPECT_EQ(r.asset.os->ecosystem, "Debian:10");
  // No Packages in the report: the stored inventory must stay as it is.
  EXPECT_FALSE(r.has_inventory);
  EXPECT_TRUE(r.packages.empty());
  ASSERT_EQ(r.findings.size(), 2u);
  const model::ExternalFinding* libidn = Find(r, "CVE-2019-18224");
  ASSERT_NE(libidn, nullptr);
  EXPECT_EQ(libidn->aliases, std::vector<std::string>{"DSA-4613-1"});
  EXPECT_EQ(libidn->severity, model::Severity::kCritical);
  // SeveritySource nvd: nvd's V3 wins over redhat's 5.6.
  EXPECT_DOUBLE_EQ(libidn->cvss_score, 9.8);
  EXPECT_EQ(libidn->package.ecosystem, "Debian:10");
  EXPECT_EQ(libidn->fixed_version, "2.0.5-1+deb10u1");
  // SeveritySource debian has no CVSS entry: nvd is next.
  const model::ExternalFinding* bash = Find(r, "CVE-2019-18276");
  ASSERT_NE(bash, nullptr);
  EXPECT_EQ(bash->cvss_vector, "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H");
  EXPECT_EQ(bash->fixed_version, "");
  EXPECT_EQ(bash->status, "open");
}

TEST(TrivyJsonParse, RealRepositoryReportGolden) {
  Result<model::Batch> batch = ParseTrivyJson(ReadTestdata("trivy_json", "npm-repository.json"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, "trivy_json", "npm-repository"), "");
  const model::AssetReport& r = batch->reports[0];
  EXPECT_EQ(r.asset.kind, model::AssetKind::kRepository);
  EXPECT_TRUE(r.has_inventory);
  EXPECT_EQ(r.packages.size(), 12u);
  EXPECT_EQ(r.packages[1], (model::Package{"npm", "jquery", "3.3.9", "", "", "",
                                           "pkg:npm/jquery@3.3.9", "package-lock.json"}));
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].external_id, "package-lock.json|jquery@3.3.9|CVE-2019-11358");
  EXPECT_EQ(r.findings[0].package.location, "package-lock.json");
}

TEST(TrivyJsonParse, FixtureWithRepoDigestsAndPackages) {
  Result<model::Batch> batch =
      ParseTrivyJson(ReadTestdata("trivy_json", "fixture-image-v0.67.json"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, "trivy_json", "fixture-image-v0.67"), "");
  const model::AssetReport& r = batch->reports[0];
  EXPECT_EQ(r.asset.key,
            "registry.example.com/shop/web@sha256:"
            "3f1c0d9ab2e4c5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4");
  EXPECT_EQ(r.asset.image, "registry.example.com/shop/web:1.4.2");
  EXPECT_TRUE(r.has_inventory);
  auto vim = std::find_if(r.packages.begin(), r.packages.end(),
                          [](const model::Package& p) { return p.name == "vim-tiny"; });
  ASSERT_NE(vim, r.packages.end());
  // Epoch is a separate int in Trivy's Package: folded back into the dpkg version.
  EXPECT_EQ(vim->version, "2:9.0.1378-2");
  EXPECT_EQ(vim->source_name, "vim");
  EXPECT_EQ(vim->ecosystem, "Debian:12");
  const model::ExternalFinding* log4shell = Find(r, "CVE-2021-44228");
  ASSERT_NE(log4shell, nullptr);
  EXPECT_EQ(log4shell->package.ecosystem, "Maven");
  EXPECT_EQ(log4shell->package.location, "opt/app/lib/log4j-core-2.14.1.jar");
  EXPECT_EQ(log4shell->fixed_version, "2.15.0, 2.12.2, 2.3.1");
  // libssl3's finding carries the source package from the Packages list.
  const model::ExternalFinding* ssl = Find(r, "CVE-2023-3817");
  ASSERT_NE(ssl, nullptr);
  EXPECT_EQ(ssl->package.source_name, "openssl");
}

TEST(TrivyJsonParse, LegacyArrayNamesTheImageFromTheOsTarget) {
  Result<model::Batch> batch =
      ParseTrivyJson(ReadTestdata("trivy_json", "fixture-legacy-array.json"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, "trivy_json", "fixture-legacy-array"), "");
  const model::AssetReport& r = batch->reports[0];
  EXPECT_EQ(r.asset.kind, model::AssetKind::kImage);
  EXPECT_EQ(r.asset.key, "registry.example.com/shop/web:1.4.2");
  ASSERT_TRUE(r.asset.os);
  EXPECT_EQ(r.asset.os->ecosystem, "Debian:12");
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.findings[0].package.ecosystem, "Debian:12");
  EXPECT_EQ(r.findings[1].package.ecosystem, "npm");
  EXPECT_FALSE(r.has_inventory);
}

TEST(TrivyJsonParse, EmptyReport) {
  Result<model::Batch> batch = ParseTrivyJson(
      R"({"SchemaVersion": 2, "ArtifactName": "/srv/app", "ArtifactType": "filesystem"})");
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->reports.size(), 1u);
  EXPECT_EQ(batch->reports[0].asset.kind, model::AssetKind::kHost);
  EXPECT_EQ(batch->reports[0].asset.key, "/srv/app");
  EXPECT_TRUE(batch->reports[0].findings.empty());
  EXPECT_TRUE(batch->warnings.empty());
  // Trivy writes "Vulnerabilities": null for a clean result.
  batch = ParseTrivyJson(R"({"SchemaVersion": 2, "ArtifactName": "x", "Results": [
    {"Target": "package-lock.json", "Class": "lang-pkgs", "Type": "npm", "Vulnerabilities": null}]})");
  ASSERT_TRUE(batch);
  EXPECT_TRUE(batch->warnings.empty());
}

TEST(TrivyJsonParse, RepositoryUrlBecomesHostOwnerName) {
  Result<model::Batch> batch = ParseTrivyJson(
      R"({"SchemaVersion": 2, "ArtifactName": "https://github.com/acme/api.git",
          "ArtifactType": "repository", "Results": []})");
  ASSERT_TRUE(batch);
  EXPECT_EQ(batch->reports[0].asset.key, "github.com/acme/api");
  EXPECT_EQ(batch->reports[0].asset.repo, "acme/api");
}

TEST(TrivyJsonParse, MalformedRecordsWarnAndOthersAreKept) {
  Result<model::Batch> batch = ParseTrivyJson(R"({"SchemaVersion": 2, "ArtifactName": "img:1",
    "ArtifactType": "container_image", "Results": [
      "not an object",
      {"Target": "Gemfile.lock", "Class": "lang-pkgs", "Type": "made-up", "Vulnerabilities": [
        {"VulnerabilityID": "CVE-2020-1", "PkgName": "x", "InstalledVersion": "1", "Severity": "SEVERE"}]},
      {"Target": "package-lock.json", "Class": "lang-pkgs", "Type": "npm", "Vulnerabilities": [
        {"PkgName": "lodash", "InstalledVersion": "4.17.15"},
        42,
        {"VulnerabilityID": "GHSA-p6mc-m468-83gw", "PkgName": "lodash", "InstalledVersion": "4.17.15",
         "Severity": "HIGH", "CVSS": {"ghsa": {"V3Score": 7.4, "V3Vector": "CVSS:3.1/AV:N"}}}]},
      {"Target": "Dockerfile", "Class": "config", "Type": "dockerfile", "Misconfigurations": [{}]}]})");
  ASSERT_TRUE(batch) << batch.error().message;
  const model::AssetReport& r = batch->reports[0];
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.findings[0].vulnerability_id, "CVE-2020-1");
  EXPECT_EQ(r.findings[0].package.ecosystem, "");
  EXPECT_EQ(r.findings[1].vulnerability_id, "GHSA-p6mc-m468-83gw");
  EXPECT_DOUBLE_EQ(r.findings[1].cvss_score, 7.4);
  std::vector<std::string> records;
  for (const auto& w : batch->warnings) records.push_back(w.record);
  EXPECT_EQ(records, (std::vector<std::string>{"Results[0]", "Gemfile.lock", "CVE-2020-1",
                                               "package-lock.json Vulnerabilities[0]",
                                               "package-lock.json Vulnerabilities[1]"}));
}

TEST(TrivyJsonParse, GarbageIsAnError) {
  for (std::string_view input :
       {"", "\x01\x02 garbage", "{\"SchemaVersion\": 2, ", "42", "{\"Results\": []}",
        "{\"SchemaVersion\": 1, \"ArtifactName\": \"x\"}", "{\"SchemaVersion\": 2}",
        "{\"SchemaVersion\": 2, \"ArtifactName\": \"x\", \"Results\": {}}", "[]", "[1, 2]"}) {
    Result<model::Batch> batch = ParseTrivyJson(input);
    ASSERT_FALSE(batch) << input;
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(batch.error().message.rfind("trivy_json: ", 0), 0u) << batch.error().message;
  }
}

TEST(TrivyJsonSniff, DetectsBothForms) {
  for (std::string_view name : {"debian-buster.json", "npm-repository.json",
                                "fixture-image-v0.67.json", "fixture-legacy-array.json"}) {
    Result<const Parser*> p = DetectFormat(ReadTestdata("trivy_json", name), name);
    ASSERT_TRUE(p) << name;
    EXPECT_EQ((*p)->key, "trivy_json") << name;
  }
}

TEST(TrivyJsonSniff, DoesNotClaimOtherFormats) {
  EXPECT_EQ(SniffTrivyJson(R"([{"jsonVersion": 4, "serverName": "web1", "scannedCves": {}}])", ""),
            0);
  EXPECT_EQ(SniffTrivyJson(R"({"bomFormat": "CycloneDX", "specVersion": "1.6"})", ""), 0);
  EXPECT_EQ(SniffTrivyJson(R"({"version": "2.1.0", "runs": []})", ""), 0);
}

TEST(TrivyTypeEcosystem, MapsLanguageTypes) {
  EXPECT_EQ(TrivyTypeEcosystem("pip"), "PyPI");
  EXPECT_EQ(TrivyTypeEcosystem("gomod"), "Go");
  EXPECT_EQ(TrivyTypeEcosystem("jar"), "Maven");
  EXPECT_EQ(TrivyTypeEcosystem("yarn"), "npm");
  EXPECT_EQ(TrivyTypeEcosystem("debian"), "");
}

}  // namespace
}  // namespace vs::parsers
