// Handler tests against the real server (server_harness.h): every route's protection, login,
// sessions, CSRF, team scoping, API tokens, escaping of hostile strings, the pages' content,
// the JSON API contract and both ingestion endpoints.
#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "report/findings.h"
#include "server/routes.h"
#include "store/store.h"
#include "tests/server/auth/slapd_harness.h"
#include "tests/server/server_harness.h"

namespace vs::server::testing {
namespace {

using nlohmann::json;

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Enc(const std::string& s) { return httplib::detail::encode_query_param(s); }

bool Contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

// mstch escapes '/' as "&#x2F;" (harmless in attributes and text); undone for checks of links.
std::string Slashes(std::string html) {
  for (size_t at; (at = html.find("&#x2F;")) != std::string::npos;) html.replace(at, 6, "/");
  return html;
}

// A concrete request path for a route pattern. A pattern with regex syntax not listed here
// fails the test, so a new route gets a sample before it can go untested.
std::string Concrete(std::string pattern, int64_t asset_id) {
  auto replace = [&](const std::string& from, const std::string& to) {
    for (size_t at; (at = pattern.find(from)) != std::string::npos;)
      pattern.replace(at, from.size(), to);
  };
  replace(R"(\.(csv|json))", ".csv");
  replace("([^/]+)", "CVE-2021-44228");
  replace("(.+)", "CVE-2021-44228");
  replace(R"((\d+))", std::to_string(asset_id));
  return pattern;
}

void ExpectSecurityHeaders(const httplib::Response& r, const std::string& what) {
  std::string csp = r.get_header_value("Content-Security-Policy");
  EXPECT_TRUE(Contains(csp, "frame-ancestors 'none'")) << what << ": CSP " << csp;
  EXPECT_TRUE(Contains(csp, "script-src 'self'")) << what;
  EXPECT_FALSE(Contains(csp, "unsafe-inline")) << what;
  EXPECT_EQ(r.get_header_value("X-Content-Type-Options"), "nosniff") << what;
  EXPECT_EQ(r.get_header_value("X-Frame-Options"), "DENY") << what;
  EXPECT_FALSE(r.get_header_value("Referrer-Policy").empty()) << what;
  EXPECT_FALSE(r.get_header_value("X-Request-Id").empty() && r.status != 404) << what;
}

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto s = TestServer::Start();
    ASSERT_TRUE(s) << s.error().message;
    server_ = s->release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(server_, nullptr); }

  const Seeded& seeded() const { return server_->seeded(); }

  // A logged-in browser; the client must outlive it.
  Browser LoggedIn(httplib::Client& cli, const std::string& user, const std::string& pw) {
    Browser b{cli, ""};
    EXPECT_EQ(b.Login(user, pw), 303) << user;
    EXPECT_FALSE(b.cookie.empty()) << user;
    return b;
  }

  static TestServer* server_;
};
TestServer* ServerTest::server_ = nullptr;

// ---- Protection of every route.

TEST_F(ServerTest, OnlyLoginHealthzAndStaticArePublic) {
  std::set<std::string> pub;
  for (const Route& r : Routes())
    if (r.access == Access::kPublic) pub.insert(std::string(r.method) + " " + r.pattern);
  EXPECT_EQ(pub, (std::set<std::string>{"GET /login", "POST /login", "GET /healthz",
                                        "GET /static/app.css"}));
}

TEST_F(ServerTest, EveryProtectedRouteRequiresAuthentication) {
  httplib::Client cli = server_->Client();
  for (const Route& r : Routes()) {
    if (r.access == Access::kPublic) continue;
    std::string path = Concrete(r.pattern, seeded().ec2_b);
    ASSERT_EQ(path.find_first_of("()[]\\|"), std::string::npos)
        << "no sample path for route pattern " << r.pattern;
    std::string what = std::string(r.method) + " " + path;
    httplib::Result res = std::string(r.method) == "GET"
                              ? cli.Get(path.c_str())
                              : cli.Post(path.c_str(), "x=1", "application/x-www-form-urlencoded");
    ASSERT_TRUE(res) << what;
    bool api = path.rfind("/api/", 0) == 0 || path == "/vuls" || path == "/metrics";
    if (std::string(r.method) == "GET" && !api) {
      EXPECT_EQ(res->status, 303) << what;
      EXPECT_EQ(res->get_header_value("Location").rfind("/login?next=", 0), 0u) << what;
    } else {
      EXPECT_EQ(res->status, 401) << what;
    }
    EXPECT_FALSE(Contains(res->body, "CVE-2021-44228") && res->status != 303) << what;
    ExpectSecurityHeaders(*res, what);
  }
}

TEST_F(ServerTest, PublicRoutesAnswerWithoutCredentials) {
  httplib::Client cli = server_->Client();
  auto health = cli.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_TRUE(Contains(health->body, "\"ok\""));
  auto css = cli.Get("/static/app.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->status, 200);
  EXPECT_TRUE(Contains(css->get_header_value("Content-Type"), "text/css"));
  auto login = cli.Get("/login");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->status, 200);
  EXPECT_FALSE(CsrfTokenIn(login->body).empty());
  for (auto* r : {&health, &css, &login}) ExpectSecurityHeaders(**r, "public");
  // Unknown paths go through the error handler, with the same headers.
  auto missing = cli.Get("/no/such/page");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  ExpectSecurityHeaders(*missing, "404");
}

TEST_F(ServerTest, EveryRouteSendsSecurityHeadersWhenLoggedIn) {
  httplib::Client cli = server_->Client();
  Browser admin = LoggedIn(cli, "admin", kAdminPassword);
  for (const Route& r : Routes()) {
    if (std::string(r.method) != "GET") continue;
    std::string path = Concrete(r.pattern, seeded().image_a);
    auto res = admin.Get(path);
    ASSERT_TRUE(res) << path;
    // GET /login while logged in sends the user on.
    EXPECT_EQ(res->status, path == "/login" ? 303 : 200)
        << path << ": " << res->body.substr(0, 300);
    ExpectSecurityHeaders(*res, path);
  }
}

// ---- Login, sessions, logout.

