// A real vulnscope server for handler tests: a temp SQLite store seeded through the same calls
// the CLI uses (db import of real intel and advisories, Store::ApplyCollection of assets and
// findings, users and API tokens), served by server::Serve on 127.0.0.1 port 0 in a thread,
// plus a small HTTP client that logs in like a browser. One server per process at a time
// (Serve keeps a global for StopServing).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include <httplib.h>

#include "core/result.h"
#include "server/app.h"

namespace vs::server::testing {

// The hostile strings seeded into the store: a package name and an asset name.
inline constexpr const char* kHostilePackage = "<script>alert(1)</script>";
inline constexpr const char* kHostileAsset = "shop \"web\" & <b>cart</b>";

// Passwords of the seeded local users.
inline constexpr const char* kAdminPassword = "admin-password-1";
inline constexpr const char* kViewerPassword = "viewer-password-1";

struct Seeded {
  int64_t image_a = 0;  // Team A's image (hostile name, log4j + hostile package).
  int64_t repo_a = 0;   // Team A's repository (jackson-databind).
  int64_t ec2_b = 0;    // Team B's EC2 instance (openssl, CVE-2022-0778).
  // Bearer tokens: admin, viewer bound to team-a, ingest, and a revoked viewer token.
  std::string admin_token, viewer_token, ingest_token, revoked_token;
};

class TestServer {
 public:
  // Seeds a fresh store under a temp dir and starts the server with `options` (listen, db,
  // cost and throttle are filled in here unless set). Errors: any seeding or start failure.
  static Result<std::unique_ptr<TestServer>> Start(ServeOptions options = {});
  ~TestServer();  // Stops the server and removes the temp dir.

  int port() const { return port_; }
  const Seeded& seeded() const { return seeded_; }
  const std::string& db() const { return db_; }
  httplib::Client Client() const;

 private:
  TestServer() = default;
  std::string dir_, db_;
  int port_ = 0;
  Seeded seeded_;
  std::thread thread_;
  Status served_ = Ok();
};

// The value of the first Set-Cookie header for `name` ("name=value; Path=/; …"), or "".
std::string SetCookieFor(const httplib::Response& res, const std::string& name);

// The value of the first `<input type="hidden" name="csrf_token" value="…">` in `html`.
std::string CsrfTokenIn(const std::string& html);

// A browser-like session: GET /login, POST /login with the pre-session cookie and token.
struct Browser {
  httplib::Client& cli;
  std::string cookie;  // "vs_session=…" after a successful Login().

  // Returns the POST /login status (303 on success) and keeps the session cookie.
  int Login(const std::string& user, const std::string& password,
            const httplib::Headers& extra = {});
  httplib::Result Get(const std::string& path);
  // POST a form with this session's cookie; `csrf` is sent as csrf_token when non-empty.
  httplib::Result Post(const std::string& path, httplib::Params form, const std::string& csrf);
  // The CSRF token of a page of this session (from its logout form).
  std::string Csrf(const std::string& page = "/findings");
};

httplib::Headers Bearer(const std::string& token);

// Path of a file in tests/testdata.
std::string TestData(const std::string& rel);

}  // namespace vs::server::testing
