// End-to-end through the real binary, on SQLite and on a real PostgreSQL: `collect github`
// against the fake GitHub API (tests/fakes/github), `collect prometheus` against a real
// Prometheus scraping the fixture exporters, `github enable-alerts`, and `import` of Trivy,
// Vuls, SARIF and CycloneDX reports — each then read back through the `search` / `assets`
// contracts, with exploit evidence from real KEV / Exploit-DB / PoC subsets
// (tests/testdata/cli/collect_e2e).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_support.h"
#include "tests/fakes/github/fake_github.h"
#include "tests/support/postgres.h"

namespace vs::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr char kDigest[] =
    "sha256:3f1c0d9ab2e4c5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4";

std::string Src(const std::string& rel) { return std::string(VS_SOURCE_DIR) + "/" + rel; }
std::string Parsers(const std::string& rel) { return Src("tests/testdata/parsers/" + rel); }

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::set<std::string> Ids(const json& rows) {
  std::set<std::string> out;
  for (const json& r : rows) out.insert(r["vulnerability_id"].get<std::string>());
  return out;
}

const json* Find(const json& rows, const std::string& id, const std::string& asset_name) {
  for (const json& r : rows)
    if (r["vulnerability_id"] == id && r["asset"]["name"] == asset_name) return &r;
  return nullptr;
}

const json* FindAsset(const json& assets, const std::string& key) {
  for (const json& a : assets)
    if (a["key"] == key) return &a;
  return nullptr;
}

// Python's http.server serving the prometheus_text fixtures, and Debian's Prometheus
// scraping them as three jobs (as prometheus_test.cpp does); started once per process.
class PrometheusEnv {
 public:
  static PrometheusEnv* Shared(std::string* error) {
    static std::unique_ptr<PrometheusEnv> env;
    static std::string failure;
    if (!env && failure.empty()) {
      auto e = std::unique_ptr<PrometheusEnv>(new PrometheusEnv());
      if (e->Start(&failure)) env = std::move(e);
    }
    *error = failure;
    return env.get();
  }
  ~PrometheusEnv() {
    prometheus_.reset();
    http_.reset();
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(prom_port_); }
  std::string exporter(const std::string& file) const {
    return "http://127.0.0.1:" + std::to_string(http_port_) + "/" + file;
  }

 private:
  bool Start(std::string* error) {
    char tmpl[] = "/tmp/vs-collect-e2e-prom.XXXXXX";
    if (mkdtemp(tmpl) == nullptr) return *error = "mkdtemp failed", false;
    dir_ = tmpl;
    fs::create_directories(dir_ / "www");
    fs::create_directories(dir_ / "data");
    fs::path fixtures = Parsers("prometheus_text");
    std::string joined = ReadFile(fixtures / "exporter_with_kube_state_metrics.txt");
    std::ofstream(dir_ / "www/exporter.txt") << ReadFile(fixtures / "kube_trivy_exporter.txt");
    std::ofstream(dir_ / "www/operator.txt") << ReadFile(fixtures / "trivy_operator.txt");
    std::ofstream(dir_ / "www/ksm.txt")
        << joined.substr(joined.find("# HELP kube_pod_container_info"));
    std::ofstream(dir_ / "www/joined.txt") << joined;
    http_port_ = FreePort();
    http_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"/usr/bin/python3", "-m", "http.server",
                                 std::to_string(http_port_), "--bind", "127.0.0.1", "--directory",
                                 (dir_ / "www").string()},
        (dir_ / "http.log").string());
    if (!WaitForHttp(exporter("exporter.txt"), "trivy_vulnerabilities", 20))
      return *error = "http.server did not start", false;
    std::string target = "127.0.0.1:" + std::to_string(http_port_);
    // The exporters' own namespace labels stand in for Kubernetes service discovery, so the
    // workloads' namespaces must come from the series, not from the scrape target.
    std::ofstream(dir_ / "prometheus.yml")
        << "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
           "scrape_configs:\n"
           "  - job_name: kube-trivy-exporter\n"
           "    metrics_path: /exporter.txt\n"
           "    static_configs: [{targets: ['"
        << target
        << "'], labels: {namespace: monitoring, pod: kube-trivy-exporter-0}}]\n"
           "  - job_name: trivy-operator\n"
           "    metrics_path: /operator.txt\n"
           "    static_configs: [{targets: ['"
        << target
        << "'], labels: {namespace: trivy-system, pod: trivy-operator-0}}]\n"
           "  - job_name: kube-state-metrics\n"
           "    honor_labels: true\n"
           "    metrics_path: /ksm.txt\n"
           "    static_configs: [{targets: ['"
        << target << "']}]\n";
    prom_port_ = FreePort();
    prometheus_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"/usr/bin/prometheus",
                                 "--config.file=" + (dir_ / "prometheus.yml").string(),
                                 "--storage.tsdb.path=" + (dir_ / "data").string(),
                                 "--web.listen-address=127.0.0.1:" + std::to_string(prom_port_)},
        (dir_ / "prometheus.log").string());
    if (!WaitForHttp(url() + "/-/ready", "Ready", 30))
      return *error = "prometheus not ready: " + ReadFile(dir_ / "prometheus.log"), false;
    // All 12 series (5 + 5 + 1 trivy, 1 kube_pod_container_info) scraped.
    if (!WaitForHttp(url() + "/api/v1/query?query=count(%7B__name__%3D~%22trivy_.*%7Ckube_pod_"
                             "container_info%22%7D)",
                     "\"12\"", 60))
      return *error = "prometheus did not scrape: " + ReadFile(dir_ / "prometheus.log"), false;
    return true;
  }

  PrometheusEnv() = default;
  fs::path dir_;
  int http_port_ = 0, prom_port_ = 0;
  std::unique_ptr<ChildProcess> http_, prometheus_;
};

