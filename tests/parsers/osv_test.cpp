#include "parsers/osv.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "parsers/cvss.h"
#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using model::EventKind;
using model::RangeType;
using model::Severity;
using testing::CompareGolden;
using testing::ReadTestdata;

model::Batch MustParse(std::string_view bytes) {
  Result<model::Batch> b = ParseOsv(bytes);
  EXPECT_TRUE(b) << b.error().message;
  return b ? std::move(*b) : model::Batch{};
}

model::Batch ParseCase(std::string_view file) { return MustParse(ReadTestdata("osv", file)); }

const model::Advisory* Find(const model::Batch& b, std::string_view id) {
  for (const auto& a : b.advisories)
    if (a.id == id) return &a;
  return nullptr;
}

// ---- Goldens: the fixtures of formats.md §11 and trimmed real feeds ----

struct GoldenCase {
  const char* file;
  const char* golden;
};
constexpr GoldenCase kGoldens[] = {
    {"ghsa-npm.json", "ghsa-npm"},
    {"debian-cve.json", "debian-cve"},
    {"ubuntu.json", "ubuntu"},
    {"alpine.json", "alpine"},
    {"almalinux.json", "almalinux"},
    {"redhat.json", "redhat"},
    {"git-ranges.json", "git-ranges"},
    {"withdrawn.json", "withdrawn"},
    {"ghsa-reviewed-curated.jsonl", "ghsa-reviewed-curated"},
    {"go-vulndb.jsonl", "go-vulndb"},
    {"crates-rustsec.jsonl", "crates-rustsec"},
    {"pypi-pypa.jsonl", "pypi-pypa"},
    {"almalinux.jsonl.gz", "almalinux-jsonl"},
};

TEST(OsvParse, Goldens) {
  for (const GoldenCase& c : kGoldens) {
    model::Batch b = ParseCase(c.file);
    EXPECT_EQ(CompareGolden(b, "osv", c.golden), "") << c.file;
  }
}

// ---- Facts from the fixtures ----

