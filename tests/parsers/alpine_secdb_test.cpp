#include "parsers/alpine_secdb.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "parsers/registry.h"
#include "tests/parsers/golden.h"

namespace vs::parsers {
namespace {

using testing::CompareGolden;
using testing::ReadTestdata;

constexpr std::string_view kKey = "alpine_secdb";

const model::Advisory* Find(const model::Batch& batch, std::string_view id) {
  for (const model::Advisory& a : batch.advisories)
    if (a.id == id) return &a;
  return nullptr;
}

// A one-package v3.11 document whose secfixes maps `version` to the given JSON list.
std::string OnePackage(std::string_view name, std::string_view version, std::string_view ids) {
  return "{\"distroversion\":\"v3.11\",\"reponame\":\"main\",\"packages\":[{\"pkg\":{\"name\":\"" +
         std::string(name) + "\",\"secfixes\":{\"" + std::string(version) +
         "\":" + std::string(ids) + "}}}]}";
}

std::vector<std::string> Ids(const model::Batch& batch) {
  std::vector<std::string> out;
  for (const model::Advisory& a : batch.advisories) out.push_back(a.id);
  return out;
}

TEST(AlpineSecdbParse, V311MainTrimmedMatchesGolden) {
  Result<model::Batch> batch = ParseAlpineSecdb(ReadTestdata(kKey, "v3.11-main-trimmed.json"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "v3.11-main-trimmed"), "");
}

TEST(AlpineSecdbParse, V38NeverAffectedKeyMatchesGolden) {
  Result<model::Batch> batch = ParseAlpineSecdb(ReadTestdata(kKey, "v3.8-main-trimmed.json"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "v3.8-main-trimmed"), "");
  // db's secfixes hold only "0": those CVEs never affected v3.8, so no advisory names them.
  EXPECT_EQ(Find(*batch, "ALPINE-CVE-2016-0682"), nullptr);
  for (const model::Advisory& a : batch->advisories)
    for (const model::Affected& af : a.affected) EXPECT_NE(af.package, "db");
}

TEST(AlpineSecdbParse, V36NullListWarnsAndKeepsTheRest) {
  Result<model::Batch> batch = ParseAlpineSecdb(ReadTestdata(kKey, "v3.6-main-trimmed.json"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(CompareGolden(*batch, kKey, "v3.6-main-trimmed"), "");
  // Real data: heimdal "7.4.0-r0": null in alpine-secdb v3.6/main.
  ASSERT_EQ(batch->warnings.size(), 1u);
  EXPECT_EQ(batch->warnings[0].record, "heimdal 7.4.0-r0");
  EXPECT_EQ(Ids(*batch), (std::vector<std::string>{"ALPINE-CVE-2017-17439", "ALPINE-CVE-2017-11103",
                                                   "ALPINE-CVE-2018-20217"}));
}

TEST(AlpineSecdbParse, FixtureFacts) {
  Result<model::Batch> batch = ParseAlpineSecdb(ReadTestdata(kKey, "v3.17-main-sample.json"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_TRUE(batch->warnings.empty());
  // 8 + 1 openssl CVEs and 1 busybox CVE; CVE-2022-1292 sits under "0" (not affected).
  EXPECT_EQ(batch->advisories.size(), 10u);
  EXPECT_EQ(Find(*batch, "ALPINE-CVE-2022-1292"), nullptr);
  const model::Advisory* a = Find(*batch, "ALPINE-CVE-2023-0286");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->source, "alpine_secdb");
  EXPECT_EQ(a->aliases, (std::vector<std::string>{"CVE-2023-0286"}));
  ASSERT_EQ(a->affected.size(), 1u);
  EXPECT_EQ(a->affected[0].ecosystem, "Alpine:v3.17");
  EXPECT_EQ(a->affected[0].package, "openssl");
  EXPECT_EQ(a->affected[0].purl, "pkg:apk/alpine/openssl?arch=source");
  EXPECT_EQ(a->affected[0].ranges[0].events,
            (std::vector<model::RangeEvent>{{model::EventKind::kIntroduced, "0"},
                                            {model::EventKind::kFixed, "3.0.8-r0"}}));
  ASSERT_EQ(a->references.size(), 1u);
  EXPECT_EQ(a->references[0].url, "https://security.alpinelinux.org/vuln/CVE-2023-0286");
}

// Counts computed independently from alpine-secdb v3.11/main.json with a Python script applying
// the same entry clean-up: 175 packages, 1179 distinct (package, id) fixes outside the "0" key,
// 1123 distinct ids (XSA-only entries become ALPINE-XSA-*).
TEST(AlpineSecdbParse, WholeV311MainBranch) {
  Result<model::Batch> batch = ParseAlpineSecdb(ReadTestdata(kKey, "v3.11-main.json.gz"));
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_TRUE(batch->warnings.empty());
  std::set<std::string> packages;
  size_t affected = 0;
  for (const model::Advisory& a : batch->advisories) {
    affected += a.affected.size();
    for (const model::Affected& af : a.affected) {
      packages.insert(af.package);
      EXPECT_EQ(af.ecosystem, "Alpine:v3.11");
    }
  }
  EXPECT_EQ(batch->advisories.size(), 1123u);
  EXPECT_EQ(affected, 1179u);
  EXPECT_EQ(packages.size(), 175u);
  // busybox lists CVE-2019-5747 under 1.30.1-r2 and the backport 1.29.3-r10: one affected
  // package with one range per fix (union = below the highest fix).
  const model::Advisory* a = Find(*batch, "ALPINE-CVE-2019-5747");
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->affected.size(), 1u);
  ASSERT_EQ(a->affected[0].ranges.size(), 2u);
  EXPECT_EQ(a->affected[0].ranges[0].events[1].version, "1.30.1-r2");
  EXPECT_EQ(a->affected[0].ranges[1].events[1].version, "1.29.3-r10");
  // XSA-only entries keep their own id.
  ASSERT_NE(Find(*batch, "ALPINE-XSA-207"), nullptr);
}

TEST(AlpineSecdbParse, SharedCveMergesPackages) {
  std::string doc =
      "{\"distroversion\":\"v3.11\",\"packages\":[{\"pkg\":{\"name\":\"qemu\",\"secfixes\":{\"4.2."
      "0-r0\":"
      "[\"CVE-2019-14378\"]}}},{\"pkg\":{\"name\":\"slirp\",\"secfixes\":{\"4.0.0-r1\":[\"CVE-2019-"
      "14378\"]}}}]}";
  Result<model::Batch> batch = ParseAlpineSecdb(doc);
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->advisories.size(), 1u);
  ASSERT_EQ(batch->advisories[0].affected.size(), 2u);
  EXPECT_EQ(batch->advisories[0].affected[0].package, "qemu");
  EXPECT_EQ(batch->advisories[0].affected[1].package, "slirp");
}

// Each entry below is a real secfixes string from alpine-secdb (see SOURCE.md).
TEST(AlpineSecdbParse, FreeTextEntriesAreCleanedUp) {
  struct Case {
    std::string entry;
    std::vector<std::string> ids;
    std::vector<std::string> related;  // of the first id
  };
  const Case cases[] = {
      {"CVE-2018-14468 (FrameRelay)", {"ALPINE-CVE-2018-14468"}, {}},      // v3.11 tcpdump
      {"CVE-2016-6258 XSA-182", {"ALPINE-CVE-2016-6258"}, {"XSA-182"}},    // v3.10 xen
      {"CVE-2018-3639   XSA-263", {"ALPINE-CVE-2018-3639"}, {"XSA-263"}},  // v3.10 xen
      {"XSA-207", {"ALPINE-XSA-207"}, {}},                                 // v3.10 xen
      {"CVE-\?\?\?\?-\?\?\?\?\?  XSA-295", {"ALPINE-XSA-295"}, {}},        // v3.10 xen
      {"CVE-2017-5753 CVE-2017-5715 CVE-2017-5754 XSA-254 XPTI",           // v3.7 xen
       {"ALPINE-CVE-2017-5753", "ALPINE-CVE-2017-5715", "ALPINE-CVE-2017-5754"},
       {"XSA-254"}},
      {"CVE-2017-14440 TALOS-2017-0489",
       {"ALPINE-CVE-2017-14440"},
       {"TALOS-2017-0489"}},                                  // sdl2_image
      {"CVE_2019-2426", {"ALPINE-CVE-2019-2426"}, {}},        // openjdk7
      {"CVE 2018-16859", {"ALPINE-CVE-2018-16859"}, {}},      // v3.9 ansible
      {"CVE-2017-17434-1", {"ALPINE-CVE-2017-17434"}, {}},    // rsync
      {"CVE-2017-8073.patch", {"ALPINE-CVE-2017-8073"}, {}},  // v3.5 weechat
      {"wnpa-sec-2017-18", {"ALPINE-wnpa-sec-2017-18"}, {}},  // v3.5 wireshark
      {"cve-2021-3449", {"ALPINE-CVE-2021-3449"}, {}},
  };
  for (const Case& c : cases) {
    Result<model::Batch> batch =
        ParseAlpineSecdb(OnePackage("pkg", "1.0-r0", "[\"" + c.entry + "\"]"));
    ASSERT_TRUE(batch) << c.entry;
    EXPECT_TRUE(batch->warnings.empty()) << c.entry;
    EXPECT_EQ(Ids(*batch), c.ids) << c.entry;
    if (!batch->advisories.empty()) {
      EXPECT_EQ(batch->advisories[0].related, c.related) << c.entry;
    }
  }
}

TEST(AlpineSecdbParse, MalformedRecordsWarnAndOthersAreKept) {
  std::string doc =
      "{\"distroversion\":\"v3.11\",\"packages\":["
      "{\"pkg\":{\"name\":\"good\",\"secfixes\":{\"1.0-r1\":[\"CVE-2020-0001\"]}}},"
      "{\"nopkg\":{}},"
      "{\"pkg\":{\"name\":\"bad-list\",\"secfixes\":[\"CVE-2020-0002\"]}},"
      "{\"pkg\":{\"name\":\"mixed\",\"secfixes\":{\"2.0-r0\":[42,\"CVE-\?\?\?\?-\?\?\?\?\?\",\"CVE-"
      "2020-0003\"]}}},"
      "{\"pkg\":{\"name\":\"nofixes\"}}"
      "]}";
  Result<model::Batch> batch = ParseAlpineSecdb(doc);
  ASSERT_TRUE(batch);
  EXPECT_EQ(Ids(*batch),
            (std::vector<std::string>{"ALPINE-CVE-2020-0001", "ALPINE-CVE-2020-0003"}));
  ASSERT_EQ(batch->warnings.size(), 4u);
  EXPECT_EQ(batch->warnings[0].record, "packages[1]");
  EXPECT_EQ(batch->warnings[1].record, "bad-list");
  EXPECT_EQ(batch->warnings[2].record, "mixed 2.0-r0");  // 42 is not a string
  EXPECT_EQ(batch->warnings[3].record, "mixed 2.0-r0");  // placeholder with no id at all
}

TEST(AlpineSecdbParse, EmptyBranchesGiveEmptyBatches) {
  // alpine-secdb v3.3/community has "packages": null; vuln-list-update writes {} or [].
  for (std::string_view doc :
       {"{\"distroversion\":\"v3.3\",\"reponame\":\"community\",\"packages\":null}",
        "{\"distroversion\":\"v3.3\",\"packages\":{}}",
        "{\"distroversion\":\"v3.3\",\"packages\":[]}", "{\"distroversion\":\"v3.3\"}"}) {
    Result<model::Batch> batch = ParseAlpineSecdb(doc);
    ASSERT_TRUE(batch) << doc;
    EXPECT_TRUE(batch->advisories.empty());
    EXPECT_TRUE(batch->warnings.empty());
  }
}

TEST(AlpineSecdbParse, MissingVPrefixIsAdded) {
  Result<model::Batch> batch = ParseAlpineSecdb(
      "{\"distroversion\":\"3.19\",\"packages\":[{\"pkg\":{\"name\":\"a\",\"secfixes\":"
      "{\"1-r0\":[\"CVE-2024-0001\"]}}}]}");
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->advisories.size(), 1u);
  EXPECT_EQ(batch->advisories[0].affected[0].ecosystem, "Alpine:v3.19");
}

TEST(AlpineSecdbParse, GarbageIsAnError) {
  for (std::string_view bad :
       {"", "\x01\x02garbage", "[1,2,3]", "{\"packages\":[]}", "{\"distroversion\":3}",
        "{\"distroversion\":\"v3.1\",\"packages\":{\"a\":1}}", "{\"distroversion\":"}) {
    Result<model::Batch> batch = ParseAlpineSecdb(bad);
    ASSERT_FALSE(batch) << bad;
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(batch.error().message.rfind("alpine_secdb: ", 0), 0u) << batch.error().message;
  }
}

TEST(AlpineSecdbSniff, DetectsOwnSamples) {
  for (std::string_view name :
       {"v3.17-main-sample.json", "v3.11-main-trimmed.json", "v3.11-main.json.gz"}) {
    std::string doc = ReadTestdata(kKey, name);
    Result<const Parser*> p = DetectFormat(std::string_view(doc).substr(0, 65536), "main.json");
    ASSERT_TRUE(p) << name;
    EXPECT_EQ((*p)->key, "alpine_secdb") << name;
  }
}

TEST(AlpineSecdbSniff, LeavesOtherDocumentsAlone) {
  EXPECT_EQ(SniffAlpineSecdb(ReadTestdata("debian_tracker", "sample.json"), ""), 0);
  EXPECT_EQ(SniffAlpineSecdb(ReadTestdata("debian_tracker", "osv-debian-cve.not-mine.json"), ""),
            0);
  EXPECT_EQ(SniffAlpineSecdb(ReadTestdata("yum_updateinfo", "al2023.xml"), ""), 0);
  EXPECT_EQ(SniffAlpineSecdb("", ""), 0);
}

}  // namespace
}  // namespace vs::parsers

