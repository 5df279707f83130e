#include "match/index.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "version/registry.h"
#include "version/util.h"

namespace vs::match {
namespace {

using version::Scheme;

// Transparent hashing so lookups by string_view do not allocate.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// Versions are compared once per package, not once per event: every event version of a key
// is placed in a sorted table of that key's distinct versions (per scheme), and an installed
// version is located in the table by binary search. Positions are then plain integers:
// table entry j has position 2j+1; a version strictly between entries j-1 and j has 2j.
constexpr uint32_t kBeforeAll = 0;
constexpr uint32_t kAfterAll = UINT32_MAX;

struct Event {
  model::EventKind kind;
  std::string_view version;
  bool unbounded;  // introduced "0" (before everything) or limit "*" (after everything).
  uint32_t pos = 0;
};

struct Range {
  const Scheme* scheme;
  std::vector<Event> timeline;  // Sorted by position; introduced first on ties.
  std::vector<Event> limits;
  uint32_t table = 0;
};

struct RankTable {
  const Scheme* scheme;
  std::vector<std::string_view> versions;  // Distinct under the scheme, ascending.
};

// Whether fix `f` (rank `fp` in table `t`) is nearer than the fix kept so far (`cur`, rank
// `cur_pos` in `cur_table`; none yet when empty). Fixes ranked in the same table of `scheme`
// compare by rank, which orders exactly as the scheme does; others through the scheme.
bool NearerFix(const Scheme* scheme, std::string_view f, const RankTable* t, uint32_t fp,
               std::string_view cur, const RankTable* cur_table, uint32_t cur_pos) {
  if (cur.empty()) return true;
  if (t == cur_table && t->scheme == scheme) return fp < cur_pos;
  return scheme->compare(f, cur).value_or(0) < 0;
}

// Position of `v` in `t` (see above). `v` must be valid under the table's scheme.
uint32_t Locate(const RankTable& t, std::string_view v) {
  size_t lo = 0, hi = t.versions.size();
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (t.scheme->compare(t.versions[mid], v).value_or(0) < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  bool equal = lo < t.versions.size() && t.scheme->compare(t.versions[lo], v).value_or(1) == 0;
  return static_cast<uint32_t>(2 * lo + (equal ? 1 : 0));
}

struct Entry {
  uint32_t advisory;
  uint32_t affected;
  const Scheme* scheme;
  std::vector<Range> ranges;
  // Explicitly listed versions (osv.dev enumerates hundreds per record), for exact lookup.
  std::unordered_set<std::string_view> listed;
};

// Result of evaluating one entry against one version.
struct Hit {
  uint32_t advisory;
  uint32_t affected;
  std::string_view fixed;  // Empty: no fix known.
  // The fix's rank in `table` (see Locate), so that fixes are ordered without re-parsing.
  const RankTable* table = nullptr;
  uint32_t fixed_pos = 0;
};

bool IsCve(std::string_view id) { return id.size() > 4 && id.substr(0, 4) == "CVE-"; }

int CompareEvent(uint32_t v, const Event& e) {
  if (e.unbounded) return e.kind == model::EventKind::kLimit ? -1 : 1;
  return v < e.pos ? -1 : (v > e.pos ? 1 : 0);
}

// OSV range evaluation (osv-schema "Evaluation"): walk the sorted timeline; a version is
// affected if the last event at or below it opened the range. Returns the fix that closes it.
// `v` is the installed version's position in the range's table.
bool EvaluateRange(const Range& r, uint32_t v, std::string_view* fixed, uint32_t* fixed_pos) {
  if (!r.limits.empty()) {
    bool below = false;
    for (const Event& l : r.limits) {
      if (CompareEvent(v, l) < 0) {
        below = true;
        break;
      }
    }
    if (!below) return false;
  }
  bool vulnerable = false;
  size_t i = 0;
  for (; i < r.timeline.size(); ++i) {
    const Event& e = r.timeline[i];
    int c = CompareEvent(v, e);  // sign of v - event
    if (e.kind == model::EventKind::kIntroduced) {
      if (c < 0) break;
      vulnerable = true;
    } else if (e.kind == model::EventKind::kFixed) {
      if (c < 0) break;
      vulnerable = false;
    } else if (e.kind == model::EventKind::kLastAffected) {
      if (c <= 0) {
        // v is at or below the last affected version: later events are all above v.
        if (c < 0) break;
        continue;
      }
      vulnerable = false;
    }
  }
  if (!vulnerable) return false;
  *fixed = {};
  for (; i < r.timeline.size(); ++i) {
    const Event& e = r.timeline[i];
    if (e.kind == model::EventKind::kFixed) {
      *fixed = e.version;
      *fixed_pos = e.pos;
      break;
    }
    if (e.kind == model::EventKind::kLastAffected) break;
  }
  return true;
}

bool VersionListed(const Scheme* scheme, const model::Affected& af, std::string_view v) {
  for (const std::string& listed : af.versions) {
    if (listed == v) return true;
    Result<int> r = scheme->compare(v, listed);
    if (r && *r == 0) return true;
  }
  return false;
}

int SeverityRank(model::Severity s) { return static_cast<int>(s); }

// Appends the key of a resolved ecosystem (see EcosystemKey) to `out`.
void AppendEcosystemKey(const version::Ecosystem& eco, std::string& out) {
  out.append(eco.name);
  if (!eco.is_os) return;  // Language ecosystems: a release suffix is a registry URL.
  std::string_view release = eco.release;
  // "Ubuntu:22.04:LTS" and "Ubuntu:22.04" are the same release for matching.
  if (release.size() > 4 && release.substr(release.size() - 4) == ":LTS") {
    release.remove_suffix(4);
  }
  if (!release.empty()) out.append(":").append(release);
}

// Appends `name` normalised for the ecosystem `key` (see NormalisePackageName) to `out`.
void AppendNormalisedName(std::string_view key, std::string_view name, std::string& out) {
  if (key == "PyPI") {
    // PEP 503: lower case, runs of '-', '_' and '.' become one '-'.
    size_t start = out.size();
    for (char c : name) {
      if (c == '-' || c == '_' || c == '.') {
        if (out.size() == start || out.back() != '-') out.push_back('-');
      } else {
        out.push_back(version::ToLower(c));
      }
    }
  } else if (key == "npm" || key == "NuGet" || key == "Packagist") {
    for (char c : name) out.push_back(version::ToLower(c));
  } else if (key == "crates.io") {
    for (char c : name) out.push_back(c == '_' ? '-' : version::ToLower(c));
  } else {
    out.append(name);
  }
}

}  // namespace

std::string EcosystemKey(std::string_view ecosystem) {
  Result<version::Ecosystem> eco = version::ResolveEcosystem(ecosystem);
  if (!eco) return {};
  std::string key;
  AppendEcosystemKey(*eco, key);
  return key;
}

std::string NormalisePackageName(std::string_view key, std::string_view name) {
  std::string out;
  out.reserve(name.size());
  AppendNormalisedName(key, name, out);
  return out;
}

struct Index::Impl {
  std::vector<model::Advisory> advisories;
  std::unordered_map<std::string, size_t, StringHash, std::equal_to<>> by_id;
  struct KeyData {
    std::vector<Entry> entries;
    std::vector<RankTable> tables;
  };
  std::unordered_map<std::string, KeyData, StringHash, std::equal_to<>> by_key;
  std::unordered_map<std::string, size_t, StringHash, std::equal_to<>> by_alias;
  std::unordered_set<std::string, StringHash, std::equal_to<>> ecosystems;
  // Every vulnerability id numbered (views into `advisories`), and per advisory the ones it
  // stands for when it matches a language package (`lang`) or an OS package (`os`), in the
  // order they are reported. Computed once here instead of once per matching package.
  std::vector<std::string_view> vuln_names;
  struct VulnIds {
    std::vector<uint32_t> lang, os;
    // Whether the advisory's aliases are the vulnerability's aliases too: it names at most one
    // CVE (a distro advisory fixing several has aliases that belong to none in particular).
    bool lang_aliases = true, os_aliases = true;
  };
  std::vector<VulnIds> vuln_ids;
  IndexStats stats;

