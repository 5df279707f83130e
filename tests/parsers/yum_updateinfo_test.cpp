#include "parsers/yum_updateinfo.h"

#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

constexpr std::string_view kKey = "yum_updateinfo";

const model::Advisory* Find(const model::Batch& batch, std::string_view id) {
  for (const model::Advisory& a : batch.advisories)
    if (a.id == id) return &a;
  return nullptr;
}

// One <update> with the given id, type, dates and packages (attributes as in the ALAS feed).
std::string Update(
    std::string_view id, std::string_view type = "security",
    std::string_view issued = "2023-02-17 20:41:00",
    std::string_view packages =
        "<package name=\"curl\" epoch=\"0\" version=\"8.5.0\" release=\"1.amzn2023.0.2\" "
        "arch=\"x86_64\"/>") {
  return "<update type=\"" + std::string(type) + "\" status=\"final\"><id>" + std::string(id) +
         "</id><title>t</title><issued date=\"" + std::string(issued) +
         "\"/><severity>Medium</severity><references><reference type=\"cve\" id=\"cve-2023-38545\" "
         "href=\"https://example.org/CVE-2023-38545\"/></references><pkglist><collection>" +
         std::string(packages) + "</collection></pkglist></update>";
}

std::string Doc(const std::string& updates) {
  return "<?xml version=\"1.0\"?>\n<updates>" + updates + "</updates>";
}

TEST(YumUpdateinfoParse, Al2CoreAndExtrasMatchGolden) {
  Result<model::Batch> batch = ParseYumUpdateinfo(ReadTestdata(kKey, "al2-core-extras.xml"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "al2-core-extras"), "");
}

TEST(YumUpdateinfoParse, Al2023MatchesGolden) {
  Result<model::Batch> batch = ParseYumUpdateinfo(ReadTestdata(kKey, "al2023.xml"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "al2023"), "");
}

TEST(YumUpdateinfoParse, Al2KernelAdvisoryFacts) {
  Result<model::Batch> batch = ParseYumUpdateinfo(ReadTestdata(kKey, "al2-core-extras.xml"));
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->advisories.size(), 2u);
  EXPECT_TRUE(batch->warnings.empty());
  const model::Advisory* a = Find(*batch, "ALAS2-2018-939");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->source, "yum_updateinfo");
  EXPECT_EQ(a->aliases, (std::vector<std::string>{"CVE-2017-5754", "CVE-2017-5715"}));
  EXPECT_EQ(a->severity, model::Severity::kCritical);
  // AL2 writes "YYYY-MM-DD HH:MM" (formats.md §9).
  EXPECT_EQ(a->published, "2018-01-11T21:05:00Z");
  EXPECT_EQ(a->modified, "2018-01-16T01:28:00Z");
  ASSERT_EQ(a->affected.size(), 4u);  // kernel, kernel-headers, perf, kernel-doc
  EXPECT_EQ(a->affected[0].ecosystem, "Amazon Linux:2");
  EXPECT_EQ(a->affected[0].package, "kernel");
  ASSERT_EQ(a->affected[0].ranges.size(), 1u);
  EXPECT_EQ(a->affected[0].ranges[0].events,
            (std::vector<model::RangeEvent>{{model::EventKind::kIntroduced, "0"},
                                            {model::EventKind::kFixed, "0:4.9.76-38.79.amzn2"}}));
  EXPECT_EQ(a->references.size(), 2u);

  // AL2 Extras id: still Amazon Linux 2; the kernel listed for two arches is one entry.
  const model::Advisory* extras = Find(*batch, "ALAS2KERNEL-5.15-2022-001");
  ASSERT_NE(extras, nullptr);
  EXPECT_EQ(extras->severity, model::Severity::kHigh);  // "important"
  ASSERT_EQ(extras->affected.size(), 1u);
  EXPECT_EQ(extras->affected[0].ecosystem, "Amazon Linux:2");
  EXPECT_EQ(extras->affected[0].ranges[0].events.size(), 2u);
}

