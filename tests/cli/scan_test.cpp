// End-to-end: the real binary imports real advisory and exploit data (tests/testdata/e2e,
// trimmed from the public sources listed in its SOURCE.md) and scans real inventories. Each
// test names the advisory it expects and why the installed version is affected.
#include <array>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <tuple>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using nlohmann::json;

struct Output {
  std::string out;
  int status;
};

Output RunCli(const std::string& args) {
  std::string cmd = std::string(VS_BINARY) + " " + args + " 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 65536> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int status = pclose(p);
  return {out, WEXITSTATUS(status)};
}

std::string E2e(const char* name) {
  return std::string(VS_SOURCE_DIR) + "/tests/testdata/e2e/" + name;
}

class ScanE2e : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char dir[] = "/tmp/vs-scan-e2e-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    db_ = dir_ + "/vulnscope.db";
    std::string files;
    for (const char* f : {"pypa-subset.jsonl.gz", "go-vulndb-subset.jsonl.gz",
                          "ghsa-curated.jsonl.gz", "almalinux9-subset.jsonl.gz", "kev-subset.json",
                          "poc-subset.csv", "exploitdb-map-subset.json", "exploitdb-sample.csv"}) {
      files += " " + E2e(f);
    }
    Output o = RunCli("--db " + db_ + " db import" + files);
    ASSERT_EQ(o.status, 0) << o.out;
  }
  static void TearDownTestSuite() { std::system(("rm -rf " + dir_).c_str()); }

  static json Scan(const std::string& target, const std::string& extra = "") {
    Output o = RunCli("--db " + db_ + " scan " + target + " --format json " + extra);
    EXPECT_EQ(o.status, 0) << o.out;
    return json::parse(o.out);
  }
  // The finding for `id` on package `name`@`version`, or null.
  static json Find(const json& report, const std::string& id, const std::string& name,
                   const std::string& version) {
    for (const json& f : report["findings"]) {
      if (f["vulnerability_id"] == id && f["package"]["name"] == name &&
          f["package"]["version"] == version)
        return f;
    }
    return nullptr;
  }
  static bool HasAlias(const json& f, const std::string& alias) {
    for (const json& a : f["aliases"])
      if (a == alias) return true;
    return false;
  }

  static std::string dir_, db_;
};
std::string ScanE2e::dir_, ScanE2e::db_;

TEST_F(ScanE2e, PygoatDjango30IsAffectedByPysecAdvisories) {
  json r = Scan(E2e("pygoat-2021-04-requirements.txt"));
  EXPECT_EQ(r["packages"], 4);
  EXPECT_TRUE(r["os"].is_null());
  // PYSEC-2021-98 (CVE-2021-33203): Django < 3.1.12 in the 3.x line; 3.0.14 is below the fix.
  json f = Find(r, "CVE-2021-33203", "Django", "3.0.14");
  ASSERT_FALSE(f.is_null()) << r.dump(1);
  EXPECT_EQ(f["fixed_version"], "3.1.12");
  EXPECT_EQ(f["package"]["ecosystem"], "PyPI");
  // sqlparse 0.3.1 < 0.4.4 (PYSEC-2023-87, CVE-2023-30608, ReDoS).
  f = Find(r, "CVE-2023-30608", "sqlparse", "0.3.1");
  ASSERT_FALSE(f.is_null());
  EXPECT_EQ(f["fixed_version"], "0.4.4");
  EXPECT_TRUE(HasAlias(f, "PYSEC-2023-87"));
}