TEST(OsvParse, GhsaNpmRecord) {
  model::Batch b = ParseCase("ghsa-npm.json");
  ASSERT_EQ(b.advisories.size(), 1u);
  const model::Advisory& a = b.advisories[0];
  EXPECT_EQ(a.id, "GHSA-c2qf-rxjj-qqgw");
  EXPECT_EQ(a.source, "osv");
  EXPECT_EQ(a.aliases, std::vector<std::string>{"CVE-2022-25883"});
  EXPECT_EQ(a.severity, Severity::kMedium);  // database_specific.severity "MODERATE".
  EXPECT_EQ(a.cvss_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L");
  EXPECT_DOUBLE_EQ(a.cvss_score, 5.3);
  EXPECT_EQ(a.published, "2023-06-21T06:30:28Z");
  EXPECT_EQ(a.modified, "2024-05-01T00:00:00Z");
  ASSERT_EQ(a.affected.size(), 3u);
  EXPECT_EQ(a.affected[0].ecosystem, "npm");
  EXPECT_EQ(a.affected[0].package, "semver");
  EXPECT_EQ(a.affected[0].purl, "pkg:npm/semver");
  ASSERT_EQ(a.affected[0].ranges.size(), 1u);
  EXPECT_EQ(a.affected[0].ranges[0].type, RangeType::kSemver);
  EXPECT_EQ(a.affected[0].ranges[0].events,
            (std::vector<model::RangeEvent>{{EventKind::kIntroduced, "7.0.0"},
                                            {EventKind::kFixed, "7.5.2"}}));
  EXPECT_EQ(a.references.size(), 2u);
  EXPECT_EQ(a.references[1].type, "PACKAGE");
  EXPECT_TRUE(b.warnings.empty());
}

TEST(OsvParse, DebianUpstreamBecomesAliasesAndUrgencyRatesPackage) {
  model::Batch b = ParseCase("debian-cve.json");
  ASSERT_EQ(b.advisories.size(), 1u);
  const model::Advisory& a = b.advisories[0];
  EXPECT_EQ(a.aliases, std::vector<std::string>{"CVE-2023-0286"});
  ASSERT_EQ(a.affected.size(), 2u);
  EXPECT_EQ(a.affected[0].ecosystem, "Debian:11");
  EXPECT_EQ(a.affected[1].ecosystem, "Debian:12");
  EXPECT_EQ(a.affected[1].versions.size(), 3u);
  // "not yet assigned" is no rating.
  EXPECT_EQ(a.affected[0].severity, Severity::kUnknown);
  EXPECT_EQ(a.cvss_score, -1);
}

TEST(OsvParse, UbuntuPriorityWordRatesAdvisoryAndPackage) {
  model::Batch b = ParseCase("ubuntu.json");
  ASSERT_EQ(b.advisories.size(), 1u);
  const model::Advisory& a = b.advisories[0];
  EXPECT_EQ(a.severity, Severity::kHigh);
  EXPECT_EQ(a.cvss_vector, "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:H");
  EXPECT_DOUBLE_EQ(a.cvss_score, 7.4);
  ASSERT_EQ(a.affected.size(), 1u);
  EXPECT_EQ(a.affected[0].ecosystem, "Ubuntu:22.04:LTS");
  EXPECT_EQ(a.affected[0].severity, Severity::kHigh);  // ecosystem_specific.ubuntu_priority.
}

TEST(OsvParse, DistroVersionsKeepEpochs) {
  model::Batch alma = ParseCase("almalinux.json");
  ASSERT_EQ(alma.advisories.size(), 1u);
  EXPECT_EQ(alma.advisories[0].related, std::vector<std::string>{"CVE-2023-5824"});
  EXPECT_TRUE(alma.advisories[0].aliases.empty());
  EXPECT_EQ(alma.advisories[0].affected[0].ranges[0].events[1].version, "7:5.5-6.el9_3.2");

  model::Batch rh = ParseCase("redhat.json");
  ASSERT_EQ(rh.advisories.size(), 1u);
  EXPECT_EQ(rh.advisories[0].affected[0].ecosystem, "Red Hat:rhel_eus:9.2::appstream");
  EXPECT_DOUBLE_EQ(rh.advisories[0].cvss_score, 4.4);

  model::Batch alpine = ParseCase("alpine.json");
  ASSERT_EQ(alpine.advisories.size(), 1u);
  EXPECT_EQ(alpine.advisories[0].affected[0].ecosystem, "Alpine:v3.17");
  EXPECT_EQ(alpine.advisories[0].affected[0].versions,
            (std::vector<std::string>{"3.0.7-r0", "3.0.7-r1", "3.0.7-r2"}));
}

TEST(OsvParse, GitRangesKeepRepoLimitAndJsonOrder) {
  model::Batch b = ParseCase("git-ranges.json");
  ASSERT_EQ(b.advisories.size(), 1u);
  const model::Affected& af = b.advisories[0].affected.at(0);
  EXPECT_EQ(af.package, "");  // Pure GIT ranges name no package.
  ASSERT_EQ(af.ranges.size(), 1u);
  EXPECT_EQ(af.ranges[0].type, RangeType::kGit);
  EXPECT_EQ(af.ranges[0].repo, "https://github.com/example/libexample");
  ASSERT_EQ(af.ranges[0].events.size(), 4u);
  EXPECT_EQ(af.ranges[0].events[2].kind, EventKind::kFixed);
  EXPECT_EQ(af.ranges[0].events[3].kind, EventKind::kLimit);
  EXPECT_EQ(af.versions.size(), 3u);
}

TEST(OsvParse, WithdrawnRecordIsSkippedWithWarning) {
  model::Batch b = ParseCase("withdrawn.json");
  EXPECT_TRUE(b.advisories.empty());
  ASSERT_EQ(b.warnings.size(), 1u);
  EXPECT_EQ(b.warnings[0].record, "GHSA-xxxx-yyyy-zzzz");
  EXPECT_EQ(b.warnings[0].reason, "withdrawn");
}

// ---- Facts from the real feeds ----

TEST(OsvParse, GhsaCuratedMarksLog4Shell) {
  model::Batch b = ParseCase("ghsa-reviewed-curated.jsonl");
  EXPECT_EQ(b.advisories.size(), 12u);
  EXPECT_TRUE(b.warnings.empty());
  const model::Advisory* a = Find(b, "GHSA-jfh8-c2jp-5v3q");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->aliases, std::vector<std::string>{"CVE-2021-44228"});
  EXPECT_EQ(a->cvss_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
  EXPECT_DOUBLE_EQ(a->cvss_score, 10.0);
  EXPECT_EQ(a->severity, Severity::kCritical);
  ASSERT_FALSE(a->affected.empty());
  EXPECT_EQ(a->affected[0].ecosystem, "Maven");
  EXPECT_EQ(a->affected[0].package, "org.apache.logging.log4j:log4j-core");
}

TEST(OsvParse, RealFeedCounts) {
  struct Count {
    const char* file;
    size_t advisories;
    size_t withdrawn;
  };
  // Lines per file are listed in SOURCE.md; every warning is a withdrawn record.
  constexpr Count kCounts[] = {
      {"go-vulndb.jsonl", 22, 2},
      {"crates-rustsec.jsonl", 21, 2},
      {"pypi-pypa.jsonl", 9, 3},
      {"almalinux.jsonl.gz", 9, 0},
  };
  for (const Count& c : kCounts) {
    model::Batch b = ParseCase(c.file);
    EXPECT_EQ(b.advisories.size(), c.advisories) << c.file;
    EXPECT_EQ(b.warnings.size(), c.withdrawn) << c.file;
    for (const auto& w : b.warnings) EXPECT_EQ(w.reason, "withdrawn") << c.file << " " << w.record;
    for (const auto& a : b.advisories) {
      EXPECT_EQ(a.source, "osv");
      EXPECT_FALSE(a.modified.empty()) << a.id;
    }
  }
}

TEST(OsvParse, RustsecPrefersCvssV4AndScoresIt) {
  model::Batch b = ParseCase("crates-rustsec.jsonl");
  int v4 = 0;
  for (const auto& a : b.advisories) {
    if (a.cvss_vector.empty()) continue;
    Result<double> expected = CvssBaseScore(a.cvss_vector);
    ASSERT_TRUE(expected) << a.id;
    EXPECT_DOUBLE_EQ(a.cvss_score, *expected) << a.id;
    if (a.cvss_vector.rfind("CVSS:4.0/", 0) == 0) ++v4;
  }
  EXPECT_EQ(v4, 4);
}

TEST(OsvParse, AlmaLinuxRelatedCvesAndEcosystems) {
  model::Batch b = ParseCase("almalinux.jsonl.gz");
  const model::Advisory* a = Find(b, "ALSA-2025:10073");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->related, (std::vector<std::string>{"CVE-2025-6430", "CVE-2025-6424", "CVE-2025-6429",
                                                  "CVE-2025-6425"}));
  ASSERT_FALSE(a->affected.empty());
  EXPECT_EQ(a->affected[0].ecosystem, "AlmaLinux:10");
  EXPECT_EQ(a->affected[0].ranges[0].events[1].version, "128.12.0-1.el10_0");
}