TEST(YumUpdateinfoParse, Al2023DropsDebuginfoAndReadsSeconds) {
  Result<model::Batch> batch = ParseYumUpdateinfo(ReadTestdata(kKey, "al2023.xml"));
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->advisories.size(), 1u);
  const model::Advisory& a = batch->advisories[0];
  EXPECT_EQ(a.id, "ALAS2023-2023-001");
  EXPECT_EQ(a.severity, model::Severity::kHigh);  // "Important", capitalised on AL2023
  EXPECT_EQ(a.published, "2023-02-17T20:41:00Z");
  EXPECT_EQ(a.aliases, (std::vector<std::string>{"CVE-2014-3634", "CVE-2022-24903"}));
  ASSERT_EQ(a.affected.size(), 1u);  // rsyslog; rsyslog-debuginfo dropped, aarch64 merged
  EXPECT_EQ(a.affected[0].package, "rsyslog");
  EXPECT_EQ(a.affected[0].ecosystem, "Amazon Linux:2023");
  EXPECT_EQ(a.affected[0].ranges[0].events[1].version, "0:8.2204.0-3.amzn2023.0.2");
  EXPECT_EQ(a.details.substr(0, 22), "Package updates are av");
  EXPECT_NE(a.details.back(), '\n');  // trimmed
}

TEST(YumUpdateinfoParse, EcosystemComesFromIdPrefix) {
  Result<model::Batch> batch =
      ParseYumUpdateinfo(Doc(Update("ALAS-2018-1000") + Update("ALAS2022-2022-001") +
                             Update("ALAS2023LIVEPATCH-2023-001") + Update("ALAS2ECS-2022-001") +
                             Update("ALSA-2023:6283")));
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->advisories.size(), 5u);
  EXPECT_EQ(batch->advisories[0].affected[0].ecosystem, "Amazon Linux:1");
  EXPECT_EQ(batch->advisories[1].affected[0].ecosystem, "Amazon Linux:2022");
  EXPECT_EQ(batch->advisories[2].affected[0].ecosystem, "Amazon Linux:2023");
  EXPECT_EQ(batch->advisories[3].affected[0].ecosystem, "Amazon Linux:2");
  EXPECT_EQ(batch->advisories[4].affected[0].ecosystem, "");  // importer decides
  EXPECT_TRUE(batch->warnings.empty());
  EXPECT_EQ(batch->advisories[0].aliases,
            (std::vector<std::string>{"CVE-2023-38545"}));  // upper-cased
}

TEST(YumUpdateinfoParse, ForFillsUnknownPrefixesOnly) {
  Result<model::Batch> batch = ParseYumUpdateinfoFor(
      Doc(Update("ALSA-2023:6283") + Update("ALAS2-2023-2000")), "AlmaLinux:9");
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->advisories.size(), 2u);
  EXPECT_EQ(batch->advisories[0].affected[0].ecosystem, "AlmaLinux:9");
  EXPECT_EQ(batch->advisories[1].affected[0].ecosystem, "Amazon Linux:2");
}

TEST(YumUpdateinfoParse, NonSecurityUpdatesAreSkippedSilently) {
  Result<model::Batch> batch =
      ParseYumUpdateinfo(Doc(Update("ALAS2-2023-1", "bugfix") +
                             Update("ALAS2-2023-2", "enhancement") + Update("ALAS2-2023-3")));
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->advisories.size(), 1u);
  EXPECT_EQ(batch->advisories[0].id, "ALAS2-2023-3");
  EXPECT_TRUE(batch->warnings.empty());
}

TEST(YumUpdateinfoParse, DateFormatsOfOtherRepositories) {
  Result<model::Batch> batch = ParseYumUpdateinfo(
      Doc(Update("A-1", "security", "1547156455") + Update("A-2", "security", "2019-01-11") +
          Update("A-3", "security", "2019-01-11T10:20:30Z") +
          Update("A-4", "security", "2000-02-29 23:59:59.123") +
          Update("A-5", "security", "yesterday")));
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->advisories.size(), 5u);
  EXPECT_EQ(batch->advisories[0].published, "2019-01-10T21:40:55Z");  // SUSE: Unix seconds
  EXPECT_EQ(batch->advisories[1].published, "2019-01-11T00:00:00Z");
  EXPECT_EQ(batch->advisories[2].published, "2019-01-11T10:20:30Z");
  EXPECT_EQ(batch->advisories[3].published, "2000-02-29T23:59:59Z");
  // An unreadable date is dropped with a warning; the advisory itself is still good.
  EXPECT_EQ(batch->advisories[4].published, "");
  ASSERT_EQ(batch->warnings.size(), 1u);
  EXPECT_EQ(batch->warnings[0].record, "A-5");
}

