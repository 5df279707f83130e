#include "parsers/purl.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    size_t i = s.find(sep);
    out.push_back(Trim(s.substr(0, i)));
    if (i == std::string_view::npos) break;
    s.remove_prefix(i + 1);
  }
  return out;
}

std::string_view OrEmpty(std::string_view v) { return v == "(none)" ? std::string_view() : v; }

// Every row of formats.md's purl table (fixture sbom/purl-examples.txt): parsing gives the
// listed parts, and building gives the canonical purl back.
TEST(PurlParse, FixtureExamplesParseAndRoundTrip) {
  std::string text = testing::ReadTestdata("purl", "purl-examples.txt");
  int rows = 0;
  for (std::string_view line : Split(text, '\n')) {
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string_view> col = Split(line, '|');
    ASSERT_GE(col.size(), 6u) << line;
    ++rows;
    Result<PurlParts> p = ParsePurl(col[0]);
    ASSERT_TRUE(p) << col[0] << ": " << p.error().message;
    EXPECT_EQ(p->type, col[1]) << line;
    EXPECT_EQ(p->ns, OrEmpty(col[2])) << line;
    EXPECT_EQ(p->name, col[3]) << line;
    EXPECT_EQ(p->version, OrEmpty(col[4])) << line;
    std::string qualifiers;
    for (const auto& [k, v] : p->qualifiers)
      qualifiers += (qualifiers.empty() ? "" : ",") + k + "=" + v;
    EXPECT_EQ(qualifiers, OrEmpty(col[5])) << line;
    EXPECT_EQ(BuildPurl(*p), col[0]) << line;
  }
  EXPECT_EQ(rows, 21);
}

TEST(PurlParse, DecodesAndNormalises) {
  Result<PurlParts> p =
      ParsePurl("PKG:PyPI/Django_Allauth@0.54.0?Extension=tar.gz#src/./x/../lib/");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->type, "pypi");
  EXPECT_EQ(p->name, "django-allauth");  // pypi: lower-case, '_' → '-'.
  EXPECT_EQ(p->qualifiers,
            (std::vector<std::pair<std::string, std::string>>{{"extension", "tar.gz"}}));
  EXPECT_EQ(p->subpath, "src/x/lib");  // "." and ".." segments are dropped.

  // An unencoded npm scope is tolerated; '+' stays '+' (no form decoding).
  p = ParsePurl("pkg:npm/@babel/core@7.0.0+build%2E1");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->ns, "@babel");
  EXPECT_EQ(p->name, "core");
  EXPECT_EQ(p->version, "7.0.0+build.1");
  EXPECT_EQ(BuildPurl(*p), "pkg:npm/%40babel/core@7.0.0%2Bbuild.1");

  // "pkg://" is tolerated; deb namespace and name are case-insensitive; empty qualifiers go.
  p = ParsePurl("pkg://deb/Debian/LibC6@2.36-9?arch=amd64&distro=");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(BuildPurl(*p), "pkg:deb/debian/libc6@2.36-9?arch=amd64");

  // npm names keep their case (legacy registry names such as JSONStream; formats.md §6.4).
  p = ParsePurl("pkg:npm/JSONStream@1.3.5");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->name, "JSONStream");
}

