#include "parsers/victims.h"

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

constexpr std::string_view kKey = "victims";

model::Batch MustParse(std::string_view bytes) {
  Result<model::Batch> b = ParseVictims(bytes);
  EXPECT_TRUE(b) << b.error().message;
  return b ? std::move(*b) : model::Batch{};
}

const model::Advisory* Find(const model::Batch& b, std::string_view id) {
  for (const auto& a : b.advisories)
    if (a.id == id) return &a;
  return nullptr;
}

TEST(VictimsParse, TrimmedFeedMatchesGolden) {
  model::Batch b = MustParse(ReadTestdata(kKey, "victims-trimmed.jsonl"));
  EXPECT_EQ(b.advisories.size(), 11u);
  EXPECT_EQ(CompareGolden(b, kKey, "victims-trimmed"), "");
}

TEST(VictimsParse, JavaRecordFacts) {
  model::Batch b = MustParse(ReadTestdata(kKey, "java-2008-6504.yaml"));
  ASSERT_EQ(b.advisories.size(), 1u);
  EXPECT_TRUE(b.warnings.empty());
  const model::Advisory& a = b.advisories[0];
  EXPECT_EQ(a.id, "VICTIMS-CVE-2008-6504");
  EXPECT_EQ(a.aliases, std::vector<std::string>{"CVE-2008-6504"});
  EXPECT_EQ(a.source, "victims");
  ASSERT_EQ(a.affected.size(), 4u);
  EXPECT_EQ(a.affected[0].ecosystem, "Maven");
  EXPECT_EQ(a.affected[0].package, "org.apache.struts:struts2-core");
  EXPECT_EQ(a.affected[0].purl, "pkg:maven/org.apache.struts/struts2-core");
  // "<=2.0.11.2,2.0": from the 2.0 series start up to and including 2.0.11.2; fixedin
  // ">=2.0.12,2.0" names that line's fix.
  ASSERT_EQ(a.affected[0].ranges.size(), 2u);
  const auto& ev = a.affected[0].ranges[0].events;
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].kind, EventKind::kIntroduced);
  EXPECT_EQ(ev[0].version, "2.0");
  EXPECT_EQ(ev[1].kind, EventKind::kFixed);
  EXPECT_EQ(ev[1].version, "2.0.12");
  // ">=0.5,0": 0.5 up to the next series, 1.
  const auto& oak = a.affected[1].ranges.at(0).events;
  ASSERT_EQ(oak.size(), 2u);
  EXPECT_EQ(oak[0].version, "0.5");
  EXPECT_EQ(oak[1].kind, EventKind::kFixed);
  EXPECT_EQ(oak[1].version, "1");
}

// CVE-2015-2080 (Jetty): ">=9.2.3,9.2" and "<=9.2.8,9.2" bound one line, 9.2.3 … 9.2.8, fixed
// in 9.2.9 as fixedin says; CVE-2016-3092 (Tomcat) "<=9.0.0.M7,9" starts at 9's first
// pre-release, so 8.5 and 7.0 versions are not in it.
TEST(VictimsParse, OneSeriesBoundsAreOneLine) {
  model::Batch b = MustParse(
      R"({"cve":"2015-2080","affected":[{"groupId":"org.eclipse.jetty","artifactId":"jetty-http",)"
      R"("version":[">=9.2.3,9.2","<=9.2.8,9.2"],"fixedin":[">=9.2.9,9.2"]},)"
      R"({"groupId":"org.apache.tomcat","artifactId":"tomcat-catalina",)"
      R"("version":["<=9.0.0.M7,9","<=8.5.2,8.5"],"fixedin":[">=9.0.0.M8,9",">=8.5.3,8.5"]}]})");
  ASSERT_EQ(b.advisories.size(), 1u);
  const auto& jetty = b.advisories[0].affected.at(0).ranges;
  ASSERT_EQ(jetty.size(), 1u);
  EXPECT_EQ(jetty[0].events, (std::vector<model::RangeEvent>{{EventKind::kIntroduced, "9.2.3"},
                                                             {EventKind::kFixed, "9.2.9"}}));
  const auto& tomcat = b.advisories[0].affected.at(1).ranges;
  ASSERT_EQ(tomcat.size(), 2u);
  EXPECT_EQ(tomcat[0].events, (std::vector<model::RangeEvent>{{EventKind::kIntroduced, "9-alpha"},
                                                              {EventKind::kFixed, "9.0.0.M8"}}));
  EXPECT_EQ(tomcat[1].events, (std::vector<model::RangeEvent>{{EventKind::kIntroduced, "8.5"},
                                                              {EventKind::kFixed, "8.5.3"}}));
}

