#include "parsers/cyclonedx.h"

#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

constexpr std::string_view kKey = "cyclonedx";

const model::Package* Find(const model::Batch& batch, std::string_view name) {
  for (const model::Package& p : batch.packages)
    if (p.name == name) return &p;
  return nullptr;
}

Result<model::Batch> ParseFile(std::string_view name) {
  return ParseCyclonedx(ReadTestdata(kKey, name));
}

// A BOM around `components` (a JSON array body).
std::string Bom(std::string_view components, std::string_view spec = "1.6") {
  return "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"" + std::string(spec) +
         "\",\"version\":1,\"components\":[" + std::string(components) + "]}";
}

TEST(CyclonedxParse, TrivyDebian12MatchesGolden) {
  Result<model::Batch> batch = ParseFile("trivy-debian12.cdx.json");
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "trivy-debian12"), "");
  ASSERT_TRUE(batch->os);
  EXPECT_EQ(*batch->os, (model::OsInfo{"debian", "12", "Debian:12"}));

  // deb packages take the OS ecosystem with release; the same values as the dpkg status file.
  const model::Package* libc = Find(*batch, "libc6");
  ASSERT_NE(libc, nullptr);
  EXPECT_EQ(libc->ecosystem, "Debian:12");
  EXPECT_EQ(libc->version, "2.36-9+deb12u14");
  EXPECT_EQ(libc->source_name, "glibc");
  EXPECT_EQ(libc->source_version, "2.36-9+deb12u14");  // SrcVersion 2.36 + SrcRelease 9+deb12u14.
  EXPECT_EQ(libc->arch, "amd64");
  // Epoch from the purl's epoch= qualifier and Trivy's SrcEpoch.
  const model::Package* clang = Find(*batch, "clang-14");
  ASSERT_NE(clang, nullptr);
  EXPECT_EQ(clang->version, "1:14.0.6-12");
  EXPECT_EQ(clang->source_name, "llvm-toolchain-14");
  EXPECT_EQ(clang->source_version, "1:14.0.6-12");

  const model::Package* cbt = Find(*batch, "cloud.google.com/go/cbt");
  ASSERT_NE(cbt, nullptr);
  EXPECT_EQ(cbt->ecosystem, "Go");
  EXPECT_EQ(cbt->version, "1.23.2");

  // A versionless Go main module and a Go library without purl warn; the application does not.
  ASSERT_EQ(batch->warnings.size(), 2u);
  EXPECT_EQ(batch->warnings[0].record, "pkg:golang/github.com/hashicorp/terraform");
  EXPECT_EQ(batch->warnings[0].reason, "no version");
  EXPECT_EQ(batch->warnings[1].reason,
            "library \"./internal/backend/remote-state/pg\" has no purl");
}

TEST(CyclonedxParse, TrivyFixture16MatchesGolden) {
  Result<model::Batch> batch = ParseFile("trivy-fixture-1.6.cdx.json");
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "trivy-fixture-1.6"), "");
  EXPECT_TRUE(batch->warnings.empty());
  ASSERT_EQ(batch->packages.size(), 4u);  // metadata.component (the image, pkg:oci) is not one.
  EXPECT_EQ(batch->os->ecosystem, "Debian:12");
  const model::Package* log4j = Find(*batch, "org.apache.logging.log4j:log4j-core");
  ASSERT_NE(log4j, nullptr);
  EXPECT_EQ(log4j->ecosystem, "Maven");
  EXPECT_EQ(log4j->version, "2.14.1");
  EXPECT_EQ(log4j->location, "opt/app/lib/log4j-core-2.14.1.jar");
  const model::Package* angular = Find(*batch, "@angular/core");
  ASSERT_NE(angular, nullptr);
  EXPECT_EQ(angular->ecosystem, "npm");
  EXPECT_EQ(angular->purl, "pkg:npm/%40angular/core@16.2.12");
  const model::Package* ssl = Find(*batch, "libssl3");
  ASSERT_NE(ssl, nullptr);
  EXPECT_EQ(ssl->source_name, "openssl");
  EXPECT_EQ(ssl->source_version, "3.0.9-1");
}

