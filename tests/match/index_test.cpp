#include "match/index.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace vs::match {
namespace {

using model::EventKind;

model::Advisory Adv(std::string id, std::vector<std::string> aliases, std::string ecosystem,
                    std::string package, std::vector<model::RangeEvent> events,
                    model::RangeType type = model::RangeType::kEcosystem) {
  model::Advisory a;
  a.id = std::move(id);
  a.aliases = std::move(aliases);
  model::Affected af;
  af.ecosystem = std::move(ecosystem);
  af.package = std::move(package);
  af.ranges.push_back({type, "", std::move(events)});
  a.affected.push_back(std::move(af));
  return a;
}

model::Package Pkg(std::string ecosystem, std::string name, std::string version,
                   std::string source = "", std::string source_version = "") {
  model::Package p;
  p.ecosystem = std::move(ecosystem);
  p.name = std::move(name);
  p.version = std::move(version);
  p.source_name = std::move(source);
  p.source_version = std::move(source_version);
  return p;
}

std::vector<Match> MatchOne(const Index& index, const model::Package& p) {
  std::vector<Match> out;
  index.MatchPackages({p}, out);
  return out;
}

// The range-evaluation vectors of the OSV spec (tests/testdata/match/osv-eval-cases.json,
// from the project's format reference): every case, every version.
TEST(IndexEvaluate, OsvSpecEvaluationVectors) {
  std::ifstream in(std::string(VS_SOURCE_DIR) + "/tests/testdata/match/osv-eval-cases.json");
  ASSERT_TRUE(in);
  nlohmann::json doc = nlohmann::json::parse(in);
  size_t checked = 0;
  for (const auto& c : doc["cases"]) {
    Index index;
    model::Advisory a;
    a.id = "TEST-" + c["name"].get<std::string>();
    model::Affected af;
    af.ecosystem = "npm";
    af.package = "pkg";
    for (const auto& r : c["affected"].value("ranges", nlohmann::json::array())) {
      model::AffectedRange range;
      range.type = r["type"] == "SEMVER" ? model::RangeType::kSemver : model::RangeType::kEcosystem;
      for (const auto& e : r["events"]) {
        for (const auto& [k, v] : e.items()) {
          EventKind kind = k == "introduced" ? EventKind::kIntroduced
                           : k == "fixed"    ? EventKind::kFixed
                           : k == "limit"    ? EventKind::kLimit
                                             : EventKind::kLastAffected;
          range.events.push_back({kind, v.get<std::string>()});
        }
      }
      af.ranges.push_back(range);
    }
    for (const auto& v : c["affected"].value("versions", nlohmann::json::array())) {
      af.versions.push_back(v.get<std::string>());
    }
    a.affected.push_back(af);
    index.Add(std::move(a));
    index.Finish();
    for (const auto& [version, expected] : c["expect"].items()) {
      bool affected = !MatchOne(index, Pkg("npm", "pkg", version)).empty();
      EXPECT_EQ(affected, expected.get<bool>()) << c["name"] << " @ " << version;
      ++checked;
    }
  }
  EXPECT_GT(checked, 30u);
}

TEST(IndexMatch, ReportsNearestFixAcrossBranches) {
  Index index;
  index.Add(Adv("GHSA-x", {"CVE-2021-1"}, "npm", "lodash",
                {{EventKind::kIntroduced, "0"},
                 {EventKind::kFixed, "3.10.2"},
                 {EventKind::kIntroduced, "4.0.0"},
                 {EventKind::kFixed, "4.17.21"}}));
  index.Finish();
  auto m = MatchOne(index, Pkg("npm", "lodash", "4.17.15"));
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].vulnerability_id, "CVE-2021-1");
  EXPECT_EQ(m[0].fixed_version, "4.17.21");
  EXPECT_EQ(m[0].aliases, std::vector<std::string>{"GHSA-x"});
  m = MatchOne(index, Pkg("npm", "lodash", "3.1.0"));
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].fixed_version, "3.10.2");
  EXPECT_TRUE(MatchOne(index, Pkg("npm", "lodash", "4.17.21")).empty());
}

