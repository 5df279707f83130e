// The in-memory advisory index: (ecosystem key, normalised package name) → affected ranges,
// evaluated with the ecosystem's version scheme under the OSV range algorithm. Built once from
// the store at start-up; immutable afterwards, so concurrent Match calls are safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/advisory.h"
#include "model/package.h"

namespace vs::match {

// One vulnerability of one package. Several advisories naming the same vulnerability (CVE ↔
// GHSA ↔ PYSEC ↔ distro ids) are merged into one Match.
struct Match {
  size_t package_index = 0;               // Position of the package in the input.
  std::string vulnerability_id;           // The CVE when there is one, else the advisory id.
  std::vector<std::string> aliases;       // Every other id, sorted.
  std::vector<std::string> advisory_ids;  // Advisories that matched, sorted.
  model::Severity severity = model::Severity::kUnknown;
  double cvss_score = -1;
  std::string cvss_vector;
  std::string fixed_version;  // Nearest fixed version above the installed one; "" = no fix yet.
  std::string summary;
};

// A Match as references into the index, with no strings of its own: the compact form the
// fleet path keeps per distinct package (see MatchCache). Index::Expand builds the Match.
struct MatchRef {
  std::string_view vulnerability_id;  // Views into the index's advisories and events.
  std::string_view fixed_version;     // "" = no fix yet.
  model::Severity severity = model::Severity::kUnknown;
  double cvss_score = -1;
  uint32_t cvss_advisory = UINT32_MAX;     // Advisory whose vector goes with the score, if any.
  uint32_t summary_advisory = UINT32_MAX;  // Advisory whose summary is reported, if any.
  uint32_t first = 0, count = 0;           // Its contributions in PackageMatches::contributions.
};

// The matches of one package in compact form.
struct PackageMatches {
  bool invalid = false;  // The ecosystem's scheme rejects the version: no matches.
  std::vector<MatchRef> matches;
  // Per match, the advisories that matched (index-internal numbers; the top bit says the
  // advisory's aliases are the vulnerability's aliases too).
  std::vector<uint32_t> contributions;
};

struct IndexStats {
  size_t advisories = 0;
  size_t affected_entries = 0;
  size_t keys = 0;
  size_t skipped_unsupported_ecosystem = 0;  // Affected entries we cannot order (GIT-only, …).
  size_t skipped_invalid_ranges = 0;         // Ranges with an event version the scheme rejects.
};

class Index {
 public:
  Index();
  ~Index();
  Index(Index&&) noexcept;
  Index& operator=(Index&&) noexcept;

  // Adds one advisory (takes ownership). Duplicate ids from several sources: the one with the
  // newest `modified` wins.
  void Add(model::Advisory&& advisory);
  // Finishes building: sorts events, resolves duplicates. Call once, before Match.
  void Finish();

  // Appends to `out` the vulnerabilities affecting `packages[i]` for every i. Packages whose
  // version the scheme rejects produce no match and are reported in `invalid` (indexes).
  void MatchPackages(const std::vector<model::Package>& packages, std::vector<Match>& out,
                     std::vector<size_t>* invalid = nullptr) const;

  // The vulnerabilities affecting `package` in compact form, in MatchPackages' order. An
  // unsupported ecosystem matches nothing; a version its scheme rejects sets `invalid`.
  PackageMatches MatchPackage(const model::Package& package) const;

  // The Match for `pm.matches[i]` of a package at `package_index`. `pm` must come from this
  // index.
  Match Expand(const PackageMatches& pm, size_t i, size_t package_index) const;

  // The advisory with `id` (or with `id` among its aliases), or nullptr.
  const model::Advisory* FindAdvisory(std::string_view id) const;

  // Whether any advisory is filed under the ecosystem key (see EcosystemKey).
  bool HasEcosystem(std::string_view ecosystem_key) const;

  const IndexStats& stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The key advisories and packages are filed under: "Ubuntu:22.04:LTS" → "Ubuntu:22.04",
// "Maven:https://repo…" → "Maven", "PyPI" → "PyPI". Empty when the ecosystem is unsupported.
std::string EcosystemKey(std::string_view ecosystem);

// Package name as the ecosystem compares them: PEP 503 for PyPI, lower case for npm, NuGet,
// Packagist and crates.io ('_' and '-' equal), unchanged elsewhere.
std::string NormalisePackageName(std::string_view ecosystem_key, std::string_view name);

}  // namespace vs::match