TEST_F(ServerTest, LoginSetsAHardenedSessionCookie) {
  httplib::Client cli = server_->Client();
  Browser b{cli, ""};
  auto page = cli.Get("/login");
  ASSERT_TRUE(page);
  std::string pre = SetCookieFor(*page, "vs_login");
  httplib::Params form{{"username", "admin"},
                       {"password", kAdminPassword},
                       {"csrf_token", CsrfTokenIn(page->body)},
                       {"next", "/findings?severity=high"}};
  auto r = cli.Post("/login", httplib::Headers{{"Cookie", pre.substr(0, pre.find(';'))}}, form);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 303);
  EXPECT_EQ(r->get_header_value("Location"), "/findings?severity=high");
  std::string c = SetCookieFor(*r, "vs_session");
  ASSERT_FALSE(c.empty());
  EXPECT_TRUE(Contains(c, "HttpOnly")) << c;
  EXPECT_TRUE(Contains(c, "SameSite=Lax")) << c;
  EXPECT_TRUE(Contains(c, "Path=/")) << c;
  // Plain HTTP without a proxy: a Secure cookie would never come back.
  EXPECT_FALSE(Contains(c, "Secure")) << c;
  // 256-bit id, base64url.
  std::string value = c.substr(c.find('=') + 1, c.find(';') - c.find('=') - 1);
  EXPECT_EQ(value.size(), 43u);
}

TEST_F(ServerTest, LoginRejectsOffsiteNext) {
  httplib::Client cli = server_->Client();
  auto page = cli.Get("/login");
  ASSERT_TRUE(page);
  std::string pre = SetCookieFor(*page, "vs_login");
  for (const char* next : {"//evil.example/x", "https://evil.example/", "/\\evil.example"}) {
    httplib::Params form{{"username", "admin"},
                         {"password", kAdminPassword},
                         {"csrf_token", CsrfTokenIn(page->body)},
                         {"next", next}};
    auto r = cli.Post("/login", httplib::Headers{{"Cookie", pre.substr(0, pre.find(';'))}}, form);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 303);
    EXPECT_EQ(r->get_header_value("Location"), "/") << next;
  }
}

TEST_F(ServerTest, WrongPasswordIs401AndNoSession) {
  httplib::Client cli = server_->Client();
  Browser b{cli, ""};
  EXPECT_EQ(b.Login("admin", "not-the-password"), 401);
  EXPECT_TRUE(b.cookie.empty());
  EXPECT_EQ(b.Login("nobody-at-all", "whatever-password"), 401);
  EXPECT_TRUE(b.cookie.empty());
}

TEST_F(ServerTest, LoginWithoutTheFormTokenIsRefused) {
  httplib::Client cli = server_->Client();
  httplib::Params form{{"username", "admin"}, {"password", kAdminPassword}};
  auto r = cli.Post("/login", form);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_TRUE(SetCookieFor(*r, "vs_session").empty());
}

TEST_F(ServerTest, RepeatedFailuresAreThrottledEvenWithTheRightPassword) {
  httplib::Client cli = server_->Client();
  Browser b{cli, ""};
  for (int i = 0; i < 3; ++i) EXPECT_EQ(b.Login("throttled", "wrong-password"), 401) << i;
  EXPECT_EQ(b.Login("throttled", kViewerPassword), 429);
  EXPECT_TRUE(b.cookie.empty());
  // Other users are not affected.
  Browser other{cli, ""};
  EXPECT_EQ(other.Login("alice-a", kViewerPassword), 303);
}

TEST_F(ServerTest, LogoutEndsTheSession) {
  httplib::Client cli = server_->Client();
  Browser b = LoggedIn(cli, "admin", kAdminPassword);
  ASSERT_EQ(b.Get("/")->status, 200);
  std::string csrf = b.Csrf("/");
  ASSERT_FALSE(csrf.empty());
  auto out = b.Post("/logout", {}, csrf);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 303);
  EXPECT_TRUE(Contains(SetCookieFor(*out, "vs_session"), "Max-Age=0"));
  // The old cookie is dead on the server, not only in the browser.
  auto after = b.Get("/");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 303);
  auto api = b.Get("/api/v1/findings");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 401);
}

TEST_F(ServerTest, ForgedSessionCookieIsRejected) {
  httplib::Client cli = server_->Client();
  Browser b{cli, "vs_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"};
  auto r = b.Get("/findings");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 303);
}

// ---- CSRF.

TEST_F(ServerTest, PostsNeedThePagesCsrfToken) {
  httplib::Client cli = server_->Client();
  Browser admin = LoggedIn(cli, "admin", kAdminPassword);
  httplib::Params user{{"name", "csrf-made"},
                       {"role", "viewer"},
                       {"team", "team-a"},
                       {"password", "a-long-password-1"}};
  auto none = admin.Post("/admin/users", user, "");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 403);
  auto wrong = admin.Post("/admin/users", user, "bm90LWEtdG9rZW4");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 403);
  // Another session's token does not work either.
  httplib::Client cli2 = server_->Client();
  Browser other = LoggedIn(cli2, "admin", kAdminPassword);
  auto foreign = admin.Post("/admin/users", user, other.Csrf("/admin/users"));
  ASSERT_TRUE(foreign);
  EXPECT_EQ(foreign->status, 403);
  EXPECT_FALSE(Contains(admin.Get("/admin/users")->body, "csrf-made"));

  auto ok = admin.Post("/admin/users", user, admin.Csrf("/admin/users"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 303);
  EXPECT_TRUE(Contains(admin.Get("/admin/users")->body, "csrf-made"));
  // The header form works too (for scripts using a session).
  auto hdr = cli.Post("/logout",
                      httplib::Headers{{"Cookie", admin.cookie}, {"X-CSRF-Token", admin.Csrf("/")}},
                      "", "application/x-www-form-urlencoded");
  ASSERT_TRUE(hdr);
  EXPECT_EQ(hdr->status, 303);
}

TEST_F(ServerTest, AdminFormsWorkWithTheirTokens) {
  httplib::Client cli = server_->Client();
  Browser admin = LoggedIn(cli, "admin", kAdminPassword);
  auto created = admin.Post("/admin/tokens", {{"op", "create"}, {"name", "ci"}, {"role", "ingest"}},
                            admin.Csrf("/admin/tokens"));
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 200);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(created->body, m, std::regex("(vs_[A-Za-z0-9_-]{43})")));
  std::string token = m[1];
  EXPECT_EQ(cli.Get("/api/v1/findings", Bearer(token))->status, 403);  // ingest only.
  auto revoked =
      admin.Post("/admin/tokens", {{"op", "revoke"}, {"name", "ci"}}, admin.Csrf("/admin/tokens"));
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, 303);
  EXPECT_EQ(cli.Post("/vuls", Bearer(token), "x", "text/plain")->status, 401);

  auto sup = admin.Post(
      "/admin/suppressions",
      {{"op", "add"}, {"vulnerability", "CVE-1999-0001"}, {"reason", "not reachable <i>here</i>"}},
      admin.Csrf("/admin/suppressions"));
  ASSERT_TRUE(sup);
  EXPECT_EQ(sup->status, 303);
  auto list = admin.Get("/admin/suppressions");
  EXPECT_TRUE(Contains(list->body, "not reachable &lt;i&gt;here&lt;"));
  EXPECT_FALSE(Contains(list->body, "<i>here"));
  auto audit = admin.Get("/admin/audit");
  ASSERT_TRUE(audit);
  EXPECT_TRUE(Contains(audit->body, "token_create"));
  EXPECT_TRUE(Contains(audit->body, "suppression_add"));
  EXPECT_TRUE(Contains(audit->body, "login"));
}

