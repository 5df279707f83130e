// The store contract, run against both backends: SQLite in a temp dir and a real PostgreSQL
// server started on 127.0.0.1 for this process.
#include "store/store.h"

#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/time.h"
#include "store/rollups.h"
#include "store/sql/connection.h"
#include "store/sql_store.h"
#include "tests/support/postgres.h"

namespace vs::store {
namespace {

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      char dir[] = "/tmp/vs-store-XXXXXX";
      ASSERT_NE(mkdtemp(dir), nullptr);
      dir_ = dir;
      url_ = dir_ + "/test.db";
    } else {
      std::string error;
      auto* pg = vs::testing::PostgresServer::Shared(&error);
      ASSERT_NE(pg, nullptr) << "PostgreSQL is required for the store tests: " << error;
      url_ = pg->NewDatabase();
    }
    auto s = OpenStore(url_);
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
  }
  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) std::system(("rm -rf " + dir_).c_str());
  }

  // Runs raw SQL on a second connection (fault injection).
  void RawExec(const std::string& sql) {
    auto c = GetParam() == "sqlite" ? sql::OpenSqlite(url_) : sql::OpenPostgres(url_);
    ASSERT_TRUE(c) << c.error().message;
    auto st = (*c)->Exec(sql);
    ASSERT_TRUE(st) << st.error().message;
  }

  // The first column of the first row of `sql`, on a second connection.
  int64_t RawInt(const std::string& sql) {
    auto c = GetParam() == "sqlite" ? sql::OpenSqlite(url_) : sql::OpenPostgres(url_);
    if (!c) return -1;
    auto v = sql::QueryInt(**c, sql);
    return v ? *v : -1;
  }

  std::string dir_, url_;
  std::unique_ptr<Store> store_;
};

// The advisories of the vulnerability asked for as `id`, as the vulnerability page finds them.
Result<std::vector<model::Advisory>> AdvisoriesOf(Store& store, std::string_view id) {
  Result<std::vector<std::string>> ids = store.VulnerabilityIds(id);
  if (!ids) return Fail(ids.error());
  return store.FindAdvisories(*ids);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

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

TEST_P(StoreTest, RoundTripsAdvisoriesAndIntel) {
  model::Batch b = SampleBatch("2.15.0");
  ASSERT_TRUE(
      store_->ReplaceSource({.name = "osv:test", .format = "osv", .location = "x.json"}, b));
  auto all = All(*store_);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0], b.advisories[0]);
  size_t exploits = 0;
  ASSERT_TRUE(store_->ForEachExploit([&](model::ExploitRef&& e) {
    ++exploits;
    EXPECT_EQ(e.source, model::ExploitSource::kKev);
  }));
  EXPECT_EQ(exploits, 1u);
  size_t epss = 0;
  ASSERT_TRUE(store_->ForEachEpss([&](model::EpssScore&& e) {
    ++epss;
    EXPECT_DOUBLE_EQ(e.score, 0.97);
  }));
  EXPECT_EQ(epss, 1u);
  auto sources = store_->Sources();
  ASSERT_TRUE(sources);
  ASSERT_EQ(sources->size(), 1u);
  EXPECT_EQ((*sources)[0].advisories, 1);
  EXPECT_EQ((*sources)[0].status, "ok");
}

TEST_P(StoreTest, ReimportReplacesOnlyThatSource) {
  ASSERT_TRUE(store_->ReplaceSource({.name = "a", .format = "osv"}, SampleBatch("2.15.0")));
  model::Batch other = SampleBatch("2.16.0");
  other.advisories[0].id = "OTHER-1";
  other.advisories.pop_back();
  ASSERT_TRUE(store_->ReplaceSource({.name = "b", .format = "osv"}, other));
  ASSERT_TRUE(store_->ReplaceSource({.name = "a", .format = "osv"}, SampleBatch("2.17.0")));
  auto all = All(*store_);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].affected[0].ranges[0].events[1].version, "2.17.0");
  EXPECT_EQ(all[1].id, "OTHER-1");
}

TEST_P(StoreTest, StreamsMoreRowsThanOneCursorBatch) {
  model::Batch b;
  for (int i = 0; i < 12000; ++i) {
    model::Advisory a;
    a.id = "X-" + std::to_string(100000 + i);
    a.affected.push_back({.ecosystem = "npm", .package = "p" + std::to_string(i)});
    b.advisories.push_back(std::move(a));
  }
  ASSERT_TRUE(store_->ReplaceSource({.name = "many", .format = "osv"}, b));
  auto all = All(*store_);
  ASSERT_EQ(all.size(), 12000u);
  EXPECT_EQ(all.back().affected.at(0).package, "p11999");
}

TEST_P(StoreTest, FailedImportKeepsPreviousDataAndRecordsTheError) {
  ASSERT_TRUE(store_->ReplaceSource({.name = "a", .format = "osv"}, SampleBatch("2.15.0")));
  // A trigger makes the second write fail half-way through the transaction.
  if (GetParam() == "sqlite") {
    RawExec(
        "CREATE TRIGGER boom BEFORE INSERT ON advisories WHEN NEW.id = 'BOOM' "
        "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  } else {
    RawExec(
        "CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN IF NEW.id = 'BOOM' THEN "
        "RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql; "
        "CREATE TRIGGER boom BEFORE INSERT ON advisories FOR EACH ROW EXECUTE FUNCTION boom()");
  }
  model::Batch bad = SampleBatch("9.9.9");
  bad.advisories[1].id = "BOOM";
  Status s = store_->ReplaceSource({.name = "a", .format = "osv"}, bad);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("injected failure"), std::string::npos);
  ASSERT_TRUE(store_->RecordSourceFailure("a", "x.json", s.error().message));
  auto all = All(*store_);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].affected[0].ranges[0].events[1].version, "2.15.0");
  auto sources = store_->Sources();
  ASSERT_TRUE(sources);
  EXPECT_EQ((*sources)[0].status, "failed");
  EXPECT_EQ((*sources)[0].advisories, 1);
}

