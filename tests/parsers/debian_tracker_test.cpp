#include "parsers/debian_tracker.h"

#include <ctime>
#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

constexpr std::string_view kKey = "debian_tracker";

const model::Advisory* Find(const model::Batch& batch, std::string_view id) {
  for (const model::Advisory& a : batch.advisories)
    if (a.id == id) return &a;
  return nullptr;
}

const model::Affected* FindAffected(const model::Advisory& a, std::string_view ecosystem,
                                    std::string_view package) {
  for (const model::Affected& af : a.affected)
    if (af.ecosystem == ecosystem && af.package == package) return &af;
  return nullptr;
}

// {pkg: {id: {"releases": {codename: <release>}}}} in the tracker's compact layout.
std::string OneRelease(std::string_view pkg, std::string_view id, std::string_view codename,
                       std::string_view release) {
  return "{\"" + std::string(pkg) + "\":{\"" + std::string(id) +
         "\":{\"description\":\"d\",\"releases\":{\"" + std::string(codename) +
         "\":" + std::string(release) + "}}}}";
}

TEST(DebianTrackerParse, FixtureMatchesGolden) {
  Result<model::Batch> batch = ParseDebianTracker(ReadTestdata(kKey, "sample.json"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "sample"), "");
}

TEST(DebianTrackerParse, FixtureFacts) {
  Result<model::Batch> batch = ParseDebianTracker(ReadTestdata(kKey, "sample.json"));
  ASSERT_TRUE(batch);
  EXPECT_TRUE(batch->warnings.empty());
  ASSERT_EQ(batch->advisories.size(), 2u);
  const model::Advisory* a = Find(*batch, "DEBIAN-CVE-2023-0286");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->source, "debian_tracker");
  EXPECT_EQ(a->aliases, (std::vector<std::string>{"CVE-2023-0286"}));
  EXPECT_EQ(a->details, "X.400 address type confusion in X.509 GeneralName");
  ASSERT_EQ(a->affected.size(), 3u);
  const model::Affected* bookworm = FindAffected(*a, "Debian:12", "openssl");
  ASSERT_NE(bookworm, nullptr);
  EXPECT_EQ(bookworm->purl, "pkg:deb/debian/openssl?arch=source");
  EXPECT_EQ(bookworm->ranges[0].events,
            (std::vector<model::RangeEvent>{{model::EventKind::kIntroduced, "0"},
                                            {model::EventKind::kFixed, "3.0.8-1"}}));
  EXPECT_EQ(bookworm->severity, model::Severity::kUnknown);  // "not yet assigned"
  ASSERT_NE(FindAffected(*a, "Debian:11", "openssl"), nullptr);
  ASSERT_NE(FindAffected(*a, "Debian:sid", "openssl"), nullptr);

  // Open in bookworm (no fix yet, low); undetermined in bullseye → no entry.
  const model::Advisory* open = Find(*batch, "DEBIAN-CVE-2024-99999");
  ASSERT_NE(open, nullptr);
  ASSERT_EQ(open->affected.size(), 1u);
  EXPECT_EQ(open->affected[0].ecosystem, "Debian:12");
  EXPECT_EQ(open->affected[0].severity, model::Severity::kLow);
  EXPECT_EQ(open->affected[0].ranges[0].events,
            (std::vector<model::RangeEvent>{{model::EventKind::kIntroduced, "0"}}));
}

TEST(DebianTrackerParse, NotAffectedAndUndeterminedAddNothing) {
  Result<model::Batch> batch = ParseDebianTracker(
      "{\"linux\":{\"CVE-2020-0001\":{\"releases\":{"
      "\"bookworm\":{\"status\":\"resolved\",\"fixed_version\":\"0\",\"urgency\":\"unimportant\"},"
      "\"bullseye\":{\"status\":\"undetermined\",\"urgency\":\"not yet assigned\"}}}}}");
  ASSERT_TRUE(batch);
  EXPECT_TRUE(batch->advisories.empty());  // no affected entry → no advisory
  EXPECT_TRUE(batch->warnings.empty());
}

TEST(DebianTrackerParse, CodenamesMapToReleaseNumbers) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"buzz", "Debian:1.1"},    {"potato", "Debian:2.2"}, {"woody", "Debian:3.0"},
      {"etch", "Debian:4"},      {"jessie", "Debian:8"},   {"buster", "Debian:10"},
      {"bookworm", "Debian:12"}, {"trixie", "Debian:13"},  {"forky", "Debian:14"},
      {"sid", "Debian:sid"},
  };
  for (const auto& [codename, ecosystem] : cases) {
    Result<model::Batch> batch =
        ParseDebianTracker(OneRelease("zlib", "CVE-2022-37434", codename, "{\"status\":\"open\"}"));
    ASSERT_TRUE(batch) << codename;
    ASSERT_EQ(batch->advisories.size(), 1u) << codename;
    EXPECT_EQ(batch->advisories[0].affected[0].ecosystem, ecosystem);
  }
}