TEST(YumUpdateinfoParse, DistinctVersionsOfOnePackageBecomeSeparateRanges) {
  Result<model::Batch> batch = ParseYumUpdateinfo(
      Doc(Update("ALAS2-2023-9", "security", "2023-01-01 00:00",
                 "<package name=\"kernel\" version=\"5.10.1\" release=\"1.amzn2\" arch=\"x86_64\"/>"
                 "<package name=\"kernel\" epoch=\"0\" version=\"5.10.1\" release=\"1.amzn2\" "
                 "arch=\"aarch64\"/>"
                 "<package name=\"kernel\" epoch=\"1\" version=\"5.10.2\" release=\"1.amzn2\" "
                 "arch=\"x86_64\"/>"
                 "<package name=\"kernel-debuginfo-common-x86_64\" version=\"5.10.1\" "
                 "release=\"1.amzn2\"/>")));
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->advisories.size(), 1u);
  ASSERT_EQ(batch->advisories[0].affected.size(), 1u);
  const std::vector<model::AffectedRange>& ranges = batch->advisories[0].affected[0].ranges;
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0].events[1].version, "0:5.10.1-1.amzn2");
  EXPECT_EQ(ranges[1].events[1].version, "1:5.10.2-1.amzn2");
}

// An Extras fix applies to its topic's stream only: kernel-5.15's fix starts at 5.15, so the
// release's 4.14 and 5.10 kernels are not reported. Packages outside the stream, and topics
// without a version, keep "every earlier version".
TEST(YumUpdateinfoParse, ExtrasFixesStartAtTheirStream) {
  auto pkg = [](const char* name, const char* version) {
    return std::string("<package name=\"") + name + "\" epoch=\"0\" version=\"" + version +
           "\" release=\"1.amzn2\" arch=\"x86_64\"/>";
  };
  Result<model::Batch> batch = ParseYumUpdateinfo(Doc(
      Update("ALAS2KERNEL-5.15-2022-001", "security", "2022-07-01 00:00",
             pkg("kernel", "5.15.43") + pkg("kernel-livepatch-utils", "1.0")) +
      Update("ALAS2PHP8.0-2022-002", "security", "2022-07-01 00:00", pkg("php", "8.0.20")) +
      Update("ALAS2DOCKER-2022-003", "security", "2022-07-01 00:00", pkg("docker", "20.10.13")) +
      Update("ALAS2-2022-004", "security", "2022-07-01 00:00", pkg("kernel", "4.14.290"))));
  ASSERT_TRUE(batch);
  auto introduced = [&](std::string_view id, std::string_view package) -> std::string {
    const model::Advisory* a = Find(*batch, id);
    if (a == nullptr) return "no advisory";
    for (const model::Affected& af : a->affected)
      if (af.package == package) return af.ranges.at(0).events.at(0).version;
    return "no package";
  };
  EXPECT_EQ(introduced("ALAS2KERNEL-5.15-2022-001", "kernel"), "0:5.15");
  EXPECT_EQ(introduced("ALAS2KERNEL-5.15-2022-001", "kernel-livepatch-utils"), "0");
  EXPECT_EQ(introduced("ALAS2PHP8.0-2022-002", "php"), "0:8.0");
  EXPECT_EQ(introduced("ALAS2DOCKER-2022-003", "docker"), "0");
  EXPECT_EQ(introduced("ALAS2-2022-004", "kernel"), "0");
}

