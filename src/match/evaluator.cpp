#include "match/evaluator.h"

#include <memory>

#include "match/cache.h"

namespace vs::match {

store::Evaluator MakeEvaluator(const Engine& engine) {
  store::Evaluator ev;
  // Fleets repeat the same (package, version) on many assets: each is evaluated once per
  // engine (the cache lives as long as this evaluator).
  auto cache = std::make_shared<MatchCache>(engine.index);
  ev.match = [&engine, cache](const model::Asset& asset,
                              const std::vector<model::Package>& packages) {
    std::vector<model::Package> pkgs = packages;
    std::string os_eco, matched_eco;
    if (asset.os && !asset.os->ecosystem.empty()) {
      os_eco = asset.os->ecosystem;
      std::string note;
      matched_eco = ChooseOsEcosystem(engine, *asset.os, &note);
      for (model::Package& p : pkgs)
        if (p.ecosystem.empty() || p.ecosystem == os_eco) p.ecosystem = matched_eco;
    }
    std::vector<model::Finding> found = FindVulnerabilities(engine, *cache, pkgs);
    // Report OS packages under the asset's own OS even when a rebuild's advisories matched.
    if (!os_eco.empty() && matched_eco != os_eco) {
      for (model::Finding& f : found)
        if (f.package.ecosystem == matched_eco) f.package.ecosystem = os_eco;
    }
    return found;
  };
  ev.enrich = [&engine](const std::string& id, const std::vector<std::string>& aliases) {
    std::vector<std::string_view> ids;
    ids.reserve(aliases.size() + 1);
    ids.push_back(id);
    for (const std::string& a : aliases) ids.push_back(a);
    return engine.intel.Lookup(ids);
  };
  return ev;
}

}  // namespace vs::match