TEST_P(StoreTest, FindsAdvisoriesByAnyAliasOrRelatedId) {
  model::Batch b = SampleBatch("2.15.0");
  b.advisories.pop_back();
  model::Advisory distro;
  distro.id = "ALSA-2021:5206";
  distro.related = {"CVE-2021-44228", "CVE-2021-45046"};
  distro.summary = "Important: log4j security update";
  b.advisories.push_back(distro);
  ASSERT_TRUE(store_->ReplaceSource({.name = "x", .format = "osv"}, b));
  for (const char* id : {"CVE-2021-44228", "GHSA-jfh8-c2jp-5v3q"}) {
    auto found = AdvisoriesOf(*store_, id);
    ASSERT_TRUE(found) << found.error().message;
    std::set<std::string> ids;
    for (const auto& a : *found) ids.insert(a.id);
    EXPECT_EQ(ids, (std::set<std::string>{"ALSA-2021:5206", "GHSA-jfh8-c2jp-5v3q"})) << id;
  }
  auto none = AdvisoriesOf(*store_, "CVE-1999-0001");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  auto kev = store_->FindExploits({"CVE-2021-44228"});
  ASSERT_TRUE(kev);
  EXPECT_EQ(kev->size(), 1u);
  auto epss = store_->FindEpss({"CVE-2021-44228", "CVE-1999-0001"});
  ASSERT_TRUE(epss);
  ASSERT_EQ(epss->size(), 1u);
  EXPECT_DOUBLE_EQ(epss->front().score, 0.97);
}

TEST_P(StoreTest, MigrationsAreIdempotent) {
  for (int i = 0; i < 2; ++i) {
    auto store = OpenStore(url_);
    ASSERT_TRUE(store) << store.error().message;
    auto v = (*store)->SchemaVersion();
    ASSERT_TRUE(v);
    EXPECT_GE(*v, 2);
  }
}

// ---- Assets and findings.

model::Package Pkg(std::string eco, std::string name, std::string version) {
  model::Package p;
  p.ecosystem = std::move(eco);
  p.name = std::move(name);
  p.version = std::move(version);
  return p;
}

// A deterministic evaluator: "lodash" below 4.17.21 has CVE-2021-23337 (with a GHSA alias);
// "openssl" is always vulnerable to CVE-2024-0001. Counts the assets it was asked about.
struct FakeMatcher {
  int calls = 0;
  Evaluator Get() {
    Evaluator ev;
    ev.enrich = [](const std::string& id, const std::vector<std::string>&) {
      model::ExploitInfo e;
      if (id == "CVE-2024-0001") {
        e.kev = true;
        e.exploitdb = {"50000"};
        e.epss = 0.9;
      }
      return e;
    };
    // Like the real engine, matched findings arrive enriched.
    ev.match = [this, enrich = ev.enrich](const model::Asset&,
                                          const std::vector<model::Package>& pkgs) {
      ++calls;
      std::vector<model::Finding> out;
      for (const model::Package& p : pkgs) {
        if (p.name == "lodash" && p.version < "4.17.21") {
          model::Finding f;
          f.vulnerability_id = "CVE-2021-23337";
          f.aliases = {"GHSA-35jh-r3h4-6jhm"};
          f.severity = model::Severity::kHigh;
          f.cvss_score = 7.2;
          f.package = p;
          f.fixed_version = "4.17.21";
          out.push_back(f);
        }
        if (p.name == "openssl") {
          model::Finding f;
          f.vulnerability_id = "CVE-2024-0001";
          f.severity = model::Severity::kCritical;
          f.package = p;
          out.push_back(f);
        }
      }
      for (model::Finding& f : out) f.exploit = enrich(f.vulnerability_id, f.aliases);
      return out;
    };
    return ev;
  }
};

model::AssetReport Ec2(std::string id, std::string account, std::vector<model::Package> pkgs) {
  model::AssetReport r;
  r.asset.kind = model::AssetKind::kEc2;
  r.asset.key = account + "/us-east-1/" + id;
  r.asset.name = "web-" + id;
  r.asset.account_id = account;
  r.asset.region = "us-east-1";
  r.asset.instance_id = id;
  r.asset.tags = {{"env", "prod"}};
  r.has_inventory = true;
  r.packages = std::move(pkgs);
  return r;
}

model::Collection SsmRun(std::vector<model::AssetReport> assets, std::vector<std::string> scopes) {
  model::Collection c;
  c.source = "ssm";
  c.scopes = std::move(scopes);
  for (auto& a : assets) {
    c.asset_scopes.push_back("ssm:" + a.asset.account_id + ":us-east-1");
    c.assets.push_back(std::move(a));
  }
  return c;
}

std::vector<FindingRow> Search(Store& s, FindingQuery q) {
  auto page = s.SearchFindings(q);
  EXPECT_TRUE(page) << page.error().message;
  return page ? page->rows : std::vector<FindingRow>{};
}

