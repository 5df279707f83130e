#include "parsers/npm_security_wg.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using model::EventKind;
using testing::CompareGolden;
using testing::ReadTestdata;

constexpr std::string_view kKey = "npm_security_wg";

model::Batch MustParse(std::string_view bytes) {
  Result<model::Batch> b = ParseNpmSecurityWg(bytes);
  EXPECT_TRUE(b) << b.error().message;
  return b ? std::move(*b) : model::Batch{};
}

const model::Advisory* Find(const model::Batch& b, std::string_view id) {
  for (const auto& a : b.advisories)
    if (a.id == id) return &a;
  return nullptr;
}

// Renders ranges as "[introduced:0 fixed:1.2.3] [...]" for compact assertions.
std::string Show(std::string_view range) {
  Result<std::vector<model::AffectedRange>> r = NodeSemverToOsvRanges(range);
  if (!r) return "error: " + r.error().message;
  std::string out;
  for (const auto& ar : *r) {
    if (!out.empty()) out += " ";
    out += "[";
    for (size_t i = 0; i < ar.events.size(); ++i) {
      if (i) out += " ";
      const auto& e = ar.events[i];
      out += e.kind == EventKind::kIntroduced ? "i:" : e.kind == EventKind::kFixed ? "f:" : "la:";
      out += e.version;
    }
    out += "]";
  }
  return out;
}

TEST(NpmSecurityWgRange, Comparators) {
  EXPECT_EQ(Show("<=1.5.1"), "[i:0 la:1.5.1]");
  EXPECT_EQ(Show("<13.0.8"), "[i:0 f:13.0.8]");
  EXPECT_EQ(Show(">=0.1.0"), "[i:0.1.0]");
  EXPECT_EQ(Show("0.5.0"), "[i:0.5.0 la:0.5.0]");
  EXPECT_EQ(Show("=3.0.0-rc.1"), "[i:3.0.0-rc.1 la:3.0.0-rc.1]");
  EXPECT_EQ(Show("<  2.0.5"), "[i:0 f:2.0.5]");
  EXPECT_EQ(Show("<=v2.0.0-alpha7"), "[i:0 la:2.0.0-alpha7]");
  EXPECT_EQ(Show("*"), "[i:0]");
  // The smallest version above 2.51.0 is 2.51.1-0.
  EXPECT_EQ(Show(">2.51.0 <=2.67.0"), "[i:2.51.1-0 la:2.67.0]");
}

TEST(NpmSecurityWgRange, AlternativesAndAnd) {
  EXPECT_EQ(Show(">= 5.2.1 <= 6.0.0 || >=6.0.0 <= 6.0.2"), "[i:5.2.1 la:6.0.0] [i:6.0.0 la:6.0.2]");
  EXPECT_EQ(Show("<5.0.3 >=5.0.0 || < 4.2.1"), "[i:5.0.0 f:5.0.3] [i:0 f:4.2.1]");
  EXPECT_EQ(Show("< 3.1.3  || >= 4.0.0 <4.1.1"), "[i:0 f:3.1.3] [i:4.0.0 f:4.1.1]");
  EXPECT_EQ(Show(">=0.9.7 >=1.0.0 <2.0.0"), "[i:1.0.0 f:2.0.0]");
  EXPECT_EQ(Show("<2.0.0 <=1.5.0"), "[i:0 la:1.5.0]");
}

TEST(NpmSecurityWgRange, SugarFollowsNodeSemver) {
  // node-semver README, "Advanced Range Syntax".
  EXPECT_EQ(Show("2.0.x || 2.1.x"), "[i:2.0.0 f:2.1.0-0] [i:2.1.0 f:2.2.0-0]");
  EXPECT_EQ(Show("1.x"), "[i:1.0.0 f:2.0.0-0]");
  EXPECT_EQ(Show("~1.2.3"), "[i:1.2.3 f:1.3.0-0]");
  EXPECT_EQ(Show("~0.8.0-pre"), "[i:0.8.0-pre f:0.9.0-0]");
  EXPECT_EQ(Show("^1.2.3"), "[i:1.2.3 f:2.0.0-0]");
  EXPECT_EQ(Show("^0.2.3"), "[i:0.2.3 f:0.3.0-0]");
  EXPECT_EQ(Show("^0.0.3"), "[i:0.0.3 f:0.0.4-0]");
  EXPECT_EQ(Show("^1.2"), "[i:1.2.0 f:2.0.0-0]");
  EXPECT_EQ(Show("<= 1.0"), "[i:0 f:1.1.0-0]");
  EXPECT_EQ(Show("<3.11 || >= 4 <4.5"), "[i:0 f:3.11.0-0] [i:4.0.0 f:4.5.0-0]");
  EXPECT_EQ(Show(">= 1.x"), "[i:1.0.0]");
  EXPECT_EQ(Show(">1.2"), "[i:1.3.0]");
  EXPECT_EQ(Show("1.2.3 - 2.3.4"), "[i:1.2.3 la:2.3.4]");
  EXPECT_EQ(Show("1.2.3 - 2.3"), "[i:1.2.3 f:2.4.0-0]");
  EXPECT_EQ(Show("~>1.2.3"), "[i:1.2.3 f:1.3.0-0]");
}