TEST(PurlParse, RejectsInvalidPurls) {
  for (std::string_view bad : {
           "", "EnterpriseLibrary.Common@6.0.1304",  // no scheme
           "pkg:EnterpriseLibrary.Common@6.0.1304",  // no type
           "pkg:n&g?inx/nginx@0.8.9", "pkg:3nginx/nginx@0.8.9", "pkg:nginx:a/nginx@0.8.9",
           "pkg:npm/myartifact@1.0.0?in%20production=true",  // invalid qualifier key
           "pkg:maven/@1.3.4",                               // no name
           "pkg%3Amaven/org.apache.commons/io",              // encoded scheme colon
           "pkg:npm/foobar@",                                // empty version
           "pkg:npm/",                                       // no name
           "pkg:npm/foo%2",                                  // truncated escape
           "pkg:npm/foo%zzbar@1",                            // bad escape
           "pkg:deb/curl@7.50.3-1",                          // deb needs a vendor namespace
           "pkg:maven/log4j-core@2.14.1",                    // maven needs a groupId
       }) {
    Result<PurlParts> p = ParsePurl(bad);
    EXPECT_FALSE(p) << bad;
    if (!p) {
      EXPECT_EQ(p.error().code, ErrorCode::kInvalidInput);
      EXPECT_EQ(p.error().message.rfind("purl", 0), 0u) << p.error().message;
    }
  }
}

TEST(PurlEcosystem, TypesAndVendorsMapToOsvEcosystems) {
  struct Case {
    std::string_view type, ns, ecosystem;
  };
  for (const Case& c : std::vector<Case>{
           {"npm", "", "npm"},
           {"pypi", "", "PyPI"},
           {"golang", "github.com/x", "Go"},
           {"maven", "org.x", "Maven"},
           {"cargo", "", "crates.io"},
           {"gem", "", "RubyGems"},
           {"nuget", "", "NuGet"},
           {"composer", "x", "Packagist"},
           {"hex", "", "Hex"},
           {"pub", "", "Pub"},
           {"deb", "debian", "Debian"},
           {"deb", "ubuntu", "Ubuntu"},
           {"rpm", "redhat", "Red Hat"},
           {"rpm", "centos", "CentOS"},
           {"rpm", "rocky", "Rocky Linux"},
           {"rpm", "almalinux", "AlmaLinux"},
           {"rpm", "amzn", "Amazon Linux"},
           {"rpm", "amazon", "Amazon Linux"},
           {"rpm", "fedora", "Fedora"},
           {"apk", "alpine", "Alpine"},
           {"apk", "wolfi", "Wolfi"},
           {"apk", "chainguard", "Chainguard"},
           {"NPM", "", "npm"},
           {"deb", "kali", ""},
           {"rpm", "", ""},
           {"generic", "", ""},
           {"oci", "", ""},
           {"github", "x", ""},
       }) {
    EXPECT_EQ(PurlTypeToEcosystem(c.type, c.ns), c.ecosystem) << c.type << "/" << c.ns;
  }
}

TEST(PurlPackage, NamesVersionsAndSourcesPerEcosystem) {
  auto pkg = [](std::string_view purl) {
    Result<PurlParts> p = ParsePurl(purl);
    EXPECT_TRUE(p) << purl;
    return p ? PackageFromPurl(*p) : model::Package{};
  };
  model::Package p = pkg("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar");
  EXPECT_EQ(p.ecosystem, "Maven");
  EXPECT_EQ(p.name, "org.apache.logging.log4j:log4j-core");
  EXPECT_EQ(pkg("pkg:npm/%40angular/core@16.2.12").name, "@angular/core");
  EXPECT_EQ(pkg("pkg:composer/guzzlehttp/guzzle@7.4.4").name, "guzzlehttp/guzzle");
  p = pkg("pkg:golang/github.com/docker/distribution@v2.7.1%2Bincompatible");
  EXPECT_EQ(p.name, "github.com/docker/distribution");
  EXPECT_EQ(p.version, "v2.7.1+incompatible");  // Go keeps the "v", as go.mod does.

  // Trivy puts the epoch in a qualifier for deb and rpm; the model keeps it in the version.
  p = pkg("pkg:deb/debian/bsdutils@2.38.1-5%2Bdeb12u3?arch=amd64&distro=debian-12.11&epoch=1");
  EXPECT_EQ(p.version, "1:2.38.1-5+deb12u3");
  EXPECT_EQ(p.arch, "amd64");
  p = pkg("pkg:rpm/amazon/openssl-libs@1.0.2k-24.amzn2.0.4?arch=x86_64&distro=amazon-2&epoch=1");
  EXPECT_EQ(p.ecosystem, "Amazon Linux");
  EXPECT_EQ(p.version, "1:1.0.2k-24.amzn2.0.4");
  EXPECT_EQ(pkg("pkg:rpm/fedora/curl@7.50.3-1.fc25?epoch=0").version, "7.50.3-1.fc25");
  EXPECT_EQ(pkg("pkg:deb/debian/attr@1:2.4.47-2%2Bb1?epoch=1").version, "1:2.4.47-2+b1");

  // Syft's upstream qualifier: name, name@version, or a source RPM file name.
  p = pkg("pkg:deb/debian/libc6@2.36-9?upstream=glibc");
  EXPECT_EQ(p.source_name, "glibc");
  EXPECT_EQ(p.source_version, "");
  p = pkg("pkg:deb/debian/bsdutils@1:2.38.1-5?upstream=util-linux%402.38.1-5");
  EXPECT_EQ(p.source_name, "util-linux");
  EXPECT_EQ(p.source_version, "2.38.1-5");
  p = pkg("pkg:rpm/redhat/openssl-libs@3.0.7-24.el9?epoch=1&upstream=openssl-3.0.7-24.el9.src.rpm");
  EXPECT_EQ(p.source_name, "openssl");
  EXPECT_EQ(p.source_version, "1:3.0.7-24.el9");
}