// An image SBOM names its image: the asset it is imported as, keyed like a Trivy report of the
// same image (repository@digest). Other SBOMs name none.
TEST(CyclonedxParse, ContainerSubjectIsTheImage) {
  Result<model::Batch> batch = ParseFile("trivy-fixture-1.6.cdx.json");
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_TRUE(batch->subject);
  EXPECT_EQ(batch->subject->kind, model::AssetKind::kImage);
  EXPECT_EQ(batch->subject->image, "registry.example.com/shop/web:1.4.2");
  EXPECT_EQ(batch->subject->digest,
            "sha256:3f1c0d9ab2e4c5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4");
  EXPECT_EQ(batch->subject->key,
            "registry.example.com/shop/web@"
            "sha256:3f1c0d9ab2e4c5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4");
  Result<model::Batch> app = ParseFile("juice-shop-11.1.2.cdx.json");
  ASSERT_TRUE(app);
  EXPECT_FALSE(app->subject);
}

TEST(CyclonedxParse, Laravel14ComposerMatchesGolden) {
  Result<model::Batch> batch = ParseFile("laravel-7.12.0.cdx-1.4.json.gz");
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "laravel-7.12.0"), "");
  EXPECT_TRUE(batch->warnings.empty());
  EXPECT_FALSE(batch->os);
  ASSERT_EQ(batch->packages.size(), 62u);
  for (const model::Package& p : batch->packages) EXPECT_EQ(p.ecosystem, "Packagist") << p.name;
  const model::Package* framework = Find(*batch, "laravel/framework");
  ASSERT_NE(framework, nullptr);
  EXPECT_EQ(framework->version, "v7.30.6");
}

TEST(CyclonedxParse, JuiceShop12NpmMatchesGolden) {
  Result<model::Batch> batch = ParseFile("juice-shop-11.1.2.cdx.json");
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "juice-shop-11.1.2"), "");
  EXPECT_TRUE(batch->warnings.empty());
  EXPECT_EQ(batch->packages.size(), 20u);
  EXPECT_NE(Find(*batch, "@sindresorhus/is"), nullptr);
}

TEST(CyclonedxParse, Dropwizard12MavenMatchesGolden) {
  Result<model::Batch> batch = ParseFile("dropwizard-1.3.15.cdx.json");
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "dropwizard-1.3.15"), "");
  EXPECT_TRUE(batch->warnings.empty());
  EXPECT_EQ(batch->packages.size(), 15u);
  const model::Package* guava = Find(*batch, "com.google.guava:guava");
  ASSERT_NE(guava, nullptr);
  EXPECT_EQ(guava->version, "24.1.1-jre");
  EXPECT_EQ(guava->purl, "pkg:maven/com.google.guava/guava@24.1.1-jre?type=jar");
}

TEST(CyclonedxParse, ProtonBridge12GoMatchesGolden) {
  Result<model::Batch> batch = ParseFile("proton-bridge-1.6.3.cdx.json");
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "proton-bridge-1.6.3"), "");
  EXPECT_TRUE(batch->warnings.empty());
  EXPECT_EQ(batch->packages.size(), 12u);
  const model::Package* bbloom = Find(*batch, "github.com/AndreasBriese/bbloom");
  ASSERT_NE(bbloom, nullptr);  // Go module paths keep their case.
  EXPECT_EQ(bbloom->ecosystem, "Go");
}

TEST(CyclonedxParse, NestedComponentsAndMetadataOperatingSystem) {
  std::string doc =
      "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\","
      "\"metadata\":{\"tools\":[{\"vendor\":\"x\",\"name\":\"y\"}],"
      "\"component\":{\"type\":\"operating-system\",\"name\":\"alpine\",\"version\":\"3.19.1\"}},"
      "\"components\":[{\"type\":\"application\",\"name\":\"app\",\"components\":["
      "{\"type\":\"library\",\"name\":\"musl\",\"purl\":\"pkg:apk/alpine/"
      "musl@1.2.4-r2?arch=x86_64\","
      "\"components\":[{\"type\":\"library\",\"name\":\"left-pad\",\"version\":\"1.3.0\","
      "\"purl\":\"pkg:npm/left-pad\"}]}]}]}";
  Result<model::Batch> batch = ParseCyclonedx(doc);
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_TRUE(batch->warnings.empty());
  ASSERT_TRUE(batch->os);
  EXPECT_EQ(*batch->os, (model::OsInfo{"alpine", "3.19.1", "Alpine:v3.19"}));
  ASSERT_EQ(batch->packages.size(), 2u);
  EXPECT_EQ(batch->packages[0].ecosystem, "Alpine:v3.19");
  EXPECT_EQ(batch->packages[1].name, "left-pad");
  EXPECT_EQ(batch->packages[1].version, "1.3.0");  // From the component: the purl has none.
}