TEST(DebianTrackerParse, UrgencyBecomesPackageSeverity) {
  const std::pair<std::string_view, model::Severity> cases[] = {
      {"unimportant", model::Severity::kLow},
      {"low", model::Severity::kLow},
      {"low*", model::Severity::kLow},
      {"medium**", model::Severity::kMedium},
      {"high", model::Severity::kHigh},
      {"not yet assigned", model::Severity::kUnknown},
      {"end-of-life", model::Severity::kUnknown},
      {"whatever", model::Severity::kUnknown},
  };
  for (const auto& [urgency, severity] : cases) {
    Result<model::Batch> batch = ParseDebianTracker(
        OneRelease("zlib", "CVE-2022-37434", "bookworm",
                   "{\"status\":\"resolved\",\"fixed_version\":\"1:1.2.13.dfsg-1\",\"urgency\":\"" +
                       std::string(urgency) + "\"}"));
    ASSERT_TRUE(batch) << urgency;
    ASSERT_EQ(batch->advisories.size(), 1u);
    EXPECT_EQ(batch->advisories[0].affected[0].severity, severity) << urgency;
    EXPECT_EQ(batch->advisories[0].affected[0].ranges[0].events[1].version, "1:1.2.13.dfsg-1");
  }
}

TEST(DebianTrackerParse, OneAdvisoryPerIdAcrossSourcePackages) {
  Result<model::Batch> batch = ParseDebianTracker(
      "{\"openssl\":{\"CVE-2023-0286\":{\"description\":\"X.400\",\"debianbug\":1031234,"
      "\"releases\":"
      "{\"bookworm\":{\"status\":\"resolved\",\"fixed_version\":\"3.0.8-1\"}}}},"
      "\"openssl1.0\":{\"cve-2023-0286\":{\"debianbug\":1031234,\"releases\":"
      "{\"stretch\":{\"status\":\"open\",\"urgency\":\"low\"}}},"
      "\"TEMP-0000000-3AB2C1\":{\"description\":\"temp\",\"releases\":{\"sid\":{\"status\":"
      "\"open\"}}}}}");
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->advisories.size(), 2u);
  const model::Advisory& a = batch->advisories[0];
  EXPECT_EQ(a.id, "DEBIAN-CVE-2023-0286");
  ASSERT_EQ(a.affected.size(), 2u);
  EXPECT_EQ(a.affected[1].package, "openssl1.0");
  EXPECT_EQ(a.affected[1].ecosystem, "Debian:9");
  // Tracker page + one bug link, not repeated for the second package.
  ASSERT_EQ(a.references.size(), 2u);
  EXPECT_EQ(a.references[1].url, "https://bugs.debian.org/1031234");
  // TEMP ids keep their id and have no CVE alias.
  EXPECT_EQ(batch->advisories[1].id, "DEBIAN-TEMP-0000000-3AB2C1");
  EXPECT_TRUE(batch->advisories[1].aliases.empty());
}

TEST(DebianTrackerParse, MalformedRecordsWarnAndOthersAreKept) {
  std::string doc =
      "{\"bash\":{"
      "\"CVE-2020-0001\":{\"releases\":{\"bookworm\":{\"status\":\"open\"}}},"
      "\"CVE-2020-0002\":{\"releases\":[]},"
      "\"CVE-2020-0003\":\"nope\","
      "\"CVE-2020-0004\":{\"releases\":{\"bookworm\":{\"status\":\"resolved\"},"
      "\"bullseye\":{\"status\":7},\"buster\":{\"status\":\"weird\"},\"sid\":{\"status\":\"open\"}}"
      "},"
      "\"CVE-2020-0005\":{\"releases\":{\"hamm2\":{\"status\":\"open\"}}},"
      "\"CVE-2020-0006\":{\"releases\":{\"hamm2\":{\"status\":\"open\"}}}},"
      "\"broken\":[1,2]}";
  Result<model::Batch> batch = ParseDebianTracker(doc);
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->advisories.size(), 2u);
  EXPECT_EQ(batch->advisories[0].id, "DEBIAN-CVE-2020-0001");
  EXPECT_EQ(batch->advisories[1].id, "DEBIAN-CVE-2020-0004");
  ASSERT_EQ(batch->advisories[1].affected.size(), 1u);  // only sid survived
  std::vector<std::string> records;
  for (const model::Warning& w : batch->warnings) records.push_back(w.record);
  EXPECT_EQ(records,
            (std::vector<std::string>{"bash/CVE-2020-0002", "bash/CVE-2020-0003",
                                      "bash/CVE-2020-0004 bookworm", "bash/CVE-2020-0004 bullseye",
                                      "bash/CVE-2020-0004 buster", "release hamm2", "broken"}));
}