TEST_P(StoreTest, CollectionOpensFindingsAndSearchFiltersThem) {
  FakeMatcher m;
  std::vector<OwnershipRule> rules = {{"account", "111111111111", "payments"}};
  auto c = SsmRun({Ec2("i-a", "111111111111", {Pkg("npm", "lodash", "4.17.20")}),
                   Ec2("i-b", "222222222222", {Pkg("Debian:12", "openssl", "3.0.1")})},
                  {"ssm:111111111111:us-east-1", "ssm:222222222222:us-east-1"});
  auto r = store_->ApplyCollection(c, m.Get(), rules);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, "ok");
  EXPECT_EQ(r->assets, 2);
  EXPECT_EQ(r->opened, 2);

  auto all = Search(*store_, {});
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].vulnerability_id, "CVE-2024-0001");  // Critical first.
  EXPECT_EQ(all[0].asset.account_id, "222222222222");
  EXPECT_TRUE(all[0].exploit.kev);
  EXPECT_EQ(all[0].exploit.exploitdb, std::vector<std::string>{"50000"});
  EXPECT_EQ(all[1].asset.team, "payments");
  EXPECT_EQ(all[1].fixed_version, "4.17.21");
  EXPECT_EQ(all[1].status, "open");
  EXPECT_EQ(all[1].source, "vulnscope");

  EXPECT_EQ(Search(*store_, {.vulnerability = "ghsa-35jh-r3h4-6jhm"}).size(), 1u);
  EXPECT_EQ(Search(*store_, {.vulnerability = "cve-2021-23337"}).size(), 1u);
  EXPECT_EQ(Search(*store_, {.exploit = "kev"}).size(), 1u);
  EXPECT_EQ(Search(*store_, {.exploit = "exploitdb"}).size(), 1u);
  EXPECT_EQ(Search(*store_, {.exploit = "none"}).size(), 1u);
  EXPECT_EQ(Search(*store_, {.exploit = "poc"}).size(), 0u);
  EXPECT_EQ(Search(*store_, {.severities = {"high", "medium"}}).size(), 1u);
  EXPECT_EQ(Search(*store_, {.account = "111111111111"}).size(), 1u);
  EXPECT_EQ(Search(*store_, {.instance = "i-b"}).size(), 1u);
  EXPECT_EQ(Search(*store_, {.team = "payments"}).size(), 1u);
  EXPECT_EQ(Search(*store_, {.team = "(unowned)"}).size(), 1u);
  EXPECT_EQ(Search(*store_, {.package = "LODASH"}).size(), 1u);
  EXPECT_EQ(Search(*store_, {.ecosystem = "Debian"}).size(), 1u);
  EXPECT_EQ(Search(*store_, {.kind = "ec2"}).size(), 2u);
  EXPECT_EQ(Search(*store_, {.kind = "image"}).size(), 0u);
  FindingQuery fix;
  fix.fix_available = false;
  EXPECT_EQ(Search(*store_, fix).size(), 1u);
  FindingQuery epss;
  epss.epss_min = 0.5;
  EXPECT_EQ(Search(*store_, epss).size(), 1u);
  EXPECT_EQ(Search(*store_, {.scope_team = "payments"}).size(), 1u);

  auto bad = store_->SearchFindings({.exploit = "sometimes"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
  EXPECT_FALSE(store_->SearchFindings({.severities = {"urgent"}}));

  auto assets = store_->ListAssets({});
  ASSERT_TRUE(assets);
  ASSERT_EQ(assets->size(), 2u);
  EXPECT_EQ((*assets)[0].packages, 1);
  EXPECT_EQ((*assets)[0].open_findings, 1);
}

TEST_P(StoreTest, ReportedFixResolvesAndRegressionReopensWithHistory) {
  FakeMatcher m;
  std::string scope = "ssm:111111111111:us-east-1";
  ASSERT_TRUE(store_->ApplyCollection(
      SsmRun({Ec2("i-a", "111111111111", {Pkg("npm", "lodash", "4.17.20")})}, {scope}), m.Get(),
      {}));
  auto first = Search(*store_, {});
  ASSERT_EQ(first.size(), 1u);

  auto fixed = store_->ApplyCollection(
      SsmRun({Ec2("i-a", "111111111111", {Pkg("npm", "lodash", "4.17.21")})}, {scope}), m.Get(),
      {});
  ASSERT_TRUE(fixed);
  EXPECT_EQ(fixed->resolved, 1);
  EXPECT_TRUE(Search(*store_, {}).empty());
  auto resolved = Search(*store_, {.statuses = {"resolved"}});
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_FALSE(resolved[0].resolved_at.empty());

  auto again = store_->ApplyCollection(
      SsmRun({Ec2("i-a", "111111111111", {Pkg("npm", "lodash", "4.17.19")})}, {scope}), m.Get(),
      {});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->reopened, 1);
  auto open = Search(*store_, {});
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].id, first[0].id);  // Same finding, same first_seen.
  EXPECT_EQ(open[0].first_seen, first[0].first_seen);
  EXPECT_EQ(open[0].package.version, "4.17.19");
  EXPECT_TRUE(open[0].resolved_at.empty());
}

TEST_P(StoreTest, GoneAssetsRetireOnlyInCoveredScopes) {
  FakeMatcher m;
  std::string a = "ssm:111111111111:us-east-1", b = "ssm:222222222222:us-east-1";
  ASSERT_TRUE(
      store_->ApplyCollection(SsmRun({Ec2("i-a", "111111111111", {Pkg("npm", "lodash", "1.0.0")}),
                                      Ec2("i-b", "222222222222", {Pkg("npm", "lodash", "1.0.0")})},
                                     {a, b}),
                              m.Get(), {}));
  // Account 2's partition failed: only account 1 is covered, and i-a is no longer there.
  model::Collection partial = SsmRun({}, {a});
  partial.errors = {"ssm:222222222222:us-east-1: 403 AccessDenied"};
  auto r = store_->ApplyCollection(partial, m.Get(), {});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, "partial");
  EXPECT_EQ(r->retired, 1);
  auto open = Search(*store_, {});
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].asset.instance_id, "i-b");
  auto assets = store_->ListAssets({});
  ASSERT_TRUE(assets);
  EXPECT_EQ(assets->size(), 1u);
  auto runs = store_->Runs("ssm", 10);
  ASSERT_TRUE(runs);
  ASSERT_EQ(runs->size(), 2u);
  EXPECT_EQ((*runs)[0].summary.status, "partial");
  EXPECT_NE((*runs)[0].summary.error.find("AccessDenied"), std::string::npos);
}

