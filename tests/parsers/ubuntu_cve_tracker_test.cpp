#include "parsers/ubuntu_cve_tracker.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

constexpr std::string_view kKey = "ubuntu_cve_tracker";

const model::Affected* FindAffected(const model::Advisory& a, std::string_view eco,
                                    std::string_view pkg) {
  for (const model::Affected& af : a.affected)
    if (af.ecosystem == eco && af.package == pkg) return &af;
  return nullptr;
}

std::vector<model::RangeEvent> Fixed(std::string version) {
  return {{model::EventKind::kIntroduced, "0"}, {model::EventKind::kFixed, std::move(version)}};
}
const std::vector<model::RangeEvent> kUnfixed = {{model::EventKind::kIntroduced, "0"}};

class UbuntuCveTrackerGolden : public ::testing::TestWithParam<const char*> {};

TEST_P(UbuntuCveTrackerGolden, MatchesGolden) {
  Result<model::Batch> batch = ParseUbuntuCveTracker(ReadTestdata(kKey, GetParam()));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, GetParam()), "");
  ASSERT_EQ(batch->advisories.size(), 1u);
  EXPECT_EQ(batch->advisories[0].id, "UBUNTU-" + std::string(GetParam()));
}

INSTANTIATE_TEST_SUITE_P(UbuntuCveTrackerParse, UbuntuCveTrackerGolden,
                         ::testing::Values("CVE-2011-1947", "CVE-2013-1442", "CVE-2014-0160",
                                           "CVE-2019-1010204", "CVE-2019-11691", "CVE-2020-9759"));

TEST(UbuntuCveTrackerParse, HeartbleedFacts) {
  Result<model::Batch> batch = ParseUbuntuCveTracker(ReadTestdata(kKey, "CVE-2014-0160"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_TRUE(batch->warnings.empty());
  const model::Advisory& a = batch->advisories[0];
  EXPECT_EQ(a.source, "ubuntu_cve_tracker");
  EXPECT_EQ(a.aliases, (std::vector<std::string>{"CVE-2014-0160"}));
  EXPECT_EQ(a.published, "2014-04-07T22:55:00Z");
  EXPECT_EQ(a.cvss_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N");
  EXPECT_DOUBLE_EQ(a.cvss_score, 7.5);
  EXPECT_EQ(a.details.rfind("The (1) TLS and (2) DTLS implementations", 0), 0u);
  // precise/quantal/saucy released; lucid not-affected, upstream/devel skipped, openssl098 none.
  ASSERT_EQ(a.affected.size(), 3u);
  const model::Affected* af = FindAffected(a, "Ubuntu:12.04:LTS", "openssl");
  ASSERT_NE(af, nullptr);
  EXPECT_EQ(af->ranges[0].events, Fixed("1.0.1-4ubuntu5.12"));
  EXPECT_EQ(af->severity, model::Severity::kHigh);
  EXPECT_EQ(af->purl, "pkg:deb/ubuntu/openssl?arch=source");
  EXPECT_NE(FindAffected(a, "Ubuntu:13.10", "openssl"), nullptr);
  EXPECT_EQ(FindAffected(a, "Ubuntu:10.04:LTS", "openssl"), nullptr);
}

TEST(UbuntuCveTrackerParse, StatusesAndPriorities) {
  // needed → unfixed; ignored / DNE / esm / devel → nothing.
  Result<model::Batch> batch = ParseUbuntuCveTracker(ReadTestdata(kKey, "CVE-2020-9759"));
  ASSERT_TRUE(batch) << batch.error().message;
  const model::Advisory& a = batch->advisories[0];
  ASSERT_EQ(a.affected.size(), 3u);
  const model::Affected* af = FindAffected(a, "Ubuntu:16.04:LTS", "weechat");
  ASSERT_NE(af, nullptr);
  EXPECT_EQ(af->ranges[0].events, kUnfixed);
  EXPECT_EQ(af->severity, model::Severity::kMedium);
  EXPECT_NE(FindAffected(a, "Ubuntu:19.10", "weechat"), nullptr);
  EXPECT_EQ(FindAffected(a, "Ubuntu:14.04:LTS", "weechat"), nullptr);

  // deferred (date) → unfixed.
  batch = ParseUbuntuCveTracker(ReadTestdata(kKey, "CVE-2019-1010204"));
  ASSERT_TRUE(batch) << batch.error().message;
  af = FindAffected(batch->advisories[0], "Ubuntu:18.04:LTS", "binutils");
  ASSERT_NE(af, nullptr);
  EXPECT_EQ(af->ranges[0].events, kUnfixed);

  // Priority_thunderbird: low overrides Priority: medium for that package only.
  batch = ParseUbuntuCveTracker(ReadTestdata(kKey, "CVE-2019-11691"));
  ASSERT_TRUE(batch) << batch.error().message;
  for (const model::Affected& x : batch->advisories[0].affected)
    EXPECT_EQ(x.severity,
              x.package == "thunderbird" ? model::Severity::kLow : model::Severity::kMedium)
        << x.package;

  // Stray "-- Tags_xen-3.3: …" line in a retired file → warning, record kept.
  batch = ParseUbuntuCveTracker(ReadTestdata(kKey, "CVE-2013-1442"));
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->warnings.size(), 1u);
  EXPECT_EQ(batch->warnings[0].record, "line 25");
  EXPECT_EQ(batch->advisories.size(), 1u);
}

TEST(UbuntuCveTrackerParse, EmptyInputGivesEmptyBatch) {
  for (std::string_view in : {"", "\n \n"}) {
    Result<model::Batch> batch = ParseUbuntuCveTracker(in);
    ASSERT_TRUE(batch) << batch.error().message;
    EXPECT_TRUE(batch->advisories.empty());
  }
}

TEST(UbuntuCveTrackerParse, MalformedLinesWarnAndKeepTheRest) {
  const std::string in =
      "Candidate: cve-2020-0001\n"
      "PublicDate: unknown\n"
      "Priority: untriaged\n"
      "Patches_foo:\n"
      "xenial_foo: released\n"
      "bionic_foo: exploded (1.0)\n"
      "narnia_foo: needed\n"
      "focal_foo: released (1.2-3ubuntu1)\n"
      "groovy_foo: pending (1.2-4)\n"
      "trusty_foo: needs-triage\n"
      "karmic_foo: released (1.6.19-1.2ubuntu1\n"
      "intrepid_foo: released 0.94.dfsg.1-1ubuntu0.1)\n"
      "lucid_foo: released (contained in 2.6.32-313.25 in proposed)\n";
  Result<model::Batch> batch = ParseUbuntuCveTracker(in);
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->advisories.size(), 1u);
  const model::Advisory& a = batch->advisories[0];
  EXPECT_EQ(a.id, "UBUNTU-CVE-2020-0001");
  EXPECT_EQ(a.published, "");
  ASSERT_EQ(a.affected.size(), 4u);
  EXPECT_EQ(a.affected[2].ranges[0].events, Fixed("1.6.19-1.2ubuntu1"));       // Unclosed "(".
  EXPECT_EQ(a.affected[3].ranges[0].events, Fixed("0.94.dfsg.1-1ubuntu0.1"));  // No "(".
  EXPECT_EQ(a.affected[0].ecosystem, "Ubuntu:20.04:LTS");
  EXPECT_EQ(a.affected[0].ranges[0].events, Fixed("1.2-3ubuntu1"));
  EXPECT_EQ(a.affected[0].severity, model::Severity::kUnknown);
  EXPECT_EQ(a.affected[1].ecosystem, "Ubuntu:20.10");
  EXPECT_EQ(a.affected[1].ranges[0].events, kUnfixed);
  ASSERT_EQ(batch->warnings.size(), 4u);
  EXPECT_NE(batch->warnings[3].reason.find("released without"), std::string::npos);
  EXPECT_NE(batch->warnings[0].reason.find("released without"), std::string::npos);
  EXPECT_NE(batch->warnings[1].reason.find("unknown status \"exploded\""), std::string::npos);
  EXPECT_NE(batch->warnings[2].reason.find("unknown release \"narnia\""), std::string::npos);
}

TEST(UbuntuCveTrackerParse, PlaceholderIdIsSkippedWithAWarning) {
  // retired/CVE-2006-NNN0 and nine more files name a CVE not yet assigned.
  Result<model::Batch> batch = ParseUbuntuCveTracker(
      "Candidate: CVE-2006-NNN0\nPublicDate: 2010-04-14\n"
      "dapper_foo: needed\n");
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_TRUE(batch->advisories.empty());
  ASSERT_EQ(batch->warnings.size(), 1u);
  EXPECT_EQ(batch->warnings[0].record, "CVE-2006-NNN0");
}

TEST(UbuntuCveTrackerParse, CandidateWithoutBlank) {
  const std::string in =
      "Candidate:CVE-2009-0146\nPriority: medium\nhardy_xpdf: released (3.02-1ubuntu2.7)\n";
  EXPECT_GE(SniffUbuntuCveTracker(in, ""), 90);
  Result<model::Batch> batch = ParseUbuntuCveTracker(in);
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->advisories.size(), 1u);
  EXPECT_EQ(batch->advisories[0].id, "UBUNTU-CVE-2009-0146");
  ASSERT_EQ(batch->advisories[0].affected.size(), 1u);
  EXPECT_EQ(batch->advisories[0].affected[0].ecosystem, "Ubuntu:8.04:LTS");
}

