// End-to-end through the real binary, on SQLite and on a real PostgreSQL: inventories are
// imported and matched against real advisories (tests/testdata/e2e), searched through the
// `search` / `assets` contracts, and re-matched when a newer feed arrives — without any rescan.
#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/cli/cli_support.h"
#include "tests/support/postgres.h"

namespace {

using nlohmann::json;

using Output = vs::testing::CliOutput;
using vs::testing::RunCli;

// stdout only (JSON), stderr discarded.
Output RunJson(const std::string& args) { return RunCli(args, /*stdout_only=*/true); }

std::string E2e(const char* name) {
  return std::string(VS_SOURCE_DIR) + "/tests/testdata/e2e/" + name;
}

class StoreCli : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/vs-store-cli-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    if (GetParam() == "sqlite") {
      db_ = dir_ + "/vulnscope.db";
    } else {
      std::string error;
      auto* pg = vs::testing::PostgresServer::Shared(&error);
      ASSERT_NE(pg, nullptr) << "PostgreSQL is required: " << error;
      db_ = pg->NewDatabase();
    }
    std::string files;
    for (const char* f : {"pypa-subset.jsonl.gz", "almalinux9-subset.jsonl.gz", "kev-subset.json",
                          "poc-subset.csv", "exploitdb-map-subset.json", "exploitdb-sample.csv"}) {
      files += " " + E2e(f);
    }
    Output o = RunCli(Db() + " db import" + files);
    ASSERT_EQ(o.status, 0) << o.out;
  }
  void TearDown() override { std::system(("rm -rf " + dir_).c_str()); }

  std::string Db() const { return "--db '" + db_ + "'"; }

  json Search(const std::string& filters) {
    Output o = RunJson(Db() + " search --format json --limit 1000 " + filters);
    EXPECT_EQ(o.status, 0) << o.out;
    return json::parse(o.out);
  }

  void WriteFile(const std::string& name, const std::string& text) {
    std::ofstream(dir_ + "/" + name) << text;
  }

  std::string dir_, db_;
};