TEST(NpmSecurityWgRange, NotConvertible) {
  for (std::string_view bad :
       {"", "||", "<1.0.0 ||", "latest", ">1.0.0-beta", "1.x.3", "<*", ">=2.0.0 <1.0.0",
        "<1.0.0 >=1.0.0", "1.2.3.4", ">=", "!1.0.0", "1.2-beta"}) {
    EXPECT_EQ(Show(bad).rfind("error: ", 0), 0u) << bad << " → " << Show(bad);
  }
}

TEST(NpmSecurityWgParse, TrimmedFeedMatchesGolden) {
  model::Batch b = MustParse(ReadTestdata(kKey, "npm-trimmed.jsonl"));
  EXPECT_EQ(b.advisories.size(), 23u);
  EXPECT_TRUE(b.warnings.empty());
  EXPECT_EQ(CompareGolden(b, kKey, "npm-trimmed"), "");
}

TEST(NpmSecurityWgParse, Facts) {
  model::Batch b = MustParse(ReadTestdata(kKey, "npm-trimmed.jsonl"));
  const model::Advisory* a = Find(b, "NSWG-ECO-1");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->source, "npm_security_wg");
  EXPECT_EQ(a->aliases, std::vector<std::string>{"CVE-2014-7205"});
  EXPECT_EQ(a->summary, "Arbitrary JavaScript Execution");
  EXPECT_EQ(a->published, "2014-09-27");
  EXPECT_EQ(a->modified, "2016-04-28");
  EXPECT_EQ(a->cvss_vector, "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N");
  EXPECT_DOUBLE_EQ(a->cvss_score, 6.5);
  ASSERT_EQ(a->affected.size(), 1u);
  EXPECT_EQ(a->affected[0].ecosystem, "npm");
  EXPECT_EQ(a->affected[0].package, "bassmaster");
  EXPECT_EQ(a->affected[0].purl, "pkg:npm/bassmaster");
  ASSERT_EQ(a->affected[0].ranges.size(), 1u);
  EXPECT_EQ(a->affected[0].ranges[0].type, model::RangeType::kSemver);
  const model::Advisory* jq = Find(b, "NSWG-ECO-330");  // jquery =3.0.0-rc.1
  ASSERT_NE(jq, nullptr);
  EXPECT_EQ(jq->affected[0].package, "jquery");
  const model::Advisory* electron = Find(b, "NSWG-ECO-466");
  ASSERT_NE(electron, nullptr);
  EXPECT_EQ(electron->affected[0].ranges.size(), 4u);
}

TEST(NpmSecurityWgParse, SinglePrettyPrintedFileSameAsItsLine) {
  model::Batch one = MustParse(ReadTestdata(kKey, "npm-1.json"));
  ASSERT_EQ(one.advisories.size(), 1u);
  model::Batch all = MustParse(ReadTestdata(kKey, "npm-trimmed.jsonl"));
  EXPECT_EQ(one.advisories[0], *Find(all, "NSWG-ECO-1"));
}

TEST(NpmSecurityWgParse, IndexMapOfRecords) {
  model::Batch b = MustParse(
      R"({"1":{"id":1,"module_name":"a","vulnerable_versions":"<1.0.0","cves":["cve-2020-0001"]},)"
      R"("2":{"id":2,"module_name":"@s/b","vulnerable_versions":"^2.0.0","cves":[]}})");
  ASSERT_EQ(b.advisories.size(), 2u);
  EXPECT_EQ(b.advisories[0].aliases, std::vector<std::string>{"CVE-2020-0001"});
  EXPECT_EQ(b.advisories[1].affected[0].purl, "pkg:npm/%40s/b");
}

