#include "cli/serve.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <unistd.h>

#include "cli/context.h"
#include "server/app.h"
#include "server/auth/password.h"
#include "server/auth/token.h"

namespace vs::cli {
namespace {

Result<std::unique_ptr<store::Store>> Open(const GlobalOptions& global, config::Config* out) {
  Result<config::Config> cfg = LoadConfigFor(global);
  if (!cfg) return Fail(cfg.error());
  if (out != nullptr) *out = *cfg;
  return store::OpenStore(DatabaseFor(global, *cfg));
}

Result<std::string> ReadPasswordStdin() {
  std::string line;
  if (!std::getline(std::cin, line)) return Fail(ErrorCode::kInvalidInput, "no password on stdin");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.size() < server::auth::kMinPasswordBytes)
    return Fail(ErrorCode::kInvalidInput, "passwords need at least " +
                                              std::to_string(server::auth::kMinPasswordBytes) +
                                              " characters");
  return line;
}

}  // namespace

// The [server] and [ldap] tables as ServeOptions; flags given on the command line are applied
// afterwards by the caller. Errors: kInvalidInput (an unknown role, a missing LDAP password).
Result<server::ServeOptions> ServeOptionsFrom(const config::Config& cfg) {
  server::ServeOptions o;
  const config::Server& s = cfg.server;
  if (!s.listen.empty()) o.listen = s.listen;
  o.tls_cert = s.tls_cert;
  o.tls_key = s.tls_key;
  o.behind_proxy = s.behind_proxy;
  o.threads = s.threads;
  o.session_idle = std::chrono::minutes(s.session_idle_minutes);
  o.session_absolute = std::chrono::hours(s.session_absolute_hours);
  o.auth_backends = s.auth;
  bool wants_ldap = std::find(s.auth.begin(), s.auth.end(), "ldap") != s.auth.end();
  if (wants_ldap && !cfg.has_ldap)
    return Fail(ErrorCode::kInvalidInput, "config: server.auth lists ldap but there is no [ldap]");
  if (cfg.has_ldap) {
    const config::Ldap& l = cfg.ldap;
    server::auth::LdapConfig& d = o.ldap;
    d.url = l.url;
    d.start_tls = l.start_tls;
    d.ca_file = l.ca_file;
    d.bind_dn = l.bind_dn;
    if (wants_ldap) {
      // Resolved only when used, so an unset variable does not block local-only logins.
      Result<std::string> pw = config::LdapBindPassword(l);
      if (!pw) return Fail(pw.error());
      d.bind_password = *pw;
    }
    d.user_base = l.user_base;
    d.user_filter = l.user_filter;
    d.name_attribute = l.name_attribute;
    d.group_attribute = l.group_attribute;
    d.group_base = l.group_base;
    d.group_filter = l.group_filter;
    if (!l.default_role.empty()) d.default_role = server::auth::ParseRole(l.default_role);
    d.timeout = std::chrono::seconds(l.timeout_seconds);
    for (const config::LdapGroup& g : l.groups) {
      server::auth::LdapGroupRule r;
      r.group_dn = g.dn;
      if (!g.role.empty()) r.role = server::auth::ParseRole(g.role);
      r.team = g.team;
      d.groups.push_back(std::move(r));
    }
  }
  o.config = cfg;
  o.scheduler.first_delay = std::chrono::seconds(cfg.schedule.startup_delay_seconds);
  return o;
}

void AddServe(CLI::App& app, GlobalOptions& global) {
  auto flags = std::make_shared<server::ServeOptions>();
  CLI::App* cmd =
      app.add_subcommand("serve", "Serve the dashboard, JSON API, ingestion and /metrics");
  cmd->add_option("--listen", flags->listen,
                  "HOST:PORT (default: [server] listen, else 127.0.0.1:8080)");
  cmd->add_option("--tls-cert", flags->tls_cert, "PEM certificate (with --tls-key: HTTPS)");
  cmd->add_option("--tls-key", flags->tls_key, "PEM private key");
  cmd->add_flag("--behind-proxy", flags->behind_proxy,
                "Trust X-Forwarded-For/-Proto from a reverse proxy (cookies become Secure)");
  cmd->add_option("--threads", flags->threads,
                  "Worker threads, one per open connection (default: max(32, cores × 8))");
  cmd->callback([flags, cmd, &global] {
    Result<config::Config> c = LoadConfigFor(global);
    if (!c) throw CLI::RuntimeError(Error(c.error().message));
    Result<server::ServeOptions> opts = ServeOptionsFrom(*c);
    if (!opts) throw CLI::RuntimeError(Error(opts.error().message));
    // Flags given on the command line win over the config file.
    if (cmd->count("--listen") > 0) opts->listen = flags->listen;
    if (cmd->count("--tls-cert") > 0) opts->tls_cert = flags->tls_cert;
    if (cmd->count("--tls-key") > 0) opts->tls_key = flags->tls_key;
    if (cmd->count("--behind-proxy") > 0) opts->behind_proxy = flags->behind_proxy;
    if (cmd->count("--threads") > 0) opts->threads = flags->threads;
    opts->db = DatabaseFor(global, *c);
    opts->ownership = OwnershipRules(*c);
    if (Status s = server::Serve(*opts); !s) throw CLI::RuntimeError(Error(s.error().message));
  });
}