INSTANTIATE_TEST_SUITE_P(Backends, StoreCli, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

const json* FindFinding(const json& arr, const std::string& id, const std::string& pkg) {
  for (const json& f : arr)
    if (f["vulnerability_id"] == id && f["package"]["name"] == pkg) return &f;
  return nullptr;
}

TEST_P(StoreCli, ImportedHostIsSearchableByExploitAliasAndTeam) {
  Output o = RunCli(Db() + " import " + E2e("rockylinux9.rpm-qa.txt") +
                    " --os rocky:9 --asset web-1 --kind host --team payments");
  ASSERT_EQ(o.status, 0) << o.out;

  // ALSA-2025:1346 (gcc) lists CVE-2020-11023: in CISA KEV and Exploit-DB 49767.
  json kev = Search("--exploit kev");
  const json* f = FindFinding(kev, "CVE-2020-11023", "libgcc");
  ASSERT_NE(f, nullptr) << kev.dump(1);
  for (const char* key :
       {"id", "vulnerability_id", "aliases", "severity", "cvss_score", "status", "source",
        "first_seen", "last_seen", "fixed_version", "package", "exploit", "asset"}) {
    EXPECT_TRUE(f->contains(key)) << key;
  }
  for (const char* key : {"exploitdb", "kev", "poc", "metasploit", "epss"})
    EXPECT_TRUE((*f)["exploit"].contains(key)) << key;
  for (const char* key : {"kind", "name", "team", "account_id", "region", "instance_id", "asg",
                          "repo", "image", "namespaces"})
    EXPECT_TRUE((*f)["asset"].contains(key)) << key;
  EXPECT_EQ((*f)["exploit"]["kev"], true);
  EXPECT_EQ((*f)["exploit"]["exploitdb"], json::array({49767}));
  EXPECT_EQ((*f)["status"], "open");
  EXPECT_EQ((*f)["source"], "vulnscope");
  EXPECT_EQ((*f)["asset"]["name"], "web-1");
  EXPECT_EQ((*f)["asset"]["team"], "payments");
  EXPECT_EQ((*f)["package"]["ecosystem"], "Rocky Linux:9");
  EXPECT_NE(FindFinding(Search("--exploit exploitdb"), "CVE-2020-11023", "libgcc"), nullptr);

  // Any alias finds the finding: the ALSA id of the expat fix.
  json byAlias = Search("--cve ALSA-2024:1530");
  ASSERT_NE(FindFinding(byAlias, "CVE-2023-52425", "expat"), nullptr) << byAlias.dump(1);
  EXPECT_TRUE(Search("--team nobody").empty());
  EXPECT_FALSE(Search("--team payments").empty());
  EXPECT_FALSE(Search("--severity medium --severity high").empty());
  for (const json& x : Search("--severity critical")) EXPECT_EQ(x["severity"], "critical");

  Output a = RunJson(Db() + " assets --format json");
  ASSERT_EQ(a.status, 0);
  json assets = json::parse(a.out);
  ASSERT_EQ(assets.size(), 1u);
  EXPECT_EQ(assets[0]["kind"], "host");
  EXPECT_GT(assets[0]["packages"].get<int>(), 100);
  EXPECT_EQ(assets[0]["open_findings"].get<size_t>(), Search("").size());

  // CSV export carries the same rows, formula-looking cells neutralised.
  Output csv = RunJson(Db() + " search --format csv --exploit kev");
  ASSERT_EQ(csv.status, 0);
  EXPECT_EQ(csv.out.rfind("id,vulnerability_id,", 0), 0u);
  EXPECT_NE(csv.out.find("CVE-2020-11023"), std::string::npos);
}

// An image SBOM is imported as its image (searchable by image), unless --kind/--asset say
// otherwise.
TEST_P(StoreCli, ImageSbomBecomesItsImage) {
  std::string sbom =
      std::string(VS_SOURCE_DIR) + "/tests/testdata/parsers/cyclonedx/trivy-fixture-1.6.cdx.json";
  ASSERT_EQ(RunCli(Db() + " import " + sbom).status, 0);
  Output assets = RunJson(Db() + " assets --format json");
  ASSERT_EQ(assets.status, 0);
  bool image = false;
  for (const json& a : json::parse(assets.out))
    image = image || (a["kind"] == "image" && a["image"] == "registry.example.com/shop/web:1.4.2");
  EXPECT_TRUE(image) << assets.out;
  ASSERT_EQ(RunCli(Db() + " import " + sbom + " --kind host --asset build-box").status, 0);
  bool host = false;
  for (const json& a : json::parse(RunJson(Db() + " assets --format json").out))
    host = host || (a["kind"] == "host" && a["name"] == "build-box");
  EXPECT_TRUE(host);
}

TEST_P(StoreCli, NewerFeedOpensAndResolvesFindingsWithoutRescan) {
  ASSERT_EQ(RunCli(Db() + " import " + E2e("pygoat-2023-03-requirements.txt") +
                   " --asset pygoat --kind repository")
                .status,
            0);
  size_t before = Search("").size();
  ASSERT_GT(before, 0u);
  // A new advisory for a package pygoat pins arrives (OSV, PyPI, name spelled differently).
  WriteFile("new.json", R"({"id": "PYSEC-2099-1", "modified": "2099-01-01T00:00:00Z",
    "aliases": ["CVE-2099-0001"], "summary": "test advisory",
    "affected": [{"package": {"ecosystem": "PyPI", "name": "SQLParse"},
      "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "99.0"}]}]}]})");
  ASSERT_EQ(RunCli(Db() + " db import " + dir_ + "/new.json").status, 0);
  EXPECT_TRUE(Search("--cve CVE-2099-0001").empty()) << "not matched before `match`";
  Output m = RunCli(Db() + " match");
  ASSERT_EQ(m.status, 0) << m.out;
  json opened = Search("--cve CVE-2099-0001");
  ASSERT_EQ(opened.size(), 1u) << m.out;
  EXPECT_EQ(opened[0]["package"]["name"], "sqlparse");
  EXPECT_EQ(opened[0]["fixed_version"], "99.0");
  EXPECT_EQ(Search("").size(), before + 1);

  // The advisory is corrected: only versions below 0.0.1 are affected.
  WriteFile("new.json", R"({"id": "PYSEC-2099-1", "modified": "2099-01-02T00:00:00Z",
    "aliases": ["CVE-2099-0001"], "summary": "test advisory",
    "affected": [{"package": {"ecosystem": "PyPI", "name": "sqlparse"},
      "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "0.0.1"}]}]}]})");
  ASSERT_EQ(RunCli(Db() + " db import " + dir_ + "/new.json").status, 0);
  ASSERT_EQ(RunCli(Db() + " match").status, 0);
  EXPECT_TRUE(Search("--cve CVE-2099-0001").empty());
  json resolved = Search("--cve CVE-2099-0001 --status resolved");
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_EQ(resolved[0]["id"], opened[0]["id"]);
  EXPECT_EQ(Search("").size(), before);
}

TEST_P(StoreCli, SuppressionHidesAndExpiresAndBadFlagsFail) {
  ASSERT_EQ(RunCli(Db() + " import " + E2e("pygoat-2023-03-requirements.txt") +
                   " --asset pygoat --kind repository")
                .status,
            0);
  json all = Search("");
  ASSERT_FALSE(all.empty());
  std::string id = all[0]["vulnerability_id"];
  Output add = RunCli(Db() + " suppress add --vuln " + id + " --reason 'not reachable'");
  ASSERT_EQ(add.status, 0) << add.out;
  EXPECT_TRUE(Search("--cve " + id).empty());
  EXPECT_FALSE(Search("--cve " + id + " --status suppressed").empty());
  Output rm = RunCli(Db() + " suppress remove " + std::to_string(std::stoi(add.out)));
  ASSERT_EQ(rm.status, 0) << rm.out;
  EXPECT_FALSE(Search("--cve " + id).empty());
  ASSERT_EQ(
      RunCli(Db() + " suppress add --vuln " + id + " --reason old --expires 2001-01-01").status, 0);
  EXPECT_FALSE(Search("--cve " + id).empty()) << "an expired suppression does not apply";

  EXPECT_EQ(RunCli(Db() + " search --exploit sometimes").status, 2);
  EXPECT_EQ(RunCli(Db() + " search --severity urgent").status, 2);
  EXPECT_EQ(RunCli(Db() + " search --format xml").status, 2);
  // A feed is not a report.
  Output bad = RunCli(Db() + " import " + E2e("kev-subset.json"));
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.out.find("db import"), std::string::npos) << bad.out;
}

}  // namespace
