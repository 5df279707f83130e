#include "cli/context.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "match/engine.h"
#include "match/evaluator.h"
#include "parsers/os_release.h"
#include "version/registry.h"

namespace vs::cli {

int Error(const std::string& message) {
  std::fprintf(stderr, "vulnscope: %s\n", message.c_str());
  return 2;
}

Result<config::Config> LoadConfigFor(const GlobalOptions& global) {
  std::string path = global.config;
  std::error_code ec;
  if (path.empty() && std::filesystem::exists("vulnscope.toml", ec)) path = "vulnscope.toml";
  if (path.empty()) return config::Config{};
  Result<config::Config> cfg = config::LoadConfig(path);
  if (!cfg) return cfg;
  for (const std::string& w : cfg->warnings) std::fprintf(stderr, "vulnscope: %s\n", w.c_str());
  return cfg;
}

std::string DatabaseFor(const GlobalOptions& global, const config::Config& cfg) {
  const char* env = std::getenv("VULNSCOPE_DB");
  bool explicit_db = global.db != "./vulnscope.db" || (env != nullptr && *env != '\0');
  if (!explicit_db && !cfg.database.empty()) return cfg.database;
  return global.db;
}

std::vector<store::OwnershipRule> OwnershipRules(const config::Config& cfg) {
  std::vector<store::OwnershipRule> out;
  for (const config::Ownership& o : cfg.ownership) out.push_back({o.kind, o.pattern, o.team});
  return out;
}

int ApplyCollection(store::Store& store, const config::Config& cfg,
                    const model::Collection& collection, std::optional<match::Engine>& engine) {
  size_t shown = 0;
  for (const std::string& w : collection.warnings) {
    if (++shown > 20) {
      std::fprintf(stderr, "vulnscope: … and %zu more warnings\n", collection.warnings.size() - 20);
      break;
    }
    std::fprintf(stderr, "vulnscope: warning: %s\n", w.c_str());
  }
  if (!engine) {
    Result<match::Engine> loaded = match::LoadEngine(store);
    if (!loaded) return Error(loaded.error().message);
    engine.emplace(std::move(*loaded));
  }
  store::Evaluator ev = match::MakeEvaluator(*engine);
  Result<store::RunSummary> r = store.ApplyCollection(collection, ev, OwnershipRules(cfg));
  if (!r) return Error(collection.source + ": nothing stored: " + r.error().message);
  std::fprintf(stderr,
               "%s: %s — %lld asset(s), %lld package(s), %lld finding(s) opened, %lld resolved, "
               "%lld reopened, %lld asset(s) retired%s%s\n",
               collection.source.c_str(), r->status.c_str(), static_cast<long long>(r->assets),
               static_cast<long long>(r->packages), static_cast<long long>(r->opened),
               static_cast<long long>(r->resolved), static_cast<long long>(r->reopened),
               static_cast<long long>(r->retired),
               r->error.empty() ? "" : "; errors: ", r->error.c_str());
  return r->status == "ok" ? 0 : 2;
}

}  // namespace vs::cli
