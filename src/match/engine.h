// The matcher as the rest of the program uses it: the advisory index and the exploit
// intelligence loaded from a store, turning packages into enriched findings. Immutable after
// loading, so one Engine serves concurrent callers.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "match/cache.h"
#include "match/index.h"
#include "match/intel.h"
#include "model/finding.h"
#include "model/package.h"
#include "store/store.h"

namespace vs::match {

struct Engine {
  Index index;
  IntelIndex intel;
};

// Loads every advisory, exploit reference and EPSS score of `store`. Errors: the store's.
Result<Engine> LoadEngine(store::Store& store);

// Matches `packages` and returns findings sorted by severity (desc), package name, then id,
// each enriched with exploit evidence for its CVE and aliases. Indexes of packages whose
// version their ecosystem rejects go to `invalid` when given.
std::vector<model::Finding> FindVulnerabilities(const Engine& engine,
                                                const std::vector<model::Package>& packages,
                                                std::vector<size_t>* invalid = nullptr);

// The same findings, with the matching done through `cache` (built on `engine.index`), so
// that packages seen before — on this or other hosts — are not evaluated again.
std::vector<model::Finding> FindVulnerabilities(const Engine& engine, MatchCache& cache,
                                                const std::vector<model::Package>& packages,
                                                std::vector<size_t>* invalid = nullptr);

// The ecosystem to match an OS's packages in. When the store has no advisories for the OS
// itself but has them for a binary-compatible rebuild of the same release (Rocky, AlmaLinux,
// CentOS, Oracle Linux and RHEL share el<N> packages), that one is used and `note` says so.
std::string ChooseOsEcosystem(const Engine& engine, const model::OsInfo& os, std::string* note);

}  // namespace vs::match