// ---- Team scoping.

TEST_F(ServerTest, TeamViewerSeesOnlyTheirTeamEverywhere) {
  httplib::Client cli = server_->Client();
  Browser v = LoggedIn(cli, "alice-a", kViewerPassword);
  // Team B's only finding, asset, account and instance never show.
  auto absent_b = [&](const std::string& path) {
    auto r = v.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 200) << path;
    for (const char* b : {"ledger-db-b", "111122223333", "i-0bbbbbbbbbbbbbbbb", "team-b"})
      if (!Contains(path, b)) EXPECT_FALSE(Contains(r->body, b)) << path << " shows " << b;
  };
  absent_b("/");
  absent_b("/findings");
  absent_b("/findings?status=all");
  absent_b("/findings?account=111122223333");
  absent_b("/findings.csv");
  absent_b("/findings.json");
  absent_b("/api/v1/findings");
  absent_b("/api/v1/aggregates");
  absent_b("/api/v1/assets");
  absent_b("/assets");
  absent_b("/metrics");
  absent_b("/vulnerabilities/CVE-2022-0778");  // Has an advisory, so the page exists.
  absent_b("/api/v1/vulnerabilities/CVE-2022-0778");
  // Team A's data does show.
  auto findings = v.Get("/api/v1/findings");
  json j = json::parse(findings->body);
  ASSERT_EQ(j.size(), 3u);
  for (const auto& f : j) EXPECT_EQ(f["asset"]["team"], "team-a");
  auto agg = json::parse(v.Get("/api/v1/aggregates")->body);
  EXPECT_EQ(agg["open"], 3);
  // Asking for the other team does not widen the scope.
  EXPECT_EQ(json::parse(v.Get("/api/v1/findings?team=team-b")->body).size(), 0u);
  // Team B's asset is not found, in pages and API.
  std::string b = std::to_string(seeded().ec2_b);
  EXPECT_EQ(v.Get("/assets/" + b)->status, 404);
  EXPECT_EQ(v.Get("/api/v1/assets/" + b)->status, 404);
  EXPECT_EQ(v.Get("/assets/" + std::to_string(seeded().image_a))->status, 200);
  auto metrics = v.Get("/metrics");
  EXPECT_TRUE(Contains(metrics->body, "vulnscope_open_findings_by_team{team=\"team-a\"} 3"));
}

TEST_F(ServerTest, ViewerCannotUseAdminRoutes) {
  httplib::Client cli = server_->Client();
  Browser v = LoggedIn(cli, "alice-a", kViewerPassword);
  std::string csrf = v.Csrf();
  ASSERT_FALSE(csrf.empty());
  for (const Route& r : Routes()) {
    if (r.access != Access::kAdmin) continue;
    auto res = std::string(r.method) == "GET"
                   ? v.Get(r.pattern)
                   : v.Post(r.pattern, {{"name", "x"}, {"role", "admin"}, {"op", "create"}}, csrf);
    ASSERT_TRUE(res) << r.pattern;
    EXPECT_EQ(res->status, 403) << r.method << " " << r.pattern;
  }
  EXPECT_FALSE(Contains(v.Get("/")->body, "href=\"/admin/users\""));
  // The viewer's token cannot either.
  EXPECT_EQ(cli.Get("/admin/users", Bearer(seeded().viewer_token))->status, 403);
}

// ---- API tokens.

TEST_F(ServerTest, TokensByRole) {
  httplib::Client cli = server_->Client();
  auto admin = cli.Get("/api/v1/findings", Bearer(seeded().admin_token));
  ASSERT_TRUE(admin);
  EXPECT_EQ(admin->status, 200);
  EXPECT_EQ(json::parse(admin->body).size(), 4u);
  EXPECT_EQ(cli.Get("/admin/audit", Bearer(seeded().admin_token))->status, 200);

  auto viewer = cli.Get("/api/v1/findings", Bearer(seeded().viewer_token));
  ASSERT_TRUE(viewer);
  EXPECT_EQ(viewer->status, 200);
  EXPECT_EQ(json::parse(viewer->body).size(), 3u);  // Bound to team-a.
  EXPECT_EQ(
      cli.Post("/api/v1/import", Bearer(seeded().viewer_token), "{}", "application/json")->status,
      403);
  EXPECT_EQ(cli.Post("/vuls", Bearer(seeded().viewer_token), "x", "text/plain")->status, 403);

  for (const char* path : {"/api/v1/findings", "/api/v1/assets", "/metrics", "/findings"})
    EXPECT_EQ(cli.Get(path, Bearer(seeded().ingest_token))->status, 403) << path;
  // Ingest tokens reach the ingestion routes (an empty body is a 400, not a 401/403).
  EXPECT_EQ(cli.Post("/api/v1/import", Bearer(seeded().ingest_token), "", "text/plain")->status,
            400);

  auto revoked = cli.Get("/api/v1/findings", Bearer(seeded().revoked_token));
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, 401);
  EXPECT_EQ(cli.Get("/api/v1/findings", Bearer("vs_not-a-real-token"))->status, 401);
  // Ingestion without any token: 401 even with a session.
  Browser admin_session = LoggedIn(cli, "admin", kAdminPassword);
  auto sess =
      cli.Post("/vuls", httplib::Headers{{"Cookie", admin_session.cookie}}, "x", "text/plain");
  ASSERT_TRUE(sess);
  EXPECT_EQ(sess->status, 401);
}

// ---- Escaping.

