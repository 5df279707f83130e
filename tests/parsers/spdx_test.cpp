#include "parsers/spdx.h"

#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

constexpr std::string_view kKey = "spdx";

const model::Package* Find(const model::Batch& batch, std::string_view name) {
  for (const model::Package& p : batch.packages)
    if (p.name == name) return &p;
  return nullptr;
}

TEST(SpdxParse, TrivyFixtureMatchesGolden) {
  Result<model::Batch> batch = ParseSpdx(ReadTestdata(kKey, "trivy-fixture.spdx.json"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "trivy-fixture"), "");
  EXPECT_TRUE(batch->warnings.empty());
  ASSERT_TRUE(batch->os);
  EXPECT_EQ(*batch->os, (model::OsInfo{"debian", "12", "Debian:12"}));
  // The described container image (pkg:oci) is the subject, not a package.
  ASSERT_EQ(batch->packages.size(), 2u);
  const model::Package* ssl = Find(*batch, "libssl3");
  ASSERT_NE(ssl, nullptr);
  EXPECT_EQ(ssl->ecosystem, "Debian:12");
  EXPECT_EQ(ssl->source_name, "openssl");  // sourceInfo "built package from: openssl 3.0.9-1".
  EXPECT_EQ(ssl->source_version, "3.0.9-1");
  // PACKAGE_MANAGER (underscore) spelling is read as well as PACKAGE-MANAGER.
  const model::Package* semver = Find(*batch, "semver");
  ASSERT_NE(semver, nullptr);
  EXPECT_EQ(semver->ecosystem, "npm");
  EXPECT_EQ(semver->version, "7.3.8");
}

TEST(SpdxParse, SyftStyleDocumentMatchesGolden) {
  Result<model::Batch> batch = ParseSpdx(ReadTestdata(kKey, "syft-style-debian12.spdx.json"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "syft-style-debian12"), "");
  EXPECT_FALSE(batch->os);
  ASSERT_EQ(batch->packages.size(), 5u);
  // No OS package in the document: the family alone, the scanner adds the release.
  const model::Package* libc = Find(*batch, "libc6");
  ASSERT_NE(libc, nullptr);
  EXPECT_EQ(libc->ecosystem, "Debian");
  EXPECT_EQ(libc->source_name, "glibc");  // purl qualifier upstream=glibc.
  const model::Package* bsdutils = Find(*batch, "bsdutils");
  ASSERT_NE(bsdutils, nullptr);
  EXPECT_EQ(bsdutils->version, "1:2.38.1-5+deb12u3");
  EXPECT_EQ(bsdutils->source_version, "2.38.1-5+deb12u3");
  // Syft's free-text sourceInfo is not a source package.
  const model::Package* adduser = Find(*batch, "adduser");
  ASSERT_NE(adduser, nullptr);
  EXPECT_EQ(adduser->source_name, "");
  EXPECT_NE(Find(*batch, "django"), nullptr);  // pypi names are normalised.

  ASSERT_EQ(batch->warnings.size(), 3u);
  EXPECT_EQ(batch->warnings[0].reason, "no release version ((devel))");
  EXPECT_EQ(batch->warnings[1].reason, "package \"vendored-lib\" has no purl");
  EXPECT_EQ(batch->warnings[2].record, "purl type generic");
}

