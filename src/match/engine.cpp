#include "match/engine.h"

#include <algorithm>

namespace vs::match {

Result<Engine> LoadEngine(store::Store& store) {
  Engine engine;
  if (Status s =
          store.ForEachAdvisory([&](model::Advisory&& a) { engine.index.Add(std::move(a)); });
      !s) {
    return Fail(s.error());
  }
  engine.index.Finish();
  if (Status s = store.ForEachExploit([&](model::ExploitRef&& e) { engine.intel.Add(e); }); !s) {
    return Fail(s.error());
  }
  if (Status s = store.ForEachEpss([&](model::EpssScore&& e) { engine.intel.Add(e); }); !s) {
    return Fail(s.error());
  }
  engine.intel.Finish();
  return engine;
}

namespace {

// Findings from matches: exploit evidence added, sorted for output.
std::vector<model::Finding> ToFindings(const Engine& engine,
                                       const std::vector<model::Package>& packages,
                                       std::vector<Match>& matches) {
  std::vector<model::Finding> out;
  out.reserve(matches.size());
  std::vector<std::string_view> ids;
  for (Match& m : matches) {
    model::Finding f;
    ids.clear();
    ids.push_back(m.vulnerability_id);
    for (const std::string& a : m.aliases) ids.push_back(a);
    f.exploit = engine.intel.Lookup(ids);
    f.vulnerability_id = std::move(m.vulnerability_id);
    f.aliases = std::move(m.aliases);
    f.advisory_ids = std::move(m.advisory_ids);
    f.severity = m.severity;
    f.cvss_score = m.cvss_score;
    f.cvss_vector = std::move(m.cvss_vector);
    f.package = packages[m.package_index];
    f.fixed_version = std::move(m.fixed_version);
    f.summary = std::move(m.summary);
    out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(), [](const model::Finding& a, const model::Finding& b) {
    if (a.severity != b.severity) return a.severity > b.severity;
    if (a.package.name != b.package.name) return a.package.name < b.package.name;
    if (a.package.version != b.package.version) return a.package.version < b.package.version;
    return a.vulnerability_id < b.vulnerability_id;
  });
  return out;
}

}  // namespace

std::vector<model::Finding> FindVulnerabilities(const Engine& engine,
                                                const std::vector<model::Package>& packages,
                                                std::vector<size_t>* invalid) {
  std::vector<Match> matches;
  engine.index.MatchPackages(packages, matches, invalid);
  return ToFindings(engine, packages, matches);
}

std::vector<model::Finding> FindVulnerabilities(const Engine& engine, MatchCache& cache,
                                                const std::vector<model::Package>& packages,
                                                std::vector<size_t>* invalid) {
  std::vector<Match> matches;
  cache.MatchPackages(packages, matches, invalid);
  return ToFindings(engine, packages, matches);
}

std::string ChooseOsEcosystem(const Engine& engine, const model::OsInfo& os, std::string* note) {
  std::string key = EcosystemKey(os.ecosystem);
  if (key.empty() || engine.index.HasEcosystem(key)) return os.ecosystem;
  size_t colon = os.ecosystem.find(':');
  if (colon == std::string::npos) return os.ecosystem;
  std::string name = os.ecosystem.substr(0, colon);
  std::string release = os.ecosystem.substr(colon + 1);
  static constexpr std::string_view kElFamily[] = {"AlmaLinux", "Rocky Linux", "Red Hat", "CentOS",
                                                   "Oracle Linux"};
  bool el = std::find(std::begin(kElFamily), std::end(kElFamily), name) != std::end(kElFamily);
  if (!el) return os.ecosystem;
  for (std::string_view alt : kElFamily) {
    if (alt == name) continue;
    std::string candidate = std::string(alt) + ":" + release;
    if (engine.index.HasEcosystem(EcosystemKey(candidate))) {
      if (note != nullptr) {
        *note = "no " + os.ecosystem + " advisories in the database; matched against " + candidate +
                " (a binary-compatible rebuild of the same release)";
      }
      return candidate;
    }
  }
  return os.ecosystem;
}

}  // namespace vs::match
