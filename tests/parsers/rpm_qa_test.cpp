#include "parsers/rpm_qa.h"

#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

constexpr std::string_view kKey = "rpm_qa";

const model::Package* Find(const model::Batch& batch, std::string_view name) {
  for (const model::Package& p : batch.packages)
    if (p.name == name) return &p;
  return nullptr;
}

TEST(RpmQaParse, RockyLinux9PlainMatchesGolden) {
  Result<model::Batch> batch = ParseRpmQa(ReadTestdata(kKey, "rockylinux9.rpm-qa.txt"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "rockylinux9.rpm-qa"), "");
  EXPECT_TRUE(batch->warnings.empty());
  ASSERT_EQ(batch->packages.size(), 142u);
  for (const model::Package& p : batch->packages) {
    EXPECT_EQ(p.ecosystem, "");  // The scanner knows the distribution; the parser does not.
    EXPECT_TRUE(p.arch == "aarch64" || p.arch == "noarch") << p.name << " " << p.arch;
    EXPECT_EQ(p.source_name, "");  // Plain NVRA lines do not name the source RPM.
  }
  const model::Package* p = Find(*batch, "crypto-policies");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->version, "20230731-1.git94f0e2c.el9_3.1");
  EXPECT_EQ(p->arch, "noarch");
}

TEST(RpmQaParse, CentOs7CsvSliceMatchesGolden) {
  Result<model::Batch> batch = ParseRpmQa(ReadTestdata(kKey, "centos7-httpd24-slice.csv"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "centos7-httpd24-slice"), "");
  EXPECT_TRUE(batch->warnings.empty());
  ASSERT_EQ(batch->packages.size(), 34u);  // 37 rows, 3 gpg-pubkey keys skipped.
  EXPECT_EQ(Find(*batch, "gpg-pubkey"), nullptr);
  // Quoted summary with commas does not shift the columns.
  const model::Package* curl = Find(*batch, "curl");
  ASSERT_NE(curl, nullptr);
  EXPECT_EQ(curl->version, "7.29.0-51.el7");
  EXPECT_EQ(curl->source_name, "curl");
  EXPECT_EQ(curl->source_version, "7.29.0-51.el7");
  EXPECT_EQ(curl->arch, "x86_64");
}

TEST(RpmQaParse, CblMariner2TsvMatchesGolden) {
  Result<model::Batch> batch = ParseRpmQa(ReadTestdata(kKey, "cbl-mariner2.tsv"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "cbl-mariner2"), "");
  EXPECT_TRUE(batch->warnings.empty());
  ASSERT_EQ(batch->packages.size(), 129u);
  // Epoch 1, and a subpackage whose SRPM has another name.
  const model::Package* tools = Find(*batch, "ca-certificates-tools");
  ASSERT_NE(tools, nullptr);
  EXPECT_EQ(tools->version, "1:2.0.0-1.cm2");
  EXPECT_EQ(tools->source_name, "ca-certificates");
  EXPECT_EQ(tools->source_version, "1:2.0.0-1.cm2");
  const model::Package* libs = Find(*batch, "openssl-libs");
  ASSERT_NE(libs, nullptr);
  EXPECT_EQ(libs->version, "1.1.1k-7.cm2");  // Empty epoch column: no "0:".
  EXPECT_EQ(libs->source_name, "openssl");
}