TEST_P(StoreTest, FailedCollectionChangesNothing) {
  FakeMatcher m;
  std::string a = "ssm:111111111111:us-east-1";
  ASSERT_TRUE(store_->ApplyCollection(
      SsmRun({Ec2("i-a", "111111111111", {Pkg("npm", "lodash", "1.0.0")})}, {a}), m.Get(), {}));
  auto before = Search(*store_, {.statuses = {"all"}});
  ASSERT_TRUE(store_->RecordFailedRun("ssm", a, "s3: 500 InternalError"));
  // A collection that fails while being applied rolls back entirely.
  if (GetParam() == "sqlite") {
    RawExec(
        "CREATE TRIGGER boom BEFORE INSERT ON packages WHEN NEW.name = 'boom' "
        "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  } else {
    RawExec(
        "CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN IF NEW.name = 'boom' THEN "
        "RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql; "
        "CREATE TRIGGER boom BEFORE INSERT ON packages FOR EACH ROW EXECUTE FUNCTION boom()");
  }
  auto r =
      store_->ApplyCollection(SsmRun({Ec2("i-c", "111111111111", {Pkg("npm", "lodash", "1.0.0")}),
                                      Ec2("i-d", "111111111111", {Pkg("npm", "boom", "1")})},
                                     {a}),
                              m.Get(), {});
  ASSERT_FALSE(r);
  auto after = Search(*store_, {.statuses = {"all"}});
  ASSERT_EQ(after.size(), before.size());
  EXPECT_EQ(after[0].status, "open");
  EXPECT_EQ(after[0].asset.instance_id, "i-a");
  auto runs = store_->Runs("ssm", 10);
  ASSERT_TRUE(runs);
  ASSERT_EQ(runs->size(), 3u);
  EXPECT_EQ((*runs)[0].summary.status, "failed");
  EXPECT_EQ((*runs)[1].summary.status, "failed");
}

// Which ids a search by vulnerability covers: aliases join, a distro fix of several CVEs
// joins none of them together.
TEST_P(StoreTest, VulnerabilitySearchFollowsAliasesNotBundles) {
  auto adv = [](std::string id, std::vector<std::string> aliases,
                std::vector<std::string> related = {}) {
    model::Advisory a;
    a.id = std::move(id);
    a.aliases = std::move(aliases);
    a.related = std::move(related);
    return a;
  };
  model::Batch b;
  b.advisories = {adv("GHSA-aaaa", {"CVE-2024-1000"}),
                  adv("PYSEC-2024-1", {"CVE-2024-1000", "GHSA-aaaa"}),
                  adv("DSA-9999-1", {"CVE-2024-1000", "CVE-2024-2000"}),
                  adv("ALSA-2024:1", {}, {"CVE-2024-1000", "CVE-2024-3000"}),
                  adv("GHSA-bbbb", {"CVE-2024-2000"})};
  ASSERT_TRUE(store_->ReplaceSource({.name = "feeds", .format = "osv"}, b));
  using S = std::set<std::string>;
  auto ids = [&](const char* id) {
    auto v = store_->VulnerabilityIds(id);
    EXPECT_TRUE(v) << v.error().message;
    return v ? S(v->begin(), v->end()) : S{};
  };
  EXPECT_EQ(ids("cve-2024-1000"), (S{"CVE-2024-1000", "GHSA-aaaa", "PYSEC-2024-1"}));
  EXPECT_EQ(ids("GHSA-aaaa"), (S{"CVE-2024-1000", "GHSA-aaaa", "PYSEC-2024-1"}));
  EXPECT_EQ(ids("DSA-9999-1"), (S{"DSA-9999-1", "CVE-2024-1000", "CVE-2024-2000", "GHSA-aaaa",
                                  "PYSEC-2024-1", "GHSA-bbbb"}));
  EXPECT_EQ(ids("ALSA-2024:1"),
            (S{"ALSA-2024:1", "CVE-2024-1000", "CVE-2024-3000", "GHSA-aaaa", "PYSEC-2024-1"}));
  EXPECT_EQ(ids("CVE-2024-9999"), (S{"CVE-2024-9999"}));

  // Findings reported by tools under one name only.
  model::Collection c;
  c.source = "import";
  c.finding_source = "trivy";
  model::AssetReport rep;
  rep.asset.kind = model::AssetKind::kImage;
  rep.asset.key = "registry/app@sha256:1";
  rep.asset.name = "registry/app";
  rep.asset.image = "registry/app:1";
  auto finding = [&](const char* v, std::vector<std::string> aliases, const char* pkg) {
    model::ExternalFinding f;
    f.vulnerability_id = v;
    f.aliases = std::move(aliases);
    f.package = Pkg("npm", pkg, "1.0.0");
    f.external_id = std::string(v) + pkg;
    rep.findings.push_back(f);
  };
  for (const char* v : {"CVE-2024-1000", "GHSA-bbbb", "CVE-2024-3000"})
    finding(v, {}, (std::string("pkg-") + v).c_str());
  // Linked only by a tool (a GHSA the feeds do not carry), and a matched distro finding that
  // carries its bundle's id.
  finding("CVE-2024-4000", {"GHSA-cccc"}, "dependabot-side");
  finding("CVE-2024-4000", {}, "trivy-side");
  finding("CVE-2024-2000", {"DSA-9999-1"}, "distro-side");
  finding("CVE-2024-1000", {"DSA-9999-1"}, "distro-side");
  c.assets.push_back(rep);
  c.asset_scopes.push_back("");
  FakeMatcher m;
  ASSERT_TRUE(store_->ApplyCollection(c, m.Get(), {}));
  auto found = [&](const char* id) {
    S out;
    for (const auto& r : Search(*store_, {.vulnerability = id})) out.insert(r.vulnerability_id);
    return out;
  };
  EXPECT_EQ(found("GHSA-aaaa"), (S{"CVE-2024-1000"}));
  EXPECT_EQ(found("PYSEC-2024-1"), (S{"CVE-2024-1000"}));
  EXPECT_EQ(found("CVE-2024-1000"), (S{"CVE-2024-1000"}));
  EXPECT_EQ(found("CVE-2024-2000"), (S{"GHSA-bbbb", "CVE-2024-2000"}));
  EXPECT_EQ(found("DSA-9999-1"), (S{"CVE-2024-1000", "CVE-2024-2000", "GHSA-bbbb"}));
  EXPECT_EQ(found("ALSA-2024:1"), (S{"CVE-2024-1000", "CVE-2024-3000"}));
  EXPECT_EQ(Search(*store_, {.vulnerability = "GHSA-cccc"}).size(), 2u);
  EXPECT_EQ(Search(*store_, {.vulnerability = "CVE-2024-4000"}).size(), 2u);
  auto agg = store_->Aggregate({.vulnerability = "GHSA-bbbb"}, 0);
  ASSERT_TRUE(agg) << agg.error().message;
  EXPECT_EQ(agg->open, 2);
}

TEST_P(StoreTest, ExternalFindingsFollowTheSourceState) {
  model::Collection c;
  c.source = "github";
  c.finding_source = "dependabot";
  c.scopes = {"github:acme"};
  model::AssetReport rep;
  rep.asset.kind = model::AssetKind::kRepository;
  rep.asset.key = "github.com/acme/api";
  rep.asset.name = "acme/api";
  rep.asset.repo = "acme/api";
  model::ExternalFinding open;
  open.vulnerability_id = "CVE-2024-0001";
  open.aliases = {"GHSA-aaaa-bbbb-cccc"};
  open.severity = model::Severity::kHigh;
  open.package = Pkg("npm", "left-pad", "1.0.0");
  open.external_id = "1";
  open.epss = 0.2;
  model::ExternalFinding dismissed = open;
  dismissed.vulnerability_id = "CVE-2024-0002";
  dismissed.external_id = "2";
  dismissed.status = "suppressed";
  dismissed.status_reason = "tolerable_risk";
  rep.findings = {open, dismissed};
  c.assets.push_back(rep);
  c.asset_scopes.push_back("github:acme");
  FakeMatcher m;
  std::vector<OwnershipRule> rules = {{"repo", "acme/*", "platform"}};
  ASSERT_TRUE(store_->ApplyCollection(c, m.Get(), rules));
  auto rows = Search(*store_, {.repo = "acme/api"});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].source, "dependabot");
  EXPECT_EQ(rows[0].asset.team, "platform");
  EXPECT_TRUE(rows[0].exploit.kev);  // Enriched from our intelligence.
  EXPECT_DOUBLE_EQ(rows[0].exploit.epss.value_or(0), 0.9);
  auto sup = Search(*store_, {.statuses = {"suppressed"}});
  ASSERT_EQ(sup.size(), 1u);
  EXPECT_EQ(sup[0].status_reason, "tolerable_risk");
  // The alert disappears from the source (fixed): resolved.
  c.assets[0].findings = {dismissed};
  auto r = store_->ApplyCollection(c, m.Get(), rules);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->resolved, 1);
  EXPECT_TRUE(Search(*store_, {}).empty());
}