TEST(YumUpdateinfoParse, MalformedUpdatesWarnAndOthersAreKept) {
  std::string no_id = "<update type=\"security\"><title>no id</title></update>";
  std::string debug_only = Update("ALAS2-2023-7", "security", "2023-01-01 00:00",
                                  "<package name=\"curl-debuginfo\" version=\"1\" release=\"1\"/>");
  std::string no_version = Update("ALAS2-2023-8", "security", "2023-01-01 00:00",
                                  "<package name=\"curl\" release=\"1\"/><package name=\"zlib\" "
                                  "version=\"1.2\" release=\"1\"/>");
  Result<model::Batch> batch = ParseYumUpdateinfo(
      Doc(Update("ALAS2-2023-5") + no_id + debug_only + no_version + Update("ALAS2-2023-6")));
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->advisories.size(), 3u);
  EXPECT_EQ(batch->advisories[0].id, "ALAS2-2023-5");
  EXPECT_EQ(batch->advisories[1].id, "ALAS2-2023-8");
  ASSERT_EQ(batch->advisories[1].affected.size(), 1u);
  EXPECT_EQ(batch->advisories[1].affected[0].package, "zlib");
  EXPECT_EQ(batch->advisories[2].id, "ALAS2-2023-6");
  ASSERT_EQ(batch->warnings.size(), 3u);
  EXPECT_EQ(batch->warnings[0].record, "update #2");
  EXPECT_EQ(batch->warnings[1].record, "ALAS2-2023-7");
  EXPECT_EQ(batch->warnings[2].record, "ALAS2-2023-8");
}

TEST(YumUpdateinfoParse, EmptyDocumentGivesEmptyBatch) {
  for (std::string_view doc : {"<updates/>", "<?xml version=\"1.0\" ?>\n<updates>\n</updates>\n"}) {
    Result<model::Batch> batch = ParseYumUpdateinfo(doc);
    ASSERT_TRUE(batch) << doc;
    EXPECT_TRUE(batch->advisories.empty());
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(YumUpdateinfoParse, GarbageIsAnError) {
  for (std::string_view bad :
       {std::string_view(""), std::string_view("\x01\x02 not xml <<<"),
        std::string_view("<updates><update>"), std::string_view("{\"updates\": []}")}) {
    Result<model::Batch> batch = ParseYumUpdateinfo(bad);
    ASSERT_FALSE(batch) << bad;
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(batch.error().message.rfind("yum_updateinfo: ", 0), 0u) << batch.error().message;
  }
  // Well-formed XML with another root: repomd.xml sits next to updateinfo in every repo.
  Result<model::Batch> repomd = ParseYumUpdateinfo(ReadTestdata(kKey, "repomd.not-mine.xml"));
  ASSERT_FALSE(repomd);
  EXPECT_NE(repomd.error().message.find("<repomd>"), std::string::npos);
}

TEST(YumUpdateinfoParse, WholeRepositoryFileWithThousandsOfUpdates) {
  std::string updates;
  for (int i = 0; i < 5000; ++i) {
    updates += Update("ALAS2-2020-" + std::to_string(i));
    updates += Update("ALAS2-2020-bf" + std::to_string(i), "bugfix");
  }
  Result<model::Batch> batch = ParseYumUpdateinfo(Doc(updates));
  ASSERT_TRUE(batch);
  EXPECT_EQ(batch->advisories.size(), 5000u);
  EXPECT_EQ(batch->advisories.back().id, "ALAS2-2020-4999");
}

TEST(YumUpdateinfoSniff, DetectsOwnSamples) {
  for (std::string_view name : {"al2-core-extras.xml", "al2023.xml"}) {
    std::string doc = ReadTestdata(kKey, name);
    Result<const Parser*> p = DetectFormat(doc, name);
    ASSERT_TRUE(p) << name;
    EXPECT_EQ((*p)->key, "yum_updateinfo");
    EXPECT_GE(SniffYumUpdateinfo(doc, ""), 90);
  }
  // Cut mid-document, as the 64 KiB head may be.
  std::string head = ReadTestdata(kKey, "al2023.xml").substr(0, 120);
  EXPECT_GE(SniffYumUpdateinfo(head, ""), 60);
}

TEST(YumUpdateinfoSniff, LeavesOtherDocumentsAlone) {
  EXPECT_EQ(SniffYumUpdateinfo(ReadTestdata(kKey, "repomd.not-mine.xml"), "repomd.xml"), 0);
  EXPECT_EQ(SniffYumUpdateinfo(ReadTestdata("alpine_secdb", "v3.17-main-sample.json"), ""), 0);
  EXPECT_EQ(SniffYumUpdateinfo("<updatesx><update/></updatesx>", ""), 0);
  EXPECT_EQ(SniffYumUpdateinfo("", ""), 0);
}

}  // namespace
}  // namespace vs::parsers