void AddUser(CLI::App& app, GlobalOptions& global) {
  CLI::App* cmd = app.add_subcommand("user", "Manage local dashboard users");
  cmd->require_subcommand(1);
  struct Args {
    std::string name, role = "viewer", team;
    bool password_stdin = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* add = cmd->add_subcommand("add", "Add a local user (password read from stdin)");
  add->add_option("NAME", a->name)->required();
  add->add_option("--role", a->role, "admin or viewer")->required();
  add->add_option("--team", a->team, "Limit a viewer to this team's assets");
  add->add_flag("--password-stdin", a->password_stdin, "Read the password from stdin")->required();
  add->callback([a, &global] {
    auto store = Open(global, nullptr);
    if (!store) throw CLI::RuntimeError(Error(store.error().message));
    auto existing = (*store)->GetUser(a->name);
    if (!existing) throw CLI::RuntimeError(Error(existing.error().message));
    if (*existing) throw CLI::RuntimeError(Error("user " + a->name + " exists: use `user passwd`"));
    Result<std::string> pw = ReadPasswordStdin();
    if (!pw) throw CLI::RuntimeError(Error(pw.error().message));
    Result<std::string> hash = server::auth::HashPassword(*pw);
    if (!hash) throw CLI::RuntimeError(Error(hash.error().message));
    store::User u{a->name, *hash, a->role, a->team, "local", false, ""};
    if (Status s = (*store)->PutUser(u); !s) throw CLI::RuntimeError(Error(s.error().message));
    (void)(*store)->Audit({0, "", "cli", "user_add", a->name + " role=" + a->role, "cli"});
  });
  auto p = std::make_shared<Args>();
  CLI::App* passwd = cmd->add_subcommand("passwd", "Set a local user's password (from stdin)");
  passwd->add_option("NAME", p->name)->required();
  passwd->add_flag("--password-stdin", p->password_stdin, "Read the password from stdin");
  passwd->callback([p, &global] {
    auto store = Open(global, nullptr);
    if (!store) throw CLI::RuntimeError(Error(store.error().message));
    auto u = (*store)->GetUser(p->name);
    if (!u) throw CLI::RuntimeError(Error(u.error().message));
    if (!*u) throw CLI::RuntimeError(Error("no user " + p->name));
    Result<std::string> pw = ReadPasswordStdin();
    if (!pw) throw CLI::RuntimeError(Error(pw.error().message));
    Result<std::string> hash = server::auth::HashPassword(*pw);
    if (!hash) throw CLI::RuntimeError(Error(hash.error().message));
    (*u)->password_hash = *hash;
    if (Status s = (*store)->PutUser(**u); !s) throw CLI::RuntimeError(Error(s.error().message));
    (void)(*store)->Audit({0, "", "cli", "user_passwd", p->name, "cli"});
  });
  auto d = std::make_shared<std::string>();
  CLI::App* del = cmd->add_subcommand("del", "Delete a user and end their sessions");
  del->add_option("NAME", *d)->required();
  del->callback([d, &global] {
    auto store = Open(global, nullptr);
    if (!store) throw CLI::RuntimeError(Error(store.error().message));
    Result<bool> r = (*store)->DeleteUser(*d);
    if (!r) throw CLI::RuntimeError(Error(r.error().message));
    if (!*r) throw CLI::RuntimeError(Error("no user " + *d));
    (void)(*store)->Audit({0, "", "cli", "user_del", *d, "cli"});
  });
}

void AddToken(CLI::App& app, GlobalOptions& global) {
  CLI::App* cmd = app.add_subcommand("token", "Manage API tokens");
  cmd->require_subcommand(1);
  struct Args {
    std::string name, role = "viewer", team;
  };
  auto a = std::make_shared<Args>();
  CLI::App* create = cmd->add_subcommand("create", "Create a token and print it once");
  create->add_option("--name", a->name)->required();
  create->add_option("--role", a->role, "admin, viewer or ingest (uploads and /vuls only)");
  create->add_option("--team", a->team, "Limit the token to this team");
  create->callback([a, &global] {
    auto store = Open(global, nullptr);
    if (!store) throw CLI::RuntimeError(Error(store.error().message));
    std::string token = server::auth::NewApiToken();
    store::ApiToken t;
    t.name = a->name;
    t.role = a->role;
    t.team = a->team;
    t.token_hash = server::auth::HashToken(token);
    t.created_by = "cli";
    Result<int64_t> id = (*store)->CreateToken(t);
    if (!id) throw CLI::RuntimeError(Error(id.error().message));
    (void)(*store)->Audit({0, "", "cli", "token_create", a->name + " role=" + a->role, "cli"});
    std::printf("%s\n", token.c_str());
  });
  auto name = std::make_shared<std::string>();
  CLI::App* revoke = cmd->add_subcommand("revoke", "Revoke a token by name");
  revoke->add_option("--name", *name)->required();
  revoke->callback([name, &global] {
    auto store = Open(global, nullptr);
    if (!store) throw CLI::RuntimeError(Error(store.error().message));
    Result<bool> r = (*store)->RevokeToken(*name);
    if (!r) throw CLI::RuntimeError(Error(r.error().message));
    if (!*r) throw CLI::RuntimeError(Error("no active token named " + *name));
    (void)(*store)->Audit({0, "", "cli", "token_revoke", *name, "cli"});
  });
}

}  // namespace vs::cli