TEST_F(ScanE2e, PygoatPyYamlAndRequestsWithPublicPoc) {
  json r = Scan(E2e("pygoat-2023-03-requirements.txt"));
  // PyYAML 5.1: full_load arbitrary code execution, fixed in 5.4 (PYSEC-2021-142); a PoC exists.
  json f = Find(r, "CVE-2020-14343", "PyYAML", "5.1");
  ASSERT_FALSE(f.is_null());
  EXPECT_EQ(f["fixed_version"], "5.4");
  EXPECT_TRUE(HasAlias(f, "GHSA-8q59-q68h-6hv4"));
  EXPECT_TRUE(HasAlias(f, "PYSEC-2021-142"));
  EXPECT_EQ(f["exploit"]["poc"], true);
  // requests 2.28.2 leaks Proxy-Authorization on redirects, fixed in 2.31.0.
  f = Find(r, "CVE-2023-32681", "requests", "2.28.2");
  ASSERT_FALSE(f.is_null());
  EXPECT_EQ(f["fixed_version"], "2.31.0");
  // Each vulnerability appears once per package even though PYSEC and GHSA both describe it.
  int count = 0;
  for (const json& x : r["findings"]) count += x["vulnerability_id"] == "CVE-2020-14343" ? 1 : 0;
  EXPECT_EQ(count, 1);
}

TEST_F(ScanE2e, CaddyGoSumAgainstGoVulndb) {
  json r = Scan(E2e("caddy-v2.0.0-go.sum"));
  // GO-2021-0053: gogo/protobuf before 1.3.2 lacks index validation (CVE-2021-3121).
  json f = Find(r, "CVE-2021-3121", "github.com/gogo/protobuf", "v1.3.1");
  ASSERT_FALSE(f.is_null()) << r.dump(1).substr(0, 2000);
  EXPECT_EQ(f["fixed_version"], "1.3.2");
  EXPECT_EQ(f["package"]["ecosystem"], "Go");
  // GO-2020-0017: dgrijalva/jwt-go was never fixed (the module is abandoned); PoC public.
  f = Find(r, "CVE-2020-26160", "github.com/dgrijalva/jwt-go", "v3.2.0+incompatible");
  ASSERT_FALSE(f.is_null());
  EXPECT_TRUE(f["fixed_version"].is_null());
  EXPECT_EQ(f["exploit"]["poc"], true);
}

TEST_F(ScanE2e, NodeGoatLockfileAgainstGhsa) {
  json r = Scan(E2e("nodegoat-package-lock.json.gz"));
  // GHSA-p6mc-m468-83gw: lodash prototype pollution in zipObjectDeep, fixed in 4.17.20.
  json f = Find(r, "CVE-2020-8203", "lodash", "4.17.15");
  ASSERT_FALSE(f.is_null());
  EXPECT_EQ(f["fixed_version"], "4.17.20");
  EXPECT_TRUE(HasAlias(f, "GHSA-p6mc-m468-83gw"));
  EXPECT_EQ(f["severity"], "high");
  // GHSA-vh95-rmgr-6w4m: minimist prototype pollution; the 1.x branch is fixed in 1.2.3.
  f = Find(r, "CVE-2020-7598", "minimist", "1.2.0");
  ASSERT_FALSE(f.is_null());
  EXPECT_EQ(f["fixed_version"], "1.2.3");
  // handlebars 4.0.5: remote code execution via compile templates (CVE-2021-23369), critical.
  f = Find(r, "CVE-2021-23369", "handlebars", "4.0.5");
  ASSERT_FALSE(f.is_null());
  EXPECT_EQ(f["severity"], "critical");
  EXPECT_DOUBLE_EQ(f["cvss_score"].get<double>(), 9.8);
}