TEST(CyclonedxParse, MalformedComponentsWarnAndOthersAreKept) {
  Result<model::Batch> batch = ParseCyclonedx(Bom(
      "{\"type\":\"library\",\"name\":\"ok\",\"purl\":\"pkg:cargo/rand@0.7.2\"},"
      "{\"type\":\"library\",\"bom-ref\":\"bad\",\"name\":\"bad\",\"purl\":\"pkg:npm/foo%zz@1\"},"
      "{\"type\":\"library\",\"name\":\"nopurl\",\"version\":\"1.0\"},"
      "{\"type\":\"file\",\"name\":\"README\"},"
      "{\"type\":\"library\",\"name\":\"bin\",\"purl\":\"pkg:generic/bin@1.0\"},"
      "{\"type\":\"library\",\"name\":\"gh\",\"purl\":\"pkg:github/a/b@1.0\"},"
      "{\"type\":\"library\",\"name\":\"bin2\",\"purl\":\"pkg:generic/bin2@2.0\"},"
      "42,"
      "{\"type\":\"library\",\"name\":\"ok\",\"purl\":\"pkg:cargo/rand@0.7.2\"},"
      "{\"type\":\"library\",\"name\":\"ok2\",\"purl\":\"pkg:gem/rails@7.0.4\"}"));
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 2u);  // The duplicate rand@0.7.2 is listed once.
  EXPECT_EQ(batch->packages[0].ecosystem, "crates.io");
  EXPECT_EQ(batch->packages[1].ecosystem, "RubyGems");
  ASSERT_EQ(batch->warnings.size(), 5u);
  EXPECT_EQ(batch->warnings[0].record, "bad");
  EXPECT_EQ(batch->warnings[1].reason, "library \"nopurl\" has no purl");
  EXPECT_EQ(batch->warnings[2].record, "components");
  EXPECT_EQ(batch->warnings[3].record, "purl type generic");
  EXPECT_EQ(batch->warnings[3].reason, "2 component(s) skipped: no OSV ecosystem");
  EXPECT_EQ(batch->warnings[4].record, "purl type github");
}

TEST(CyclonedxParse, EmptyBomGivesEmptyBatch) {
  for (std::string_view doc :
       {"{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.7\"}",
        "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.4\",\"components\":[]}"}) {
    Result<model::Batch> batch = ParseCyclonedx(doc);
    ASSERT_TRUE(batch) << batch.error().message;
    EXPECT_TRUE(batch->packages.empty());
    EXPECT_TRUE(batch->warnings.empty());
    EXPECT_FALSE(batch->os);
  }
}

TEST(CyclonedxParse, GarbageAndWrongShapesAreErrors) {
  for (std::string_view doc :
       {"", "not json at all", "[1,2,3]", "{\"spdxVersion\":\"SPDX-2.3\"}",
        "{\"bomFormat\":\"CycloneDX\",\"components\":{}}", "{\"bomFormat\":"}) {
    Result<model::Batch> batch = ParseCyclonedx(doc);
    ASSERT_FALSE(batch) << doc;
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput) << doc;
    EXPECT_EQ(batch.error().message.rfind("cyclonedx: ", 0), 0u) << batch.error().message;
  }
}

TEST(CyclonedxParse, XmlIsRefusedAsUnsupported) {
  Result<model::Batch> batch = ParseFile("dropwizard-1.3.15.cdx.xml");
  ASSERT_FALSE(batch);
  EXPECT_EQ(batch.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(batch.error().message.find("XML"), std::string::npos);
}

TEST(CyclonedxSniff, DetectsJsonAndXml) {
  for (std::string_view name : {"trivy-debian12.cdx.json", "trivy-fixture-1.6.cdx.json",
                                "laravel-7.12.0.cdx-1.4.json.gz", "dropwizard-1.3.15.cdx.xml"}) {
    std::string text = ReadTestdata(kKey, name);
    auto found = DetectFormat(std::string_view(text).substr(0, 65536), "bom.json");
    ASSERT_TRUE(found) << name << ": " << found.error().message;
    EXPECT_EQ((*found)->key, "cyclonedx") << name;
  }
}

TEST(CyclonedxSniff, OtherFormatsAreNotClaimed) {
  EXPECT_EQ(SniffCyclonedx(ReadTestdata("spdx", "trivy-fixture.spdx.json"), ""), 0);
  EXPECT_EQ(SniffCyclonedx(ReadTestdata("dpkg_status", "debian12-slice.txt"), ""), 0);
  EXPECT_EQ(SniffCyclonedx("{\"SchemaVersion\":2,\"ArtifactName\":\"x\",\"Results\":[]}", ""), 0);
  EXPECT_EQ(SniffCyclonedx("<?xml version=\"1.0\"?><updates><update/></updates>", ""), 0);
}

}  // namespace
}  // namespace vs::parsers