TEST_F(ServerTest, HostileStringsAreEscapedInEveryPage) {
  httplib::Client cli = server_->Client();
  Browser admin = LoggedIn(cli, "admin", kAdminPassword);
  // mstch also escapes '/', so the escaped forms are checked up to the closing tag.
  const std::string pkg_escaped = "&lt;script&gt;alert(1)&lt;";
  const std::string asset_escaped = "shop &quot;web&quot; &amp; &lt;b&gt;cart&lt;";
  const std::string img = std::to_string(seeded().image_a);
  struct Page {
    std::string path;
    bool has_pkg, has_asset;
  };
  for (const Page& p : std::vector<Page>{
           {"/", true, true},
           {"/findings", true, true},
           {"/findings?package=" + Enc(kHostilePackage), true, true},
           {"/findings?cve=" + Enc(kHostilePackage) + "&image=" + Enc(kHostileAsset), true, true},
           {"/assets", false, true},
           {"/assets/" + img, true, true},
           {"/vulnerabilities/CVE-2020-11023", true, true},
           {"/vulnerabilities/" + Enc("<img src=x onerror=alert(1)>"), false, false},
           {"/admin/audit", false, false}}) {
    auto r = admin.Get(p.path);
    ASSERT_TRUE(r) << p.path;
    EXPECT_FALSE(Contains(r->body, "<script")) << p.path;
    EXPECT_FALSE(Contains(r->body, "<img")) << p.path;
    EXPECT_FALSE(Contains(r->body, "<b>cart")) << p.path;
    if (p.has_pkg)
      EXPECT_TRUE(Contains(r->body, pkg_escaped))
          << p.path << ": "
          << r->body.substr(
                 r->body.find("alert") == std::string::npos ? 0 : r->body.find("alert") - 60, 200);
    if (p.has_asset) EXPECT_TRUE(Contains(r->body, asset_escaped)) << p.path;
    EXPECT_TRUE(Contains(r->get_header_value("Content-Type"), "text/html")) << p.path;
  }
}

TEST_F(ServerTest, ExportsAreDownloadsThatKeepTheDataExact) {
  httplib::Client cli = server_->Client();
  Browser admin = LoggedIn(cli, "admin", kAdminPassword);
  auto csv = admin.Get("/findings.csv?package=" + Enc(kHostilePackage));
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200);
  EXPECT_TRUE(Contains(csv->get_header_value("Content-Type"), "text/csv"));
  EXPECT_TRUE(Contains(csv->get_header_value("Content-Disposition"), "attachment"));
  EXPECT_EQ(csv->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_TRUE(Contains(csv->body, kHostilePackage));
  EXPECT_FALSE(Contains(csv->body, "ledger-db-b"));  // The filter applied.
  auto js = admin.Get("/findings.json?package=" + Enc(kHostilePackage));
  ASSERT_TRUE(js);
  EXPECT_TRUE(Contains(js->get_header_value("Content-Type"), "application/json"));
  EXPECT_TRUE(Contains(js->get_header_value("Content-Disposition"), "attachment"));
  json j = json::parse(js->body);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["package"]["name"], kHostilePackage);
  EXPECT_EQ(j[0]["asset"]["name"], kHostileAsset);
}

// ---- Pages.

TEST_F(ServerTest, OverviewHasCardsChartsTeamsAndNewestExploitable) {
  httplib::Client cli = server_->Client();
  Browser admin = LoggedIn(cli, "admin", kAdminPassword);
  auto r = admin.Get("/");
  ASSERT_TRUE(r);
  const std::string& b = r->body;
  EXPECT_TRUE(std::regex_search(b, std::regex(R"(<span class="n">4</span><span class="k">open)")));
  // log4j and jQuery are in the KEV subset; jackson has a PoC.
  EXPECT_TRUE(
      std::regex_search(b, std::regex(R"(<span class="n">2</span><span class="k">in CISA KEV)")));
  EXPECT_TRUE(
      std::regex_search(b, std::regex(R"(<span class="n">1</span><span class="k">critical)")));
  EXPECT_EQ(std::count(b.begin(), b.end(), '\0'), 0);
  size_t svgs = 0;
  for (size_t at = 0; (at = b.find("<svg", at)) != std::string::npos; ++at) ++svgs;
  EXPECT_EQ(svgs, 2u);
  EXPECT_TRUE(Contains(b, "href=\"/findings?severity=critical\""));
  EXPECT_TRUE(Contains(b, "href=\"/findings?team=team-a\""));
  EXPECT_TRUE(Contains(b, "href=\"/findings?team=team-b&amp;severity=critical\""));
  EXPECT_TRUE(Contains(b, "/vulnerabilities/CVE-2021-44228"));
  // No inline script or style attribute anywhere (CSP would block them).
  EXPECT_FALSE(Contains(b, "style=\""));
  EXPECT_FALSE(Contains(b, "<script"));
}

TEST_F(ServerTest, FindingsPageHasEveryFilterAndKeepsStateInLinks) {
  httplib::Client cli = server_->Client();
  Browser admin = LoggedIn(cli, "admin", kAdminPassword);
  auto r = admin.Get("/findings?severity=high&severity=critical&account=111122223333");
  ASSERT_TRUE(r);
  const std::string& b = r->body;
  for (const char* name :
       {"cve", "exploit", "severity", "repo", "account", "instance", "image", "namespace", "team",
        "package", "ecosystem", "source", "status", "kind", "fix", "epss", "since"})
    EXPECT_TRUE(Contains(b, std::string("name=\"") + name + "\"")) << name;
  EXPECT_TRUE(Contains(b, "<select name=\"severity\" multiple"));
  EXPECT_TRUE(Contains(b, "<option value=\"high\" selected>"));
  EXPECT_TRUE(Contains(b, "<option value=\"critical\" selected>"));
  EXPECT_TRUE(Contains(b, "value=\"111122223333\""));
  EXPECT_TRUE(Contains(b, "ledger-db-b"));
  EXPECT_FALSE(Contains(b, "acme/payments-api"));
  // Exports and sort links carry the filters.
  EXPECT_TRUE(Contains(b,
                       "href=\"/findings.csv?account=111122223333&amp;severity=high&amp;"
                       "severity=critical\""))
      << b;
  EXPECT_TRUE(Contains(b, "href=\"/findings.json?account=111122223333&amp;severity=high"));
  EXPECT_TRUE(Contains(b,
                       "href=\"/findings?account=111122223333&amp;severity=high&amp;severity="
                       "critical&amp;sort=first_seen&amp;order=desc\""));
  // The active sort column flips its order.
  auto sorted = admin.Get("/findings?sort=package&order=asc");
  EXPECT_TRUE(Contains(sorted->body, "href=\"/findings?sort=package&amp;order=desc\""));
  EXPECT_EQ(admin.Get("/findings?sort=bogus")->status, 400);
  EXPECT_EQ(admin.Get("/findings?epss=2")->status, 400);
}

