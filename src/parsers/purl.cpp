#include "parsers/purl.h"

#include <algorithm>
#include <array>

namespace vs::parsers {
namespace {

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

tl::unexpected<Error> PurlError(std::string_view purl, std::string_view reason) {
  return Fail(ErrorCode::kInvalidInput,
              "purl \"" + std::string(purl.substr(0, 200)) + "\": " + std::string(reason));
}

// Percent-decodes one component. '+' stays '+': purls are not form-encoded (purl-spec
// "Character encoding").
Result<std::string> Decode(std::string_view s, std::string_view purl) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out.push_back(s[i]);
      continue;
    }
    int hi = i + 2 < s.size() ? HexValue(s[i + 1]) : -1;
    int lo = i + 2 < s.size() ? HexValue(s[i + 2]) : -1;
    if (hi < 0 || lo < 0) return PurlError(purl, "malformed percent escape");
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

// Everything but unreserved characters and ':' is encoded (purl-spec: the colon is never
// encoded; the fixture's canonical form encodes '+' as %2B).
void AppendEncoded(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : s) {
    if (IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '.' || c == '-' || c == '_' || c == '~' ||
        c == ':') {
      out.push_back(c);
    } else {
      unsigned char u = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
}

bool ValidType(std::string_view t) {
  if (t.empty() || IsAsciiDigit(t.front())) return false;
  return std::all_of(t.begin(), t.end(), [](char c) {
    return IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '.' || c == '+' || c == '-';
  });
}

bool ValidQualifierKey(std::string_view k) {
  if (k.empty() || IsAsciiDigit(k.front())) return false;
  return std::all_of(k.begin(), k.end(), [](char c) {
    return IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '.' || c == '-' || c == '_';
  });
}

bool OneOf(std::string_view s, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

// Per-type normalisation from the purl-spec type definitions: these types are
// case-insensitive, so namespace and/or name are lower-cased; PyPI also maps '_' to '-'.
// npm is left case-sensitive on purpose: legacy registry names such as "JSONStream" exist and
// OSV spells them that way (formats.md §6.4).
void Normalise(PurlParts& p) {
  if (OneOf(p.type, {"bitbucket", "github", "deb", "apk", "composer", "rpm", "hex", "alpm"})) {
    p.ns = Lower(p.ns);
  }
  if (OneOf(p.type,
            {"bitbucket", "github", "deb", "apk", "composer", "pypi", "hex", "alpm", "pub"})) {
    p.name = Lower(p.name);
  }
  if (p.type == "pypi") std::replace(p.name.begin(), p.name.end(), '_', '-');
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

struct NsEcosystem {
  std::string_view type;
  std::string_view ns;  // "" matches any namespace (language ecosystems).
  std::string_view ecosystem;
};

// purl type (+ vendor namespace for distro packages) → OSV ecosystem (ossf/osv-schema
// ecosystems.json spelling). Vendor spellings include Trivy's (pkg/purl/purl.go: "alma",
// "amazon", "cbl-mariner") as well as os-release IDs.
constexpr std::array kEcosystems = {
    NsEcosystem{"apk", "alpaquita", "Alpaquita"},
    NsEcosystem{"apk", "alpine", "Alpine"},
    NsEcosystem{"apk", "chainguard", "Chainguard"},
    NsEcosystem{"apk", "wolfi", "Wolfi"},
    NsEcosystem{"cargo", "", "crates.io"},
    NsEcosystem{"composer", "", "Packagist"},
    NsEcosystem{"deb", "debian", "Debian"},
    NsEcosystem{"deb", "ubuntu", "Ubuntu"},
    NsEcosystem{"gem", "", "RubyGems"},
    NsEcosystem{"golang", "", "Go"},
    NsEcosystem{"hex", "", "Hex"},
    NsEcosystem{"maven", "", "Maven"},
    NsEcosystem{"npm", "", "npm"},
    NsEcosystem{"nuget", "", "NuGet"},
    NsEcosystem{"pub", "", "Pub"},
    NsEcosystem{"pypi", "", "PyPI"},
    NsEcosystem{"rpm", "alma", "AlmaLinux"},
    NsEcosystem{"rpm", "almalinux", "AlmaLinux"},
    NsEcosystem{"rpm", "amazon", "Amazon Linux"},
    NsEcosystem{"rpm", "amazonlinux", "Amazon Linux"},
    NsEcosystem{"rpm", "amzn", "Amazon Linux"},
    NsEcosystem{"rpm", "azurelinux", "Azure Linux"},
    NsEcosystem{"rpm", "cbl-mariner", "CBL-Mariner"},
    NsEcosystem{"rpm", "centos", "CentOS"},
    NsEcosystem{"rpm", "fedora", "Fedora"},
    NsEcosystem{"rpm", "mageia", "Mageia"},
    NsEcosystem{"rpm", "mariner", "CBL-Mariner"},
    NsEcosystem{"rpm", "ol", "Oracle Linux"},
    NsEcosystem{"rpm", "openeuler", "openEuler"},
    NsEcosystem{"rpm", "opensuse", "openSUSE"},
    NsEcosystem{"rpm", "opensuse-leap", "openSUSE"},
    NsEcosystem{"rpm", "opensuse.leap", "openSUSE"},
    NsEcosystem{"rpm", "opensuse.tumbleweed", "openSUSE"},
    NsEcosystem{"rpm", "oracle", "Oracle Linux"},
    NsEcosystem{"rpm", "photon", "Photon OS"},
    NsEcosystem{"rpm", "redhat", "Red Hat"},
    NsEcosystem{"rpm", "rhel", "Red Hat"},
    NsEcosystem{"rpm", "rocky", "Rocky Linux"},
    NsEcosystem{"rpm", "rockylinux", "Rocky Linux"},
    NsEcosystem{"rpm", "sles", "SUSE"},
    NsEcosystem{"rpm", "suse", "SUSE"},
};

enum class ReleaseRule {
  kMajor,       // "12.11" → "12".
  kMajorMinor,  // "22.04.3" → "22.04".
  kAlpine,      // "3.19.1" → "v3.19".
  kNone,        // Rolling or not expressible: ecosystem without release.
};

struct OsRule {
  std::string_view name;    // As SBOMs write it (Trivy family or os-release ID), lower-case.
  std::string_view family;  // model::OsInfo::family (os-release ID).
  std::string_view ecosystem;
  ReleaseRule rule;
};

// SBOM operating-system names → OsInfo. OSV ecosystem releases: Debian and the Enterprise
// Linux rebuilds use the major version ("Debian:12", "Rocky Linux:9"), Ubuntu "22.04", Alpine
// "v3.19", Amazon Linux "2"/"2023". Red Hat's OSV ecosystems name CPE streams and SUSE's name
// products ("SUSE:Linux Enterprise Server 15 SP5"), which name+version cannot give, so those
// get the bare family ecosystem.
constexpr std::array kOsRules = {
    OsRule{"alma", "almalinux", "AlmaLinux", ReleaseRule::kMajor},
    OsRule{"almalinux", "almalinux", "AlmaLinux", ReleaseRule::kMajor},
    OsRule{"alpine", "alpine", "Alpine", ReleaseRule::kAlpine},
    OsRule{"amazon", "amzn", "Amazon Linux", ReleaseRule::kMajor},
    OsRule{"amzn", "amzn", "Amazon Linux", ReleaseRule::kMajor},
    OsRule{"azurelinux", "azurelinux", "Azure Linux", ReleaseRule::kMajorMinor},
    OsRule{"cbl-mariner", "mariner", "CBL-Mariner", ReleaseRule::kMajorMinor},
    OsRule{"centos", "centos", "CentOS", ReleaseRule::kMajor},
    OsRule{"chainguard", "chainguard", "Chainguard", ReleaseRule::kNone},
    OsRule{"debian", "debian", "Debian", ReleaseRule::kMajor},
    OsRule{"fedora", "fedora", "Fedora", ReleaseRule::kMajor},
    OsRule{"mariner", "mariner", "CBL-Mariner", ReleaseRule::kMajorMinor},
    OsRule{"ol", "ol", "Oracle Linux", ReleaseRule::kMajor},
    OsRule{"opensuse-leap", "opensuse-leap", "openSUSE", ReleaseRule::kNone},
    OsRule{"opensuse-tumbleweed", "opensuse-tumbleweed", "openSUSE", ReleaseRule::kNone},
    OsRule{"opensuse.leap", "opensuse-leap", "openSUSE", ReleaseRule::kNone},
    OsRule{"opensuse.tumbleweed", "opensuse-tumbleweed", "openSUSE", ReleaseRule::kNone},
    OsRule{"oracle", "ol", "Oracle Linux", ReleaseRule::kMajor},
    OsRule{"photon", "photon", "Photon OS", ReleaseRule::kMajorMinor},
    OsRule{"redhat", "rhel", "Red Hat", ReleaseRule::kNone},
    OsRule{"rhel", "rhel", "Red Hat", ReleaseRule::kNone},
    OsRule{"rocky", "rocky", "Rocky Linux", ReleaseRule::kMajor},
    OsRule{"sles", "sles", "SUSE", ReleaseRule::kNone},
    OsRule{"ubuntu", "ubuntu", "Ubuntu", ReleaseRule::kMajorMinor},
    OsRule{"wolfi", "wolfi", "Wolfi", ReleaseRule::kNone},
};

// The first `parts` dot-separated numeric components of `v` ("12.11", 1 → "12"); "" when `v`
// does not start with a digit or has fewer components.
std::string_view LeadingComponents(std::string_view v, int parts) {
  if (v.empty() || !IsAsciiDigit(v.front())) return {};
  size_t i = 0;
  for (int p = 0; p < parts; ++p) {
    if (p > 0) {
      if (i >= v.size() || v[i] != '.') return {};
      ++i;
    }
    size_t start = i;
    while (i < v.size() && IsAsciiDigit(v[i])) ++i;
    if (i == start) return {};
  }
  return v.substr(0, i);
}

}  // namespace

Result<PurlParts> ParsePurl(std::string_view purl) {
  std::string_view rest = Trim(purl);
  PurlParts p;

  // purl-spec "How to parse": subpath from the right on '#', then qualifiers on '?'.
  if (size_t hash = rest.rfind('#'); hash != std::string_view::npos) {
    std::string_view sub = rest.substr(hash + 1);
    rest = rest.substr(0, hash);
    while (!sub.empty()) {
      size_t slash = sub.find('/');
      std::string_view seg = sub.substr(0, slash);
      sub = slash == std::string_view::npos ? std::string_view() : sub.substr(slash + 1);
      auto d = Decode(seg, purl);
      if (!d) return Fail(d.error());
      if (d->empty() || *d == "." || *d == "..") continue;
      if (!p.subpath.empty()) p.subpath.push_back('/');
      p.subpath += *d;
    }
  }
  if (size_t q = rest.rfind('?'); q != std::string_view::npos) {
    std::string_view qs = rest.substr(q + 1);
    rest = rest.substr(0, q);
    while (!qs.empty()) {
      size_t amp = qs.find('&');
      std::string_view pair = qs.substr(0, amp);
      qs = amp == std::string_view::npos ? std::string_view() : qs.substr(amp + 1);
      if (pair.empty()) continue;
      size_t eq = pair.find('=');
      if (eq == std::string_view::npos) return PurlError(purl, "qualifier without '='");
      std::string key = Lower(pair.substr(0, eq));
      if (!ValidQualifierKey(key)) return PurlError(purl, "invalid qualifier key");
      auto value = Decode(pair.substr(eq + 1), purl);
      if (!value) return Fail(value.error());
      if (value->empty()) continue;  // Empty values are dropped (purl-spec).
      bool seen = std::any_of(p.qualifiers.begin(), p.qualifiers.end(),
                              [&](const auto& kv) { return kv.first == key; });
      if (!seen) p.qualifiers.emplace_back(std::move(key), std::move(*value));
    }
    std::sort(p.qualifiers.begin(), p.qualifiers.end());
  }

  if (rest.size() < 4 || Lower(rest.substr(0, 4)) != "pkg:")
    return PurlError(purl, "no pkg: scheme");
  rest.remove_prefix(4);
  while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);  // "pkg://" is tolerated.

  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return PurlError(purl, "no type");
  p.type = Lower(rest.substr(0, slash));
  if (!ValidType(p.type)) return PurlError(purl, "invalid type");
  rest.remove_prefix(slash + 1);
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);

  // The version separator is the last '@' of the last segment, so an unencoded npm scope
  // ("pkg:npm/@babel/core") is not mistaken for one.
  size_t last_slash = rest.rfind('/');
  std::string_view last = last_slash == std::string_view::npos ? rest : rest.substr(last_slash + 1);
  std::string_view before =
      last_slash == std::string_view::npos ? std::string_view() : rest.substr(0, last_slash);
  if (size_t at = last.rfind('@'); at != std::string_view::npos) {
    if (at + 1 == last.size()) return PurlError(purl, "empty version");
    auto v = Decode(last.substr(at + 1), purl);
    if (!v) return Fail(v.error());
    p.version = std::move(*v);
    last = last.substr(0, at);
  }
  auto name = Decode(last, purl);
  if (!name) return Fail(name.error());
  p.name = std::move(*name);
  if (p.name.empty()) return PurlError(purl, "no name");

  while (!before.empty()) {
    size_t s = before.find('/');
    std::string_view seg = before.substr(0, s);
    before = s == std::string_view::npos ? std::string_view() : before.substr(s + 1);
    if (seg.empty()) continue;
    auto d = Decode(seg, purl);
    if (!d) return Fail(d.error());
    if (d->find('/') != std::string::npos) return PurlError(purl, "namespace segment contains '/'");
    if (!p.ns.empty()) p.ns.push_back('/');
    p.ns += *d;
  }
  if (p.ns.empty() && OneOf(p.type, {"deb", "rpm", "apk", "maven", "composer"})) {
    return PurlError(purl, "type " + p.type + " requires a namespace");
  }
  Normalise(p);
  return p;
}

std::string BuildPurl(const PurlParts& p) {
  std::string out = "pkg:";
  out += p.type;
  out.push_back('/');
  std::string_view ns = p.ns;
  while (!ns.empty()) {
    size_t s = ns.find('/');
    std::string_view seg = ns.substr(0, s);
    ns = s == std::string_view::npos ? std::string_view() : ns.substr(s + 1);
    if (seg.empty()) continue;
    AppendEncoded(out, seg);
    out.push_back('/');
  }
  AppendEncoded(out, p.name);
  if (!p.version.empty()) {
    out.push_back('@');
    AppendEncoded(out, p.version);
  }
  auto qualifiers = p.qualifiers;
  std::sort(qualifiers.begin(), qualifiers.end());
  char sep = '?';
  for (const auto& [k, v] : qualifiers) {
    if (v.empty()) continue;
    out.push_back(sep);
    sep = '&';
    out += Lower(k);
    out.push_back('=');
    AppendEncoded(out, v);
  }
  if (!p.subpath.empty()) {
    out.push_back('#');
    std::string_view sub = p.subpath;
    bool first = true;
    while (!sub.empty()) {
      size_t s = sub.find('/');
      std::string_view seg = sub.substr(0, s);
      sub = s == std::string_view::npos ? std::string_view() : sub.substr(s + 1);
      if (seg.empty() || seg == "." || seg == "..") continue;
      if (!first) out.push_back('/');
      first = false;
      AppendEncoded(out, seg);
    }
  }
  return out;
}

std::string_view PurlQualifier(const PurlParts& parts, std::string_view key) {
  for (const auto& [k, v] : parts.qualifiers)
    if (k == key) return v;
  return {};
}

std::string_view PurlTypeToEcosystem(std::string_view type, std::string_view ns) {
  std::string t = Lower(type);
  std::string n = Lower(ns);
  for (const NsEcosystem& e : kEcosystems) {
    if (e.type != t) continue;
    if (e.ns.empty() || e.ns == n) return e.ecosystem;
  }
  return {};
}

bool IsOsPurlType(std::string_view type) {
  std::string t = Lower(type);
  return t == "deb" || t == "rpm" || t == "apk";
}

std::string PurlPackageName(const PurlParts& p) {
  if (p.ns.empty()) return p.name;
  if (p.type == "maven") return p.ns + ":" + p.name;
  if (p.type == "npm" || p.type == "golang" || p.type == "composer") return p.ns + "/" + p.name;
  if (IsOsPurlType(p.type) || !PurlTypeToEcosystem(p.type, p.ns).empty()) return p.name;
  return p.ns + "/" + p.name;
}

std::string PurlPackageVersion(const PurlParts& p) {
  // Trivy moves the epoch into an `epoch=` qualifier for deb as well as rpm (formats.md §6.4);
  // the ecosystems' own version syntax keeps it in front of the version.
  if ((p.type == "deb" || p.type == "rpm") && !p.version.empty() &&
      p.version.find(':') == std::string::npos) {
    std::string_view epoch = PurlQualifier(p, "epoch");
    if (!epoch.empty() && epoch != "0") return std::string(epoch) + ":" + p.version;
  }
  return p.version;
}

model::Package PackageFromPurl(const PurlParts& parts) {
  model::Package pkg;
  pkg.ecosystem = std::string(PurlTypeToEcosystem(parts.type, parts.ns));
  pkg.name = PurlPackageName(parts);
  pkg.version = PurlPackageVersion(parts);
  pkg.arch = std::string(PurlQualifier(parts, "arch"));
  pkg.purl = BuildPurl(parts);
  std::string_view upstream = PurlQualifier(parts, "upstream");
  if (upstream.empty()) return pkg;
  constexpr std::string_view kSrpm = ".src.rpm";
  if (upstream.size() > kSrpm.size() && upstream.substr(upstream.size() - kSrpm.size()) == kSrpm) {
    // Source RPM file name: name-version-release.src.rpm, split at the last two hyphens.
    std::string_view nvr = upstream.substr(0, upstream.size() - kSrpm.size());
    size_t r = nvr.rfind('-');
    size_t v =
        r == std::string_view::npos || r == 0 ? std::string_view::npos : nvr.rfind('-', r - 1);
    if (v != std::string_view::npos && v > 0) {
      pkg.source_name = std::string(nvr.substr(0, v));
      std::string_view epoch = PurlQualifier(parts, "epoch");
      if (!epoch.empty() && epoch != "0") pkg.source_version = std::string(epoch) + ":";
      pkg.source_version += std::string(nvr.substr(v + 1));
    }
    return pkg;
  }
  size_t at = upstream.find('@');
  pkg.source_name = std::string(upstream.substr(0, at));
  if (at != std::string_view::npos) pkg.source_version = std::string(upstream.substr(at + 1));
  return pkg;
}

bool IsPlaceholderVersion(std::string_view version) {
  return version.empty() || version == "NOASSERTION" || version == "NONE" || version == "(devel)";
}

std::string OsPackageEcosystem(std::string_view purl_ecosystem, const model::OsInfo& os) {
  std::string_view os_eco = os.ecosystem;
  size_t colon = os_eco.find(':');
  if (colon == std::string_view::npos || purl_ecosystem.empty()) return std::string(purl_ecosystem);
  return os_eco.substr(0, colon) == purl_ecosystem ? std::string(os_eco)
                                                   : std::string(purl_ecosystem);
}

std::optional<model::OsInfo> OsInfoFromNameVersion(std::string_view name,
                                                   std::string_view version) {
  std::string n = Lower(Trim(name));
  if (n.empty()) return std::nullopt;
  version = Trim(version);
  // Trivy writes Amazon Linux 2 as "2 (Karoo)": keep the first word.
  if (size_t sp = version.find(' '); sp != std::string_view::npos) version = version.substr(0, sp);

  model::OsInfo os;
  auto rule =
      std::find_if(kOsRules.begin(), kOsRules.end(), [&](const OsRule& r) { return r.name == n; });
  if (rule == kOsRules.end()) {
    os.family = n;
    os.release = std::string(version);
    return os;
  }
  os.family = std::string(rule->family);
  os.release = std::string(version);
  os.ecosystem = std::string(rule->ecosystem);
  std::string_view release;
  switch (rule->rule) {
    case ReleaseRule::kMajor: release = LeadingComponents(version, 1); break;
    case ReleaseRule::kMajorMinor:
      release = LeadingComponents(version, 2);
      if (release.empty()) release = LeadingComponents(version, 1);
      break;
    case ReleaseRule::kAlpine: {
      std::string_view v = version;
      if (!v.empty() && (v.front() == 'v' || v.front() == 'V')) v.remove_prefix(1);
      std::string_view mm = LeadingComponents(v, 2);
      if (!mm.empty()) os.ecosystem += ":v" + std::string(mm);
      return os;
    }
    case ReleaseRule::kNone: return os;
  }
  if (!release.empty()) {
    os.ecosystem += ":" + std::string(release);
    // Debian and Ubuntu releases are named by these components alone (Debian point releases
    // such as 12.11 share the "12" archive).
    if (rule->family == "debian" || rule->family == "ubuntu") os.release = std::string(release);
  }
  return os;
}

}  // namespace vs::parsers