// ---- Document shapes ----

constexpr std::string_view kRecordA =
    R"({"id":"GHSA-aaaa-aaaa-aaaa","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"npm","name":"a"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.0.0"}]}]}]})";
constexpr std::string_view kRecordB =
    R"({"id":"GHSA-bbbb-bbbb-bbbb","modified":"2024-01-02T00:00:00Z","affected":[{"package":{"ecosystem":"PyPI","name":"b"},"versions":["1.0"]}]})";

TEST(OsvParse, JsonArrayOfRecords) {
  model::Batch b = MustParse("[" + std::string(kRecordA) + ",\n" + std::string(kRecordB) + "]");
  ASSERT_EQ(b.advisories.size(), 2u);
  EXPECT_EQ(b.advisories[1].id, "GHSA-bbbb-bbbb-bbbb");
  EXPECT_EQ(b.advisories[1].affected[0].versions, std::vector<std::string>{"1.0"});
}

TEST(OsvParse, JsonLinesWithBlankLinesCrLfAndBom) {
  std::string doc =
      "\xEF\xBB\xBF" + std::string(kRecordA) + "\r\n\r\n   \n" + std::string(kRecordB);
  model::Batch b = MustParse(doc);
  ASSERT_EQ(b.advisories.size(), 2u);
  EXPECT_EQ(b.advisories[0].id, "GHSA-aaaa-aaaa-aaaa");
  EXPECT_TRUE(b.warnings.empty());
}

TEST(OsvParse, PrettyPrintedSingleObject) {
  model::Batch b =
      MustParse("{\n  \"id\": \"OSV-1\",\n  \"modified\": \"2024-01-01T00:00:00Z\"\n}\n");
  ASSERT_EQ(b.advisories.size(), 1u);
  EXPECT_EQ(b.advisories[0].id, "OSV-1");
}

TEST(OsvParse, EmptyInputIsAnEmptyBatch) {
  for (std::string_view empty : {"", "   \n\t\r\n", "\xEF\xBB\xBF"}) {
    model::Batch b = MustParse(empty);
    EXPECT_TRUE(b.advisories.empty());
    EXPECT_TRUE(b.warnings.empty());
  }
  model::Batch b = MustParse("[]");
  EXPECT_TRUE(b.advisories.empty());
}