// The table rows are built in C++ (pages_findings.cpp RowsHtml), not by the template: each
// finding of the API's answer has its row and cells, and an empty result the empty-state row.
TEST_F(ServerTest, FindingsTableHasARowWithTheCellsOfEachFinding) {
  httplib::Client cli = server_->Client();
  Browser admin = LoggedIn(cli, "admin", kAdminPassword);
  json api = json::parse(admin.Get("/api/v1/findings?status=all")->body);
  ASSERT_FALSE(api.empty());
  std::string b = Slashes(admin.Get("/findings?status=all")->body);
  EXPECT_FALSE(Contains(b, "No findings match these filters."));
  auto html = [](const std::string& s) {  // As mstch escapes, '/' aside (see Slashes).
    std::string out;
    for (char c : s) {
      if (c == '&')
        out += "&amp;";
      else if (c == '<')
        out += "&lt;";
      else if (c == '>')
        out += "&gt;";
      else if (c == '"')
        out += "&quot;";
      else if (c == '\'')
        out += "&#39;";
      else
        out += c;
    }
    return out;
  };
  size_t rows = 0;
  for (size_t at = 0;
       (at = b.find("  <tr>\n    <td><a href=\"/vulnerabilities/", at)) != std::string::npos; ++at)
    ++rows;
  EXPECT_EQ(rows, api.size());
  for (const auto& f : api) {
    std::string id = f["vulnerability_id"];
    EXPECT_TRUE(Contains(b, "<a href=\"/vulnerabilities/" + Enc(id) + "\">" + id + "</a>")) << id;
    std::string sev = f["severity"];
    EXPECT_TRUE(Contains(b, "<span class=\"sev sev-" + sev + "\">" + sev + "</span>")) << id;
    EXPECT_TRUE(Contains(b, "<a href=\"/assets/" + std::to_string(f["asset"]["id"].get<int64_t>()) +
                                "\">" + html(f["asset"]["name"].get<std::string>()) + "</a>"))
        << id;
    if (f["fixed_version"].is_null())
      EXPECT_TRUE(Contains(b, "<td class=\"ver\">no fix yet</td>")) << id;
    else
      EXPECT_TRUE(
          Contains(b, "<td class=\"ver\">" + html(f["fixed_version"].get<std::string>()) + "</td>"))
          << id;
    if (f["exploit"]["kev"]) EXPECT_TRUE(Contains(b, "<span class=\"tag tag-kev\">KEV</span>"));
  }
  std::string none = admin.Get("/findings?package=no-such-package")->body;
  EXPECT_TRUE(Contains(none,
                       "<tbody>\n  <tr><td colspan=\"11\" class=\"empty\">No findings match these "
                       "filters.</td></tr>\n  </tbody>"))
      << none;
  EXPECT_FALSE(Contains(none, "<a href=\"/vulnerabilities/"));
}

TEST_F(ServerTest, EachOfTheEightFiltersSelects) {
  httplib::Client cli = server_->Client();
  Browser admin = LoggedIn(cli, "admin", kAdminPassword);
  auto ids = [&](const std::string& query) {
    auto r = admin.Get("/api/v1/findings?" + query);
    EXPECT_EQ(r->status, 200) << query;
    std::set<std::string> out;
    for (const auto& f : json::parse(r->body)) out.insert(f["vulnerability_id"]);
    // The page shows the same rows.
    auto page = admin.Get("/findings?" + query);
    for (const auto& id : out) EXPECT_TRUE(Contains(page->body, ">" + id + "<")) << query;
    return out;
  };
  using S = std::set<std::string>;
  EXPECT_EQ(ids("cve=GHSA-jfh8-c2jp-5v3q"), S{"CVE-2021-44228"});  // Any alias.
  EXPECT_EQ(ids("exploit=kev"), (S{"CVE-2021-44228", "CVE-2020-11023"}));
  EXPECT_EQ(ids("severity=high&severity=medium"),
            (S{"CVE-2020-36518", "CVE-2022-0778", "CVE-2020-11023"}));
  EXPECT_EQ(ids("repo=acme/payments-api"), S{"CVE-2020-36518"});
  EXPECT_EQ(ids("account=111122223333"), S{"CVE-2022-0778"});
  EXPECT_EQ(ids("instance=i-0bbbbbbbbbbbbbbbb"), S{"CVE-2022-0778"});
  EXPECT_EQ(ids("image=registry.example.com/shop/web"), (S{"CVE-2021-44228", "CVE-2020-11023"}));
  EXPECT_EQ(ids("namespace=shop"), (S{"CVE-2021-44228", "CVE-2020-11023"}));
}