TEST(SpdxParse, MalformedPackagesWarnAndOthersAreKept) {
  std::string doc =
      "{\"spdxVersion\":\"SPDX-2.2\",\"SPDXID\":\"SPDXRef-DOCUMENT\","
      "\"documentDescribes\":[\"SPDXRef-root\"],\"packages\":["
      "{\"SPDXID\":\"SPDXRef-root\",\"name\":\"myapp\",\"versionInfo\":\"1.0\","
      "\"externalRefs\":[{\"referenceType\":\"purl\",\"referenceLocator\":\"pkg:npm/myapp@1.0\"}]},"
      "{\"SPDXID\":\"SPDXRef-a\",\"name\":\"lodash\",\"versionInfo\":\"4.17.15\","
      "\"externalRefs\":[{\"referenceCategory\":\"PACKAGE_MANAGER\",\"referenceType\":\"purl\","
      "\"referenceLocator\":\"pkg:npm/lodash\"}]},"
      "{\"SPDXID\":\"SPDXRef-b\",\"name\":\"bad\",\"externalRefs\":[{\"referenceType\":\"purl\","
      "\"referenceLocator\":\"npm/bad@1\"}]},"
      "{\"SPDXID\":\"SPDXRef-c\",\"name\":\"nover\",\"versionInfo\":\"NOASSERTION\","
      "\"externalRefs\":[{\"referenceType\":\"purl\",\"referenceLocator\":\"pkg:npm/nover\"}]},"
      "\"not an object\","
      "{\"SPDXID\":\"SPDXRef-d\",\"name\":\"src.tar.gz\",\"versionInfo\":\"1\","
      "\"primaryPackagePurpose\":\"SOURCE\"}"
      "]}";
  Result<model::Batch> batch = ParseSpdx(doc);
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 1u);  // The described root package is skipped.
  EXPECT_EQ(batch->packages[0].name, "lodash");
  EXPECT_EQ(batch->packages[0].version, "4.17.15");  // versionInfo fills in the purl's version.
  ASSERT_EQ(batch->warnings.size(), 3u);
  EXPECT_EQ(batch->warnings[0].record, "SPDXRef-b");
  EXPECT_EQ(batch->warnings[1].record, "SPDXRef-c");
  EXPECT_EQ(batch->warnings[2].record, "packages[4]");
}

TEST(SpdxParse, EmptyDocumentGivesEmptyBatch) {
  for (std::string_view doc : {"{\"spdxVersion\":\"SPDX-2.3\",\"SPDXID\":\"SPDXRef-DOCUMENT\"}",
                               "{\"spdxVersion\":\"SPDX-2.3\",\"packages\":[]}"}) {
    Result<model::Batch> batch = ParseSpdx(doc);
    ASSERT_TRUE(batch) << batch.error().message;
    EXPECT_TRUE(batch->packages.empty());
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(SpdxParse, GarbageAndWrongShapesAreErrors) {
  for (std::string_view doc :
       {"", "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n", "[]", "{\"bomFormat\":\"CycloneDX\"}",
        "{\"spdxVersion\":\"SPDX-2.3\",\"packages\":{}}"}) {
    Result<model::Batch> batch = ParseSpdx(doc);
    ASSERT_FALSE(batch) << doc;
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput) << doc;
    EXPECT_EQ(batch.error().message.rfind("spdx: ", 0), 0u) << batch.error().message;
  }
  Result<model::Batch> v3 =
      ParseSpdx("{\"@context\":\"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\",\"@graph\":[]}");
  ASSERT_FALSE(v3);
  EXPECT_EQ(v3.error().code, ErrorCode::kUnsupported);
}

TEST(SpdxSniff, DetectsItsSamples) {
  for (std::string_view name : {"trivy-fixture.spdx.json", "syft-style-debian12.spdx.json"}) {
    auto found = DetectFormat(ReadTestdata(kKey, name), "sbom.json");
    ASSERT_TRUE(found) << name << ": " << found.error().message;
    EXPECT_EQ((*found)->key, "spdx") << name;
  }
}

TEST(SpdxSniff, OtherFormatsAreNotClaimed) {
  EXPECT_EQ(SniffSpdx(ReadTestdata("cyclonedx", "trivy-fixture-1.6.cdx.json"), ""), 0);
  EXPECT_EQ(SniffSpdx(ReadTestdata("cyclonedx", "dropwizard-1.3.15.cdx.xml"), ""), 0);
  EXPECT_EQ(SniffSpdx(ReadTestdata("rpm_qa", "cbl-mariner2.tsv"), ""), 0);
}

}  // namespace
}  // namespace vs::parsers