TEST(OsvParse, GarbageIsAnError) {
  for (std::string_view garbage :
       {"hello world", "\x01\x02\x03", "42", "\"id\"", "{\"id\": ", "[{\"id\":\"X\"}",
        "{oops}\n{nope}\n", "<?xml version=\"1.0\"?><updates/>"}) {
    Result<model::Batch> b = ParseOsv(garbage);
    ASSERT_FALSE(b) << garbage;
    EXPECT_EQ(b.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(b.error().message.rfind("osv: ", 0), 0u) << b.error().message;
  }
}

TEST(OsvParse, BrokenJsonLineIsSkippedWithWarning) {
  std::string doc =
      std::string(kRecordA) + "\n{\"id\": \"BROKEN\",\n" + std::string(kRecordB) + "\n";
  model::Batch b = MustParse(doc);
  ASSERT_EQ(b.advisories.size(), 2u);
  ASSERT_EQ(b.warnings.size(), 1u);
  EXPECT_EQ(b.warnings[0].record, "line 2");
  EXPECT_NE(b.warnings[0].reason.find("not JSON"), std::string::npos);

  // The first line itself broken: still read line by line.
  model::Batch c = MustParse("{not json\n" + std::string(kRecordB));
  ASSERT_EQ(c.advisories.size(), 1u);
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_EQ(c.warnings[0].record, "line 1");
}

// A JSON Lines file cut short must not import as a smaller feed: the last line is a record the
// input ends inside. Cut at a line break, or complete without a final newline, it is fine.
TEST(OsvParse, FileCutInsideItsLastLineIsAnError) {
  std::string lines = ReadTestdata("osv", "go-vulndb.jsonl");
  size_t second = lines.find('\n') + 1;
  size_t third = lines.find('\n', second) + 1;
  Result<model::Batch> cut = ParseOsv(std::string_view(lines).substr(0, (second + third) / 2));
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().message, "osv: line 2: the file ends inside a record (cut short?)");
  EXPECT_EQ(MustParse(lines.substr(0, third)).advisories.size(), 2u);
  EXPECT_EQ(MustParse(lines.substr(0, third - 1)).advisories.size(), 2u);
}

// A pretty-printed record with a byte changed is not read as JSON Lines of which a few lines
// happen to parse.
TEST(OsvParse, BrokenPrettyPrintedRecordIsAnError) {
  std::string doc = ReadTestdata("osv", "ghsa-npm.json");
  ASSERT_NE(doc.find('\n'), std::string::npos);
  size_t colon = doc.find(':', doc.size() / 2);
  doc[colon] = '#';
  Result<model::Batch> b = ParseOsv(doc);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, ErrorCode::kInvalidInput);
}

// ---- Malformed records ----

TEST(OsvParse, RecordWithoutIdIsSkipped) {
  model::Batch b =
      MustParse(std::string(kRecordA) + "\n{\"modified\":\"2024-01-01T00:00:00Z\"}\n[1]\n" +
                std::string(kRecordB));
  ASSERT_EQ(b.advisories.size(), 2u);
  ASSERT_EQ(b.warnings.size(), 2u);
  EXPECT_EQ(b.warnings[0].record, "line 2");
  EXPECT_EQ(b.warnings[0].reason, "missing id");
  EXPECT_EQ(b.warnings[1].record, "line 3");
  EXPECT_EQ(b.warnings[1].reason, "expected a JSON object");

  model::Batch arr = MustParse("[" + std::string(kRecordA) + ", 7, {\"id\": \"\"}]");
  ASSERT_EQ(arr.advisories.size(), 1u);
  ASSERT_EQ(arr.warnings.size(), 2u);
  EXPECT_EQ(arr.warnings[0].record, "record 2");
  EXPECT_EQ(arr.warnings[1].record, "record 3");
}