TEST(IndexMatch, SameCveFromTwoDatabasesIsOneFinding) {
  Index index;
  index.Add(Adv("PYSEC-2021-1", {"CVE-2021-35042", "GHSA-xpfp"}, "PyPI", "Django",
                {{EventKind::kIntroduced, "3.0"}, {EventKind::kFixed, "3.1.13"}}));
  index.Add(Adv("GHSA-xpfp", {"CVE-2021-35042"}, "PyPI", "django",
                {{EventKind::kIntroduced, "3.0"}, {EventKind::kFixed, "3.1.13"}}));
  index.Finish();
  auto m = MatchOne(index, Pkg("PyPI", "DJANGO", "3.0.14"));
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].vulnerability_id, "CVE-2021-35042");
  EXPECT_EQ(m[0].aliases, (std::vector<std::string>{"GHSA-xpfp", "PYSEC-2021-1"}));
  EXPECT_EQ(m[0].advisory_ids, (std::vector<std::string>{"GHSA-xpfp", "PYSEC-2021-1"}));
}

// Alpine names a CVE "ALPINE-CVE-…" in every release's document, each imported as its own
// source: every release's fix is kept, whichever order the sources load in.
TEST(IndexMatch, SameIdFromTwoReleasesKeepsBothReleases) {
  for (bool v310_first : {true, false}) {
    Index index;
    auto v39 = Adv("ALPINE-CVE-2019-1543", {"CVE-2019-1543"}, "Alpine:v3.9", "openssl",
                   {{EventKind::kIntroduced, "0"}, {EventKind::kFixed, "1.1.1b-r1"}});
    auto v310 = Adv("ALPINE-CVE-2019-1543", {"CVE-2019-1543"}, "Alpine:v3.10", "openssl",
                    {{EventKind::kIntroduced, "0"}, {EventKind::kFixed, "1.1.1c-r0"}});
    index.Add(v310_first ? std::move(v310) : std::move(v39));
    index.Add(v310_first ? std::move(v39) : std::move(v310));
    index.Finish();
    auto m39 = MatchOne(index, Pkg("Alpine:v3.9", "openssl", "1.1.1a-r0"));
    ASSERT_EQ(m39.size(), 1u) << v310_first;
    EXPECT_EQ(m39[0].fixed_version, "1.1.1b-r1");
    auto m310 = MatchOne(index, Pkg("Alpine:v3.10", "openssl", "1.1.1b-r1"));
    ASSERT_EQ(m310.size(), 1u) << v310_first;
    EXPECT_EQ(m310[0].fixed_version, "1.1.1c-r0");
  }
}

// Two versions of one record: the newer one's ranges win for the packages it lists.
TEST(IndexMatch, NewerRecordOfAnIdReplacesTheOlder) {
  Index index;
  auto old_rec = Adv("GHSA-x", {}, "npm", "lodash",
                     {{EventKind::kIntroduced, "0"}, {EventKind::kFixed, "4.17.20"}});
  old_rec.modified = "2021-01-01T00:00:00Z";
  auto new_rec = Adv("GHSA-x", {"CVE-2021-23337"}, "npm", "lodash",
                     {{EventKind::kIntroduced, "0"}, {EventKind::kFixed, "4.17.21"}});
  new_rec.modified = "2022-01-01T00:00:00Z";
  index.Add(std::move(new_rec));
  index.Add(std::move(old_rec));
  index.Finish();
  auto m = MatchOne(index, Pkg("npm", "lodash", "4.17.20"));
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].fixed_version, "4.17.21");
  EXPECT_EQ(m[0].vulnerability_id, "CVE-2021-23337");
}