TEST_F(ScanE2e, Rocky9RpmListAgainstAlmaLinux9WithKevAndExploitDb) {
  json r = Scan(E2e("rockylinux9.rpm-qa.txt"), "--os rocky:9");
  EXPECT_EQ(r["os"]["family"], "rocky");
  EXPECT_EQ(r["os"]["ecosystem"], "Rocky Linux:9");
  bool noted = false;
  for (const json& w : r["warnings"])
    noted = noted || w["reason"].get<std::string>().find("AlmaLinux:9") != std::string::npos;
  EXPECT_TRUE(noted) << "the fallback to AlmaLinux advisories must be stated";
  // ALSA-2024:1530 fixes CVE-2023-52425 in expat 2.5.0-1.el9_3.1; the image has 2.5.0-1.el9.
  json f = Find(r, "CVE-2023-52425", "expat", "2.5.0-1.el9");
  ASSERT_FALSE(f.is_null());
  EXPECT_TRUE(HasAlias(f, "ALSA-2024:1530"));
  EXPECT_EQ(f["fixed_version"], "2.5.0-1.el9_3.1");
  EXPECT_EQ(f["package"]["ecosystem"], "Rocky Linux:9");
  // ALSA-2025:1346 (gcc) lists CVE-2020-11023, which is in CISA KEV and Exploit-DB 49767;
  // libgcc is a binary of the gcc source rpm.
  f = Find(r, "CVE-2020-11023", "libgcc", "11.4.1-2.1.el9");
  ASSERT_FALSE(f.is_null());
  EXPECT_EQ(f["exploit"]["kev"], true);
  ASSERT_EQ(f["exploit"]["exploitdb"].size(), 1u);
  EXPECT_EQ(f["exploit"]["exploitdb"][0], 49767);
  EXPECT_EQ(f["severity"], "medium");  // "Moderate: gcc security update"
}

TEST_F(ScanE2e, RpmListWithoutOsSaysWhyNothingMatched) {
  json r = Scan(E2e("rockylinux9.rpm-qa.txt"));
  EXPECT_TRUE(r["findings"].empty());
  bool said = false;
  for (const json& w : r["warnings"])
    said = said || w["reason"].get<std::string>().find("--os") != std::string::npos;
  EXPECT_TRUE(said);
}

TEST_F(ScanE2e, FailOnGatesTheExitCode) {
  Output o = RunCli("--db " + db_ + " scan " + E2e("nodegoat-package-lock.json.gz") +
                    " --fail-on critical");
  EXPECT_EQ(o.status, 1);
  o = RunCli("--db " + db_ + " scan " + E2e("pygoat-2021-04-requirements.txt") +
             " --fail-on critical");
  EXPECT_EQ(o.status, 0) << o.out;
  for (const char* bad : {"nonsense", "none", "unknown", "''"}) {
    o = RunCli("--db " + db_ + " scan " + E2e("pygoat-2021-04-requirements.txt") + " --fail-on " +
               bad);
    EXPECT_EQ(o.status, 2) << bad;
  }
  o = RunCli("--db " + db_ + " scan " + E2e("nodegoat-package-lock.json.gz") + " --fail-on LOW");
  EXPECT_EQ(o.status, 1) << o.out;
}

// A directory whose only lockfile is corrupt is an error, not a clean result that would pass
// a CI gate; one good lockfile beside a corrupt one is scanned, with a warning.
TEST_F(ScanE2e, DirectoryWithOnlyCorruptLockfilesIsAnError) {
  std::string d = dir_ + "/corrupt";
  ASSERT_EQ(std::system(("mkdir -p " + d + " && zcat " + E2e("nodegoat-package-lock.json.gz") +
                         " | head -c 20000 > " + d + "/package-lock.json")
                            .c_str()),
            0);
  Output o = RunCli("--db " + db_ + " scan " + d + " --fail-on high 2>&1");
  EXPECT_EQ(o.status, 2) << o.out;
  ASSERT_EQ(std::system(("mkdir -p " + d + "/py && cp " + E2e("pygoat-2021-04-requirements.txt") +
                         " " + d + "/py/requirements.txt")
                            .c_str()),
            0);
  json rep = Scan(d);
  EXPECT_FALSE(rep["findings"].empty());
}

TEST_F(ScanE2e, IgnoreUnfixedDropsFindingsWithoutFix) {
  json all = Scan(E2e("caddy-v2.0.0-go.sum"));
  json fixed = Scan(E2e("caddy-v2.0.0-go.sum"), "--ignore-unfixed");
  EXPECT_LT(fixed["findings"].size(), all["findings"].size());
  for (const json& f : fixed["findings"]) EXPECT_FALSE(f["fixed_version"].is_null());
}

