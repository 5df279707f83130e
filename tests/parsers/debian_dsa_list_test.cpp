#include "parsers/debian_dsa_list.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

constexpr std::string_view kKey = "debian_dsa_list";

const model::Advisory* Find(const model::Batch& batch, std::string_view id) {
  for (const model::Advisory& a : batch.advisories)
    if (a.id == id) return &a;
  return nullptr;
}

std::vector<model::RangeEvent> Fixed(std::string version) {
  return {{model::EventKind::kIntroduced, "0"}, {model::EventKind::kFixed, std::move(version)}};
}

TEST(DebianDsaListParse, DsaListTrimmedMatchesGolden) {
  Result<model::Batch> batch = ParseDebianDsaList(ReadTestdata(kKey, "dsa-list-trimmed.txt"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "dsa-list-trimmed"), "");
  EXPECT_TRUE(batch->warnings.empty());
  // 34 entries; DSA-4205-1 and DSA-2134-1 are announcements with neither CVE nor package, and
  // DSA-5356-2 a regression update (a bug fix, no CVE).
  EXPECT_EQ(batch->advisories.size(), 31u);
  EXPECT_EQ(Find(*batch, "DSA-4205-1"), nullptr);
  EXPECT_EQ(Find(*batch, "DSA-2134-1"), nullptr);

  const model::Advisory* a = Find(*batch, "DSA-5373-1");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->source, "debian_dsa_list");
  EXPECT_EQ(a->summary, "node-sqlite3 - security update");
  EXPECT_EQ(a->published, "2023-03-14T00:00:00Z");
  EXPECT_EQ(a->aliases, (std::vector<std::string>{"CVE-2022-43441"}));
  ASSERT_EQ(a->affected.size(), 1u);
  EXPECT_EQ(a->affected[0].ecosystem, "Debian:11");
  EXPECT_EQ(a->affected[0].package, "node-sqlite3");
  EXPECT_EQ(a->affected[0].ranges[0].events, Fixed("5.0.0+ds1-1+deb11u2"));

  // A regression update is not a vulnerability; a security update without CVE ids still is.
  EXPECT_EQ(Find(*batch, "DSA-5356-2"), nullptr);

  // Old id without revision, title without " - ".
  a = Find(*batch, "DSA-1260");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->summary, "imagemagick");
  EXPECT_EQ(a->affected[0].ecosystem, "Debian:3.1");
  EXPECT_EQ(a->affected[0].ranges[0].events, Fixed("6:6.0.6.2-2.9"));

  // "{ CVE-2006-0467 }" with blanks inside the braces.
  a = Find(*batch, "DSA-964-1");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->aliases, (std::vector<std::string>{"CVE-2006-0467"}));
  EXPECT_EQ(a->affected[0].ecosystem, "Debian:3.0");

  // Double blank before the version.
  a = Find(*batch, "DSA-2798-1");
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->affected.size(), 2u);
  EXPECT_EQ(a->affected[1].ecosystem, "Debian:7");
  EXPECT_EQ(a->affected[1].ranges[0].events, Fixed("7.26.0-1+wheezy5"));

  // <not-affected> adds nothing; the trailing "(bug #…; medium)" is the urgency.
  a = Find(*batch, "DSA-892-1");
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->affected.size(), 1u);
  EXPECT_EQ(a->affected[0].ecosystem, "Debian:3.1");
  EXPECT_EQ(a->affected[0].severity, model::Severity::kMedium);

  // <unfixed>: affected with no fixed event.
  a = Find(*batch, "DSA-880-1");
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->affected.size(), 2u);
  EXPECT_EQ(a->affected[0].ranges[0].events,
            (std::vector<model::RangeEvent>{{model::EventKind::kIntroduced, "0"}}));

  // <end-of-life>: affected, never fixed in jessie.
  a = Find(*batch, "DSA-3699-1");
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->affected.size(), 1u);
  EXPECT_EQ(a->affected[0].ecosystem, "Debian:8");
  EXPECT_EQ(a->affected[0].ranges[0].events.size(), 1u);

  // A NOTE-only "<unfixed>" (no package line) leaves the CVE without affected packages.
  a = Find(*batch, "DSA-1605-1");
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(a->affected.empty());
}