TEST(IndexMatch, DistroAdvisoryWithSeveralCvesYieldsOnePerCve) {
  Index index;
  index.Add(Adv("ALSA-2023:1", {"CVE-2023-1", "CVE-2023-2"}, "AlmaLinux:9", "openssl",
                {{EventKind::kIntroduced, "0"}, {EventKind::kFixed, "1:3.0.7-17.el9_2"}}));
  index.Finish();
  // Binary openssl-libs, source rpm openssl: matched through the source name.
  auto m = MatchOne(index, Pkg("AlmaLinux:9", "openssl-libs", "1:3.0.7-16.el9_2", "openssl"));
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].vulnerability_id, "CVE-2023-1");
  EXPECT_EQ(m[1].vulnerability_id, "CVE-2023-2");
  EXPECT_EQ(m[0].aliases, std::vector<std::string>{"ALSA-2023:1"});
  EXPECT_EQ(m[0].fixed_version, "1:3.0.7-17.el9_2");
  EXPECT_TRUE(
      MatchOne(index, Pkg("AlmaLinux:9", "openssl-libs", "1:3.0.7-17.el9_2", "openssl")).empty());
  // Another release does not match.
  EXPECT_TRUE(
      MatchOne(index, Pkg("AlmaLinux:8", "openssl-libs", "1:3.0.7-16.el9_2", "openssl")).empty());
}

TEST(IndexMatch, DistroRelatedCvesAreTheVulnerabilities) {
  Index index;
  auto a = Adv("ALSA-2022:4940", {}, "AlmaLinux:9", "xz",
               {{EventKind::kIntroduced, "0"}, {EventKind::kFixed, "5.2.5-8.el9_0"}});
  a.related = {"CVE-2022-1271"};
  index.Add(std::move(a));
  auto g = Adv("GHSA-r", {}, "npm", "x", {{EventKind::kIntroduced, "0"}});
  g.related = {"CVE-2000-1"};  // For language advisories, related means another vulnerability.
  index.Add(std::move(g));
  index.Finish();
  auto m = MatchOne(index, Pkg("AlmaLinux:9", "xz-libs", "5.2.5-7.el9", "xz"));
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].vulnerability_id, "CVE-2022-1271");
  EXPECT_EQ(m[0].aliases, std::vector<std::string>{"ALSA-2022:4940"});
  m = MatchOne(index, Pkg("npm", "x", "1.0.0"));
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].vulnerability_id, "GHSA-r");
}

TEST(IndexMatch, DebianUsesSourceVersionForBinNmu) {
  Index index;
  index.Add(Adv("DSA-1", {"CVE-2024-9"}, "Debian:12", "glibc",
                {{EventKind::kIntroduced, "0"}, {EventKind::kFixed, "2.36-9+deb12u4"}}));
  index.Finish();
  EXPECT_EQ(MatchOne(index, Pkg("Debian:12", "libc6", "2.36-9+deb12u3", "glibc")).size(), 1u);
  EXPECT_TRUE(
      MatchOne(index, Pkg("Debian:12", "libc6", "2.36-9+deb12u4+b1", "glibc", "2.36-9+deb12u4"))
          .empty());
}

TEST(IndexMatch, UbuntuLtsSuffixIsTheSameRelease) {
  Index index;
  index.Add(Adv("UBUNTU-CVE-2024-1", {}, "Ubuntu:22.04:LTS", "curl",
                {{EventKind::kIntroduced, "0"}, {EventKind::kFixed, "7.81.0-1ubuntu1.16"}}));
  index.Finish();
  EXPECT_EQ(MatchOne(index, Pkg("Ubuntu:22.04", "curl", "7.81.0-1ubuntu1.15")).size(), 1u);
  EXPECT_EQ(MatchOne(index, Pkg("Ubuntu:22.04:LTS", "curl", "7.81.0-1ubuntu1.15")).size(), 1u);
}