TEST(DebianTrackerParse, EmptyDocumentGivesEmptyBatch) {
  for (std::string_view doc : {"{}", " {\n}\n", "{\"bash\":{}}"}) {
    Result<model::Batch> batch = ParseDebianTracker(doc);
    ASSERT_TRUE(batch) << doc;
    EXPECT_TRUE(batch->advisories.empty());
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(DebianTrackerParse, GarbageIsAnError) {
  for (std::string_view bad :
       {"", "\x01\x02garbage", "[]", "\"text\"", "{\"bash\":", "<updates/>"}) {
    Result<model::Batch> batch = ParseDebianTracker(bad);
    ASSERT_FALSE(batch) << bad;
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(batch.error().message.rfind("debian_tracker: ", 0), 0u) << batch.error().message;
  }
}

// The real feed is ~70 MB. A same-shaped 24 MB document (40k entries, 160k affected) takes about
// well under a second of CPU in a release build; the bound is loose on purpose (debug builds,
// busy CI) and only
// catches quadratic behaviour such as a linear search for the advisory of each entry.
TEST(DebianTrackerParse, LargeDocumentHasNoQuadraticCost) {
  std::string doc = "{";
  const std::string release =
      "{\"status\":\"resolved\",\"repositories\":{\"bookworm\":\"1.2-3\"},\"fixed_version\":\"1.2-"
      "3\","
      "\"urgency\":\"low\"}";
  for (int p = 0; p < 2000; ++p) {
    if (p > 0) doc += ",";
    doc += "\"pkg" + std::to_string(p) + "\":{";
    for (int c = 0; c < 20; ++c) {
      if (c > 0) doc += ",";
      doc += "\"CVE-2020-" + std::to_string(10000 + (p * 20 + c) % 30000) +
             "\":{\"description\":\"Some description of the "
             "problem\",\"scope\":\"remote\",\"releases\":{"
             "\"bookworm\":" +
             release + ",\"bullseye\":" + release + ",\"sid\":" + release +
             ",\"trixie\":{\"status\":\"open\",\"repositories\":{\"trixie\":\"1.2-3\"},\"urgency\":"
             "\"unimportant\"}}}";
    }
    doc += "}";
  }
  doc += "}";
  std::clock_t start = std::clock();  // CPU time: other jobs may share the machine
  Result<model::Batch> batch = ParseDebianTracker(doc);
  double seconds = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  ASSERT_TRUE(batch);
  EXPECT_EQ(batch->advisories.size(), 30000u);
  size_t affected = 0;
  for (const model::Advisory& a : batch->advisories) affected += a.affected.size();
  EXPECT_EQ(affected, 2000u * 20u * 4u);
  EXPECT_LT(seconds, 10.0) << doc.size() << " bytes";
}

TEST(DebianTrackerSniff, DetectsOwnSample) {
  std::string doc = ReadTestdata(kKey, "sample.json");
  Result<const Parser*> p = DetectFormat(doc, "json");
  ASSERT_TRUE(p);
  EXPECT_EQ((*p)->key, "debian_tracker");
  // The real feed is compact JSON (tracker_service.py dumps with separators=(',', ':')).
  std::string compact =
      "{\"0ad\":{\"CVE-2020-24614\":{\"description\":\"x\",\"scope\":\"local\",\"releases\":{"
      "\"bookworm\":"
      "{\"status\":\"resolved\",\"repositories\":{\"bookworm\":\"0.0.26-3\"},\"fixed_version\":"
      "\"0\","
      "\"urgency\":\"unimportant\"}}}}}";
  EXPECT_GE(SniffDebianTracker(compact, ""), 90);
}

TEST(DebianTrackerSniff, LeavesOtherDocumentsAlone) {
  // OSV DEBIAN-CVE records share "urgency" but are not tracker documents.
  EXPECT_EQ(SniffDebianTracker(ReadTestdata(kKey, "osv-debian-cve.not-mine.json"), ""), 0);
  EXPECT_EQ(SniffDebianTracker(ReadTestdata("alpine_secdb", "v3.17-main-sample.json"), ""), 0);
  EXPECT_EQ(SniffDebianTracker(ReadTestdata("yum_updateinfo", "al2023.xml"), ""), 0);
  EXPECT_EQ(SniffDebianTracker("", ""), 0);
}

}  // namespace
}  // namespace vs::parsers
