#include <cstdlib>
#include <string>

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include "store/store.h"

namespace vs::store {
namespace {

class TempDb : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/vs-store-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    path_ = dir_ + "/test.db";
  }
  void TearDown() override { std::system(("rm -rf " + dir_).c_str()); }
  std::string dir_, path_;
};

model::Batch SampleBatch(const std::string& fixed) {
  model::Batch b;
  model::Advisory a;
  a.id = "GHSA-jfh8-c2jp-5v3q";
  a.aliases = {"CVE-2021-44228"};
  a.source = "osv";
  a.summary = "Remote code injection in Log4j";
  a.modified = "2024-01-01T00:00:00Z";
  a.severity = model::Severity::kCritical;
  a.cvss_vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H";
  a.cvss_score = 10.0;
  model::Affected af;
  af.ecosystem = "Maven";
  af.package = "org.apache.logging.log4j:log4j-core";
  af.ranges.push_back(
      {model::RangeType::kEcosystem,
       "",
       {{model::EventKind::kIntroduced, "2.0-beta9"}, {model::EventKind::kFixed, fixed}}});
  af.versions = {"2.14.1"};
  a.affected.push_back(af);
  a.references.push_back({"ADVISORY", "https://nvd.nist.gov/vuln/detail/CVE-2021-44228"});
  b.advisories.push_back(a);
  b.advisories.push_back(a);  // A repeated id is stored once.
  b.exploits.push_back({"CVE-2021-44228", model::ExploitSource::kKev, "2021-12-10", "Log4Shell"});
  b.exploits.push_back({"CVE-2021-44228", model::ExploitSource::kKev, "2021-12-10", "Log4Shell"});
  b.epss.push_back({"CVE-2021-44228", 0.97, 0.9999, "v2025.03.14"});
  return b;
}

std::vector<model::Advisory> All(Store& s) {
  std::vector<model::Advisory> out;
  EXPECT_TRUE(s.ForEachAdvisory([&](model::Advisory&& a) { out.push_back(std::move(a)); }));
  return out;
}

TEST_F(TempDb, RoundTripsAdvisoriesAndIntel) {
  auto store = OpenStore(path_);
  ASSERT_TRUE(store) << store.error().message;
  model::Batch b = SampleBatch("2.15.0");
  ASSERT_TRUE(
      (*store)->ReplaceSource({.name = "osv:test", .format = "osv", .location = "x.json"}, b));
  auto all = All(**store);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0], b.advisories[0]);
  size_t exploits = 0;
  ASSERT_TRUE((*store)->ForEachExploit([&](model::ExploitRef&& e) {
    ++exploits;
    EXPECT_EQ(e.source, model::ExploitSource::kKev);
  }));
  EXPECT_EQ(exploits, 1u);
  size_t epss = 0;
  ASSERT_TRUE((*store)->ForEachEpss([&](model::EpssScore&& e) {
    ++epss;
    EXPECT_DOUBLE_EQ(e.score, 0.97);
  }));
  EXPECT_EQ(epss, 1u);
  auto sources = (*store)->Sources();
  ASSERT_TRUE(sources);
  ASSERT_EQ(sources->size(), 1u);
  EXPECT_EQ((*sources)[0].advisories, 1);
  EXPECT_EQ((*sources)[0].status, "ok");
}

TEST_F(TempDb, ReimportReplacesOnlyThatSource) {
  auto store = OpenStore(path_);
  ASSERT_TRUE(store);
  ASSERT_TRUE((*store)->ReplaceSource({.name = "a", .format = "osv"}, SampleBatch("2.15.0")));
  model::Batch other = SampleBatch("2.16.0");
  other.advisories[0].id = "OTHER-1";
  other.advisories.pop_back();
  ASSERT_TRUE((*store)->ReplaceSource({.name = "b", .format = "osv"}, other));
  ASSERT_TRUE((*store)->ReplaceSource({.name = "a", .format = "osv"}, SampleBatch("2.17.0")));
  auto all = All(**store);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].affected[0].ranges[0].events[1].version, "2.17.0");
  EXPECT_EQ(all[1].id, "OTHER-1");
}

TEST_F(TempDb, FailedImportKeepsPreviousDataAndRecordsTheError) {
  {
    auto store = OpenStore(path_);
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->ReplaceSource({.name = "a", .format = "osv"}, SampleBatch("2.15.0")));
  }
  // A trigger makes the second write fail half-way through the transaction.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(raw,
                   "CREATE TRIGGER boom BEFORE INSERT ON affected WHEN NEW.advisory_id = 'BOOM' "
                   "BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
                   nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(raw);
  auto store = OpenStore(path_);
  ASSERT_TRUE(store);
  model::Batch bad = SampleBatch("9.9.9");
  bad.advisories[1].id = "BOOM";
  Status s = (*store)->ReplaceSource({.name = "a", .format = "osv"}, bad);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("injected failure"), std::string::npos);
  ASSERT_TRUE((*store)->RecordSourceFailure("a", "x.json", s.error().message));
  auto all = All(**store);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].affected[0].ranges[0].events[1].version, "2.15.0");
  auto sources = (*store)->Sources();
  ASSERT_TRUE(sources);
  EXPECT_EQ((*sources)[0].status, "failed");
  EXPECT_EQ((*sources)[0].advisories, 1);
}

TEST_F(TempDb, MigrationsAreIdempotent) {
  for (int i = 0; i < 2; ++i) {
    auto store = OpenStore(path_);
    ASSERT_TRUE(store);
    auto v = (*store)->SchemaVersion();
    ASSERT_TRUE(v);
    EXPECT_GE(*v, 1);
  }
}

TEST(OpenStore, UnwritablePathIsAnIoError) {
  auto store = OpenStore("/nonexistent-dir/x/y.db");
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kIo);
}

}  // namespace
}  // namespace vs::store

#include "store/codec.h"

namespace vs::store {
namespace {

TEST(Codec, StringsRoundTripWithEscapesAndInvalidUtf8) {
  std::vector<std::string> in = {
      "plain",    "quote\" back\\slash",          "tab\tnl\n\x01",
      "é ü 漢字", std::string("latin1 \xe9 end"), std::string("surrogate \xed\xa0\x80")};
  auto out = DecodeStrings(EncodeStrings(in));
  ASSERT_TRUE(out) << out.error().message;
  ASSERT_EQ(out->size(), in.size());
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ((*out)[i], in[i]);
  EXPECT_EQ((*out)[4], "latin1 \xEF\xBF\xBD end");
  EXPECT_EQ((*out)[5].find('\xed'), std::string::npos);
}

TEST(Codec, RangesAndReferencesRoundTrip) {
  std::vector<model::AffectedRange> ranges = {
      {model::RangeType::kGit,
       "https://x/\"repo\"",
       {{model::EventKind::kIntroduced, "0"}, {model::EventKind::kLimit, "*"}}},
      {model::RangeType::kSemver,
       "",
       {{model::EventKind::kLastAffected, "1.2.3-rc.1+b"}, {model::EventKind::kFixed, "2"}}}};
  auto r = DecodeRanges(EncodeRanges(ranges));
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, ranges);
  std::vector<model::Reference> refs = {{"WEB", "https://a/b?c=\"d\""}, {"", ""}};
  auto f = DecodeReferences(EncodeReferences(refs));
  ASSERT_TRUE(f);
  EXPECT_EQ(*f, refs);
}

}  // namespace
}  // namespace vs::store