TEST_F(ServerTest, KeysetNextPageLinksWalkAllFindings) {
  httplib::Client cli = server_->Client();
  Browser admin = LoggedIn(cli, "admin", kAdminPassword);
  std::string path = "/findings?limit=1&sort=severity";
  std::set<std::string> seen;
  for (int i = 0; i < 10 && !path.empty(); ++i) {
    auto r = admin.Get(path);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << path;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r->body, m, std::regex(R"re(/vulnerabilities/([^"]+)")re")));
    seen.insert(m[1]);
    std::smatch n;
    path.clear();
    if (std::regex_search(r->body, n,
                          std::regex(R"re(<a href="(/findings\?[^"]+)" rel="next")re"))) {
      path = n[1];
      for (size_t at; (at = path.find("&amp;")) != std::string::npos;) path.replace(at, 5, "&");
      EXPECT_TRUE(Contains(path, "limit=1")) << path;
    }
  }
  EXPECT_EQ(seen.size(), 4u);
}

TEST_F(ServerTest, VulnerabilityPageAnswersWhereIsIt) {
  httplib::Client cli = server_->Client();
  Browser admin = LoggedIn(cli, "admin", kAdminPassword);
  // By its GHSA alias: the page is named after the CVE.
  auto r = admin.Get("/vulnerabilities/GHSA-jfh8-c2jp-5v3q");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  const std::string b = Slashes(r->body);
  EXPECT_TRUE(Contains(b, "<h1>CVE-2021-44228"));
  EXPECT_TRUE(Contains(b, "CISA KEV"));
  EXPECT_TRUE(Contains(b, "image · team-a"));
  EXPECT_TRUE(Contains(b, "2.14.1"));
  EXPECT_TRUE(Contains(b, "2.15.0"));
  EXPECT_TRUE(Contains(b, "href=\"https://www.exploit-db.com/exploits/50592\""));
  EXPECT_TRUE(Contains(b, "raw.githubusercontent.com/nomi-sec/PoC-in-GitHub"));
  EXPECT_TRUE(Contains(b, "GHSA-jfh8-c2jp-5v3q"));
  EXPECT_TRUE(Contains(b, "rel=\"noreferrer noopener\""));
  EXPECT_TRUE(Contains(b, "class=\"details\""));
  // A Debian advisory's vulnerability, grouped under ec2 · team-b.
  auto d = admin.Get("/vulnerabilities/CVE-2022-0778");
  EXPECT_TRUE(Contains(d->body, "ec2 · team-b"));
  EXPECT_TRUE(Contains(d->body, "DSA-5103-1"));
  EXPECT_EQ(admin.Get("/vulnerabilities/CVE-1999-99999")->status, 404);
}

// The API finds what the page finds: asked by a distro advisory's id, it returns the findings
// reported under the CVE that advisory fixes, with the advisories themselves.
TEST_F(ServerTest, VulnerabilityApiFollowsAdvisoryAliases) {
  httplib::Client cli = server_->Client();
  Browser admin = LoggedIn(cli, "admin", kAdminPassword);
  auto r = admin.Get("/api/v1/vulnerabilities/DSA-5103-1");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = json::parse(r->body);
  // DSA-5103-1 fixes CVE-2021-4160 and CVE-2022-0778: it keeps its own name.
  EXPECT_EQ(j["id"], "DSA-5103-1");
  EXPECT_EQ(j["affected_assets"], 1);
  ASSERT_EQ(j["findings"].size(), 1u);
  EXPECT_EQ(j["findings"][0]["asset"]["name"], "ledger-db-b");
  std::set<std::string> aliases = j["aliases"];
  EXPECT_TRUE(aliases.count("CVE-2022-0778"));
  EXPECT_TRUE(aliases.count("CVE-2021-4160"));
  // Asked by one of its CVEs, the vulnerability is that CVE, without the DSA's other one.
  json c = json::parse(admin.Get("/api/v1/vulnerabilities/CVE-2022-0778")->body);
  EXPECT_EQ(c["id"], "CVE-2022-0778");
  std::set<std::string> c_aliases = c["aliases"];
  EXPECT_FALSE(c_aliases.count("CVE-2021-4160"));
  std::set<std::string> advisories;
  for (const auto& a : j["advisories"]) advisories.insert(a["id"].get<std::string>());
  EXPECT_TRUE(advisories.count("DSA-5103-1")) << r->body;

  auto g = json::parse(admin.Get("/api/v1/vulnerabilities/GHSA-jfh8-c2jp-5v3q")->body);
  EXPECT_EQ(g["id"], "CVE-2021-44228");
  ASSERT_EQ(g["findings"].size(), 1u);
  ASSERT_FALSE(g["advisories"].empty());
  EXPECT_FALSE(g["advisories"][0]["references"].empty());
  EXPECT_EQ(g["advisories"][0]["severity"], "critical");
  EXPECT_EQ(admin.Get("/api/v1/vulnerabilities/CVE-1999-99999")->status, 404);
  // Ids with a slash (SARIF rule ids such as "codeql:js/sql-injection") reach the handler.
  auto slash = admin.Get("/api/v1/vulnerabilities/codeql:js%2Fsql-injection");
  ASSERT_TRUE(slash);
  EXPECT_TRUE(Contains(slash->body, "unknown vulnerability codeql:js/sql-injection"))
      << slash->body;
}

TEST_F(ServerTest, AssetPageShowsFactsFindingsAndHistory) {
  httplib::Client cli = server_->Client();
  Browser admin = LoggedIn(cli, "admin", kAdminPassword);
  auto r = admin.Get("/assets/" + std::to_string(seeded().ec2_b));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_TRUE(Contains(r->body, "<dd>111122223333</dd>"));
  EXPECT_TRUE(Contains(r->body, "<dd>i-0bbbbbbbbbbbbbbbb</dd>"));
  EXPECT_TRUE(Contains(r->body, "CVE-2022-0778"));
  EXPECT_TRUE(std::regex_search(
      r->body, std::regex(R"(class="state state-open">open</span>.*CVE-2022-0778)")));
  EXPECT_EQ(admin.Get("/assets/999999")->status, 404);
  EXPECT_EQ(admin.Get("/assets?kind=bogus")->status, 400);
}

TEST_F(ServerTest, SourcesPageListsFeedsAndRuns) {
  httplib::Client cli = server_->Client();
  Browser admin = LoggedIn(cli, "admin", kAdminPassword);
  auto r = admin.Get("/sources");
  ASSERT_TRUE(r);
  EXPECT_TRUE(Contains(Slashes(r->body), "server/dsa-openssl-curl.txt"));
  EXPECT_TRUE(Contains(r->body, "debian_dsa_list"));
  EXPECT_TRUE(Contains(r->body, "class=\"badge-ok\""));
  EXPECT_TRUE(Contains(r->body, "<td>import</td>"));
}

// ---- JSON API.

TEST_F(ServerTest, ApiFindingsIsTheSearchContract) {
  httplib::Client cli = server_->Client();
  auto r =
      cli.Get("/api/v1/findings?exploit=any&sort=package&order=asc", Bearer(seeded().admin_token));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  json api = json::parse(r->body);
  ASSERT_EQ(api.size(), 3u);
  for (const auto& f : api) {
    for (const char* k :
         {"id", "vulnerability_id", "aliases", "severity", "cvss_score", "status", "source",
          "first_seen", "last_seen", "fixed_version", "package", "exploit", "asset"})
      EXPECT_TRUE(f.contains(k)) << k;
    for (const char* k : {"ecosystem", "name", "version"}) EXPECT_TRUE(f["package"].contains(k));
    for (const char* k : {"exploitdb", "kev", "poc", "metasploit", "epss"})
      EXPECT_TRUE(f["exploit"].contains(k)) << k;
    for (const char* k : {"kind", "name", "team", "account_id", "region", "instance_id", "asg",
                          "repo", "image", "namespaces"})
      EXPECT_TRUE(f["asset"].contains(k)) << k;
  }
  // Byte for byte what `vulnscope search --format json` prints for the same query.
  auto st = store::OpenStore(server_->db());
  ASSERT_TRUE(st);
  store::FindingQuery q;
  q.exploit = "any";
  q.sort = "package";
  q.ascending = true;
  auto page = (*st)->SearchFindings(q);
  ASSERT_TRUE(page);
  EXPECT_EQ(r->body, report::FindingsJson(page->rows));
  // Pagination rides in headers.
  auto first = cli.Get("/api/v1/findings?limit=2", Bearer(seeded().admin_token));
  EXPECT_FALSE(first->get_header_value("X-Next-Cursor").empty());
  EXPECT_TRUE(Contains(first->get_header_value("Link"), "rel=\"next\""));
  // Following the Link header walks every finding of the filter once.
  size_t all =
      json::parse(cli.Get("/api/v1/findings?status=all", Bearer(seeded().admin_token))->body)
          .size();
  std::set<int64_t> walked;
  std::string next = "/api/v1/findings?status=all&limit=1";
  for (int pages = 0; !next.empty() && pages < 20; ++pages) {
    auto p = cli.Get(next, Bearer(seeded().admin_token));
    ASSERT_TRUE(p);
    ASSERT_EQ(p->status, 200) << next;
    for (const auto& f : json::parse(p->body))
      EXPECT_TRUE(walked.insert(f["id"].get<int64_t>()).second);
    std::string link = p->get_header_value("Link");
    next = link.empty() ? "" : link.substr(1, link.find('>') - 1);
    if (!next.empty()) EXPECT_TRUE(Contains(next, "status=all")) << next;
  }
  EXPECT_EQ(walked.size(), all);
  EXPECT_GE(all, 4u);
  EXPECT_EQ(cli.Get("/api/v1/findings?limit=0", Bearer(seeded().admin_token))->status, 400);
  // `since` is a date or an RFC 3339 time (any offset), nothing else.
  EXPECT_EQ(cli.Get("/api/v1/findings?since=notadate", Bearer(seeded().admin_token))->status, 400);
  EXPECT_EQ(
      json::parse(cli.Get("/api/v1/findings?since=2000-01-01", Bearer(seeded().admin_token))->body)
          .size(),
      json::parse(cli.Get("/api/v1/findings", Bearer(seeded().admin_token))->body).size());
  EXPECT_TRUE(json::parse(cli.Get("/api/v1/findings?since=2999-01-01T00:00:00%2B02:00",
                                  Bearer(seeded().admin_token))
                              ->body)
                  .empty());
}

TEST_F(ServerTest, OpenApiDocumentParsesAndCoversTheApi) {
  httplib::Client cli = server_->Client();
  auto r = cli.Get("/api/v1/openapi.json", Bearer(seeded().viewer_token));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  json doc = json::parse(r->body);
  EXPECT_EQ(doc["openapi"].get<std::string>().rfind("3.", 0), 0u);
  for (const Route& route : Routes()) {
    std::string p = route.pattern;
    if (p.rfind("/api/v1/", 0) != 0 || p == "/api/v1/openapi.json") continue;
    p = std::regex_replace(p, std::regex(R"(\(\\d\+\)|\(\[\^/\]\+\)|\(\.\+\))"), "{id}");
    EXPECT_TRUE(doc["paths"].contains(p)) << p;
  }
}

// ---- Ingestion.

TEST_F(ServerTest, ImportOfATrivyReportCreatesFindings) {
  httplib::Client cli = server_->Client();
  std::string report = Read(TestData("parsers/trivy_json/debian-buster.json"));
  ASSERT_FALSE(report.empty());
  auto r = cli.Post("/api/v1/import?name=buster.json&team=team-c", Bearer(seeded().ingest_token),
                    report, "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = json::parse(r->body);
  EXPECT_EQ(j["status"], "ok");
  EXPECT_GE(j["opened"].get<int>(), 2);
  auto found = cli.Get("/api/v1/findings?cve=CVE-2019-18276", Bearer(seeded().admin_token));
  json f = json::parse(found->body);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0]["package"]["name"], "bash");
  EXPECT_EQ(f[0]["source"], "trivy");
  EXPECT_EQ(f[0]["asset"]["team"], "team-c");
  // Team A's viewer does not see another team's upload.
  EXPECT_EQ(json::parse(
                cli.Get("/api/v1/findings?cve=CVE-2019-18276", Bearer(seeded().viewer_token))->body)
                .size(),
            0u);
  // Garbage is refused with a reason and stores nothing.
  auto bad =
      cli.Post("/api/v1/import", Bearer(seeded().ingest_token), "{not json", "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_TRUE(Contains(bad->body, "\"error\""));
}

