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

struct Event {
  model::EventKind kind;
  std::string_view version;
  bool unbounded;  // introduced "0" (before everything) or limit "*" (after everything).
};

struct Range {
  const Scheme* scheme;
  std::vector<Event> timeline;  // Sorted by version; introduced before fixed/last_affected on ties.
  std::vector<Event> limits;
};

struct Entry {
  uint32_t advisory;
  uint32_t affected;
  const Scheme* scheme;
  std::vector<Range> ranges;
};

// Result of evaluating one entry against one version.
struct Hit {
  uint32_t advisory;
  uint32_t affected;
  std::string_view fixed;  // Empty: no fix known.
};

bool IsCve(std::string_view id) { return id.size() > 4 && id.substr(0, 4) == "CVE-"; }

int CompareEvent(const Scheme* scheme, std::string_view v, const Event& e) {
  if (e.unbounded) return e.kind == model::EventKind::kLimit ? -1 : 1;
  Result<int> r = scheme->compare(v, e.version);
  return r ? *r : 0;  // Event versions were validated at build time; v before evaluation.
}

// OSV range evaluation (osv-schema "Evaluation"): walk the sorted timeline; a version is
// affected if the last event at or below it opened the range. Returns the fix that closes it.
bool EvaluateRange(const Range& r, std::string_view v, std::string_view* fixed) {
  if (!r.limits.empty()) {
    bool below = false;
    for (const Event& l : r.limits) {
      if (CompareEvent(r.scheme, v, l) < 0) {
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
    int c = CompareEvent(r.scheme, v, e);  // sign of v - event
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

}  // namespace

std::string EcosystemKey(std::string_view ecosystem) {
  Result<version::Ecosystem> eco = version::ResolveEcosystem(ecosystem);
  if (!eco) return {};
  std::string key(eco->name);
  if (!eco->is_os) return key;  // Language ecosystems: a release suffix is a registry URL.
  std::string_view release = eco->release;
  // "Ubuntu:22.04:LTS" and "Ubuntu:22.04" are the same release for matching.
  if (release.size() > 4 && release.substr(release.size() - 4) == ":LTS") {
    release.remove_suffix(4);
  }
  if (!release.empty()) key.append(":").append(release);
  return key;
}

std::string NormalisePackageName(std::string_view key, std::string_view name) {
  std::string out;
  out.reserve(name.size());
  if (key == "PyPI") {
    // PEP 503: lower case, runs of '-', '_' and '.' become one '-'.
    for (char c : name) {
      if (c == '-' || c == '_' || c == '.') {
        if (out.empty() || out.back() != '-') out.push_back('-');
      } else {
        out.push_back(version::ToLower(c));
      }
    }
    return out;
  }
  if (key == "npm" || key == "NuGet" || key == "Packagist") {
    for (char c : name) out.push_back(version::ToLower(c));
    return out;
  }
  if (key == "crates.io") {
    for (char c : name) out.push_back(c == '_' ? '-' : version::ToLower(c));
    return out;
  }
  return std::string(name);
}

struct Index::Impl {
  std::vector<model::Advisory> advisories;
  std::unordered_map<std::string, size_t, StringHash, std::equal_to<>> by_id;
  std::unordered_map<std::string, std::vector<Entry>, StringHash, std::equal_to<>> by_key;
  std::unordered_map<std::string, size_t, StringHash, std::equal_to<>> by_alias;
  IndexStats stats;

  void Build();
  void Evaluate(std::string_view key, std::string_view version, std::vector<Hit>& hits) const;
};

Index::Index() : impl_(std::make_unique<Impl>()) {}
Index::~Index() = default;
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;

void Index::Add(model::Advisory&& advisory) {
  auto it = impl_->by_id.find(advisory.id);
  if (it != impl_->by_id.end()) {
    model::Advisory& existing = impl_->advisories[it->second];
    if (advisory.modified > existing.modified) existing = std::move(advisory);
    return;
  }
  impl_->by_id.emplace(advisory.id, impl_->advisories.size());
  impl_->advisories.push_back(std::move(advisory));
}

void Index::Finish() { impl_->Build(); }

void Index::Impl::Build() {
  stats = {};
  stats.advisories = advisories.size();
  for (uint32_t ai = 0; ai < advisories.size(); ++ai) {
    const model::Advisory& a = advisories[ai];
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
      Entry entry{ai, fi, eco->scheme, {}};
      Result<const Scheme*> semver = version::FindScheme("semver");
      for (const model::AffectedRange& r : af.ranges) {
        if (r.type == model::RangeType::kGit) continue;  // Needs the commit graph; versions[] covers it.
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
        const Scheme* scheme = range.scheme;
        std::stable_sort(range.timeline.begin(), range.timeline.end(),
                         [scheme](const Event& x, const Event& y) {
                           if (x.unbounded != y.unbounded) return x.unbounded;
                           if (!x.unbounded) {
                             Result<int> c = scheme->compare(x.version, y.version);
                             if (c && *c != 0) return *c < 0;
                           }
                           // Ties: introduced before fixed/last_affected (formats.md §8).
                           return x.kind == model::EventKind::kIntroduced &&
                                  y.kind != model::EventKind::kIntroduced;
                         });
        entry.ranges.push_back(std::move(range));
      }
      if (entry.ranges.empty() && af.versions.empty()) continue;
      by_key[key + '\0' + NormalisePackageName(key, af.package)].push_back(std::move(entry));
    }
  }
  stats.keys = by_key.size();
}

void Index::Impl::Evaluate(std::string_view key, std::string_view version,
                           std::vector<Hit>& hits) const {
  auto it = by_key.find(key);
  if (it == by_key.end()) return;
  for (const Entry& e : it->second) {
    if (!e.scheme->validate(version)) continue;
    const model::Affected& af = advisories[e.advisory].affected[e.affected];
    bool found = false;
    std::string_view fixed;
    for (const Range& r : e.ranges) {
      std::string_view f;
      if (!r.scheme->validate(version)) continue;
      if (EvaluateRange(r, version, &f)) {
        // Several ranges (branches) may match; report the nearest fix.
        if (!found || (!f.empty() && (fixed.empty() || r.scheme->compare(f, fixed).value_or(0) < 0))) {
          fixed = f;
        }
        found = true;
      }
    }
    if (!found && !af.versions.empty() && VersionListed(e.scheme, af, version)) found = true;
    if (found) hits.push_back({e.advisory, e.affected, fixed});
  }
}

void Index::MatchPackages(const std::vector<model::Package>& packages, std::vector<Match>& out,
                          std::vector<size_t>* invalid) const {
  std::vector<Hit> hits;
  std::string key;
  for (size_t pi = 0; pi < packages.size(); ++pi) {
    const model::Package& p = packages[pi];
    Result<version::Ecosystem> eco = version::ResolveEcosystem(p.ecosystem);
    if (!eco) continue;
    if (!eco->scheme->validate(p.version)) {
      if (invalid != nullptr) invalid->push_back(pi);
      continue;
    }
    std::string eco_key = EcosystemKey(p.ecosystem);
    hits.clear();
    // OS advisories are filed under source package names (dpkg Source:, SOURCERPM, apk
    // origin) in most feeds and binary names in others (ALAS): look up both.
    auto lookup = [&](std::string_view name, std::string_view version) {
      key.assign(eco_key).push_back('\0');
      key.append(NormalisePackageName(eco_key, name));
      impl_->Evaluate(key, version, hits);
    };
    lookup(p.name, p.version);
    if (eco->is_os && !p.source_name.empty() && p.source_name != p.name) {
      std::string_view sv = p.source_version.empty() ? std::string_view(p.version) : p.source_version;
      if (eco->scheme->validate(sv)) lookup(p.source_name, sv);
    }
    if (hits.empty()) continue;

    // One Match per vulnerability: an advisory naming at most one CVE is that vulnerability;
    // a distro advisory fixing several CVEs yields one Match per CVE.
    std::vector<Match> local;
    auto find_or_add = [&](const std::string& vid) -> Match& {
      for (Match& m : local)
        if (m.vulnerability_id == vid) return m;
      local.push_back(Match{});
      local.back().package_index = pi;
      local.back().vulnerability_id = vid;
      return local.back();
    };
    for (const Hit& h : hits) {
      const model::Advisory& a = impl_->advisories[h.advisory];
      const model::Affected& af = a.affected[h.affected];
      std::vector<std::string> cves;
      if (IsCve(a.id)) cves.push_back(a.id);
      for (const std::string& alias : a.aliases)
        if (IsCve(alias) && std::find(cves.begin(), cves.end(), alias) == cves.end()) cves.push_back(alias);
      std::vector<std::string> vids = cves.size() <= 1 ? std::vector<std::string>{cves.empty() ? a.id : cves[0]}
                                                      : cves;
      for (const std::string& vid : vids) {
        Match& m = find_or_add(vid);
        m.advisory_ids.push_back(a.id);
        if (a.id != vid) m.aliases.push_back(a.id);
        if (cves.size() <= 1) {
          for (const std::string& alias : a.aliases)
            if (alias != vid) m.aliases.push_back(alias);
        }
        // Severity precedence (like Trivy): for OS packages the distro's per-package rating,
        // then the advisory's own rating, then the CVSS score; language packages use the
        // advisory's rating (GHSA), then CVSS.
        model::Severity s = model::Severity::kUnknown;
        if (eco->is_os && af.severity != model::Severity::kUnknown) s = af.severity;
        if (s == model::Severity::kUnknown) s = a.severity;
        if (s == model::Severity::kUnknown && a.cvss_score >= 0) s = model::SeverityFromScore(a.cvss_score);
        if (SeverityRank(s) > SeverityRank(m.severity)) m.severity = s;
        if (a.cvss_score > m.cvss_score) {
          m.cvss_score = a.cvss_score;
          m.cvss_vector = a.cvss_vector;
        }
        if (m.summary.empty()) m.summary = a.summary;
        std::string_view f = h.fixed;
        if (!f.empty()) {
          const Scheme* scheme = eco->scheme;
          if (m.fixed_version.empty() || scheme->compare(f, m.fixed_version).value_or(0) < 0) {
            m.fixed_version = std::string(f);
          }
        }
      }
    }
    for (Match& m : local) {
      std::sort(m.aliases.begin(), m.aliases.end());
      m.aliases.erase(std::unique(m.aliases.begin(), m.aliases.end()), m.aliases.end());
      std::sort(m.advisory_ids.begin(), m.advisory_ids.end());
      m.advisory_ids.erase(std::unique(m.advisory_ids.begin(), m.advisory_ids.end()), m.advisory_ids.end());
      out.push_back(std::move(m));
    }
  }
}

const model::Advisory* Index::FindAdvisory(std::string_view id) const {
  if (auto it = impl_->by_id.find(id); it != impl_->by_id.end()) return &impl_->advisories[it->second];
  if (auto it = impl_->by_alias.find(id); it != impl_->by_alias.end()) return &impl_->advisories[it->second];
  return nullptr;
}

const IndexStats& Index::stats() const { return impl_->stats; }

}  // namespace vs::match