class CollectE2e : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/vs-collect-e2e-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    if (GetParam() == "sqlite") {
      db_ = dir_ + "/vulnscope.db";
    } else {
      std::string error;
      PostgresServer* pg = PostgresServer::Shared(&error);
      ASSERT_NE(pg, nullptr) << "PostgreSQL is required: " << error;
      db_ = pg->NewDatabase();
    }
    // Exploit evidence and advisories for CVE-2021-44228 (log4j-core) and CVE-2020-36518
    // (jackson-databind), plus CVE-2020-11023 (jQuery, found by ZAP).
    std::string files;
    for (const char* f :
         {"exploitdb-map-subset.json", "kev-subset.json", "poc-subset.csv", "ghsa-subset.jsonl"}) {
      files += " " + Src(std::string("tests/testdata/cli/collect_e2e/") + f);
    }
    CliOutput o = RunCli(Db() + " db import" + files);
    ASSERT_EQ(o.status, 0) << o.out;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Db() const { return "--db '" + db_ + "'"; }

  json Search(const std::string& filters) {
    CliOutput o = RunCli(Db() + " search --format json --limit 1000 " + filters, true);
    EXPECT_EQ(o.status, 0) << filters;
    json j = json::parse(o.out, nullptr, false);
    EXPECT_TRUE(j.is_array()) << o.out;
    return j.is_array() ? j : json::array();
  }

  json Assets() {
    CliOutput o = RunCli(Db() + " assets --format json --all", true);
    EXPECT_EQ(o.status, 0);
    json j = json::parse(o.out, nullptr, false);
    EXPECT_TRUE(j.is_array()) << o.out;
    return j.is_array() ? j : json::array();
  }

  CliOutput CollectGithub(const fakes::FakeGithub& fake, const std::string& org,
                          const std::string& token = "test-token") {
    return RunCli(Db() + " collect github --org " + org + " --api-url " + fake.url(), false,
                  "GITHUB_TOKEN=" + token);
  }

  std::string dir_, db_;
};

