// Matching a fleet: inventories repeat the same packages across hosts, so the matches of each
// distinct package (ecosystem, name, version, source name and source version) are evaluated
// once, kept in compact form (PackageMatches: references into the index, no strings), and
// shared by every host that has it; Index::Expand builds a Match when one is needed.
// MatchCache is thread-safe: lookups of cached packages take no lock (only inserting a newly
// evaluated package does); a result, once returned, stays valid and unchanged for the cache's
// lifetime.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "match/index.h"
#include "model/package.h"

namespace vs::match {

class MatchCache {
 public:
  // `index` must outlive the cache and stay unchanged while it is used: results are never
  // re-evaluated, so a cache must be dropped when the advisory data is reloaded.
  explicit MatchCache(const Index& index);
  ~MatchCache();
  MatchCache(const MatchCache&) = delete;
  MatchCache& operator=(const MatchCache&) = delete;

  // The matches of `package`, evaluated on its first use (Index::MatchPackage). Only the
  // ecosystem, name, version, source name and source version identify a package here; other
  // fields are ignored.
  const PackageMatches& Get(const model::Package& package);

  // Get for every package: out[i] = &Get(packages[i]). Looks the packages up together, so that
  // their table slots and entries are fetched from memory in parallel (the fleet path).
  // `out` must be as long as `packages`.
  void GetMany(std::span<const model::Package> packages, std::span<const PackageMatches*> out);

  // Index::MatchPackages through the cache: the same matches, in the same order.
  void MatchPackages(const std::vector<model::Package>& packages, std::vector<Match>& out,
                     std::vector<size_t>* invalid = nullptr);

  // Distinct packages evaluated so far.
  size_t size() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Called once per host with results[i] = the matches of package i of that host. May be called
// from several threads at once.
using HostVisitor =
    std::function<void(size_t host, std::span<const PackageMatches* const> results)>;

// Matches every host's inventory on `threads` threads (at least 1) sharing `cache`, handing
// hosts out one at a time so uneven hosts balance, and calls `visit` for each host.
void MatchHosts(std::span<const std::vector<model::Package>* const> hosts, MatchCache& cache,
                unsigned threads, const HostVisitor& visit);

}  // namespace vs::match