TEST(RpmQaParse, CentOs7PlainFullListSkipsGpgPubkeys) {
  Result<model::Batch> batch = ParseRpmQa(ReadTestdata(kKey, "centos7-httpd24.rpm-qa.txt"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_TRUE(batch->warnings.empty());
  EXPECT_EQ(batch->packages.size(), 222u);  // 225 lines, 3 "gpg-pubkey-…-…." lines.
  EXPECT_EQ(Find(*batch, "gpg-pubkey"), nullptr);
  const model::Package* httpd = Find(*batch, "httpd24-httpd");
  ASSERT_NE(httpd, nullptr);
  EXPECT_EQ(httpd->arch, "x86_64");
}

TEST(RpmQaParse, EpochAndArchFormsOfPlainLines) {
  Result<model::Batch> batch = ParseRpmQa(
      "openssl-libs-1:3.0.7-24.el9.x86_64\n"  // dnf-style NEVRA with epoch
      "bash-0:5.1.8-6.el9.x86_64\n"           // epoch 0 is dropped
      "kernel-core-5.14.0-362.8.1.el9_3\n"    // --qf without arch
      "tzdata-2023c-1.el9.noarch\r\n"         // CRLF
      "libgcc-11.4.1-2.1.el9.i686\n"
      "weird-1.0-1.(none)\n");
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_TRUE(batch->warnings.empty());
  ASSERT_EQ(batch->packages.size(), 6u);
  EXPECT_EQ(batch->packages[0].name, "openssl-libs");
  EXPECT_EQ(batch->packages[0].version, "1:3.0.7-24.el9");
  EXPECT_EQ(batch->packages[1].version, "5.1.8-6.el9");
  EXPECT_EQ(batch->packages[2].name, "kernel-core");
  EXPECT_EQ(batch->packages[2].version, "5.14.0-362.8.1.el9_3");
  EXPECT_EQ(batch->packages[2].arch, "");
  EXPECT_EQ(batch->packages[3].arch, "noarch");
  EXPECT_EQ(batch->packages[4].arch, "i686");
  EXPECT_EQ(batch->packages[5].arch, "");
  EXPECT_EQ(batch->packages[5].version, "1.0-1");
}

TEST(RpmQaParse, QueryformatTableEpochRules) {
  Result<model::Batch> batch = ParseRpmQa(
      "EPOCH\tNAME\tVERSION\tRELEASE\tARCH\tSOURCERPM\n"
      "0\tzlib\t1.2.11\t40.el9\tx86_64\tzlib-1.2.11-40.el9.src.rpm\n"
      "(none)\tbash\t5.1.8\t6.el9\tx86_64\t(none)\n"
      "2\tvim-minimal\t8.2.2637\t20.el9_1\tx86_64\tvim-8.2.2637-20.el9_1.src.rpm\n");
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 3u);
  EXPECT_EQ(batch->packages[0].version, "1.2.11-40.el9");
  EXPECT_EQ(batch->packages[1].version, "5.1.8-6.el9");
  EXPECT_EQ(batch->packages[1].source_name, "");
  EXPECT_EQ(batch->packages[2].version, "2:8.2.2637-20.el9_1");
  EXPECT_EQ(batch->packages[2].source_name, "vim");
  EXPECT_EQ(batch->packages[2].source_version, "2:8.2.2637-20.el9_1");
}

TEST(RpmQaParse, MalformedLinesWarnAndOthersAreKept) {
  Result<model::Batch> batch = ParseRpmQa(
      "openssl-libs-3.0.7-24.el9.x86_64\n"
      "justoneword\n"
      "two-words.x86_64\n"
      "bash-5.1.8-6.el9.x86_64\n");
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 2u);
  ASSERT_EQ(batch->warnings.size(), 2u);
  EXPECT_EQ(batch->warnings[0].record, "line 2");
  EXPECT_EQ(batch->warnings[1].record, "line 3");

  batch = ParseRpmQa(
      "epoch,name,version,release,arch,sourcerpm\n"
      ",zlib,1.2.11,40.el9,x86_64,zlib-1.2.11-40.el9.src.rpm\n"
      ",,1.0,1,x86_64,\n"
      ",nover,,1,x86_64,\n");
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->packages.size(), 1u);
  ASSERT_EQ(batch->warnings.size(), 2u);
  EXPECT_EQ(batch->warnings[0].record, "line 3");
  EXPECT_EQ(batch->warnings[1].record, "line 4");
}

TEST(RpmQaParse, EmptyInputGivesEmptyBatch) {
  for (std::string_view text : {"", "\n\n", "epoch,name,version,release,arch,sourcerpm\n",
                                "gpg-pubkey-f4a80eb5-53a7ff4b\n"}) {
    Result<model::Batch> batch = ParseRpmQa(text);
    ASSERT_TRUE(batch) << batch.error().message;
    EXPECT_TRUE(batch->packages.empty());
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(RpmQaParse, GarbageIsAnError) {
  for (std::string_view text : {std::string_view("\x1f\x8b\x08\x00\x00", 5),
                                std::string_view("hello world\nnothing here\n")}) {
    Result<model::Batch> batch = ParseRpmQa(text);
    ASSERT_FALSE(batch);
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(batch.error().message.rfind("rpm_qa: ", 0), 0u) << batch.error().message;
  }
}

TEST(RpmQaSniff, DetectsPlainCsvAndTsv) {
  for (std::string_view name : {"rockylinux9.rpm-qa.txt", "centos7-httpd24-slice.csv",
                                "cbl-mariner2.tsv", "centos7-httpd24.rpm-qa.txt"}) {
    auto found = DetectFormat(ReadTestdata(kKey, name), "packages.txt");
    ASSERT_TRUE(found) << name << ": " << found.error().message;
    EXPECT_EQ((*found)->key, "rpm_qa") << name;
  }
}

TEST(RpmQaSniff, OtherFormatsAreNotClaimed) {
  EXPECT_EQ(SniffRpmQa(ReadTestdata("dpkg_status", "debian12-slice.txt"), "status"), 0);
  EXPECT_EQ(SniffRpmQa(ReadTestdata("apk_installed", "alpine319-installed"), "installed"), 0);
  EXPECT_EQ(SniffRpmQa(ReadTestdata("cyclonedx", "trivy-fixture-1.6.cdx.json"), ""), 0);
  EXPECT_EQ(SniffRpmQa("Django==4.1.7\nrequests==2.28.2\nurllib3==1.26.9\n", "requirements.txt"),
            0);
  EXPECT_EQ(SniffRpmQa("cve,epss,percentile\nCVE-2021-44228,0.97,0.99\n", "epss.csv"), 0);
}

}  // namespace
}  // namespace vs::parsers