TEST_P(StoreTest, SuppressionsApplyByAliasScopeAndExpire) {
  FakeMatcher m;
  ASSERT_TRUE(store_->ApplyCollection(
      SsmRun({Ec2("i-a", "111111111111", {Pkg("npm", "lodash", "1.0.0"), Pkg("x", "openssl", "1")}),
              Ec2("i-b", "222222222222", {Pkg("npm", "lodash", "1.0.0")})},
             {}),
      m.Get(), {{"account", "111111111111", "payments"}}));
  ASSERT_EQ(Search(*store_, {}).size(), 3u);
  auto id = store_->AddSuppression({.vulnerability_id = "GHSA-35jh-r3h4-6jhm",
                                    .team = "payments",
                                    .reason = "not reachable",
                                    .author = "alice"});
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(Search(*store_, {}).size(), 2u);
  EXPECT_EQ(Search(*store_, {.statuses = {"suppressed"}}).size(), 1u);
  // Survives a version bump that is still vulnerable.
  ASSERT_TRUE(store_->ApplyCollection(
      SsmRun(
          {Ec2("i-a", "111111111111", {Pkg("npm", "lodash", "1.0.1"), Pkg("x", "openssl", "1")})},
          {}),
      m.Get(), {{"account", "111111111111", "payments"}}));
  EXPECT_EQ(Search(*store_, {.statuses = {"suppressed"}}).size(), 1u);
  // An expired suppression does not apply.
  ASSERT_TRUE(store_->AddSuppression({.vulnerability_id = "CVE-2024-0001",
                                      .reason = "old",
                                      .expires_at = "2001-01-01T00:00:00Z",
                                      .author = "bob"}));
  EXPECT_EQ(Search(*store_, {.vulnerability = "CVE-2024-0001"}).size(), 1u);
  ASSERT_TRUE(store_->RemoveSuppression(*id));
  EXPECT_EQ(Search(*store_, {}).size(), 3u);
  EXPECT_FALSE(store_->AddSuppression({.vulnerability_id = "CVE-1", .author = "x"}));
}

TEST_P(StoreTest, OwnershipRulesFirstMatchWins) {
  model::Asset a;
  a.kind = model::AssetKind::kImage;
  a.key = "ghcr.io/acme/api@sha256:1";
  a.image = "ghcr.io/acme/api:1";
  a.namespaces = {"payments-prod"};
  a.tags = {{"owner", "team-x"}};
  model::Collection c;
  c.source = "prometheus";
  c.assets.push_back({.asset = a});
  c.asset_scopes.push_back("");
  FakeMatcher m;
  ASSERT_TRUE(store_->ApplyCollection(
      c, m.Get(), {{"namespace", "payments-*", "payments"}, {"tag", "owner=team-*", "tagged"}}));
  auto assets = store_->ListAssets({});
  ASSERT_TRUE(assets);
  ASSERT_EQ(assets->size(), 1u);
  EXPECT_EQ((*assets)[0].asset.team, "payments");
  ASSERT_TRUE(store_->ApplyOwnership({{"tag", "owner=team-*", "tagged"}}));
  assets = store_->ListAssets({});
  EXPECT_EQ((*assets)[0].asset.team, "tagged");
  ASSERT_TRUE(store_->ApplyOwnership({}));
  assets = store_->ListAssets({.team = "(unowned)"});
  ASSERT_TRUE(assets);
  EXPECT_EQ(assets->size(), 1u);
}

TEST_P(StoreTest, IncrementalRematchTouchesOnlyAffectedAssets) {
  FakeMatcher m;
  ASSERT_TRUE(
      store_->ApplyCollection(SsmRun({Ec2("i-a", "111111111111", {Pkg("npm", "lodash", "4.17.21")}),
                                      Ec2("i-b", "111111111111", {Pkg("npm", "express", "4.0.0")})},
                                     {}),
                              m.Get(), {}));
  // A clean re-match does nothing; a feed mentioning lodash re-matches only i-a.
  FakeMatcher m2;
  ASSERT_TRUE(store_->Rematch(m2.Get(), false));
  model::Batch b;
  model::Advisory adv;
  adv.id = "GHSA-new";
  adv.affected.push_back({.ecosystem = "npm", .package = "Lodash"});
  b.advisories.push_back(adv);
  ASSERT_TRUE(store_->ReplaceSource({.name = "osv:npm", .format = "osv"}, b));
  FakeMatcher m3;
  auto r = store_->Rematch(m3.Get(), false);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(m3.calls, 1);
  FakeMatcher m4;
  ASSERT_TRUE(store_->Rematch(m4.Get(), false));
  EXPECT_EQ(m4.calls, 0);
  ASSERT_TRUE(store_->Rematch(m4.Get(), true));
  EXPECT_EQ(m4.calls, 2);
  // The source's next import no longer names lodash: i-a is re-matched all the same.
  b.advisories[0].affected[0].package = "left-pad";
  ASSERT_TRUE(store_->ReplaceSource({.name = "osv:npm", .format = "osv"}, b));
  FakeMatcher m5;
  ASSERT_TRUE(store_->Rematch(m5.Get(), false));
  EXPECT_EQ(m5.calls, 1);
}