TEST(VictimsParse, YamlSameAsJsonLine) {
  model::Batch yaml = MustParse(ReadTestdata(kKey, "java-2008-6504.yaml"));
  model::Batch all = MustParse(ReadTestdata(kKey, "victims-trimmed.jsonl"));
  ASSERT_EQ(yaml.advisories.size(), 1u);
  const model::Advisory* same = Find(all, "VICTIMS-CVE-2008-6504");
  ASSERT_NE(same, nullptr);
  EXPECT_EQ(yaml.advisories[0], *same);
  model::Batch py = MustParse(ReadTestdata(kKey, "python-2009-3724.yaml"));
  ASSERT_EQ(py.advisories.size(), 1u);
  const model::Advisory* py_same = Find(all, "VICTIMS-CVE-2009-3724");
  ASSERT_NE(py_same, nullptr);
  EXPECT_EQ(py.advisories[0], *py_same);
  EXPECT_EQ(py.advisories[0].affected.at(0).ecosystem, "PyPI");
  EXPECT_EQ(py.advisories[0].affected.at(0).package, "pyrad");
}

TEST(VictimsParse, ExactAndOpenEndedEntries) {
  model::Batch b = MustParse(
      R"({"cve":"2020-0001","affected":[{"name":"p","version":["==1.2","<1.5,1.4",">=2.0","<=3.0"]}]})");
  ASSERT_EQ(b.advisories.size(), 1u);
  const auto& r = b.advisories[0].affected.at(0).ranges;
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].events, (std::vector<model::RangeEvent>{{EventKind::kIntroduced, "1.2"},
                                                         {EventKind::kLastAffected, "1.2"}}));
  EXPECT_EQ(r[1].events, (std::vector<model::RangeEvent>{{EventKind::kIntroduced, "1.4"},
                                                         {EventKind::kFixed, "1.5"}}));
  EXPECT_EQ(r[2].events, (std::vector<model::RangeEvent>{{EventKind::kIntroduced, "2.0"}}));
  EXPECT_EQ(r[3].events, (std::vector<model::RangeEvent>{{EventKind::kIntroduced, "0"},
                                                         {EventKind::kLastAffected, "3.0"}}));
}

TEST(VictimsParse, MalformedRecordsWarnOthersKept) {
  model::Batch b = MustParse(
      "{\"cve\":\"2020-0001\",\"affected\":[{\"name\":\"a\",\"version\":[\"<=1.0\"]}]}\n"
      "{\"cve\":\"nope\",\"affected\":[]}\n"
      "{broken\n"
      "{\"cve\":\"2020-0002\",\"affected\":[{\"name\":\"b\",\"version\":[\"~1.0\"]}]}\n"
      "{\"cve\":\"2020-0003\",\"affected\":[{\"name\":\"c\",\"version\":[\"1.0\",\"<=2.0\"]}]}\n");
  ASSERT_EQ(b.advisories.size(), 2u);
  EXPECT_EQ(b.advisories[0].id, "VICTIMS-CVE-2020-0001");
  EXPECT_EQ(b.advisories[1].id, "VICTIMS-CVE-2020-0003");
  EXPECT_EQ(b.advisories[1].affected.at(0).ranges.size(), 1u);
  EXPECT_GE(b.warnings.size(), 4u);
}

TEST(VictimsParse, EmptyAndGarbage) {
  EXPECT_TRUE(MustParse("").advisories.empty());
  EXPECT_TRUE(MustParse("[]").advisories.empty());
  for (std::string_view garbage :
       {"hello", "{oops", "{a\n{b\n", "cve: 2020-1\naffected: [unclosed\n", "title: x\n"}) {
    Result<model::Batch> b = ParseVictims(garbage);
    ASSERT_FALSE(b) << garbage;
    EXPECT_EQ(b.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(b.error().message.rfind("victims: ", 0), 0u) << b.error().message;
  }
}

TEST(VictimsSniff, DetectsOwnAndLeavesOthers) {
  for (const char* file :
       {"victims-trimmed.jsonl", "java-2008-6504.yaml", "python-2009-3724.yaml"}) {
    std::string doc = ReadTestdata(kKey, file);
    EXPECT_EQ(SniffVictims(doc, ""), 90) << file;
    Result<const Parser*> p = DetectFormat(doc, file);
    ASSERT_TRUE(p) << file;
    EXPECT_EQ((*p)->key, "victims") << file;
  }
  EXPECT_EQ(SniffVictims(ReadTestdata("osv", "ghsa-npm.json"), ""), 0);
  EXPECT_EQ(SniffVictims(ReadTestdata("osv", "pypi-pypa-PYSEC-2021-370.yaml"), ""), 0);
  EXPECT_EQ(SniffVictims(ReadTestdata("npm_security_wg", "npm-1.json"), ""), 0);
  EXPECT_EQ(SniffVictims("", ""), 0);
}

}  // namespace
}  // namespace vs::parsers

namespace vs::parsers {
namespace {

TEST(VictimsSniff, PythonRecordWithoutFixedin) {
  // Shape of python/2013/6396.yaml: no `fixedin`, no `groupId`.
  EXPECT_EQ(SniffVictims("---\ncve: 2013-6396\ntitle: \"x\"\naffected:\n    - name: p\n"
                         "      version:\n        - \"<=1.8.0\"\n",
                         ""),
            90);
}

}  // namespace
}  // namespace vs::parsers
