#include "cli/serve.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

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
  if (line.size() < 12)
    return Fail(ErrorCode::kInvalidInput, "passwords need at least 12 characters");
  return line;
}

}  // namespace

void AddServe(CLI::App& app, GlobalOptions& global) {
  auto opts = std::make_shared<server::ServeOptions>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve the dashboard, JSON API, ingestion and /metrics");
  cmd->add_option("--listen", opts->listen, "HOST:PORT (default 127.0.0.1:8080)");
  cmd->add_option("--tls-cert", opts->tls_cert, "PEM certificate (with --tls-key: HTTPS)");
  cmd->add_option("--tls-key", opts->tls_key, "PEM private key");
  cmd->add_flag("--behind-proxy", opts->behind_proxy,
                "Trust X-Forwarded-For/-Proto from a reverse proxy (cookies become Secure)");
  cmd->add_option("--threads", opts->threads, "Worker threads (default: cores × 4)");
  cmd->callback([opts, &global] {
    config::Config cfg;
    Result<config::Config> c = LoadConfigFor(global);
    if (!c) throw CLI::RuntimeError(Error(c.error().message));
    cfg = *c;
    opts->db = DatabaseFor(global, cfg);
    opts->ownership = OwnershipRules(cfg);
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