// A store written by schema version 7 (a row per affected package) opens with its advisories,
// aliases and package list intact.
TEST_P(StoreTest, UpgradeMovesAffectedRowsIntoTheirAdvisory) {
  std::string url;
  if (GetParam() == "sqlite") {
    url = dir_ + "/v7.db";
  } else {
    std::string error;
    url = vs::testing::PostgresServer::Shared(&error)->NewDatabase();
  }
  auto open = [&] {
    return GetParam() == "sqlite" ? sql::OpenSqlite(url) : sql::OpenPostgres(url);
  };
  {
    auto c = open();
    ASSERT_TRUE(c) << c.error().message;
    auto v7 = OpenSqlStore(std::move(*c), "v7", 7);
    ASSERT_TRUE(v7) << v7.error().message;
    EXPECT_EQ(*(*v7)->SchemaVersion(), 7);
  }
  {
    auto c = open();
    ASSERT_TRUE(c);
    for (const char* stmt :
         {"INSERT INTO advisories (source, id, feed, aliases, related, summary, details, "
          "published, modified, severity, cvss_vector, cvss_score, refs) VALUES ('osv:npm', "
          "'GHSA-x', 'osv', '[\"CVE-2024-1\"]', '[]', 's', 'd', '', '', 'high', '', 7.5, "
          "'[[\"WEB\",\"https://e/\"]]')",
          "INSERT INTO advisories (source, id, feed, aliases, related, summary, details, "
          "published, modified, severity, cvss_vector, cvss_score, refs) VALUES ('osv:npm', "
          "'GHSA-y', 'osv', '[]', '[]', '', '', '', '', 'low', '', 0, '[]')",
          "INSERT INTO affected VALUES ('osv:npm', 'GHSA-x', 1, 'npm', 'Second_pkg', '', "
          "'unknown', '[]', '[\"1.0.0\"]')",
          "INSERT INTO affected VALUES ('osv:npm', 'GHSA-x', 0, 'npm', 'lodash', "
          "'pkg:npm/lodash', 'high', '[{\"t\":\"E\",\"e\":[[\"i\",\"0\"],[\"f\",\"4.17.21\"]]}]', "
          "'[]')",
          "INSERT INTO advisory_aliases VALUES ('GHSA-x', 'osv:npm', 'GHSA-x'), "
          "('CVE-2024-1', 'osv:npm', 'GHSA-x'), ('GHSA-y', 'osv:npm', 'GHSA-y')"}) {
      auto st = (*c)->Exec(stmt);
      ASSERT_TRUE(st) << st.error().message;
    }
  }
  auto s = OpenStore(url);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_GE(*(*s)->SchemaVersion(), 8);
  std::vector<model::Advisory> all;
  ASSERT_TRUE((*s)->ForEachAdvisory([&](model::Advisory&& a) { all.push_back(std::move(a)); }));
  ASSERT_EQ(all.size(), 2u);
  ASSERT_EQ(all[0].affected.size(), 2u);
  EXPECT_EQ(all[0].affected[0].package, "lodash");
  EXPECT_EQ(all[0].affected[0].purl, "pkg:npm/lodash");
  EXPECT_EQ(all[0].affected[0].severity, model::Severity::kHigh);
  ASSERT_EQ(all[0].affected[0].ranges.size(), 1u);
  EXPECT_EQ(all[0].affected[0].ranges[0].events[1].version, "4.17.21");
  EXPECT_EQ(all[0].affected[1].versions, std::vector<std::string>{"1.0.0"});
  EXPECT_EQ(all[0].references.size(), 1u);
  EXPECT_TRUE(all[1].affected.empty());
  auto found = AdvisoriesOf(**s, "CVE-2024-1");
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().affected.size(), 2u);
  // The package list came over: re-importing the source marks the old names for re-matching.
  ASSERT_TRUE((*s)->ReplaceSource({.name = "osv:npm", .format = "osv"}, {}));
  auto c = open();
  ASSERT_TRUE(c);
  auto q = (*c)->Prepare("SELECT match_key FROM dirty_packages ORDER BY match_key");
  ASSERT_TRUE(q);
  std::vector<std::string> dirty;
  while (*(*q)->Step()) dirty.emplace_back((*q)->Text(0));
  EXPECT_EQ(dirty, (std::vector<std::string>{"lodash", "second-pkg"}));
}

TEST_P(StoreTest, KeysetPaginationWalksEveryFindingOnce) {
  std::vector<model::AssetReport> reps;
  for (int i = 0; i < 7; ++i)
    reps.push_back(Ec2("i-" + std::to_string(i), "111111111111",
                       {Pkg("npm", "lodash", "1.0.0"), Pkg("x", "openssl", "1")}));
  FakeMatcher m;
  ASSERT_TRUE(store_->ApplyCollection(SsmRun(std::move(reps), {}), m.Get(), {}));
  for (std::string sort : {"severity", "first_seen", "epss", "package", "cvss"}) {
    for (bool asc : {false, true}) {
      std::set<int64_t> seen;
      FindingQuery q;
      q.sort = sort;
      q.ascending = asc;
      q.limit = 3;
      int pages = 0;
      for (;;) {
        auto page = store_->SearchFindings(q);
        ASSERT_TRUE(page) << page.error().message;
        for (const auto& r : page->rows) EXPECT_TRUE(seen.insert(r.id).second) << sort;
        ++pages;
        if (page->next.empty()) break;
        q.after = page->next;
        ASSERT_LT(pages, 10);
      }
      EXPECT_EQ(seen.size(), 14u) << sort;
    }
  }
}

TEST_P(StoreTest, AggregatesCountBySeverityTeamAndDay) {
  FakeMatcher m;
  ASSERT_TRUE(store_->ApplyCollection(
      SsmRun({Ec2("i-a", "111111111111", {Pkg("npm", "lodash", "1.0.0"), Pkg("x", "openssl", "1")}),
              Ec2("i-b", "222222222222", {Pkg("x", "openssl", "1")})},
             {}),
      m.Get(), {{"account", "111111111111", "payments"}}));
  auto agg = store_->Aggregate({}, 7);
  ASSERT_TRUE(agg) << agg.error().message;
  EXPECT_EQ(agg->open, 3);
  EXPECT_EQ(agg->exploitable, 2);
  EXPECT_EQ(agg->kev, 2);
  ASSERT_EQ(agg->by_severity.size(), 2u);
  EXPECT_EQ(agg->by_severity[0].key, "critical");
  EXPECT_EQ(agg->by_severity[0].count, 2);
  ASSERT_FALSE(agg->top_vulnerabilities.empty());
  EXPECT_EQ(agg->top_vulnerabilities[0].key, "CVE-2024-0001");
  EXPECT_EQ(agg->top_vulnerabilities[0].count, 2);
  ASSERT_EQ(agg->trend.size(), 7u);
  EXPECT_EQ(agg->trend.back().count, 3);
  EXPECT_EQ(agg->trend.front().count, 0);
  auto scoped = store_->Aggregate({.scope_team = "payments"}, 0);
  ASSERT_TRUE(scoped);
  EXPECT_EQ(scoped->open, 2);
}