TEST_F(ScanE2e, SarifIsValidAndHasOneResultPerFinding) {
  json j = Scan(E2e("nodegoat-package-lock.json.gz"));
  Output o =
      RunCli("--db " + db_ + " scan " + E2e("nodegoat-package-lock.json.gz") + " --format sarif");
  ASSERT_EQ(o.status, 0);
  json s = json::parse(o.out);
  EXPECT_EQ(s["version"], "2.1.0");
  EXPECT_EQ(s["runs"][0]["results"].size(), j["findings"].size());
  EXPECT_EQ(s["runs"][0]["tool"]["driver"]["name"], "vulnscope");
}

// vulnscope's own SARIF imported back (`vulnscope import`) gives the findings the scan found:
// same ids (PYSEC ids too), ratings (unrated stays unknown), packages, fixes and aliases.
TEST_F(ScanE2e, OwnSarifImportsBackUnchanged) {
  std::string sarif = dir_ + "/pygoat.sarif";
  std::string target = E2e("pygoat-2023-03-requirements.txt");
  ASSERT_EQ(RunCli("--db " + db_ + " scan " + target + " --format sarif -o " + sarif).status, 0);
  json scanned = Scan(target);
  std::string rt = "--db " + dir_ + "/roundtrip.db";
  Output imp = RunCli(rt + " import " + sarif);
  ASSERT_EQ(imp.status, 0) << imp.out;
  Output found = RunCli(rt + " search --status all --format json --limit 10000");
  ASSERT_EQ(found.status, 0);
  json rows = json::parse(found.out);
  using Key = std::tuple<std::string, std::string, std::string, std::string, std::string>;
  auto key = [](const json& f) {
    return Key{f["vulnerability_id"], f["severity"], f["package"]["name"], f["package"]["version"],
               f["fixed_version"].is_null() ? "" : f["fixed_version"].get<std::string>()};
  };
  std::set<Key> want, got;
  for (const json& f : scanned["findings"]) want.insert(key(f));
  for (const json& f : rows) got.insert(key(f));
  ASSERT_FALSE(want.empty());
  EXPECT_EQ(got, want);
  for (const json& f : scanned["findings"]) {
    if (f["aliases"].empty()) continue;
    std::string alias = f["aliases"][0];
    Output by_alias = RunCli(rt + " search --status all --format json --cve " + alias);
    EXPECT_FALSE(json::parse(by_alias.out).empty()) << alias;
    break;
  }
}

