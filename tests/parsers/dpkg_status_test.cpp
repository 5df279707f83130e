#include "parsers/dpkg_status.h"

#include <string>

#include <gtest/gtest.h>

#include "parsers/apk_installed.h"
#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

constexpr std::string_view kKey = "dpkg_status";

const model::Package* Find(const model::Batch& batch, std::string_view name) {
  for (const model::Package& p : batch.packages)
    if (p.name == name) return &p;
  return nullptr;
}

std::string Replace(std::string s, std::string_view from, std::string_view to) {
  for (size_t i = s.find(from); i != std::string::npos; i = s.find(from, i + to.size()))
    s.replace(i, from.size(), to);
  return s;
}

TEST(DpkgStatusParse, Debian12SliceMatchesGolden) {
  Result<model::Batch> batch = ParseDpkgStatus(ReadTestdata(kKey, "debian12-slice.txt"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "debian12-slice"), "");
  EXPECT_TRUE(batch->warnings.empty());
  EXPECT_FALSE(batch->os);
  ASSERT_EQ(batch->packages.size(), 15u);

  const model::Package* libc = Find(*batch, "libc6");
  ASSERT_NE(libc, nullptr);
  EXPECT_EQ(libc->ecosystem, "Debian");
  EXPECT_EQ(libc->version, "2.36-9+deb12u14");
  EXPECT_EQ(libc->source_name, "glibc");  // "Source: glibc": same version as the binary.
  EXPECT_EQ(libc->source_version, "2.36-9+deb12u14");
  EXPECT_EQ(libc->arch, "amd64");
  EXPECT_EQ(libc->purl, "pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?arch=amd64");

  // binNMU: "Source: bash (5.2.15-2)" with Version 5.2.15-2+b8.
  const model::Package* bash = Find(*batch, "bash");
  ASSERT_NE(bash, nullptr);
  EXPECT_EQ(bash->version, "5.2.15-2+b8");
  EXPECT_EQ(bash->source_name, "bash");
  EXPECT_EQ(bash->source_version, "5.2.15-2");

  // Epoch in the binary version, not in the source one.
  const model::Package* bsdutils = Find(*batch, "bsdutils");
  ASSERT_NE(bsdutils, nullptr);
  EXPECT_EQ(bsdutils->version, "1:2.38.1-5+deb12u3");
  EXPECT_EQ(bsdutils->source_name, "util-linux");
  EXPECT_EQ(bsdutils->source_version, "2.38.1-5+deb12u3");

  // No Source field: the source is the package itself.
  const model::Package* adduser = Find(*batch, "adduser");
  ASSERT_NE(adduser, nullptr);
  EXPECT_EQ(adduser->source_name, "adduser");
  EXPECT_EQ(adduser->source_version, "3.134");
  EXPECT_EQ(adduser->arch, "all");
}

// The whole real status file (920 packages), reduced to the fields the parser reads.
TEST(DpkgStatusParse, Debian12FullInventoryCounts) {
  Result<model::Batch> batch = ParseDpkgStatus(ReadTestdata(kKey, "debian12-keyfields.txt.gz"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_TRUE(batch->warnings.empty());
  ASSERT_EQ(batch->packages.size(), 920u);
  size_t with_source = 0, with_epoch = 0;
  for (const model::Package& p : batch->packages) {
    EXPECT_EQ(p.ecosystem, "Debian");
    EXPECT_FALSE(p.version.empty()) << p.name;
    EXPECT_FALSE(p.arch.empty()) << p.name;
    if (p.source_name != p.name) ++with_source;
    if (p.version.find(':') != std::string::npos) ++with_epoch;
  }
  EXPECT_EQ(with_source, 756u);
  EXPECT_EQ(with_epoch, 132u);
  const model::Package* zlib = Find(*batch, "zlib1g");
  ASSERT_NE(zlib, nullptr);
  EXPECT_EQ(zlib->version, "1:1.2.13.dfsg-1");
  EXPECT_EQ(zlib->source_name, "zlib");
}

// Distroless images keep one stanza per file in /var/lib/dpkg/status.d/, without Status and
// without a trailing newline.
TEST(DpkgStatusParse, StatusDSingleStanzaWithoutStatus) {
  std::string text = ReadTestdata(kKey, "status.d-libc6");
  ASSERT_NE(text.back(), '\n');
  Result<model::Batch> batch = ParseDpkgStatus(text);
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "status.d-libc6"), "");
  ASSERT_EQ(batch->packages.size(), 1u);
  EXPECT_EQ(batch->packages[0].name, "libc6");
  EXPECT_EQ(batch->packages[0].source_name, "glibc");
}

TEST(DpkgStatusParse, CrlfAndMissingTrailingNewlineGiveTheSamePackages) {
  std::string text = ReadTestdata(kKey, "debian12-slice.txt");
  Result<model::Batch> lf = ParseDpkgStatus(text);
  ASSERT_TRUE(lf);
  Result<model::Batch> crlf = ParseDpkgStatus(Replace(text, "\n", "\r\n"));
  ASSERT_TRUE(crlf);
  EXPECT_EQ(crlf->packages, lf->packages);
  EXPECT_TRUE(crlf->warnings.empty());
  while (!text.empty() && text.back() == '\n') text.pop_back();
  Result<model::Batch> cut = ParseDpkgStatus(text);
  ASSERT_TRUE(cut);
  EXPECT_EQ(cut->packages, lf->packages);
}