TEST(OsvParse, BrokenRangesAreDroppedRestOfRecordKept) {
  constexpr std::string_view kDoc = R"({"id":"OSV-R","modified":"2024-01-01T00:00:00Z","affected":[
    {"package":{"ecosystem":"npm","name":"two-keys"},
     "ranges":[{"type":"SEMVER","events":[{"introduced":"0","fixed":"1.0"}]},
               {"type":"SEMVER","events":[{"introduced":"2.0"},{"fixed":"2.1"}]}]},
    {"package":{"ecosystem":"npm","name":"no-introduced"},
     "ranges":[{"type":"SEMVER","events":[{"fixed":"1.0"}]}]},
    {"package":{"ecosystem":"npm","name":"empty-event"},
     "ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{}]}], "versions":["0.1"]},
    {"package":{"ecosystem":"npm","name":"bad-type"},
     "ranges":[{"type":"RANGE","events":[{"introduced":"0"}]}]},
    {"package":{"ecosystem":"npm","name":"unknown-event"},
     "ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"patched":"1.0"}]}]},
    {"package":{"ecosystem":"npm","name":"number"},
     "ranges":[{"type":"SEMVER","events":[{"introduced":0}]}]},
    "not an object"
  ]})";
  model::Batch b = MustParse(kDoc);
  ASSERT_EQ(b.advisories.size(), 1u);
  const model::Advisory& a = b.advisories[0];
  // Kept: two-keys (its second range) and empty-event (its versions); the others had nothing
  // left to match.
  ASSERT_EQ(a.affected.size(), 2u);
  EXPECT_EQ(a.affected[0].package, "two-keys");
  ASSERT_EQ(a.affected[0].ranges.size(), 1u);
  EXPECT_EQ(a.affected[0].ranges[0].events[0].version, "2.0");
  EXPECT_EQ(a.affected[1].package, "empty-event");
  EXPECT_TRUE(a.affected[1].ranges.empty());
  std::vector<std::string> reasons;
  for (const auto& w : b.warnings) {
    EXPECT_EQ(w.record, "OSV-R");
    reasons.push_back(w.reason);
  }
  EXPECT_EQ(reasons,
            (std::vector<std::string>{
                "affected[0].ranges[0]: events[0]: expected exactly one key, found 2 (ignored)",
                "affected[1].ranges[0]: no \"introduced\" event (ignored)",
                "affected[2].ranges[0]: events[1]: expected exactly one key, found 0 (ignored)",
                "affected[3].ranges[0]: unknown range type \"RANGE\" (ignored)",
                "affected[4].ranges[0]: events[1]: unknown event \"patched\" (ignored)",
                "affected[5].ranges[0]: events[0]: \"introduced\" is not a string (ignored)",
                "affected[6]: not an object (ignored)",
            }));
}

TEST(OsvParse, AliasesMergeUpstreamDedupeAndNormaliseCve) {
  model::Batch b = MustParse(
      R"({"id":"DSA-1","aliases":["cve-2024-0001","GHSA-x","DSA-1"],"upstream":["CVE-2024-0001","CVE-2024-0002","GHSA-x"],"related":["cve-2020-1234","Cve-2020-1234","cve-20-1"]})");
  ASSERT_EQ(b.advisories.size(), 1u);
  EXPECT_EQ(b.advisories[0].aliases,
            (std::vector<std::string>{"CVE-2024-0001", "GHSA-x", "CVE-2024-0002"}));
  // Malformed CVE ids are kept as given.
  EXPECT_EQ(b.advisories[0].related, (std::vector<std::string>{"CVE-2020-1234", "cve-20-1"}));

  // Long lists (kernel USNs) take the hashed path; same result shape.
  std::string many = R"({"id":"USN-1","upstream":[)";
  for (int i = 0; i < 40; ++i) many += "\"CVE-2024-" + std::to_string(1000 + i % 25) + "\",";
  many += "\"USN-1\"]}";
  model::Batch m = MustParse(many);
  ASSERT_EQ(m.advisories.size(), 1u);
  ASSERT_EQ(m.advisories[0].aliases.size(), 25u);
  EXPECT_EQ(m.advisories[0].aliases.front(), "CVE-2024-1000");
  EXPECT_EQ(m.advisories[0].aliases.back(), "CVE-2024-1024");

  model::Batch c = MustParse(R"({"id":"cve-2021-44228","modified":"x"})");
  EXPECT_EQ(c.advisories.at(0).id, "CVE-2021-44228");
}

TEST(OsvParse, PicksHighestCvssVersion) {
  constexpr std::string_view kDoc = R"({"id":"X-1","severity":[
      {"type":"CVSS_V2","score":"AV:N/AC:L/Au:N/C:C/I:C/A:C"},
      {"type":"CVSS_V4","score":"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"},
      {"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"}]})";
  model::Batch b = MustParse(kDoc);
  ASSERT_EQ(b.advisories.size(), 1u);
  EXPECT_EQ(b.advisories[0].cvss_vector,
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
  EXPECT_DOUBLE_EQ(b.advisories[0].cvss_score, 9.3);

  model::Batch v2v3 = MustParse(
      R"({"id":"X-2","severity":[{"type":"CVSS_V3","score":"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L"},{"type":"CVSS_V2","score":"AV:N/AC:L/Au:N/C:C/I:C/A:C"}]})");
  EXPECT_EQ(v2v3.advisories.at(0).cvss_vector, "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L");
  EXPECT_DOUBLE_EQ(v2v3.advisories.at(0).cvss_score, 5.3);
}

TEST(OsvParse, BadCvssVectorIsIgnoredWithWarning) {
  model::Batch b = MustParse(
      R"({"id":"X-3","severity":[{"type":"CVSS_V4","score":"CVSS:4.0/AV:N"},{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}]})");
  ASSERT_EQ(b.advisories.size(), 1u);
  EXPECT_DOUBLE_EQ(b.advisories[0].cvss_score, 9.8);
  ASSERT_EQ(b.warnings.size(), 1u);
  EXPECT_EQ(b.warnings[0].record, "X-3");
  EXPECT_EQ(b.warnings[0].reason, "severity: cvss: missing mandatory metric AC (ignored)");
}