// What clients send by default: curl -F (multipart) and curl --data-binary (form-encoded
// Content-Type), with a report well over httplib's 8 KiB form limit.
TEST_F(ServerTest, ImportTakesMultipartAndFormEncodedUploads) {
  httplib::Client cli = server_->Client();
  std::string report = Read(TestData("parsers/trivy_json/fixture-image-v0.67.json"));
  ASSERT_GT(report.size(), 8192u);
  httplib::MultipartFormDataItems items = {
      {"file", report, "image-multipart.json", "application/octet-stream"}};
  auto m = cli.Post("/api/v1/import?team=team-d", Bearer(seeded().ingest_token), items);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->status, 200) << m->body;
  EXPECT_EQ(json::parse(m->body)["status"], "ok");
  auto found = json::parse(
      cli.Get("/api/v1/findings?cve=CVE-2022-3715&team=team-d", Bearer(seeded().admin_token))
          ->body);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]["asset"]["image"], "registry.example.com/shop/web:1.4.2");
  // The same report again, form-encoded: the same image, nothing new.
  auto f = cli.Post("/api/v1/import?team=team-d", Bearer(seeded().ingest_token), report,
                    "application/x-www-form-urlencoded");
  ASSERT_TRUE(f);
  ASSERT_EQ(f->status, 200) << f->body;
  EXPECT_EQ(json::parse(f->body)["opened"], 0);
  // Without credentials a large upload is still refused as unauthenticated.
  auto anon = cli.Post("/api/v1/import", report, "application/x-www-form-urlencoded");
  ASSERT_TRUE(anon);
  EXPECT_EQ(anon->status, 401);
}

TEST_F(ServerTest, VulsPushOfDpkgQueryOutputProducesFindings) {
  httplib::Client cli = server_->Client();
  httplib::Headers h = Bearer(seeded().ingest_token);
  h.emplace("X-Vuls-OS-Family", "debian");
  h.emplace("X-Vuls-OS-Release", "11");
  h.emplace("X-Vuls-Kernel-Release", "5.10.0-21-cloud-amd64");
  h.emplace("X-Vuls-Server-Name", "bullseye-web-1");
  auto r = cli.Post("/vuls", h, Read(TestData("server/dpkg-bullseye.txt")), "text/plain");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = json::parse(r->body);
  ASSERT_TRUE(j.is_array());
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["serverName"], "bullseye-web-1");
  // openssl 1.1.1n-0+deb11u3 is fixed by DSA-5343-1 (deb11u4); curl deb11u3 by DSA-5330-1.
  const json& cves = j[0]["scannedCves"];
  for (const char* cve : {"CVE-2023-0286", "CVE-2022-4450", "CVE-2022-32221", "CVE-2023-23916"})
    EXPECT_TRUE(cves.contains(cve)) << cve;
  // Fixed before the installed versions: not reported.
  for (const char* cve : {"CVE-2022-0778", "CVE-2022-2068", "CVE-2022-27774"})
    EXPECT_FALSE(cves.contains(cve)) << cve;
  auto stored =
      cli.Get("/api/v1/findings?cve=CVE-2023-0286&package=openssl", Bearer(seeded().admin_token));
  json f = json::parse(stored->body);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0]["asset"]["name"], "bullseye-web-1");
  EXPECT_EQ(f[0]["fixed_version"], "1.1.1n-0+deb11u4");
  EXPECT_EQ(f[0]["package"]["name"], "openssl");
  // A malformed body is a 400 with the line that is wrong.
  auto bad = cli.Post("/vuls", h, "openssl,ii ,1.0\n", "text/plain");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_TRUE(Contains(bad->body, "line 1"));
}