// "<=3.0.1" patched ">=3.0.2": fixed in 3.0.2. A major step leaves versions in between unknown,
// so the last affected version stays.
TEST(NpmSecurityWgParse, PatchedNextPatchReleaseIsTheFix) {
  model::Batch b = MustParse(
      R"([{"id":1,"module_name":"minimatch","vulnerable_versions":"<=3.0.1","patched_versions":">=3.0.2"},)"
      R"({"id":2,"module_name":"x","vulnerable_versions":"<=6.0.2","patched_versions":">=7.0.0"},)"
      R"({"id":3,"module_name":"y","vulnerable_versions":"<=1.0.0 || >=2.0.0 <=2.1.4","patched_versions":">=1.0.1 <2.0.0 || >=2.1.5"}])");
  ASSERT_EQ(b.advisories.size(), 3u);
  auto last = [&](size_t adv, size_t range) {
    const model::RangeEvent& e = b.advisories[adv].affected[0].ranges[range].events.back();
    return std::string(e.kind == model::EventKind::kFixed ? "fixed " : "last ") + e.version;
  };
  EXPECT_EQ(last(0, 0), "fixed 3.0.2");
  EXPECT_EQ(last(1, 0), "last 6.0.2");
  EXPECT_EQ(last(2, 0), "fixed 1.0.1");
  EXPECT_EQ(last(2, 1), "fixed 2.1.5");
}

TEST(NpmSecurityWgParse, CoreRecordsAreSkippedWithWarning) {
  model::Batch b = MustParse(ReadTestdata(kKey, "core-1.json"));
  EXPECT_TRUE(b.advisories.empty());
  ASSERT_EQ(b.warnings.size(), 1u);
  EXPECT_NE(b.warnings[0].reason.find("core"), std::string::npos);
}

TEST(NpmSecurityWgParse, MalformedRecordsWarnOthersKept) {
  model::Batch b = MustParse(
      "{\"id\":1,\"module_name\":\"a\",\"vulnerable_versions\":\"<1.0.0\"}\n"
      "{\"id\":2,\"module_name\":\"b\",\"vulnerable_versions\":\"latest\"}\n"
      "{not json\n"
      "{\"id\":3,\"vulnerable_versions\":\"<1.0.0\"}\n"
      "{\"module_name\":\"c\",\"vulnerable_versions\":\"<1.0.0\"}\n"
      "{\"id\":4,\"module_name\":\"d\",\"vulnerable_versions\":\"<1.0.0\",\"cvss_vector\":\"CVSS:"
      "9\"}\n");
  ASSERT_EQ(b.advisories.size(), 2u);
  EXPECT_EQ(b.advisories[0].id, "NSWG-ECO-1");
  EXPECT_EQ(b.advisories[1].id, "NSWG-ECO-4");
  EXPECT_EQ(b.advisories[1].cvss_score, -1);
  EXPECT_EQ(b.warnings.size(), 5u);
}

TEST(NpmSecurityWgParse, EmptyAndGarbage) {
  EXPECT_TRUE(MustParse("").advisories.empty());
  EXPECT_TRUE(MustParse(" \n").advisories.empty());
  EXPECT_TRUE(MustParse("[]").advisories.empty());
  for (std::string_view garbage : {"hello", "{oops", "{a\n{b\n", "\x01\x02"}) {
    Result<model::Batch> b = ParseNpmSecurityWg(garbage);
    ASSERT_FALSE(b) << garbage;
    EXPECT_EQ(b.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(b.error().message.rfind("npm_security_wg: ", 0), 0u) << b.error().message;
  }
}

TEST(NpmSecurityWgSniff, DetectsOwnAndLeavesOthers) {
  for (const char* file : {"npm-trimmed.jsonl", "npm-1.json"}) {
    std::string doc = ReadTestdata(kKey, file);
    EXPECT_EQ(SniffNpmSecurityWg(doc, ""), 90) << file;
    Result<const Parser*> p = DetectFormat(doc, file);
    ASSERT_TRUE(p) << file;
    EXPECT_EQ((*p)->key, "npm_security_wg") << file;
  }
  EXPECT_EQ(SniffNpmSecurityWg(ReadTestdata(kKey, "core-1.json"), ""), 60);
  EXPECT_EQ(SniffNpmSecurityWg(ReadTestdata("osv", "ghsa-npm.json"), ""), 0);
  EXPECT_EQ(SniffNpmSecurityWg(ReadTestdata("alpine_secdb", "v3.17-main-sample.json"), ""), 0);
  EXPECT_EQ(SniffNpmSecurityWg("", ""), 0);
}

}  // namespace
}  // namespace vs::parsers