TEST(DpkgStatusParse, OnlyInstalledStatesAreKept) {
  std::string text =
      "Package: a\nStatus: install ok installed\nVersion: 1\n\n"
      "Package: b\nStatus: hold ok installed\nVersion: 2\n\n"
      "Package: c\nStatus: deinstall ok config-files\nVersion: 3\n\n"
      "Package: d\nStatus: install reinstreq half-installed\nVersion: 4\n\n"
      "Package: e\nStatus: purge ok not-installed\n\n"
      "Package: f\nStatus: deinstall ok installed\nVersion: 6\n\n"
      "Package: g\nStatus: install ok unpacked\nVersion: 7\n";
  Result<model::Batch> batch = ParseDpkgStatus(text);
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_TRUE(batch->warnings.empty());
  ASSERT_EQ(batch->packages.size(), 2u);
  EXPECT_EQ(batch->packages[0].name, "a");
  EXPECT_EQ(batch->packages[1].name, "b");
}

TEST(DpkgStatusParse, SourceWithVersionAndContinuationLines) {
  std::string text =
      "Package: libc-bin\n"
      "Status: install ok installed\n"
      "Architecture: amd64\n"
      "Source: glibc (2.36-9+deb12u4)\n"
      "Version: 2.36-9+deb12u4+b1\n"
      "Description: GNU C Library: Binaries\n"
      " This package contains utility programs related to the GNU C Library.\n"
      " .\n"
      "Conffiles:\n"
      " /etc/ld.so.conf 4317c6de8564b68d628c21efa96b37e4\n";
  Result<model::Batch> batch = ParseDpkgStatus(text);
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 1u);
  EXPECT_EQ(batch->packages[0].source_name, "glibc");
  EXPECT_EQ(batch->packages[0].source_version, "2.36-9+deb12u4");
  EXPECT_EQ(batch->packages[0].version, "2.36-9+deb12u4+b1");
}

TEST(DpkgStatusParse, MalformedStanzasWarnAndOthersAreKept) {
  std::string text =
      "Package: good\nStatus: install ok installed\nVersion: 1.0-1\n\n"
      "Package: broken\nStatus: install ok installed\nthis line has no colon\nVersion: 2\n\n"
      "Package: noversion\nStatus: install ok installed\n\n"
      "Status: install ok installed\nVersion: 3\n\n"
      "Package: good2\nStatus: install ok installed\nVersion: 4\n";
  Result<model::Batch> batch = ParseDpkgStatus(text);
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 2u);
  EXPECT_EQ(batch->packages[0].name, "good");
  EXPECT_EQ(batch->packages[1].name, "good2");
  ASSERT_EQ(batch->warnings.size(), 3u);
  EXPECT_EQ(batch->warnings[0].record, "broken");
  EXPECT_EQ(batch->warnings[0].reason, "line 7 is neither \"Field: value\" nor a continuation");
  EXPECT_EQ(batch->warnings[1].record, "noversion");
  EXPECT_EQ(batch->warnings[2].record, "line 13");
}

TEST(DpkgStatusParse, EmptyInputGivesEmptyBatch) {
  for (std::string_view text : {"", "\n\n", " \r\n"}) {
    Result<model::Batch> batch = ParseDpkgStatus(text);
    ASSERT_TRUE(batch) << batch.error().message;
    EXPECT_TRUE(batch->packages.empty());
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(DpkgStatusParse, GarbageIsAnError) {
  for (std::string_view text : {std::string_view("\x7f\x45LF\x02\x01\x00\x00", 8),
                                std::string_view("hello: world\nthis is not a status file\n")}) {
    Result<model::Batch> batch = ParseDpkgStatus(text);
    ASSERT_FALSE(batch);
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(batch.error().message.rfind("dpkg_status: ", 0), 0u) << batch.error().message;
  }
}

TEST(DpkgStatusSniff, DetectsStatusAndStatusD) {
  auto found = DetectFormat(ReadTestdata(kKey, "debian12-slice.txt"), "status");
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ((*found)->key, "dpkg_status");
  found = DetectFormat(ReadTestdata(kKey, "status.d-libc6"), "libc6");
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ((*found)->key, "dpkg_status");
}

TEST(DpkgStatusSniff, OtherFormatsAreNotClaimed) {
  EXPECT_EQ(SniffDpkgStatus(ReadTestdata("apk_installed", "alpine319-installed"), "installed"), 0);
  EXPECT_EQ(SniffDpkgStatus(ReadTestdata("rpm_qa", "rockylinux9.rpm-qa.txt"), ""), 0);
  EXPECT_EQ(SniffDpkgStatus(ReadTestdata("cyclonedx", "trivy-fixture-1.6.cdx.json"), ""), 0);
  // An apt Packages index: same syntax, but available (not installed) packages.
  EXPECT_EQ(
      SniffDpkgStatus("Package: curl\nVersion: 7.88.1-10\nFilename: pool/main/c/curl/x.deb\n", ""),
      0);
  // And the dpkg sample is not claimed by the apk sniffer.
  EXPECT_EQ(SniffApkInstalled(ReadTestdata(kKey, "debian12-slice.txt"), "status"), 0);
}

}  // namespace
}  // namespace vs::parsers