TEST_F(ScanE2e, TableOutputNamesTheFindings) {
  Output o = RunCli("--db " + db_ + " scan " + E2e("pygoat-2021-04-requirements.txt"));
  EXPECT_EQ(o.status, 0);
  EXPECT_NE(o.out.find("CVE-2021-33203"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("3.1.12"), std::string::npos);
}

TEST_F(ScanE2e, DirectoryTargetFindsManifests) {
  std::string d = dir_ + "/repo";
  ASSERT_EQ(
      std::system(
          ("mkdir -p " + d + "/sub/node_modules && cp " + E2e("pygoat-2021-04-requirements.txt") +
           " " + d + "/requirements.txt && cp " + E2e("caddy-v2.0.0-go.mod") + " " + d +
           "/sub/go.mod && cp " + E2e("caddy-v2.0.0-go.sum") + " " + d + "/sub/go.sum && cp " +
           E2e("pygoat-2023-03-requirements.txt") + " " + d + "/sub/node_modules/requirements.txt")
              .c_str()),
      0);
  json r = Scan(d);
  bool django = false, go = false, skipped = true;
  for (const json& f : r["findings"]) {
    std::string loc = f["package"]["location"];
    django = django || f["package"]["name"] == "Django";
    go = go || f["package"]["ecosystem"] == "Go";
    if (loc.find("node_modules") != std::string::npos) skipped = false;
    EXPECT_EQ(loc.find("go.sum"), std::string::npos) << "go.mod is authoritative when both exist";
  }
  EXPECT_TRUE(django);
  EXPECT_TRUE(go);
  EXPECT_TRUE(skipped);
}

// A root filesystem: os-release decides the ecosystem, dpkg's Source: field the advisory key.
TEST_F(ScanE2e, RootfsUsesOsReleaseAndSourcePackages) {
  std::string root = dir_ + "/rootfs";
  std::string db = dir_ + "/rootfs.db";
  ASSERT_EQ(std::system(("mkdir -p " + root + "/etc " + root + "/var/lib/dpkg").c_str()), 0);
  FILE* f = std::fopen((root + "/etc/os-release").c_str(), "w");
  std::fputs("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n", f);
  std::fclose(f);
  f = std::fopen((root + "/var/lib/dpkg/status").c_str(), "w");
  std::fputs(
      "Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nSource: glibc\n"
      "Version: 2.36-9+deb12u3\n\n"
      "Package: bash\nStatus: install ok installed\nArchitecture: amd64\nVersion: 5.2.15-2+b2\n",
      f);
  std::fclose(f);
  // An OSV record as Debian publishes them: keyed by the source package, per release.
  f = std::fopen((dir_ + "/dsa.json").c_str(), "w");
  std::fputs(
      R"({"id":"DSA-5514-1","modified":"2023-10-03T00:00:00Z","upstream":["CVE-2023-4911"],)"
      R"("affected":[{"package":{"ecosystem":"Debian:12","name":"glibc"},)"
      R"("ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2.36-9+deb12u3"}]}]},)"
      R"({"package":{"ecosystem":"Debian:11","name":"glibc"},)"
      R"("ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2.31-13+deb11u7"}]}]}]})",
      f);
  std::fclose(f);
  f = std::fopen((dir_ + "/dsa2.json").c_str(), "w");
  std::fputs(
      R"({"id":"DSA-9999-1","modified":"2024-01-01T00:00:00Z","upstream":["CVE-2024-0001"],)"
      R"("affected":[{"package":{"ecosystem":"Debian:12","name":"glibc"},)"
      R"("ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2.36-9+deb12u4"}]}]}]})",
      f);
  std::fclose(f);
  ASSERT_EQ(RunCli("--db " + db + " db import " + dir_ + "/dsa.json " + dir_ + "/dsa2.json").status,
            0);
  Output o = RunCli("--db " + db + " scan --rootfs " + root + " --format json");
  ASSERT_EQ(o.status, 0) << o.out;
  json r = json::parse(o.out);
  EXPECT_EQ(r["os"]["ecosystem"], "Debian:12");
  EXPECT_EQ(r["packages"], 2);
  ASSERT_EQ(r["findings"].size(), 1u) << r.dump(1);  // deb12u3 is the fix of CVE-2023-4911.
  EXPECT_EQ(r["findings"][0]["vulnerability_id"], "CVE-2024-0001");
  EXPECT_EQ(r["findings"][0]["package"]["name"], "libc6");
  EXPECT_EQ(r["findings"][0]["package"]["source_name"], "glibc");
  EXPECT_EQ(r["findings"][0]["fixed_version"], "2.36-9+deb12u4");
  EXPECT_EQ(RunCli("--db " + db + " scan --rootfs " + dir_ + "/nothing-here").status, 2);
}

TEST_F(ScanE2e, ErrorsExitTwo) {
  EXPECT_EQ(RunCli("--db " + db_ + " scan /nonexistent/file").status, 2);
  EXPECT_EQ(
      RunCli("--db " + dir_ + "/missing.db scan " + E2e("pygoat-2021-04-requirements.txt")).status,
      2);
  EXPECT_EQ(RunCli("--db " + db_ + " scan " + E2e("kev-subset.json")).status,
            2);  // A feed, not an inventory.
}

}  // namespace