// ---- Behind a TLS-terminating proxy.

class ProxyServerTest : public ServerTest {
 protected:
  static void SetUpTestSuite() {
    ServeOptions o;
    o.behind_proxy = true;
    auto s = TestServer::Start(o);
    ASSERT_TRUE(s) << s.error().message;
    server_ = s->release();
  }
};

TEST_F(ProxyServerTest, CookiesAreSecureAndHostPrefixedBehindAProxy) {
  httplib::Client cli = server_->Client();
  httplib::Headers fwd{{"X-Forwarded-Proto", "https"}, {"X-Forwarded-For", "203.0.113.9"}};
  auto page = cli.Get("/login", fwd);
  ASSERT_TRUE(page);
  EXPECT_TRUE(Contains(SetCookieFor(*page, "vs_login"), "Secure"));
  EXPECT_FALSE(page->get_header_value("Strict-Transport-Security").empty());
  Browser b{cli, ""};
  ASSERT_EQ(b.Login("admin", kAdminPassword, fwd), 303);
  EXPECT_EQ(b.cookie.rfind("__Host-vs_session=", 0), 0u) << b.cookie;
  auto again = cli.Get("/login", fwd);
  std::string pre = SetCookieFor(*again, "vs_login");
  httplib::Headers h = fwd;
  h.emplace("Cookie", pre.substr(0, pre.find(';')));
  auto r = cli.Post("/login", h,
                    httplib::Params{{"username", "admin"},
                                    {"password", kAdminPassword},
                                    {"csrf_token", CsrfTokenIn(again->body)}});
  std::string c = SetCookieFor(*r, "__Host-vs_session");
  EXPECT_TRUE(Contains(c, "Secure")) << c;
  EXPECT_TRUE(Contains(c, "HttpOnly")) << c;
  EXPECT_TRUE(Contains(c, "SameSite=Lax")) << c;
  // The session works through the proxy, and the audit log names the forwarded client.
  httplib::Headers with = fwd;
  with.emplace("Cookie", b.cookie);
  auto audit = cli.Get("/admin/audit", with);
  ASSERT_TRUE(audit);
  EXPECT_EQ(audit->status, 200);
  EXPECT_TRUE(Contains(audit->body, "203.0.113.9"));
}

// ---- LDAP logins through the server, against a real slapd.

class LdapServerTest : public ServerTest {
 protected:
  static void SetUpTestSuite() {
    auto started = auth::testing::Slapd::Start();
    ASSERT_TRUE(started) << started.error().message;
    slapd_ = started->release();
    ServeOptions o;
    o.auth_backends = {"local", "ldap"};
    o.ldap.url = slapd_->Url();
    o.ldap.bind_dn = std::string(auth::testing::kServiceDn);
    o.ldap.bind_password = std::string(auth::testing::kServicePassword);
    o.ldap.user_base = std::string(auth::testing::kPeople);
    o.ldap.user_filter = "(&(objectClass=inetOrgPerson)(uid=%s))";
    o.ldap.groups = {{std::string(auth::testing::kAdminsGroup), auth::Role::kAdmin, ""},
                     {std::string(auth::testing::kPaymentsGroup), auth::Role::kViewer, "team-a"}};
    auto s = TestServer::Start(o);
    ASSERT_TRUE(s) << s.error().message;
    server_ = s->release();
  }
  static void TearDownTestSuite() {
    ServerTest::TearDownTestSuite();
    delete slapd_;
    slapd_ = nullptr;
  }
  static auth::testing::Slapd* slapd_;
};
auth::testing::Slapd* LdapServerTest::slapd_ = nullptr;

TEST_F(LdapServerTest, DirectoryUsersLogInWithTheirGroupsRoleAndTeam) {
  httplib::Client cli = server_->Client();
  Browser bob = LoggedIn(cli, "bob", "bob-pw");
  auto home = bob.Get("/");
  ASSERT_TRUE(home);
  EXPECT_EQ(home->status, 200);
  EXPECT_TRUE(Contains(home->body, "bob (viewer, team-a)"));
  // Group team-payments maps to team-a: bob sees team A only.
  EXPECT_EQ(json::parse(bob.Get("/api/v1/findings")->body).size(), 3u);
  EXPECT_EQ(bob.Get("/admin/users")->status, 403);

  Browser alice = LoggedIn(cli, "alice", "alice-pw");
  EXPECT_EQ(alice.Get("/admin/users")->status, 200);
  EXPECT_EQ(json::parse(alice.Get("/api/v1/findings")->body).size(), 4u);
  auto audit = alice.Get("/admin/audit");
  EXPECT_TRUE(Contains(audit->body, "(ldap uid=bob,ou=people,dc=example,dc=org)"));
}

TEST_F(LdapServerTest, WrongOrEmptyPasswordsAndStrangersAreRefused) {
  httplib::Client cli = server_->Client();
  Browser b{cli, ""};
  EXPECT_EQ(b.Login("bob", "not-bobs"), 401);
  EXPECT_EQ(b.Login("carol", "carol-pw"), 401);  // In no group and no default role.
  EXPECT_EQ(b.Login("*", "bob-pw"), 401);        // Filter metacharacters match nothing.
  EXPECT_TRUE(b.cookie.empty());
  // An empty password never reaches the directory (slapd would treat it as anonymous).
  auto page = cli.Get("/login");
  std::string pre = SetCookieFor(*page, "vs_login");
  auto r =
      cli.Post("/login", httplib::Headers{{"Cookie", pre.substr(0, pre.find(';'))}},
               httplib::Params{
                   {"username", "bob"}, {"password", ""}, {"csrf_token", CsrfTokenIn(page->body)}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  // Local users still log in first.
  EXPECT_EQ(b.Login("admin", kAdminPassword), 303);
}

}  // namespace
}  // namespace vs::server::testing