// The rollup tables (kept by triggers) must give exactly what a scan of the findings gives,
// whatever sequence of collections, external findings, suppressions, ownership changes and
// re-matches produced them.
struct RollupMatcher {
  // package → (vulnerability, severity, exploit kind); two packages share a vulnerability so
  // that distinct-asset counts differ from finding counts.
  Evaluator Get() {
    Evaluator ev;
    ev.enrich = [](const std::string& id, const std::vector<std::string>&) {
      model::ExploitInfo e;
      if (id == "CVE-1" || id == "CVE-3") e.kev = true;
      if (id == "CVE-2") e.exploitdb = {"1"};
      if (id == "CVE-4") e.poc = true;
      return e;
    };
    ev.match = [enrich = ev.enrich](const model::Asset&, const std::vector<model::Package>& pkgs) {
      static const std::map<std::string, std::pair<std::string, model::Severity>> table = {
          {"openssl", {"CVE-1", model::Severity::kCritical}},
          {"libssl", {"CVE-1", model::Severity::kCritical}},
          {"curl", {"CVE-2", model::Severity::kHigh}},
          {"zlib", {"CVE-3", model::Severity::kMedium}},
          {"bash", {"CVE-4", model::Severity::kLow}},
          {"tar", {"CVE-5", model::Severity::kUnknown}},
          {"glibc", {"CVE-6", model::Severity::kCritical}}};
      std::vector<model::Finding> out;
      for (const model::Package& p : pkgs) {
        auto it = table.find(p.name);
        if (it == table.end() || p.version >= "9") continue;
        model::Finding f;
        f.vulnerability_id = it->second.first;
        f.severity = it->second.second;
        f.package = p;
        f.exploit = enrich(f.vulnerability_id, {});
        out.push_back(f);
      }
      return out;
    };
    return ev;
  }
};

void ExpectSameCounts(const std::vector<CountRow>& a, const std::vector<CountRow>& b,
                      const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].key, b[i].key) << what << " #" << i;
    EXPECT_EQ(a[i].count, b[i].count) << what << " " << a[i].key;
    EXPECT_EQ(a[i].exploitable, b[i].exploitable) << what << " " << a[i].key;
  }
}

void ExpectRollupsMatchScan(Store& store, const std::string& step) {
  std::vector<FindingQuery> queries = {
      {},
      {.scope_team = "payments"},
      {.team = "(unowned)"},
      {.team = "web", .kind = "ec2"},
      {.kind = "repository"},
      {.severities = {"critical", "high"}},
      {.exploit = "kev"},
      {.exploit = "none", .scope_team = "web"},
      {.exploit = "any"},
      {.source = "dependabot"},
      {.statuses = {"suppressed"}},
      {.statuses = {"resolved", "open"}},
      {.statuses = {"all"}, .scope_team = "payments"},
  };
  for (size_t i = 0; i < queries.size(); ++i) {
    FindingQuery exact = queries[i];
    exact.exact_scan = true;
    auto fast = store.Aggregate(queries[i], 5);
    auto slow = store.Aggregate(exact, 5);
    ASSERT_TRUE(fast) << fast.error().message;
    ASSERT_TRUE(slow) << slow.error().message;
    std::string what = step + " query " + std::to_string(i);
    EXPECT_EQ(fast->open, slow->open) << what;
    EXPECT_EQ(fast->exploitable, slow->exploitable) << what;
    EXPECT_EQ(fast->kev, slow->kev) << what;
    ExpectSameCounts(fast->by_severity, slow->by_severity, what + " severity");
    ExpectSameCounts(fast->by_team, slow->by_team, what + " team");
    ExpectSameCounts(fast->critical_by_team, slow->critical_by_team, what + " critical");
    ExpectSameCounts(fast->by_source, slow->by_source, what + " source");
    ExpectSameCounts(fast->by_kind, slow->by_kind, what + " kind");
    ExpectSameCounts(fast->top_vulnerabilities, slow->top_vulnerabilities, what + " top");
    ExpectSameCounts(fast->trend, slow->trend, what + " trend");
  }
}

// One host, two packages with the same vulnerability, one of them under a suppression that
// then expires without a write in between: the asset must count once.
TEST_P(StoreTest, RollupsCountAnAssetOnceWhenItsSuppressionExpires) {
  RollupMatcher m;
  ASSERT_TRUE(store_->ApplyCollection(
      SsmRun({Ec2("i-a", "111111111111", {Pkg("x", "openssl", "1"), Pkg("x", "libssl", "1")})}, {}),
      m.Get(), {}));
  ASSERT_TRUE(store_->AddSuppression({.vulnerability_id = "CVE-1",
                                      .package = "openssl",
                                      .reason = "test",
                                      .expires_at = "2999-01-01T00:00:00Z",
                                      .author = "t"}));
  ExpectRollupsMatchScan(*store_, "suppressed");
  // The BI views agree with the search.
  const std::string assets_open = "SELECT SUM(open_findings) FROM assets_view";
  const std::string vuln_open =
      "SELECT open_findings FROM vulnerabilities_view WHERE vulnerability_id = 'CVE-1'";
  EXPECT_EQ(RawInt(assets_open), 1);
  EXPECT_EQ(RawInt(vuln_open), 1);
  RawExec("UPDATE suppressions SET expires_at = '2001-01-01T00:00:00Z'");
  ExpectRollupsMatchScan(*store_, "expired");
  EXPECT_EQ(RawInt(assets_open), 2);
  EXPECT_EQ(RawInt(vuln_open), 2);
  auto agg = store_->Aggregate({}, 0);
  ASSERT_TRUE(agg);
  ASSERT_FALSE(agg->top_vulnerabilities.empty());
  EXPECT_EQ(agg->top_vulnerabilities[0].count, 1);
}