TEST(DebianDsaListParse, DlaListTrimmedMatchesGolden) {
  Result<model::Batch> batch = ParseDebianDsaList(ReadTestdata(kKey, "dla-list-trimmed.txt"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "dla-list-trimmed"), "");
  EXPECT_TRUE(batch->warnings.empty());
  EXPECT_EQ(Find(*batch, "DLA-3067-1"), nullptr);  // "stretch-lts - end-of-life" notice.
  const model::Advisory* a = Find(*batch, "DLA-2272-1");
  EXPECT_EQ(a, nullptr);
  // Trailing blank after the version (real data).
  bool found = false;
  for (const model::Advisory& adv : batch->advisories)
    for (const model::Affected& af : adv.affected)
      if (af.package == "tzdata" && af.ecosystem == "Debian:6") {
        found = true;
        EXPECT_EQ(af.ranges[0].events, Fixed("2015b-0squeeze1"));
      }
  EXPECT_TRUE(found);
  for (const model::Advisory& adv : batch->advisories) EXPECT_EQ(adv.id.substr(0, 4), "DLA-");
}

TEST(DebianDsaListParse, EmptyInputGivesEmptyBatch) {
  for (std::string_view in : {"", "\n\n  \n"}) {
    Result<model::Batch> batch = ParseDebianDsaList(in);
    ASSERT_TRUE(batch) << batch.error().message;
    EXPECT_TRUE(batch->advisories.empty());
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(DebianDsaListParse, MalformedRecordsWarnAndKeepTheRest) {
  const std::string in =
      "[13 Mar 2023] DSA-5373-1 node-sqlite3 - security update\n"
      "\t{CVE-2022-43441}\n"
      "\t[bullseye] - node-sqlite3 5.0.0+ds1-1+deb11u2\n"
      "[99 Foo 2023] DSA-5372-1 rails - security update\n"
      "\t{CVE-2021-22942}\n"
      "\t[bullseye] - rails 2:6.0.3.7+dfsg-2+deb11u1\n"
      "[07 Mar 2023] DSA-5370-1 apr - security update\n"
      "\t{cve-2022-24963}\n"
      "\t[hamm] - apr 1.0\n"
      "\t[bullseye] apr\n"
      "\t[bullseye] - apr 1.7.0-6+deb11u2\n";
  Result<model::Batch> batch = ParseDebianDsaList(in);
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->advisories.size(), 2u);
  EXPECT_EQ(batch->advisories[0].id, "DSA-5373-1");
  EXPECT_EQ(batch->advisories[1].id, "DSA-5370-1");
  EXPECT_EQ(batch->advisories[1].aliases, (std::vector<std::string>{"CVE-2022-24963"}));
  EXPECT_EQ(batch->advisories[1].affected.size(), 1u);
  ASSERT_EQ(batch->warnings.size(), 3u);
  EXPECT_EQ(batch->warnings[0].record, "line 4");
  EXPECT_EQ(batch->warnings[1].record, "DSA-5370-1");
  EXPECT_NE(batch->warnings[1].reason.find("unknown release \"hamm\""), std::string::npos);
  EXPECT_EQ(batch->warnings[2].record, "DSA-5370-1");
}

TEST(DebianDsaListParse, GarbageIsAnError) {
  for (std::string_view in : {"\x01\x02 garbage\n", "{\"not\": \"a list\"}", "hello\n\tworld\n"}) {
    Result<model::Batch> batch = ParseDebianDsaList(in);
    ASSERT_FALSE(batch);
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(batch.error().message.rfind("debian_dsa_list: ", 0), 0u);
  }
}

TEST(DebianDsaListSniff, DetectsItsOwnSamples) {
  for (std::string_view name : {"dsa-list-trimmed.txt", "dla-list-trimmed.txt"}) {
    std::string text = ReadTestdata(kKey, name);
    EXPECT_GE(SniffDebianDsaList(text, "list"), 90);
    Result<const Parser*> p = DetectFormat(std::string_view(text).substr(0, 65536), "list");
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ((*p)->key, kKey);
  }
}

TEST(DebianDsaListSniff, DoesNotClaimOtherFormats) {
  EXPECT_EQ(SniffDebianDsaList(ReadTestdata("alpine_secdb", "v3.17-main-sample.json"), ""), 0);
  EXPECT_EQ(SniffDebianDsaList("Package: bash\nStatus: install ok installed\n", "status"), 0);
  EXPECT_EQ(SniffDebianDsaList("[1 Jan 2020] something else\n", ""), 0);
  EXPECT_EQ(SniffDebianDsaList("", ""), 0);
}

}  // namespace
}  // namespace vs::parsers