TEST(PurlOs, SbomOperatingSystemNamesGiveOsvEcosystems) {
  struct Case {
    std::string_view name, version, family, release, ecosystem;
  };
  for (const Case& c : std::vector<Case>{
           {"debian", "12.11", "debian", "12", "Debian:12"},
           {"debian", "12", "debian", "12", "Debian:12"},
           {"ubuntu", "22.04", "ubuntu", "22.04", "Ubuntu:22.04"},
           {"ubuntu", "22.04.3", "ubuntu", "22.04", "Ubuntu:22.04"},
           {"alpine", "3.19.1", "alpine", "3.19.1", "Alpine:v3.19"},
           {"alpine", "3.10.2", "alpine", "3.10.2", "Alpine:v3.10"},
           {"rocky", "9.3", "rocky", "9.3", "Rocky Linux:9"},
           {"alma", "8.9", "almalinux", "8.9", "AlmaLinux:8"},
           {"amazon", "2 (Karoo)", "amzn", "2", "Amazon Linux:2"},
           {"amazon", "2023.3.20240219", "amzn", "2023.3.20240219", "Amazon Linux:2023"},
           {"redhat", "9.3", "rhel", "9.3", "Red Hat"},
           {"wolfi", "20230201", "wolfi", "20230201", "Wolfi"},
           {"Debian", "", "debian", "", "Debian"},
           {"plan9", "4", "plan9", "4", ""},
       }) {
    auto os = OsInfoFromNameVersion(c.name, c.version);
    ASSERT_TRUE(os) << c.name;
    EXPECT_EQ(os->family, c.family) << c.name << " " << c.version;
    EXPECT_EQ(os->release, c.release) << c.name << " " << c.version;
    EXPECT_EQ(os->ecosystem, c.ecosystem) << c.name << " " << c.version;
  }
  EXPECT_FALSE(OsInfoFromNameVersion("", "12"));

  model::OsInfo debian{"debian", "12", "Debian:12"};
  EXPECT_EQ(OsPackageEcosystem("Debian", debian), "Debian:12");
  EXPECT_EQ(OsPackageEcosystem("Ubuntu", debian), "Ubuntu");
  EXPECT_EQ(OsPackageEcosystem("npm", debian), "npm");
  EXPECT_EQ(OsPackageEcosystem("Red Hat", model::OsInfo{"rhel", "9.3", "Red Hat"}), "Red Hat");
}

}  // namespace
}  // namespace vs::parsers