TEST(OsvParse, PackageSeverities) {
  constexpr std::string_view kDoc = R"({"id":"X-4","affected":[
    {"package":{"ecosystem":"Debian:12","name":"a"},"versions":["1"],"ecosystem_specific":{"urgency":"unimportant"}},
    {"package":{"ecosystem":"Debian:12","name":"b"},"versions":["1"],"ecosystem_specific":{"urgency":"end-of-life"}},
    {"package":{"ecosystem":"OSS-Fuzz","name":"c"},"versions":["1"],"ecosystem_specific":{"severity":"HIGH"}},
    {"package":{"ecosystem":"Ubuntu:22.04:LTS","name":"d"},"versions":["1"],"severity":[{"type":"Ubuntu","score":"negligible"}]},
    {"package":{"ecosystem":"npm","name":"e"},"versions":["1"],"severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}]}
  ]})";
  model::Batch b = MustParse(kDoc);
  ASSERT_EQ(b.advisories.size(), 1u);
  const auto& af = b.advisories[0].affected;
  ASSERT_EQ(af.size(), 5u);
  EXPECT_EQ(af[0].severity, Severity::kLow);
  EXPECT_EQ(af[1].severity, Severity::kUnknown);
  EXPECT_EQ(af[2].severity, Severity::kHigh);
  EXPECT_EQ(af[3].severity, Severity::kLow);
  EXPECT_EQ(af[4].severity, Severity::kCritical);
  // No top-level severity: the best per-package vector represents the advisory.
  EXPECT_EQ(b.advisories[0].cvss_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  EXPECT_DOUBLE_EQ(b.advisories[0].cvss_score, 9.8);
  EXPECT_EQ(b.advisories[0].severity, Severity::kUnknown);
}

TEST(OsvParse, WithdrawnNullIsNotWithdrawn) {
  model::Batch b = MustParse(R"({"id":"PYSEC-1","withdrawn":null,"modified":"x"})");
  EXPECT_EQ(b.advisories.size(), 1u);
}

// osv-eval-cases.json is for the matcher; here each case's `affected` must survive parsing
// unchanged (events in JSON order, versions kept).
TEST(OsvParse, EvalCasesAffectedRoundTrip) {
  nlohmann::json cases = nlohmann::json::parse(ReadTestdata("osv", "osv-eval-cases.json"));
  ASSERT_EQ(cases["ordering"], "SEMVER");
  std::string lines;
  for (const auto& c : cases["cases"]) {
    nlohmann::json affected = c["affected"];
    affected["package"] = {{"ecosystem", "npm"}, {"name", "x"}};
    lines += nlohmann::json{{"id", c["name"]}, {"affected", {affected}}}.dump() + "\n";
  }
  model::Batch b = MustParse(lines);
  EXPECT_TRUE(b.warnings.empty());
  ASSERT_EQ(b.advisories.size(), cases["cases"].size());
  for (size_t i = 0; i < b.advisories.size(); ++i) {
    const nlohmann::json& in = cases["cases"][i]["affected"];
    const model::Affected& out = b.advisories[i].affected.at(0);
    SCOPED_TRACE(b.advisories[i].id);
    EXPECT_EQ(out.versions.size(), in.value("versions", nlohmann::json::array()).size());
    const nlohmann::json ranges = in.value("ranges", nlohmann::json::array());
    ASSERT_EQ(out.ranges.size(), ranges.size());
    for (size_t r = 0; r < ranges.size(); ++r) {
      ASSERT_EQ(out.ranges[r].events.size(), ranges[r]["events"].size());
      for (size_t e = 0; e < out.ranges[r].events.size(); ++e) {
        const auto& ev = ranges[r]["events"][e];
        EXPECT_EQ(out.ranges[r].events[e].version, ev.begin().value().get<std::string>());
      }
    }
  }
}

// Every prefix of a fixture is either an error or a batch; nothing crashes.
TEST(OsvParse, TruncatedInputNeverCrashes) {
  for (const char* file : {"ghsa-npm.json", "git-ranges.json"}) {
    std::string doc = ReadTestdata("osv", file);
    for (size_t n = 0; n <= doc.size(); ++n) (void)ParseOsv(std::string_view(doc).substr(0, n));
  }
  std::string lines = ReadTestdata("osv", "go-vulndb.jsonl");
  for (size_t n = 0; n < lines.size(); n += 97)
    (void)ParseOsv(std::string_view(lines).substr(0, n));
}

// ---- Sniffing ----

