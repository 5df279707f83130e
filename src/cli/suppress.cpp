#include "cli/suppress.h"

#include <cstdio>
#include <cstdlib>
#include <memory>

#include <CLI/CLI.hpp>
#include <unistd.h>

#include "cli/context.h"

namespace vs::cli {
namespace {

Result<std::unique_ptr<store::Store>> Open(const GlobalOptions& global) {
  Result<config::Config> cfg = LoadConfigFor(global);
  if (!cfg) return Fail(cfg.error());
  return store::OpenStore(DatabaseFor(global, *cfg));
}

// "2026-12-31" means the end of that day, UTC.
std::string NormaliseExpiry(const std::string& s) {
  if (s.size() == 10 && s[4] == '-' && s[7] == '-') return s + "T23:59:59Z";
  return s;
}

}  // namespace

void AddSuppress(CLI::App& app, GlobalOptions& global) {
  CLI::App* cmd = app.add_subcommand("suppress", "Manage suppressions (accepted risks)");
  cmd->require_subcommand(1);

  auto s = std::make_shared<store::Suppression>();
  CLI::App* add = cmd->add_subcommand("add", "Suppress a vulnerability (optionally scoped)");
  add->add_option("--vuln,--cve", s->vulnerability_id, "Vulnerability id or any alias")->required();
  add->add_option("--package", s->package, "Only this package");
  add->add_option("--asset", s->asset, "Only this asset (name or key)");
  add->add_option("--team", s->team, "Only this team's assets");
  add->add_option("--reason", s->reason, "Why the risk is accepted")->required();
  add->add_option("--expires", s->expires_at, "Expiry (YYYY-MM-DD or RFC 3339)");
  add->add_option("--author", s->author, "Who decided (default: $USER)");
  add->callback([s, &global] {
    if (s->author.empty()) {
      const char* user = std::getenv("USER");
      s->author = user != nullptr ? user : "cli";
    }
    s->expires_at = NormaliseExpiry(s->expires_at);
    auto store = Open(global);
    if (!store) throw CLI::RuntimeError(Error(store.error().message));
    Result<int64_t> id = (*store)->AddSuppression(*s);
    if (!id) throw CLI::RuntimeError(Error(id.error().message));
    std::printf("%lld\n", static_cast<long long>(*id));
  });

  CLI::App* list = cmd->add_subcommand("list", "List suppressions");
  list->callback([&global] {
    auto store = Open(global);
    if (!store) throw CLI::RuntimeError(Error(store.error().message));
    auto all = (*store)->Suppressions();
    if (!all) throw CLI::RuntimeError(Error(all.error().message));
    for (const store::Suppression& x : *all) {
      std::printf("%lld\t%s\tpackage=%s\tasset=%s\tteam=%s\texpires=%s\tby=%s\t%s\n",
                  static_cast<long long>(x.id), x.vulnerability_id.c_str(),
                  x.package.empty() ? "*" : x.package.c_str(),
                  x.asset.empty() ? "*" : x.asset.c_str(), x.team.empty() ? "*" : x.team.c_str(),
                  x.expires_at.empty() ? "never" : x.expires_at.c_str(), x.author.c_str(),
                  x.reason.c_str());
    }
  });

  auto id = std::make_shared<int64_t>(0);
  CLI::App* rm = cmd->add_subcommand("remove", "Remove a suppression");
  rm->add_option("ID", *id, "Suppression id")->required();
  rm->callback([id, &global] {
    auto store = Open(global);
    if (!store) throw CLI::RuntimeError(Error(store.error().message));
    if (Status st = (*store)->RemoveSuppression(*id); !st)
      throw CLI::RuntimeError(Error(st.error().message));
  });
}

}  // namespace vs::cli