TEST_P(StoreTest, RollupsAgreeWithAScanOfTheFindings) {
  Store& store = *store_;
  RollupMatcher m;
  std::mt19937 rng(20261126);
  const std::vector<std::string> names = {"openssl", "libssl", "curl", "zlib",
                                          "bash",    "tar",    "glibc"};
  const std::vector<std::string> accounts = {"111111111111", "222222222222", "333333333333"};
  std::vector<std::vector<OwnershipRule>> rule_sets = {
      {{"account", "111111111111", "payments"}, {"repo", "acme/*", "web"}},
      {{"account", "222222222222", "payments"}, {"account", "111111111111", "web"}},
      {}};
  std::vector<int64_t> suppressions;
  for (int step = 0; step < 24; ++step) {
    const std::vector<OwnershipRule>& rules = rule_sets[(step / 6) % rule_sets.size()];
    int op = static_cast<int>(rng() % 5);
    if (op <= 1) {
      // An SSM collection of a random subset of one account's instances.
      std::string account = accounts[rng() % accounts.size()];
      std::vector<model::AssetReport> hosts;
      for (int h = 0; h < 4; ++h) {
        if (rng() % 4 == 0) continue;
        std::vector<model::Package> pkgs;
        for (const std::string& n : names)
          if (rng() % 2) pkgs.push_back(Pkg("x", n, std::to_string(rng() % 10)));
        hosts.push_back(Ec2("i-" + account.substr(0, 1) + std::to_string(h), account, pkgs));
      }
      ASSERT_TRUE(
          store.ApplyCollection(SsmRun(hosts, {"ssm:" + account + ":us-east-1"}), m.Get(), rules));
    } else if (op == 2) {
      // Dependabot alerts, some dismissed.
      model::Collection c;
      c.source = "github";
      c.finding_source = "dependabot";
      c.scopes = {"github:acme"};
      for (int r = 0; r < 3; ++r) {
        model::AssetReport rep;
        rep.asset.kind = model::AssetKind::kRepository;
        rep.asset.repo = "acme/r" + std::to_string(r);
        rep.asset.key = "github.com/" + rep.asset.repo;
        rep.asset.name = rep.asset.repo;
        for (int a = 0; a < 4; ++a) {
          if (rng() % 3 == 0) continue;
          model::ExternalFinding f;
          f.vulnerability_id = "CVE-" + std::to_string(1 + rng() % 6);
          f.severity = static_cast<model::Severity>(rng() % 6);
          f.package = Pkg("npm", "p" + std::to_string(a), "1.0.0");
          f.external_id = std::to_string(a);
          if (rng() % 4 == 0) f.status = "suppressed";
          rep.findings.push_back(f);
        }
        c.assets.push_back(rep);
        c.asset_scopes.push_back("github:acme");
      }
      ASSERT_TRUE(store.ApplyCollection(c, m.Get(), rules));
    } else if (op == 3) {
      if (!suppressions.empty() && rng() % 2) {
        ASSERT_TRUE(store.RemoveSuppression(suppressions.back()));
        suppressions.pop_back();
      } else {
        Suppression s{.vulnerability_id = "CVE-" + std::to_string(1 + rng() % 6),
                      .reason = "test",
                      .author = "t"};
        if (rng() % 2) s.team = "payments";
        if (rng() % 3 == 0) s.package = "openssl";
        if (rng() % 3 == 0) s.expires_at = "2999-01-01T00:00:00Z";
        auto id = store.AddSuppression(s);
        ASSERT_TRUE(id) << id.error().message;
        suppressions.push_back(*id);
      }
    } else {
      ASSERT_TRUE(store.ApplyOwnership(rules));
      ASSERT_TRUE(store.Rematch(m.Get(), true));
    }
    ExpectRollupsMatchScan(store, "step " + std::to_string(step) + " op " + std::to_string(op));
    if (HasFatalFailure()) return;
  }
  auto agg = store.Aggregate({}, 0);
  ASSERT_TRUE(agg);
  EXPECT_GT(agg->open, 0);  // The sequence produced something to count.
  // Recomputing the rollups from scratch (what the migration and bulk loaders run) gives
  // the same counts.
  for (const std::string& sql : RollupRebuild()) RawExec(sql);
  ExpectRollupsMatchScan(store, "rebuilt");
  // An asset deleted by hand (a BI tool, an operator) takes its findings and counts along.
  RawExec(
      "DELETE FROM assets WHERE id = (SELECT MIN(asset_id) FROM findings WHERE state = "
      "'open')");
  ExpectRollupsMatchScan(store, "asset deleted");
  // A suppression that expired since the last write: its findings count as open again.
  RawExec("UPDATE suppressions SET expires_at = '2001-01-01T00:00:00Z'");
  ExpectRollupsMatchScan(store, "suppressions expired");
}

// On SQLite a search with a CVE or asset filter counts its candidates and either filters first
// or walks the sort index (src/store/search.cpp ChoosePlan); both plans must return the same
// pages. 1,100 findings of one CVE take the sort-index walk; the 150 of another, and a small
// asset's 50, filter first (driven by the alias rows and by the asset key respectively).
TEST_P(StoreTest, SearchPlansForBigAndSmallCandidateSetsAgree) {
  Evaluator ev;
  ev.enrich = [](const std::string&, const std::vector<std::string>&) {
    return model::ExploitInfo{};
  };
  ev.match = [](const model::Asset&, const std::vector<model::Package>& pkgs) {
    std::vector<model::Finding> out;
    for (const model::Package& p : pkgs) {
      model::Finding f;
      int n = std::stoi(p.name.substr(1));
      f.vulnerability_id = n < 1100 ? "CVE-2099-0001" : "CVE-2099-0002";
      f.severity = static_cast<model::Severity>(n % 6);
      f.package = p;
      out.push_back(f);
    }
    return out;
  };
  std::vector<model::Package> pkgs;
  for (int i = 0; i < 1200; ++i) pkgs.push_back(Pkg("npm", "p" + std::to_string(i), "1"));
  std::vector<model::Package> few(pkgs.begin() + 1100, pkgs.begin() + 1150);
  ASSERT_TRUE(store_->ApplyCollection(
      SsmRun({Ec2("i-a", "111111111111", pkgs), Ec2("i-b", "111111111111", few)}, {}), ev, {}));
  for (const std::string& sort : {"severity", "first_seen", "package"}) {
    // The CVE alone, the CVE driving within a big asset, a small asset alone.
    for (const auto& [cve, instance, want] :
         std::vector<std::tuple<std::string, std::string, size_t>>{{"CVE-2099-0001", "", 1100},
                                                                   {"CVE-2099-0002", "", 150},
                                                                   {"CVE-2099-0002", "i-a", 100},
                                                                   {"", "i-b", 50}}) {
      FindingQuery q{.vulnerability = cve, .instance = instance, .sort = sort, .limit = 250};
      std::set<int64_t> seen;
      int last_rank = 99;
      for (int pages = 0;; ++pages) {
        auto page = store_->SearchFindings(q);
        ASSERT_TRUE(page) << page.error().message;
        for (const auto& r : page->rows) {
          if (!cve.empty()) EXPECT_EQ(r.vulnerability_id, cve);
          EXPECT_TRUE(seen.insert(r.id).second);
          int rank = static_cast<int>(*model::ParseSeverity(r.severity));
          if (sort == "severity") EXPECT_LE(rank, last_rank) << "sorted by severity";
          last_rank = rank;
        }
        if (page->next.empty()) break;
        q.after = page->next;
        ASSERT_LT(pages, 10);
      }
      EXPECT_EQ(seen.size(), want) << cve << " " << instance << " by " << sort;
    }
  }
}

TEST(OpenStore, UnwritablePathIsAnIoError) {
  auto store = OpenStore("/nonexistent-dir/x/y.db");
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kIo);
}

TEST(OpenStore, UnreachablePostgresIsAnIoErrorWithoutThePassword) {
  auto store = OpenStore("postgresql://u:s3cret@127.0.0.1:1/db?connect_timeout=2");
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kIo);
  EXPECT_EQ(store.error().message.find("s3cret"), std::string::npos);
}

}  // namespace
}  // namespace vs::store