TEST(UbuntuCveTrackerParse, GarbageIsAnError) {
  for (std::string_view in : {"\x01\x02 garbage", "{\"a\":1}", "Candidate: \nPriority: low\n"}) {
    Result<model::Batch> batch = ParseUbuntuCveTracker(in);
    ASSERT_FALSE(batch);
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(batch.error().message.rfind("ubuntu_cve_tracker: ", 0), 0u);
  }
}

TEST(UbuntuCveTrackerSniff, DetectsItsOwnSamples) {
  for (std::string_view name : {"CVE-2014-0160", "CVE-2020-9759", "CVE-2013-1442"}) {
    std::string text = ReadTestdata(kKey, name);
    EXPECT_GE(SniffUbuntuCveTracker(text, name), 90);
    Result<const Parser*> p = DetectFormat(text, name);
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ((*p)->key, kKey);
  }
}

TEST(UbuntuCveTrackerSniff, DoesNotClaimOtherFormats) {
  // The template in active/ has an empty Candidate.
  EXPECT_EQ(SniffUbuntuCveTracker(ReadTestdata(kKey, "00boilerplate"), "00boilerplate"), 0);
  EXPECT_EQ(SniffUbuntuCveTracker(ReadTestdata("alpine_secdb", "v3.17-main-sample.json"), ""), 0);
  EXPECT_EQ(SniffUbuntuCveTracker(ReadTestdata("debian_dsa_list", "dsa-list-trimmed.txt"), ""), 0);
  EXPECT_EQ(SniffUbuntuCveTracker("Package: bash\nStatus: install ok installed\n", "status"), 0);
}

}  // namespace
}  // namespace vs::parsers