TEST(IndexMatch, OpenRangeHasNoFix) {
  Index index;
  index.Add(Adv("GHSA-open", {}, "Go", "github.com/a/b", {{EventKind::kIntroduced, "1.2.0"}},
                model::RangeType::kSemver));
  index.Finish();
  auto m = MatchOne(index, Pkg("Go", "github.com/a/b", "1.3.0"));
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].vulnerability_id, "GHSA-open");
  EXPECT_EQ(m[0].fixed_version, "");
}

TEST(IndexMatch, InvalidVersionsAreReportedNotMatched) {
  Index index;
  index.Add(Adv("GHSA-1", {}, "npm", "x", {{EventKind::kIntroduced, "0"}}));
  index.Finish();
  std::vector<Match> out;
  std::vector<size_t> invalid;
  index.MatchPackages({Pkg("npm", "x", "not-a-version"), Pkg("npm", "x", "1.0.0")}, out, &invalid);
  EXPECT_EQ(out.size(), 1u);
  EXPECT_EQ(invalid, std::vector<size_t>{0});
}

TEST(IndexBuild, RangesWithInvalidEventsAreSkippedAndCounted) {
  Index index;
  index.Add(
      Adv("GHSA-bad", {}, "npm", "x", {{EventKind::kIntroduced, "0"}, {EventKind::kFixed, "??"}}));
  index.Add(Adv("GIT-1", {}, "OSS-Fuzz", "x", {{EventKind::kIntroduced, "0"}}));
  index.Finish();
  EXPECT_EQ(index.stats().skipped_invalid_ranges, 1u);
  EXPECT_EQ(index.stats().skipped_unsupported_ecosystem, 1u);
  EXPECT_TRUE(MatchOne(index, Pkg("npm", "x", "1.0.0")).empty());
}

TEST(IndexBuild, NewestDuplicateWins) {
  Index index;
  auto older =
      Adv("GHSA-d", {}, "npm", "x", {{EventKind::kIntroduced, "0"}, {EventKind::kFixed, "1.0.0"}});
  older.modified = "2023-01-01T00:00:00Z";
  auto newer =
      Adv("GHSA-d", {}, "npm", "x", {{EventKind::kIntroduced, "0"}, {EventKind::kFixed, "2.0.0"}});
  newer.modified = "2024-01-01T00:00:00Z";
  index.Add(std::move(newer));
  index.Add(std::move(older));
  index.Finish();
  auto m = MatchOne(index, Pkg("npm", "x", "1.5.0"));
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].fixed_version, "2.0.0");
  EXPECT_NE(index.FindAdvisory("GHSA-d"), nullptr);
}

TEST(Normalise, PackageNamesPerEcosystem) {
  EXPECT_EQ(NormalisePackageName("PyPI", "Zope.Interface__x"), "zope-interface-x");
  EXPECT_EQ(NormalisePackageName("npm", "JSONStream"), "jsonstream");
  EXPECT_EQ(NormalisePackageName("crates.io", "Serde_JSON"), "serde-json");
  EXPECT_EQ(NormalisePackageName("Go", "github.com/BurntSushi/toml"), "github.com/BurntSushi/toml");
  EXPECT_EQ(NormalisePackageName("Maven", "org.apache.logging.log4j:log4j-core"),
            "org.apache.logging.log4j:log4j-core");
}

TEST(Normalise, EcosystemKeys) {
  EXPECT_EQ(EcosystemKey("Ubuntu:22.04:LTS"), "Ubuntu:22.04");
  EXPECT_EQ(EcosystemKey("Ubuntu:Pro:18.04:LTS"), "Ubuntu:Pro:18.04");
  EXPECT_EQ(EcosystemKey("Maven:https://repo1.maven.org/maven2/"), "Maven");
  EXPECT_EQ(EcosystemKey("Alpine:v3.19"), "Alpine:v3.19");
  EXPECT_EQ(EcosystemKey("GIT"), "");
}

}  // namespace
}  // namespace vs::match
