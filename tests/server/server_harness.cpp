#include "tests/server/server_harness.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <regex>

#include "advisory/import.h"
#include "match/engine.h"
#include "match/evaluator.h"
#include "server/auth/password.h"
#include "server/auth/token.h"
#include "store/store.h"

namespace vs::server::testing {
namespace {

namespace fs = std::filesystem;

model::ExternalFinding Finding(const std::string& id, model::Severity sev, const std::string& eco,
                               const std::string& name, const std::string& version,
                               const std::string& fixed) {
  model::ExternalFinding f;
  f.vulnerability_id = id;
  f.severity = sev;
  f.package.ecosystem = eco;
  f.package.name = name;
  f.package.version = version;
  f.fixed_version = fixed;
  f.summary = "seeded " + id;
  f.external_id = id + "/" + name;
  return f;
}

Status Seed(store::Store& st, Seeded& seeded) {
  // Real intel and advisories, imported the way `db import` does.
  for (const char* rel :
       {"cli/collect_e2e/kev-subset.json", "cli/collect_e2e/exploitdb-map-subset.json",
        "cli/collect_e2e/poc-subset.csv", "cli/collect_e2e/ghsa-subset.jsonl",
        "server/dsa-openssl-curl.txt"}) {
    store::SourceInfo info;
    info.name = rel;
    Result<advisory::ImportReport> r = advisory::ImportPath(st, TestData(rel), info, false);
    if (!r) return Fail(ErrorCode::kInternal, std::string(rel) + ": " + r.error().message);
  }
  Result<match::Engine> engine = match::LoadEngine(st);
  if (!engine) return Fail(engine.error());
  store::Evaluator ev = match::MakeEvaluator(*engine);

  model::Collection c;
  c.source = "import";
  c.finding_source = "trivy";
  model::AssetReport img;
  img.asset.kind = model::AssetKind::kImage;
  img.asset.key = "registry.example.com/shop/web@sha256:aaaa";
  img.asset.name = kHostileAsset;
  img.asset.image = "registry.example.com/shop/web:1.4";
  img.asset.namespaces = {"shop"};
  img.asset.team = "team-a";
  img.findings = {Finding("CVE-2021-44228", model::Severity::kCritical, "Maven",
                          "org.apache.logging.log4j:log4j-core", "2.14.1", "2.15.0"),
                  Finding("CVE-2020-11023", model::Severity::kMedium, "npm", kHostilePackage,
                          "3.4.1", "3.5.0")};
  model::AssetReport repo;
  repo.asset.kind = model::AssetKind::kRepository;
  repo.asset.key = "github.com/acme/payments-api";
  repo.asset.name = "acme/payments-api";
  repo.asset.repo = "acme/payments-api";
  repo.asset.team = "team-a";
  repo.findings = {Finding("CVE-2020-36518", model::Severity::kHigh, "Maven",
                           "com.fasterxml.jackson.core:jackson-databind", "2.12.5", "2.12.6.1")};
  model::AssetReport ec2;
  ec2.asset.kind = model::AssetKind::kEc2;
  ec2.asset.key = "111122223333/eu-west-1/i-0bbbbbbbbbbbbbbbb";
  ec2.asset.name = "ledger-db-b";
  ec2.asset.account_id = "111122223333";
  ec2.asset.region = "eu-west-1";
  ec2.asset.instance_id = "i-0bbbbbbbbbbbbbbbb";
  ec2.asset.team = "team-b";
  ec2.findings = {Finding("CVE-2022-0778", model::Severity::kHigh, "Debian:11", "openssl",
                          "1.1.1k-1+deb11u1", "1.1.1k-1+deb11u2")};
  img.findings[0].aliases = {"GHSA-jfh8-c2jp-5v3q"};  // As Dependabot reports it.
  c.assets = {img, repo, ec2};
  c.asset_scopes = {"", "", ""};
  Result<store::RunSummary> run = st.ApplyCollection(c, ev, {});
  if (!run) return Fail(run.error());
  if (run->opened != 4)
    return Fail(ErrorCode::kInternal, "seeding opened " + std::to_string(run->opened));

  store::AssetQuery all;
  Result<std::vector<store::AssetRow>> rows = st.ListAssets(all);
  if (!rows) return Fail(rows.error());
  for (const auto& r : *rows) {
    if (r.asset.key == img.asset.key) seeded.image_a = r.id;
    if (r.asset.key == repo.asset.key) seeded.repo_a = r.id;
    if (r.asset.key == ec2.asset.key) seeded.ec2_b = r.id;
  }

  auto user = [&](const std::string& name, const std::string& role, const std::string& team,
                  const char* password) -> Status {
    store::User u;
    u.name = name;
    u.role = role;
    u.team = team;
    Result<std::string> h = auth::HashPassword(password, auth::PasswordCost::Min());
    if (!h) return Fail(h.error());
    u.password_hash = *h;
    return st.PutUser(u);
  };
  if (Status s = user("admin", "admin", "", kAdminPassword); !s) return s;
  if (Status s = user("alice-a", "viewer", "team-a", kViewerPassword); !s) return s;
  if (Status s = user("throttled", "viewer", "team-a", kViewerPassword); !s) return s;

  auto token = [&](const std::string& name, const std::string& role, const std::string& team,
                   std::string& out) -> Status {
    out = auth::NewApiToken();
    store::ApiToken t;
    t.name = name;
    t.role = role;
    t.team = team;
    t.token_hash = auth::HashToken(out);
    t.created_by = "test";
    Result<int64_t> id = st.CreateToken(t);
    if (!id) return Fail(id.error());
    return Ok();
  };
  if (Status s = token("admin-tok", "admin", "", seeded.admin_token); !s) return s;
  if (Status s = token("viewer-tok", "viewer", "team-a", seeded.viewer_token); !s) return s;
  if (Status s = token("ingest-tok", "ingest", "", seeded.ingest_token); !s) return s;
  if (Status s = token("revoked-tok", "viewer", "", seeded.revoked_token); !s) return s;
  Result<bool> revoked = st.RevokeToken("revoked-tok");
  if (!revoked || !*revoked) return Fail(ErrorCode::kInternal, "cannot revoke revoked-tok");
  return Ok();
}

}  // namespace

std::string TestData(const std::string& rel) {
  return std::string(VS_SOURCE_DIR) + "/tests/testdata/" + rel;
}

Result<std::unique_ptr<TestServer>> TestServer::Start(ServeOptions options) {
  std::unique_ptr<TestServer> s(new TestServer());
  char tmpl[] = "/tmp/vs-server-test.XXXXXX";
  if (mkdtemp(tmpl) == nullptr) return Fail(ErrorCode::kIo, "mkdtemp failed");
  s->dir_ = tmpl;
  s->db_ = s->dir_ + "/vs.db";
  {
    Result<std::unique_ptr<store::Store>> st = store::OpenStore(s->db_);
    if (!st) return Fail(st.error());
    if (Status seeded = Seed(**st, s->seeded_); !seeded) return Fail(seeded.error());
  }
  options.listen = "127.0.0.1:0";
  options.db = s->db_;
  options.password_cost = auth::PasswordCost::Min();
  options.access_log = false;
  options.threads = 4;
  // Per-user lockout after 3 failures; the shared client address must not lock everyone out.
  options.throttle.max_user_failures = 3;
  options.throttle.max_client_failures = 100000;
  std::promise<int> ready;
  std::future<int> port = ready.get_future();
  TestServer* raw = s.get();
  s->thread_ = std::thread([raw, options, &ready] {
    bool signalled = false;
    raw->served_ = Serve(options, [&](int p) {
      signalled = true;
      ready.set_value(p);
    });
    if (!signalled) ready.set_value(-1);
  });
  if (port.wait_for(std::chrono::seconds(30)) != std::future_status::ready)
    return Fail(ErrorCode::kInternal, "server did not start");
  s->port_ = port.get();
  if (s->port_ <= 0) {
    s->thread_.join();
    return Fail(ErrorCode::kInternal, "server failed: " + s->served_.error().message);
  }
  return s;
}

TestServer::~TestServer() {
  if (thread_.joinable()) {
    StopServing();
    thread_.join();
  }
  std::error_code ec;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
}

httplib::Client TestServer::Client() const {
  httplib::Client cli("127.0.0.1", port_);
  cli.set_connection_timeout(5);
  cli.set_read_timeout(30);
  return cli;
}

std::string SetCookieFor(const httplib::Response& res, const std::string& name) {
  auto range = res.headers.equal_range("Set-Cookie");
  for (auto it = range.first; it != range.second; ++it)
    if (it->second.rfind(name + "=", 0) == 0) return it->second;
  return "";
}

std::string CsrfTokenIn(const std::string& html) {
  static const std::regex re(R"re(name="csrf_token" value="([^"]+)")re");
  std::smatch m;
  return std::regex_search(html, m, re) ? m[1].str() : "";
}

int Browser::Login(const std::string& user, const std::string& password,
                   const httplib::Headers& extra) {
  httplib::Result page = cli.Get("/login", extra);
  if (!page) return -1;
  std::string pre = SetCookieFor(*page, "vs_login");
  httplib::Headers h = extra;
  h.emplace("Cookie", pre.substr(0, pre.find(';')));
  httplib::Params form{
      {"username", user}, {"password", password}, {"csrf_token", CsrfTokenIn(page->body)}};
  httplib::Result r = cli.Post("/login", h, form);
  if (!r) return -1;
  for (const char* name : {"vs_session", "__Host-vs_session"}) {
    std::string c = SetCookieFor(*r, name);
    if (!c.empty()) cookie = c.substr(0, c.find(';'));
  }
  return r->status;
}

httplib::Result Browser::Get(const std::string& path) {
  return cli.Get(path.c_str(), httplib::Headers{{"Cookie", cookie}});
}

httplib::Result Browser::Post(const std::string& path, httplib::Params form,
                              const std::string& csrf) {
  if (!csrf.empty()) form.emplace("csrf_token", csrf);
  return cli.Post(path.c_str(), httplib::Headers{{"Cookie", cookie}}, form);
}

std::string Browser::Csrf(const std::string& page) {
  httplib::Result r = Get(page);
  return r ? CsrfTokenIn(r->body) : "";
}

httplib::Headers Bearer(const std::string& token) {
  return httplib::Headers{{"Authorization", "Bearer " + token}};
}

}  // namespace vs::server::testing