INSTANTIATE_TEST_SUITE_P(Backends, CollectE2e, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

TEST_P(CollectE2e, GithubAlertsAreSearchableByRepoStatusAndExploit) {
  Result<fakes::FakeGithub> fake = fakes::FakeGithub::Start();
  ASSERT_TRUE(fake) << fake.error().message;

  CliOutput o = CollectGithub(*fake, "example-org");
  ASSERT_EQ(o.status, 0) << o.out;
  o = CollectGithub(*fake, "octo-org");
  ASSERT_EQ(o.status, 0) << o.out;

  // The open log4j alert, with GitHub's own fields and the store's exploit evidence.
  json payments = Search("--repo example-org/payments-api");
  ASSERT_EQ(payments.size(), 1u) << payments.dump(1);
  const json& log4j = payments[0];
  EXPECT_EQ(log4j["vulnerability_id"], "CVE-2021-44228");
  EXPECT_EQ(log4j["aliases"], json::array({"GHSA-jfh8-c2jp-5v3q"}));
  EXPECT_EQ(log4j["source"], "dependabot");
  EXPECT_EQ(log4j["status"], "open");
  EXPECT_EQ(log4j["severity"], "critical");
  EXPECT_EQ(log4j["cvss_score"], 10.0);
  EXPECT_EQ(log4j["fixed_version"], "2.15.0");
  EXPECT_EQ(log4j["package"]["ecosystem"], "Maven");
  EXPECT_EQ(log4j["package"]["name"], "org.apache.logging.log4j:log4j-core");
  EXPECT_EQ(log4j["asset"]["kind"], "repository");
  EXPECT_EQ(log4j["asset"]["repo"], "example-org/payments-api");
  // EPSS arrives from GitHub; Exploit-DB, KEV and PoC from the advisory store.
  EXPECT_DOUBLE_EQ(log4j["exploit"]["epss"].get<double>(), 0.94358);
  EXPECT_EQ(log4j["exploit"]["exploitdb"], json::array({50590, 50592}));
  EXPECT_EQ(log4j["exploit"]["kev"], true);
  EXPECT_EQ(log4j["exploit"]["poc"], true);

  // Alerts × Exploit-DB: only the log4j alert has public exploit code.
  json exploitdb = Search("--exploit exploitdb");
  EXPECT_EQ(Ids(exploitdb), std::set<std::string>{"CVE-2021-44228"}) << exploitdb.dump(1);
  EXPECT_EQ(Ids(Search("--exploit kev --source dependabot")),
            std::set<std::string>{"CVE-2021-44228"});
  // The octo-org alerts (CVE-2021-20191 ansible, CVE-2018-6188 django) have none.
  json none = Search("--exploit none --repo octo-org/");
  EXPECT_EQ(Ids(none), std::set<std::string>{"CVE-2021-20191"}) << none.dump(1);

  // dismissed → suppressed with GitHub's reason; fixed → resolved.
  json suppressed = Search("--status suppressed --repo example-org/");
  ASSERT_EQ(suppressed.size(), 1u) << suppressed.dump(1);
  EXPECT_EQ(suppressed[0]["vulnerability_id"], "CVE-2022-25883");
  EXPECT_EQ(suppressed[0]["asset"]["name"], "example-org/web-frontend");
  EXPECT_EQ(suppressed[0]["status_reason"], "tolerable_risk: Only used by the build toolchain");
  json resolved = Search("--status resolved --repo example-org/web-frontend");
  ASSERT_EQ(resolved.size(), 1u) << resolved.dump(1);
  EXPECT_EQ(resolved[0]["vulnerability_id"], "CVE-2022-25883");
  EXPECT_EQ(resolved[0]["fixed_version"], "6.3.1");
  EXPECT_TRUE(Search("--repo example-org/web-frontend").empty()) << "nothing open there";
  // octo-org: 2 of its 5 alerts are dismissed, 1 fixed.
  EXPECT_EQ(Search("--repo octo-org/ --status suppressed").size(), 2u);
  EXPECT_EQ(Search("--repo octo-org/ --status resolved").size(), 1u);
  json octo_open = Search("--repo octo-org/octo-repo");
  ASSERT_EQ(octo_open.size(), 1u) << octo_open.dump(1);
  EXPECT_EQ(octo_open[0]["vulnerability_id"], "CVE-2021-20191");
  EXPECT_EQ(octo_open[0]["package"]["ecosystem"], "PyPI");
  EXPECT_EQ(octo_open[0]["package"]["name"], "ansible");

  json assets = Assets();
  ASSERT_EQ(assets.size(), 4u) << assets.dump(1);
  const json* repo = FindAsset(assets, "github.com/example-org/payments-api");
  ASSERT_NE(repo, nullptr);
  EXPECT_EQ((*repo)["kind"], "repository");
  EXPECT_EQ((*repo)["source"], "github");
  EXPECT_EQ((*repo)["manifests"], json::array({"services/billing/pom.xml"}));
  EXPECT_EQ((*repo)["open_findings"], 1);

  // A second run after octo-repo's open alert #3 disappeared resolves exactly that finding.
  std::string octo_id = std::to_string(octo_open[0]["id"].get<int64_t>());
  Result<net::HttpResponse> hide = HttpCall(fake->url() + "/_hide?number=3", "POST");
  ASSERT_TRUE(hide && hide->status == 204);
  o = CollectGithub(*fake, "octo-org");
  ASSERT_EQ(o.status, 0) << o.out;
  EXPECT_NE(o.out.find("0 finding(s) opened, 1 resolved"), std::string::npos) << o.out;
  EXPECT_TRUE(Search("--repo octo-org/octo-repo").empty());
  bool found = false;
  for (const json& f : Search("--repo octo-org/octo-repo --status resolved"))
    found |= f["id"].get<int64_t>() == std::stoll(octo_id);
  EXPECT_TRUE(found) << "the same finding is resolved, not a new one";
  EXPECT_EQ(Ids(Search("--exploit exploitdb")), std::set<std::string>{"CVE-2021-44228"})
      << "other scopes untouched";

  // An expired token: a clear error, exit 2, nothing stored changes or is resolved.
  std::string before = Search("--status all").dump();
  o = CollectGithub(*fake, "example-org", "expired-token");
  EXPECT_EQ(o.status, 2) << o.out;
  EXPECT_NE(o.out.find("HTTP 401"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("nothing stored was changed"), std::string::npos) << o.out;
  EXPECT_EQ(Search("--status all").dump(), before);
  // No token at all fails before any request.
  o = RunCli(Db() + " collect github --org example-org --api-url " + fake->url(), false,
             "GITHUB_TOKEN=");
  EXPECT_EQ(o.status, 2) << o.out;
  EXPECT_NE(o.out.find("GITHUB_TOKEN"), std::string::npos) << o.out;
  EXPECT_EQ(Search("--status all").dump(), before);
}

TEST(GithubEnableAlertsE2e, DryRunListsAndApplyEnables) {
  Result<fakes::FakeGithub> fake = fakes::FakeGithub::Start();
  ASSERT_TRUE(fake) << fake.error().message;
  const std::string env = "GITHUB_TOKEN=test-token";
  const std::string args = "github enable-alerts --org octo-org --api-url " + fake->url();

  // Hello-World has alerts on, legacy-app is archived; the other three are off.
  CliOutput dry = RunCli(args, true, env);
  EXPECT_EQ(dry.status, 0);
  EXPECT_EQ(dry.out,
            "octo-org/Spoon-Knife\toff\nocto-org/octo-docs\toff\nocto-org/no-admin\toff\n");
  EXPECT_EQ(fake->Log().find("PUT "), std::string::npos) << "a dry run changes nothing";

  // no-admin refuses (403 without admin rights): reported, exit 2, the others enabled.
  CliOutput apply = RunCli(args + " --apply", false, env);
  EXPECT_EQ(apply.status, 2) << apply.out;
  EXPECT_NE(apply.out.find("octo-org/Spoon-Knife\tenabled\n"), std::string::npos) << apply.out;
  EXPECT_NE(apply.out.find("octo-org/octo-docs\tenabled\n"), std::string::npos) << apply.out;
  EXPECT_NE(apply.out.find("octo-org/no-admin\toff (not changed)\n"), std::string::npos);
  EXPECT_NE(apply.out.find("octo-org/no-admin: enable: HTTP 403"), std::string::npos) << apply.out;

  dry = RunCli(args, true, env);
  EXPECT_EQ(dry.status, 0);
  EXPECT_EQ(dry.out, "octo-org/no-admin\toff\n");

  CliOutput bad = RunCli(args, false, "GITHUB_TOKEN=expired-token");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.out.find("401"), std::string::npos) << bad.out;
}

TEST_P(CollectE2e, PrometheusImagesAreSearchableByImageAndNamespace) {
  std::string error;
  PrometheusEnv* prom = PrometheusEnv::Shared(&error);
  ASSERT_NE(prom, nullptr) << error;

  CliOutput o = RunCli(Db() + " collect prometheus --url " + prom->url());
  ASSERT_EQ(o.status, 0) << o.out;

  // kube-trivy-exporter (tag) and trivy-operator (digest) series are one image.
  json web = Search("--image registry.example.com/shop/web");
  EXPECT_EQ(Ids(web), (std::set<std::string>{"CVE-2021-44228", "CVE-2022-3715", "CVE-2023-3817"}))
      << web.dump(1);
  const json* log4j = Find(web, "CVE-2021-44228", "registry.example.com/shop/web:1.4.2");
  ASSERT_NE(log4j, nullptr) << web.dump(1);
  EXPECT_EQ((*log4j)["source"], "trivy");
  EXPECT_EQ((*log4j)["severity"], "critical");
  EXPECT_EQ((*log4j)["package"]["name"], "org.apache.logging.log4j:log4j-core");
  EXPECT_EQ((*log4j)["fixed_version"], "2.15.0");
  EXPECT_EQ((*log4j)["asset"]["kind"], "image");
  EXPECT_EQ((*log4j)["asset"]["image"], "registry.example.com/shop/web:1.4.2");
  EXPECT_EQ((*log4j)["asset"]["namespaces"], json::array({"shop"}));
  // Enriched like any finding.
  EXPECT_EQ((*log4j)["exploit"]["exploitdb"], json::array({50590, 50592}));
  EXPECT_EQ((*log4j)["exploit"]["kev"], true);
  // By digest too.
  EXPECT_EQ(Search(std::string("--image ") + kDigest).size(), 3u);

  EXPECT_EQ(Ids(Search("--namespace shop")), Ids(web));
  // The exporters' own namespaces are not the workloads'.
  EXPECT_TRUE(Search("--namespace monitoring").empty());
  EXPECT_TRUE(Search("--namespace trivy-system").empty());
  EXPECT_EQ(Ids(Search("--image alpine")), std::set<std::string>{"CVE-2023-99999"});
  EXPECT_EQ(Ids(Search("--exploit exploitdb --source trivy")),
            std::set<std::string>{"CVE-2021-44228"});

  json assets = Assets();
  ASSERT_EQ(assets.size(), 2u) << assets.dump(1);
  const json* a = FindAsset(assets, std::string("registry.example.com/shop/web@") + kDigest);
  ASSERT_NE(a, nullptr) << assets.dump(1);
  EXPECT_EQ((*a)["kind"], "image");
  EXPECT_EQ((*a)["source"], "prometheus");
  EXPECT_EQ((*a)["digest"], kDigest);
  EXPECT_EQ((*a)["namespaces"], json::array({"shop"}));
  EXPECT_EQ((*a)["workloads"],
            json::array({"shop/Pod/web-7d9c6b5f8-x2k9p", "shop/ReplicaSet/web-7d9c6b5f8"}));
  EXPECT_EQ((*a)["open_findings"], 3);
  const json* alpine = FindAsset(assets, "docker.io/library/alpine:3.18.4");
  ASSERT_NE(alpine, nullptr) << assets.dump(1);
  EXPECT_EQ((*alpine)["kind"], "image");

  // A PromQL error fails the run and changes nothing.
  std::string before = Search("--status all").dump();
  o = RunCli(Db() + " collect prometheus --url " + prom->url() +
             " --query 'trivy_vulnerabilities{image=}'");
  EXPECT_EQ(o.status, 2) << o.out;
  EXPECT_NE(o.out.find("bad_data"), std::string::npos) << o.out;
  EXPECT_EQ(Search("--status all").dump(), before);
}

TEST_P(CollectE2e, PrometheusExporterModeScrapesTheEndpoint) {
  std::string error;
  PrometheusEnv* prom = PrometheusEnv::Shared(&error);
  ASSERT_NE(prom, nullptr) << error;

  // kube-trivy-exporter alone exports no namespace: the tag reference is the identity.
  CliOutput o = RunCli(Db() + " collect prometheus --exporter " + prom->exporter("exporter.txt"));
  ASSERT_EQ(o.status, 0) << o.out;
  json web = Search("--image registry.example.com/shop/web:1.4.2");
  EXPECT_EQ(Ids(web), (std::set<std::string>{"CVE-2022-3715", "CVE-2023-3817"})) << web.dump(1);
  EXPECT_TRUE(Search("--namespace shop").empty());
  EXPECT_EQ(Ids(Search("--image alpine")), std::set<std::string>{"CVE-2023-99999"});
  json assets = Assets();
  ASSERT_EQ(assets.size(), 2u) << assets.dump(1);
  const json* tag = FindAsset(assets, "registry.example.com/shop/web:1.4.2");
  ASSERT_NE(tag, nullptr) << assets.dump(1);
  EXPECT_EQ((*tag)["namespaces"], json::array());

  // The same endpoint with kube-state-metrics' kube_pod_container_info: joined to the digest,
  // with the pod's namespace (the ReplicaSet comes from trivy-operator, not scraped here).
  o = RunCli(Db() + " collect prometheus --exporter " + prom->exporter("joined.txt"));
  ASSERT_EQ(o.status, 0) << o.out;
  json shop = Search("--namespace shop");
  EXPECT_EQ(Ids(shop), Ids(web)) << shop.dump(1);
  for (const json& f : shop) EXPECT_EQ(f["asset"]["digest"], kDigest);
  assets = Assets();
  const json* joined = FindAsset(assets, std::string("registry.example.com/shop/web@") + kDigest);
  ASSERT_NE(joined, nullptr) << assets.dump(1);
  EXPECT_EQ((*joined)["namespaces"], json::array({"shop"}));
  EXPECT_EQ((*joined)["workloads"], json::array({"shop/Pod/web-7d9c6b5f8-x2k9p"}));

  // An unreachable exporter: exit 2, nothing lost.
  std::string before = Search("--status all").dump();
  o = RunCli(Db() + " collect prometheus --exporter " + prom->exporter("missing.txt"));
  EXPECT_EQ(o.status, 2) << o.out;
  EXPECT_NE(o.out.find("HTTP 404"), std::string::npos) << o.out;
  EXPECT_EQ(Search("--status all").dump(), before);
}

TEST_P(CollectE2e, ImportedReportsAndSbomsAreSearchableBySourceAndKind) {
  CliOutput o = RunCli(Db() + " import " + Parsers("trivy_json/fixture-image-v0.67.json") + " " +
                       Parsers("vuls_json/fixture-server-response.json") + " " +
                       Parsers("sarif/zap-juice-shop.sarif.json") + " " +
                       Parsers("cyclonedx/dropwizard-1.3.15.cdx.json") + " " +
                       Parsers("cyclonedx/trivy-debian12.cdx.json"));
  ASSERT_EQ(o.status, 0) << o.out;

  // Trivy JSON: an image asset and Trivy's own findings.
  json trivy = Search("--source trivy");
  EXPECT_EQ(Ids(trivy), (std::set<std::string>{"CVE-2021-44228", "CVE-2022-25883", "CVE-2022-3715",
                                               "CVE-2023-3817"}))
      << trivy.dump(1);
  for (const json& f : trivy) {
    EXPECT_EQ(f["asset"]["kind"], "image");
    EXPECT_EQ(f["asset"]["image"], "registry.example.com/shop/web:1.4.2");
  }
  const json* log4j = Find(trivy, "CVE-2021-44228", "registry.example.com/shop/web:1.4.2");
  ASSERT_NE(log4j, nullptr);
  EXPECT_EQ((*log4j)["exploit"]["kev"], true);
  EXPECT_EQ((*log4j)["package"]["version"], "2.14.1");

  // Vuls JSON: the scanned host and its CVEs.
  json vuls = Search("--source vuls");
  EXPECT_EQ(Ids(vuls), (std::set<std::string>{"CVE-2021-44228", "CVE-2023-0286"})) << vuls.dump(1);
  const json* amzn = Find(vuls, "CVE-2021-44228", "i-0abc1234def567890");
  ASSERT_NE(amzn, nullptr) << vuls.dump(1);
  EXPECT_EQ((*amzn)["asset"]["kind"], "host");
  EXPECT_EQ((*amzn)["package"]["name"], "log4j");
  EXPECT_EQ((*amzn)["package"]["version"], "2.14.1-1.amzn2");
  EXPECT_EQ((*amzn)["exploit"]["exploitdb"], json::array({50590, 50592}));

  // ZAP SARIF: web application assets; the jQuery finding carries its CVE and KEV.
  json sarif = Search("--source sarif");
  EXPECT_EQ(Ids(sarif),
            (std::set<std::string>{"CVE-2020-11023", "zap:10038", "zap:10098", "zap:40012"}))
      << sarif.dump(1);
  EXPECT_EQ(Ids(Search("--kind webapp")), Ids(sarif));
  const json* jquery = Find(sarif, "CVE-2020-11023", "http://localhost:3000");
  ASSERT_NE(jquery, nullptr) << sarif.dump(1);
  EXPECT_EQ((*jquery)["asset"]["kind"], "webapp");
  EXPECT_EQ((*jquery)["exploit"]["kev"], true);
  EXPECT_EQ((*jquery)["exploit"]["exploitdb"], json::array({49767}));
  ASSERT_NE(Find(sarif, "zap:40012", "https://staging.shop.example"), nullptr);

  // CycloneDX: inventory only, matched by our matcher (jackson-databind 2.9.10 <
  // 2.12.6.1, GHSA-57j2-w4cx-62h2).
  json ours = Search("--source vulnscope --package com.fasterxml.jackson.core:jackson-databind");
  ASSERT_EQ(ours.size(), 1u) << Search("--source vulnscope").dump(1);
  EXPECT_EQ(ours[0]["vulnerability_id"], "CVE-2020-36518");
  EXPECT_EQ(ours[0]["aliases"], json::array({"GHSA-57j2-w4cx-62h2"}));
  EXPECT_EQ(ours[0]["fixed_version"], "2.12.6.1");
  EXPECT_EQ(ours[0]["package"]["ecosystem"], "Maven");
  EXPECT_EQ(ours[0]["package"]["version"], "2.9.10");
  EXPECT_EQ(ours[0]["asset"]["name"], "dropwizard-1.3.15.cdx.json");
  EXPECT_EQ(ours[0]["exploit"]["poc"], true);

  EXPECT_EQ(Ids(Search("--kind image --source trivy")), Ids(trivy));
  json assets = Assets();
  const json* debian = FindAsset(assets, "trivy-debian12.cdx.json");
  ASSERT_NE(debian, nullptr) << assets.dump(1);
  // 11 deb packages and 4 versioned Go modules; the versionless main module is a warning.
  EXPECT_EQ((*debian)["packages"], 15);
  EXPECT_EQ((*debian)["os"]["ecosystem"], "Debian:12");
  EXPECT_NE(o.out.find("pkg:golang/github.com/hashicorp/terraform: no version"), std::string::npos)
      << o.out;
  const json* image = FindAsset(assets, std::string("registry.example.com/shop/web@") + kDigest);
  ASSERT_NE(image, nullptr) << assets.dump(1);
  EXPECT_EQ((*image)["kind"], "image");
  EXPECT_EQ((*image)["digest"], kDigest);

  // The legacy bare-array Trivy report (no digest: keyed by the tag) and an SPDX SBOM.
  o = RunCli(Db() + " import " + Parsers("trivy_json/fixture-legacy-array.json") + " " +
             Parsers("spdx/syft-style-debian12.spdx.json"));
  ASSERT_EQ(o.status, 0) << o.out;
  assets = Assets();
  const json* legacy = FindAsset(assets, "registry.example.com/shop/web:1.4.2");
  ASSERT_NE(legacy, nullptr) << assets.dump(1);
  EXPECT_EQ((*legacy)["kind"], "image");
  EXPECT_EQ((*legacy)["digest"], nullptr);
  EXPECT_EQ((*legacy)["open_by_severity"], json({{"medium", 2}}));
  const json* spdx = FindAsset(assets, "syft-style-debian12.spdx.json");
  ASSERT_NE(spdx, nullptr) << assets.dump(1);
  EXPECT_EQ((*spdx)["packages"], 5);

  // A truncated report is refused and changes nothing.
  std::string before = Search("--status all").dump();
  std::string trivy_text = ReadFile(Parsers("trivy_json/fixture-image-v0.67.json"));
  std::ofstream(dir_ + "/truncated.json") << trivy_text.substr(0, trivy_text.size() / 2);
  o = RunCli(Db() + " import " + dir_ + "/truncated.json");
  EXPECT_EQ(o.status, 2) << o.out;
  EXPECT_EQ(Search("--status all").dump(), before);
}

}  // namespace
}  // namespace vs::testing
