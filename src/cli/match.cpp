#include "cli/match.h"

#include <cstdio>
#include <memory>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "match/engine.h"
#include "match/evaluator.h"

namespace vs::cli {
namespace {

int Run(const GlobalOptions& global, bool full) {
  Result<config::Config> cfg = LoadConfigFor(global);
  if (!cfg) return Error(cfg.error().message);
  Result<std::unique_ptr<store::Store>> store = store::OpenStore(DatabaseFor(global, *cfg));
  if (!store) return Error(store.error().message);
  if (full) {
    // A full run also re-applies ownership, so a config change takes effect.
    if (Status s = (*store)->ApplyOwnership(OwnershipRules(*cfg)); !s)
      return Error(s.error().message);
  }
  Result<match::Engine> engine = match::LoadEngine(**store);
  if (!engine) return Error(engine.error().message);
  Result<store::RunSummary> r = (*store)->Rematch(match::MakeEvaluator(*engine), full);
  if (!r) return Error("match: nothing changed: " + r.error().message);
  std::fprintf(stderr,
               "match (%s): %lld asset(s) re-evaluated, %lld finding(s) opened, %lld resolved, "
               "%lld reopened\n",
               full ? "full" : "incremental", static_cast<long long>(r->assets),
               static_cast<long long>(r->opened), static_cast<long long>(r->resolved),
               static_cast<long long>(r->reopened));
  return 0;
}

}  // namespace

void AddMatch(CLI::App& app, GlobalOptions& global) {
  auto full = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand(
      "match",
      "Re-evaluate stored inventories: by default those holding a package a feed change "
      "touched since the last match; --full for every asset");
  cmd->add_flag("--full", *full, "Re-evaluate every asset and refresh all exploit evidence");
  cmd->callback([full, &global] {
    int rc = Run(global, *full);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace vs::cli
