#include "cli/context.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "match/engine.h"
#include "match/evaluator.h"
#include "parsers/os_release.h"
#include "version/registry.h"

namespace vs::cli {

// "--os debian:12", "--os rocky:9.3" (os-release ID:VERSION_ID) or an OSV ecosystem
// ("AlmaLinux:9", "Ubuntu:22.04:LTS").
Result<model::OsInfo> ParseOsOption(const std::string& value) {
  Result<version::Ecosystem> eco = version::ResolveEcosystem(value);
  if (eco && eco->is_os && !eco->release.empty()) {
    model::OsInfo os;
    for (char c : eco->name)
      os.family.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    os.release = std::string(eco->release);
    os.ecosystem = value;
    return os;
  }
  size_t colon = value.find(':');
  if (colon != std::string::npos) {
    if (auto os = parsers::OsInfoFor(value.substr(0, colon), value.substr(colon + 1))) return *os;
  }
  return Fail(ErrorCode::kInvalidInput,
              "--os " + value +
                  ": expected ID:VERSION (debian:12, rocky:9) or an OSV ecosystem (AlmaLinux:9)");
}

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
                    const model::Collection& collection) {
  Result<match::Engine> engine = match::LoadEngine(store);
  if (!engine) return Error(engine.error().message);
  store::Evaluator ev = match::MakeEvaluator(*engine);
  Result<store::RunSummary> r = store.ApplyCollection(collection, ev, OwnershipRules(cfg));
  if (!r) return Error(collection.source + ": nothing stored: " + r.error().message);
  std::fprintf(stderr,
               "%s: %s — %lld asset(s), %lld package(s), %lld finding(s) opened, %lld resolved, "
               "%lld reopened, %lld asset(s) retired%s%s\n",
               collection.source.c_str(), r->status.c_str(), static_cast<long long>(r->assets),
               static_cast<long long>(r->packages), static_cast<long long>(r->opened),
               static_cast<long long>(r->resolved), static_cast<long long>(r->reopened),
               static_cast<long long>(r->retired), r->error.empty() ? "" : "; errors: ",
               r->error.c_str());
  return r->status == "ok" ? 0 : 2;
}

}  // namespace vs::cli