  // Per-thread working memory of MatchOne, so matching a package allocates only its output.
  struct Scratch {
    std::vector<Hit> hits;
    std::string eco_key, key;
    // Per vulnerability number: (epoch << 32) | its match's position. Entries from earlier
    // calls (older epochs) are stale, so nothing is cleared between packages.
    std::vector<uint64_t> slot;
    uint32_t epoch = 0;
    std::vector<std::pair<uint32_t, uint32_t>> contributions;     // (match, advisory | flag).
    std::vector<std::pair<const RankTable*, uint32_t>> fix_rank;  // Per match, as in Hit.
  };

  void Build();
  static void BuildTables(KeyData& data);
  void Evaluate(std::string_view key, std::string_view version, std::vector<Hit>& hits) const;
  void MatchOne(const model::Package& p, PackageMatches& out, Scratch& s) const;
};

void Index::Impl::BuildTables(KeyData& data) {
  // One table per scheme used by the key's ranges (ECOSYSTEM and SEMVER ranges may differ).
  for (Entry& e : data.entries) {
    for (Range& r : e.ranges) {
      size_t t = 0;
      while (t < data.tables.size() && data.tables[t].scheme != r.scheme) ++t;
      if (t == data.tables.size()) data.tables.push_back({r.scheme, {}});
      r.table = static_cast<uint32_t>(t);
      for (const auto* list : {&r.timeline, &r.limits})
        for (const Event& ev : *list)
          if (!ev.unbounded) data.tables[t].versions.push_back(ev.version);
    }
  }
  for (RankTable& t : data.tables) {
    const Scheme* scheme = t.scheme;
    auto less = [scheme](std::string_view a, std::string_view b) {
      return scheme->compare(a, b).value_or(0) < 0;
    };
    std::sort(t.versions.begin(), t.versions.end(), less);
    t.versions.erase(std::unique(t.versions.begin(), t.versions.end(),
                                 [scheme](std::string_view a, std::string_view b) {
                                   return scheme->compare(a, b).value_or(1) == 0;
                                 }),
                     t.versions.end());
  }
  for (Entry& e : data.entries) {
    for (Range& r : e.ranges) {
      const RankTable& t = data.tables[r.table];
      for (auto* list : {&r.timeline, &r.limits}) {
        for (Event& ev : *list) {
          if (ev.unbounded) {
            ev.pos = ev.kind == model::EventKind::kLimit ? kAfterAll : kBeforeAll;
          } else {
            ev.pos = Locate(t, ev.version);
          }
        }
      }
      std::stable_sort(r.timeline.begin(), r.timeline.end(), [](const Event& x, const Event& y) {
        if (x.pos != y.pos) return x.pos < y.pos;
        // Ties: introduced before fixed/last_affected (formats.md §8).
        return x.kind == model::EventKind::kIntroduced && y.kind != model::EventKind::kIntroduced;
      });
    }
  }
}

Index::Index() : impl_(std::make_unique<Impl>()) {}
Index::~Index() = default;
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;

void Index::Add(model::Advisory&& advisory) {
  auto it = impl_->by_id.find(advisory.id);
  if (it != impl_->by_id.end()) {
    model::MergeAdvisory(impl_->advisories[it->second], std::move(advisory));
    return;
  }
  impl_->by_id.emplace(advisory.id, impl_->advisories.size());
  impl_->advisories.push_back(std::move(advisory));
}

void Index::Finish() { impl_->Build(); }

void Index::Impl::Build() {
  stats = {};
  stats.advisories = advisories.size();
  vuln_ids.assign(advisories.size(), {});
  vuln_names.clear();
  std::unordered_map<std::string_view, uint32_t> vuln_numbers;
  for (uint32_t ai = 0; ai < advisories.size(); ++ai) {
    const model::Advisory& a = advisories[ai];
    // One vulnerability per CVE the advisory names (its id, then its aliases); distro
    // advisories (ALSA, RLSA, RHSA, USN, …) list the CVEs they fix under `related` (formats.md
    // §8), so for OS packages those are vulnerabilities too. No CVE: the advisory's own id.
    VulnIds& vids = vuln_ids[ai];
    std::unordered_set<std::string_view> seen;
    auto number = [&](std::string_view id) {
      auto [it, added] = vuln_numbers.emplace(id, static_cast<uint32_t>(vuln_names.size()));
      if (added) vuln_names.push_back(id);
      return it->second;
    };
    auto add = [&](std::vector<uint32_t>& list, std::string_view id) {
      if (IsCve(id) && seen.insert(id).second) list.push_back(number(id));
    };
    add(vids.lang, a.id);
    for (const std::string& alias : a.aliases) add(vids.lang, alias);
    vids.os = vids.lang;
    for (const std::string& rel : a.related) add(vids.os, rel);
    vids.lang_aliases = vids.lang.size() <= 1;
    vids.os_aliases = vids.os.size() <= 1;
    if (vids.lang.empty()) vids.lang.push_back(number(a.id));
    if (vids.os.empty()) vids.os.push_back(number(a.id));
    for (const std::string& alias : a.aliases) by_alias.emplace(alias, ai);
    for (uint32_t fi = 0; fi < a.affected.size(); ++fi) {
      const model::Affected& af = a.affected[fi];
      ++stats.affected_entries;
      std::string key = EcosystemKey(af.ecosystem);
      Result<version::Ecosystem> eco = version::ResolveEcosystem(af.ecosystem);
      if (key.empty() || !eco) {
        ++stats.skipped_unsupported_ecosystem;
        continue;
      }
      Entry entry{ai, fi, eco->scheme, {}, {}};
      for (const std::string& v : af.versions) entry.listed.insert(v);
      Result<const Scheme*> semver = version::FindScheme("semver");
      for (const model::AffectedRange& r : af.ranges) {
        if (r.type == model::RangeType::kGit)
          continue;  // Needs the commit graph; versions[] covers it.
        Range range{r.type == model::RangeType::kSemver ? *semver : eco->scheme, {}, {}};
        bool valid = true;
        for (const model::RangeEvent& e : r.events) {
          bool unbounded = (e.kind == model::EventKind::kIntroduced && e.version == "0") ||
                           (e.kind == model::EventKind::kLimit && e.version == "*");
          if (!unbounded && !range.scheme->validate(e.version)) {
            valid = false;
            break;
          }
          Event ev{e.kind, e.version, unbounded};
          (e.kind == model::EventKind::kLimit ? range.limits : range.timeline).push_back(ev);
        }
        if (!valid) {
          ++stats.skipped_invalid_ranges;
          continue;
        }
        entry.ranges.push_back(std::move(range));
      }
      if (entry.ranges.empty() && af.versions.empty()) continue;
      ecosystems.insert(key);
      by_key[key + '\0' + NormalisePackageName(key, af.package)].entries.push_back(
          std::move(entry));
    }
  }
  for (auto& [key, data] : by_key) BuildTables(data);
  stats.keys = by_key.size();
}

void Index::Impl::Evaluate(std::string_view key, std::string_view version,
                           std::vector<Hit>& hits) const {
  auto it = by_key.find(key);
  if (it == by_key.end()) return;
  const KeyData& data = it->second;
  // The installed version's position in each table; kAfterAll marks "invalid under it".
  uint32_t positions[8];
  std::vector<uint32_t> more;
  uint32_t* pos = positions;
  if (data.tables.size() > 8) {
    more.resize(data.tables.size());
    pos = more.data();
  }
  for (size_t t = 0; t < data.tables.size(); ++t) {
    const RankTable& table = data.tables[t];
    pos[t] = table.scheme->validate(version) ? Locate(table, version) : kAfterAll;
  }
  for (const Entry& e : data.entries) {
    bool found = false;
    std::string_view fixed;
    const RankTable* fixed_table = nullptr;
    uint32_t fixed_pos = 0;
    for (const Range& r : e.ranges) {
      if (pos[r.table] == kAfterAll) continue;
      std::string_view f;
      uint32_t fp = 0;
      if (EvaluateRange(r, pos[r.table], &f, &fp)) {
        // Several ranges (branches) may match; report the nearest fix.
        const RankTable* t = &data.tables[r.table];
        if (!found ||
            (!f.empty() && NearerFix(r.scheme, f, t, fp, fixed, fixed_table, fixed_pos))) {
          fixed = f;
          fixed_table = t;
          fixed_pos = fp;
        }
        found = true;
      }
    }
    // versions[] is matched by exact string; equality under the scheme ("1.0" == "1.0.0") is
    // only consulted when no range could be evaluated, since osv.dev derives the list from the
    // ranges and comparing against hundreds of entries per record dominates matching time.
    if (!found && !e.listed.empty()) {
      found = e.listed.count(version) > 0 ||
              (e.ranges.empty() &&
               VersionListed(e.scheme, advisories[e.advisory].affected[e.affected], version));
    }
    if (found) hits.push_back({e.advisory, e.affected, fixed, fixed_table, fixed_pos});
  }
}

constexpr uint32_t kWithAliases = 1u << 31;  // PackageMatches::contributions flag.

void Index::Impl::MatchOne(const model::Package& p, PackageMatches& out, Scratch& s) const {
  out.invalid = false;
  out.matches.clear();
  out.contributions.clear();
  Result<version::Ecosystem> eco = version::ResolveEcosystem(p.ecosystem);
  if (!eco) return;  // Unsupported ecosystem: nothing to match, not an invalid version.
  if (!eco->scheme->validate(p.version)) {
    out.invalid = true;
    return;
  }
  s.eco_key.clear();
  AppendEcosystemKey(*eco, s.eco_key);
  s.hits.clear();
  // OS advisories are filed under source package names (dpkg Source:, SOURCERPM, apk
  // origin) in most feeds and binary names in others (ALAS): look up both.
  auto lookup = [&](std::string_view name, std::string_view version) {
    s.key.assign(s.eco_key).push_back('\0');
    AppendNormalisedName(s.eco_key, name, s.key);
    Evaluate(s.key, version, s.hits);
  };
  lookup(p.name, p.version);
  if (eco->is_os && !p.source_name.empty() && p.source_name != p.name) {
    std::string_view sv = p.source_version.empty() ? std::string_view(p.version) : p.source_version;
    if (eco->scheme->validate(sv)) lookup(p.source_name, sv);
  }
  if (s.hits.empty()) return;

  // One match per vulnerability, in order of first appearance: an advisory naming at most one
  // CVE is that vulnerability; a distro advisory fixing several CVEs yields one per CVE.
  std::vector<MatchRef>& refs = out.matches;
  s.contributions.clear();
  s.fix_rank.clear();
  if (s.slot.size() < vuln_names.size()) s.slot.resize(vuln_names.size(), 0);
  if (++s.epoch == 0) {  // Wrapped: forget every old entry.
    std::fill(s.slot.begin(), s.slot.end(), 0);
    s.epoch = 1;
  }
  const uint64_t epoch = uint64_t{s.epoch} << 32;
  auto find_or_add = [&](uint32_t vid) -> uint32_t {
    uint64_t& slot = s.slot[vid];
    if ((slot & ~uint64_t{UINT32_MAX}) == epoch) return static_cast<uint32_t>(slot);
    slot = epoch | refs.size();
    refs.emplace_back().vulnerability_id = vuln_names[vid];
    s.fix_rank.emplace_back(nullptr, 0);
    return static_cast<uint32_t>(refs.size() - 1);
  };
  for (const Hit& h : s.hits) {
    const model::Advisory& a = advisories[h.advisory];
    const model::Affected& af = a.affected[h.affected];
    const VulnIds& v = vuln_ids[h.advisory];
    const std::vector<uint32_t>& ids = eco->is_os ? v.os : v.lang;
    uint32_t with_aliases = (eco->is_os ? v.os_aliases : v.lang_aliases) ? kWithAliases : 0;
    // Severity precedence (like Trivy): for OS packages the distro's per-package rating, then
    // the advisory's own rating, then the CVSS score; language packages use the advisory's
    // rating (GHSA), then CVSS.
    model::Severity sev = model::Severity::kUnknown;
    if (eco->is_os && af.severity != model::Severity::kUnknown) sev = af.severity;
    if (sev == model::Severity::kUnknown) sev = a.severity;
    if (sev == model::Severity::kUnknown && a.cvss_score >= 0)
      sev = model::SeverityFromScore(a.cvss_score);
    for (uint32_t vid : ids) {
      uint32_t mi = find_or_add(vid);
      MatchRef& m = refs[mi];
      s.contributions.emplace_back(mi, h.advisory | with_aliases);
      if (SeverityRank(sev) > SeverityRank(m.severity)) m.severity = sev;
      if (a.cvss_score > m.cvss_score) {
        m.cvss_score = a.cvss_score;
        m.cvss_advisory = h.advisory;
      }
      if (m.summary_advisory == UINT32_MAX && !a.summary.empty()) m.summary_advisory = h.advisory;
      // Several advisories may fix it: report the nearest fix.
      if (!h.fixed.empty()) {
        auto& [table, rank] = s.fix_rank[mi];
        if (NearerFix(eco->scheme, h.fixed, h.table, h.fixed_pos, m.fixed_version, table, rank)) {
          m.fixed_version = h.fixed;
          table = h.table;
          rank = h.fixed_pos;
        }
      }
    }
  }
  // Group the contributions by match (a counting sort keeps each match's in hit order).
  for (const auto& [mi, adv] : s.contributions) ++refs[mi].count;
  uint32_t next = 0;
  for (MatchRef& m : refs) {
    m.first = next;
    next += m.count;
    m.count = 0;
  }
  out.contributions.resize(s.contributions.size());
  for (const auto& [mi, adv] : s.contributions) {
    MatchRef& m = refs[mi];
    out.contributions[m.first + m.count++] = adv;
  }
}

Match Index::Expand(const PackageMatches& pm, size_t i, size_t package_index) const {
  const MatchRef& r = pm.matches[i];
  const std::vector<model::Advisory>& advisories = impl_->advisories;
  Match m;
  m.package_index = package_index;
  m.vulnerability_id = std::string(r.vulnerability_id);
  m.severity = r.severity;
  m.cvss_score = r.cvss_score;
  if (r.cvss_advisory != UINT32_MAX) m.cvss_vector = advisories[r.cvss_advisory].cvss_vector;
  if (r.summary_advisory != UINT32_MAX) m.summary = advisories[r.summary_advisory].summary;
  m.fixed_version = std::string(r.fixed_version);
  for (uint32_t k = r.first; k < r.first + r.count; ++k) {
    uint32_t c = pm.contributions[k];
    const model::Advisory& a = advisories[c & ~kWithAliases];
    m.advisory_ids.push_back(a.id);
    if (a.id != r.vulnerability_id) m.aliases.push_back(a.id);
    if ((c & kWithAliases) != 0) {
      for (const std::string& alias : a.aliases)
        if (alias != r.vulnerability_id) m.aliases.push_back(alias);
    }
  }
  std::sort(m.aliases.begin(), m.aliases.end());
  m.aliases.erase(std::unique(m.aliases.begin(), m.aliases.end()), m.aliases.end());
  std::sort(m.advisory_ids.begin(), m.advisory_ids.end());
  m.advisory_ids.erase(std::unique(m.advisory_ids.begin(), m.advisory_ids.end()),
                       m.advisory_ids.end());
  return m;
}

void Index::MatchPackages(const std::vector<model::Package>& packages, std::vector<Match>& out,
                          std::vector<size_t>* invalid) const {
  Impl::Scratch scratch;
  PackageMatches pm;
  for (size_t pi = 0; pi < packages.size(); ++pi) {
    impl_->MatchOne(packages[pi], pm, scratch);
    if (pm.invalid && invalid != nullptr) invalid->push_back(pi);
    for (size_t i = 0; i < pm.matches.size(); ++i) out.push_back(Expand(pm, i, pi));
  }
}

PackageMatches Index::MatchPackage(const model::Package& package) const {
  thread_local Impl::Scratch scratch;
  PackageMatches pm;
  impl_->MatchOne(package, pm, scratch);
  return pm;
}

const model::Advisory* Index::FindAdvisory(std::string_view id) const {
  if (auto it = impl_->by_id.find(id); it != impl_->by_id.end())
    return &impl_->advisories[it->second];
  if (auto it = impl_->by_alias.find(id); it != impl_->by_alias.end())
    return &impl_->advisories[it->second];
  return nullptr;
}

bool Index::HasEcosystem(std::string_view ecosystem_key) const {
  return impl_->ecosystems.find(ecosystem_key) != impl_->ecosystems.end();
}

const IndexStats& Index::stats() const { return impl_->stats; }

}  // namespace vs::match