TEST(OsvSniff, DetectsOwnSamples) {
  for (const char* file : {"ghsa-npm.json", "debian-cve.json", "ubuntu.json", "alpine.json",
                           "almalinux.json", "redhat.json", "git-ranges.json", "withdrawn.json",
                           "go-vulndb.jsonl", "crates-rustsec.jsonl", "pypi-pypa.jsonl",
                           "almalinux.jsonl.gz", "ghsa-reviewed-curated.jsonl"}) {
    std::string doc = ReadTestdata("osv", file);
    std::string_view head = std::string_view(doc).substr(0, 64 * 1024);
    EXPECT_GE(SniffOsv(head, ""), 90) << file;
    Result<const Parser*> p = DetectFormat(head, file);
    ASSERT_TRUE(p) << file;
    EXPECT_EQ((*p)->key, "osv") << file;
  }
  std::string array = "[" + std::string(kRecordA) + "]";
  EXPECT_GE(SniffOsv(array, ""), 90);
}

TEST(OsvSniff, HeadCutInsideFirstRecord) {
  std::string doc = ReadTestdata("osv", "pypi-pypa.jsonl");  // "id" first, then long "details".
  EXPECT_EQ(SniffOsv(std::string_view(doc).substr(0, 120), ""), 30);
  EXPECT_EQ(SniffOsv("{\"summary\": \"abc", ""), 0);
}

TEST(OsvSniff, LeavesOtherJsonAlone) {
  constexpr std::string_view kOthers[] = {
      // CISA KEV.
      R"({"title":"CISA Catalog of Known Exploited Vulnerabilities","catalogVersion":"2025.08.25","count":1,"vulnerabilities":[{"cveID":"CVE-2021-44228","vendorProject":"Apache"}]})",
      // CycloneDX (its vulnerabilities carry "id" one level down).
      R"({"bomFormat":"CycloneDX","specVersion":"1.6","components":[],"vulnerabilities":[{"id":"CVE-2021-44228","affects":[]}]})",
      // npm package-lock.
      R"({"name":"app","version":"1.0.0","lockfileVersion":3,"packages":{"":{"name":"app"}}})",
      // GitHub Dependabot alerts.
      R"([{"number":1,"state":"open","dependency":{"package":{"ecosystem":"npm","name":"lodash"}},"security_advisory":{"ghsa_id":"GHSA-x","modified":"2024-01-01"}}])",
      // The range-evaluation vectors next to the fixtures.
      R"({"description":"Evaluation vectors","ordering":"SEMVER","cases":[{"name":"x","affected":{}}]})",
      // Not JSON at all.
      "id,modified,affected\n1,2,3\n",
  };
  for (std::string_view other : kOthers) EXPECT_EQ(SniffOsv(other, ""), 0) << other;
  std::string eval = ReadTestdata("osv", "osv-eval-cases.json");
  EXPECT_EQ(SniffOsv(eval, "osv-eval-cases.json"), 0);
}

}  // namespace
}  // namespace vs::parsers

namespace vs::parsers {
namespace {

TEST(OsvParse, RedHatStyleSummaryCarriesTheRating) {
  auto b = ParseOsv(
      R"({"id":"ALSA-2022:4940","summary":"Important: xz security update","modified":"2023-03-07T17:32:20Z"})");
  ASSERT_TRUE(b);
  ASSERT_EQ(b->advisories.size(), 1u);
  EXPECT_EQ(b->advisories[0].severity, model::Severity::kHigh);
  auto c = ParseOsv(
      R"({"id":"GHSA-x","summary":"Note: not a rating","modified":"2023-03-07T17:32:20Z"})");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->advisories[0].severity, model::Severity::kUnknown);
}

}  // namespace
}  // namespace vs::parsers

// ---- The original YAML form (PyPA advisory-database, OSS-Fuzz vulns) ----