// ---- The original YAML form (alpinelinux/alpine-secdb v3.x/*.yaml) ----

namespace vs::parsers {
namespace {

TEST(AlpineSecdbYaml, V311MainSameBatchAsItsJsonTwin) {
  Result<model::Batch> yaml = ParseAlpineSecdb(ReadTestdata("alpine_secdb", "v3.11-main.yaml.gz"));
  Result<model::Batch> json = ParseAlpineSecdb(ReadTestdata("alpine_secdb", "v3.11-main.json.gz"));
  ASSERT_TRUE(yaml) << yaml.error().message;
  ASSERT_TRUE(json) << json.error().message;
  EXPECT_GT(yaml->advisories.size(), 400u);
  EXPECT_EQ(testing::DumpBatch(*yaml), testing::DumpBatch(*json));
  const model::Advisory* a = nullptr;
  for (const model::Advisory& x : yaml->advisories)
    if (x.id == "ALPINE-CVE-2019-14904") a = &x;
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->affected.size(), 1u);
  EXPECT_EQ(a->affected[0].package, "ansible");
  EXPECT_EQ(a->affected[0].ecosystem, "Alpine:v3.11");
}

TEST(AlpineSecdbYaml, NullListAndNeverAffectedKeyAsInJson) {
  // `7.4.0-r0:` with no value is YAML null, like the JSON twin's null (warning, rest kept);
  // unquoted `0:` is the never-affected key "0".
  Result<model::Batch> b = ParseAlpineSecdb(
      "---\ndistroversion: v3.6\nreponame: main\npackages:\n"
      "  - pkg:\n      name: heimdal\n      secfixes:\n        7.4.0-r0:\n"
      "  - pkg:\n      name: db\n      secfixes:\n        0:\n          - CVE-2019-8457\n"
      "  - pkg:\n      name: krb5\n      secfixes:\n        1.15.3-r0:\n          - "
      "CVE-2017-15088\n");
  ASSERT_TRUE(b) << b.error().message;
  ASSERT_EQ(b->advisories.size(), 1u);
  EXPECT_EQ(b->advisories[0].id, "ALPINE-CVE-2017-15088");
  EXPECT_EQ(b->warnings.size(), 1u);
}

TEST(AlpineSecdbYaml, MalformedYamlIsAnError) {
  Result<model::Batch> b =
      ParseAlpineSecdb("distroversion: v3.11\npackages:\n  - pkg: [unclosed\n    name: x\n");
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(b.error().message.rfind("alpine_secdb: not YAML", 0), 0u) << b.error().message;
}

TEST(AlpineSecdbYaml, SniffedAsAlpineSecdb) {
  std::string doc = ReadTestdata("alpine_secdb", "v3.11-main.yaml.gz");
  EXPECT_EQ(SniffAlpineSecdb(doc, ""), 90);
  Result<const Parser*> p = DetectFormat(std::string_view(doc).substr(0, 65536), "main.yaml");
  ASSERT_TRUE(p);
  EXPECT_EQ((*p)->key, "alpine_secdb");
  EXPECT_EQ(SniffAlpineSecdb("lockfileVersion: '9.0'\npackages: {}\n", "pnpm-lock.yaml"), 0);
  EXPECT_EQ(SniffAlpineSecdb(ReadTestdata("osv", "pypi-pypa-PYSEC-2021-370.yaml"), ""), 0);
}

}  // namespace
}  // namespace vs::parsers