namespace vs::parsers {
namespace {

TEST(OsvYaml, SameBatchAsTheJsonForm) {
  // PYSEC-2023-172 writes U+00A0 as the YAML escape \_ (see yaml_json.h).
  for (const char* name :
       {"pypi-pypa-PYSEC-2021-370", "pypi-pypa-PYSEC-2023-172", "oss-fuzz-OSV-2023-1195"}) {
    model::Batch from_yaml = ParseCase(std::string(name) + ".yaml");
    model::Batch from_json = ParseCase(std::string(name) + ".json");
    ASSERT_EQ(from_yaml.advisories.size(), 1u) << name;
    EXPECT_TRUE(from_yaml.warnings.empty()) << name;
    EXPECT_EQ(testing::DumpBatch(from_yaml), testing::DumpBatch(from_json)) << name;
  }
}

TEST(OsvYaml, KeepsQuotedVersionsAndAliases) {
  model::Batch b = ParseCase("pypi-pypa-PYSEC-2021-370.yaml");
  ASSERT_EQ(b.advisories.size(), 1u);
  const model::Advisory& a = b.advisories[0];
  EXPECT_EQ(a.id, "PYSEC-2021-370");
  EXPECT_EQ(a.modified, "2021-10-12T02:55:32.357329Z");
  EXPECT_EQ(a.aliases.front(), "CVE-2021-32811");
  ASSERT_EQ(a.affected.size(), 1u);
  EXPECT_EQ(a.affected[0].ecosystem, "PyPI");
  ASSERT_EQ(a.affected[0].ranges.size(), 1u);
  // `introduced: "4.0"` stays the string "4.0", not a float.
  EXPECT_EQ(a.affected[0].ranges[0].events.front().version, "4.0");
  EXPECT_EQ(a.affected[0].versions.size(), 5u);
}

TEST(OsvYaml, UnquotedScalarsAndNullsConvert) {
  // Plain numbers stay their text; `withdrawn: ~` is null = not withdrawn.
  model::Batch b = MustParse(
      "id: PYSEC-0000-1\nmodified: 2024-01-01T00:00:00Z\nwithdrawn: ~\n"
      "affected:\n- package: {name: x, ecosystem: PyPI}\n  ranges:\n  - type: ECOSYSTEM\n"
      "    events:\n    - introduced: 0\n    - fixed: 1.10\n");
  ASSERT_EQ(b.advisories.size(), 1u);
  const auto& events = b.advisories[0].affected.at(0).ranges.at(0).events;
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].version, "0");
  EXPECT_EQ(events[1].version, "1.10");
}

TEST(OsvYaml, WithdrawnYamlRecordIsSkipped) {
  model::Batch b = MustParse(
      "id: PYSEC-0000-2\nmodified: '2024-01-01T00:00:00Z'\n"
      "withdrawn: '2024-02-01T00:00:00Z'\n");
  EXPECT_TRUE(b.advisories.empty());
  EXPECT_EQ(b.warnings.size(), 1u);
}

TEST(OsvYaml, MalformedYamlIsAnError) {
  for (std::string_view bad :
       {"id: X\nmodified: [unclosed\naffected: x\n", "id: X\nmodified: \"open\naffected: []\n",
        "id: X\nmodified: a\n  - b: c\n d: e\n"}) {
    Result<model::Batch> b = ParseOsv(bad);
    ASSERT_FALSE(b) << bad;
    EXPECT_EQ(b.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(b.error().message.rfind("osv: not YAML", 0), 0u) << b.error().message;
  }
}

TEST(OsvYaml, SniffedAsOsv) {
  for (const char* file : {"pypi-pypa-PYSEC-2021-370.yaml", "oss-fuzz-OSV-2023-1195.yaml"}) {
    std::string doc = ReadTestdata("osv", file);
    EXPECT_EQ(SniffOsv(doc, ""), 85) << file;
    Result<const Parser*> p = DetectFormat(doc, file);
    ASSERT_TRUE(p) << file;
    EXPECT_EQ((*p)->key, "osv") << file;
  }
  // Other YAML (pnpm lock, Alpine secdb) and YAML without the OSV keys are not claimed.
  EXPECT_EQ(SniffOsv("lockfileVersion: '9.0'\npackages:\n  id@1.0.0: {}\n", ""), 0);
  EXPECT_EQ(SniffOsv("distroversion: v3.11\nreponame: main\npackages:\n- pkg:\n    name: x\n", ""),
            0);
  EXPECT_EQ(SniffOsv("id: 1\nname: x\n", ""), 0);
}

}  // namespace
}  // namespace vs::parsers

namespace vs::parsers {
namespace {

TEST(OsvYaml, AliasBombAndDeepNestingAreErrorsNotHangs) {
  std::string bomb = "id: X\nmodified: y\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 9; ++i) {
    std::string prev = "*a" + std::to_string(i - 1);
    bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev;
    for (int k = 0; k < 9; ++k) bomb += ", " + prev;
    bomb += "]\n";
  }
  Result<model::Batch> b = ParseOsv(bomb);
  ASSERT_FALSE(b);
  EXPECT_NE(b.error().message.find("expands"), std::string::npos) << b.error().message;
  std::string deep =
      "id: X\nmodified: y\naffected: " + std::string(1000, '[') + std::string(1000, ']') + "\n";
  Result<model::Batch> d = ParseOsv(deep);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().message.rfind("osv: not YAML", 0), 0u) << d.error().message;
}

}  // namespace
}  // namespace vs::parsers
