#include "version/registry.h"

#include <algorithm>
#include <array>
#include <string>

#include "version/apk.h"
#include "version/deb.h"
#include "version/gem.h"
#include "version/go.h"
#include "version/maven.h"
#include "version/nuget.h"
#include "version/pep440.h"
#include "version/rpm.h"
#include "version/semver.h"

namespace vs::version {
namespace {

// Sorted by key.
constexpr std::array kSchemes = {
    Scheme{"apk", "Alpine apk-tools", ValidateApk, CompareApk},
    Scheme{"deb", "Debian dpkg", ValidateDeb, CompareDeb},
    Scheme{"gem", "RubyGems Gem::Version", ValidateGem, CompareGem},
    Scheme{"go", "Go modules", ValidateGo, CompareGo},
    Scheme{"maven", "Maven ComparableVersion", ValidateMaven, CompareMaven},
    Scheme{"nuget", "NuGet (SemVer 2 with optional 4th part)", ValidateNuget, CompareNuget},
    Scheme{"pep440", "Python PEP 440", ValidatePep440, ComparePep440},
    Scheme{"rpm", "RPM rpmvercmp with epoch and release", ValidateRpm, CompareRpm},
    Scheme{"semver", "SemVer 2.0.0 (npm, crates.io, …)", ValidateSemver, CompareSemver},
};

// OSV ecosystem base names (https://ossf.github.io/osv-schema/#affectedpackage-field) plus our
// own "Amazon Linux". Sorted by name. Ecosystems without an ordering (GIT, OSS-Fuzz, Linux)
// are deliberately absent: their ranges are kept but never evaluated.
constexpr std::array kEcosystems = {
    EcosystemEntry{"AlmaLinux", "rpm", true},
    EcosystemEntry{"Alpaquita", "apk", true},
    EcosystemEntry{"Alpine", "apk", true},
    EcosystemEntry{"Amazon Linux", "rpm", true},
    EcosystemEntry{"Azure Linux", "rpm", true},
    EcosystemEntry{"BellSoft Hardened Containers", "apk", true},
    EcosystemEntry{"CBL-Mariner", "rpm", true},
    EcosystemEntry{"CentOS", "rpm", true},
    EcosystemEntry{"Chainguard", "apk", true},
    EcosystemEntry{"Debian", "deb", true},
    EcosystemEntry{"Fedora", "rpm", true},
    EcosystemEntry{"Go", "go", false},
    EcosystemEntry{"Hex", "semver", false},
    EcosystemEntry{"Mageia", "rpm", true},
    EcosystemEntry{"Maven", "maven", false},
    EcosystemEntry{"NuGet", "nuget", false},
    EcosystemEntry{"Oracle Linux", "rpm", true},
    EcosystemEntry{"Packagist", "semver", false},
    EcosystemEntry{"Photon OS", "rpm", true},
    EcosystemEntry{"Pub", "semver", false},
    EcosystemEntry{"PyPI", "pep440", false},
    EcosystemEntry{"Red Hat", "rpm", true},
    EcosystemEntry{"Rocky Linux", "rpm", true},
    EcosystemEntry{"RubyGems", "gem", false},
    EcosystemEntry{"SUSE", "rpm", true},
    EcosystemEntry{"Ubuntu", "deb", true},
    EcosystemEntry{"Wolfi", "apk", true},
    EcosystemEntry{"crates.io", "semver", false},
    EcosystemEntry{"npm", "semver", false},
    EcosystemEntry{"openEuler", "rpm", true},
    EcosystemEntry{"openSUSE", "rpm", true},
};

constexpr bool SchemesSorted() {
  for (size_t i = 1; i < kSchemes.size(); ++i)
    if (!(kSchemes[i - 1].key < kSchemes[i].key)) return false;
  return true;
}
constexpr bool EcosystemsSorted() {
  for (size_t i = 1; i < kEcosystems.size(); ++i)
    if (!(kEcosystems[i - 1].name < kEcosystems[i].name)) return false;
  return true;
}
static_assert(SchemesSorted(), "kSchemes must stay sorted by key");
static_assert(EcosystemsSorted(), "kEcosystems must stay sorted by name");

const Scheme* LookupScheme(std::string_view key) {
  auto it = std::lower_bound(kSchemes.begin(), kSchemes.end(), key,
                             [](const Scheme& s, std::string_view k) { return s.key < k; });
  return (it != kSchemes.end() && it->key == key) ? &*it : nullptr;
}

}  // namespace

std::span<const Scheme> AllSchemes() { return kSchemes; }
std::span<const EcosystemEntry> AllEcosystems() { return kEcosystems; }

Result<const Scheme*> FindScheme(std::string_view key) {
  if (const Scheme* s = LookupScheme(key)) return s;
  std::string known;
  for (const Scheme& s : kSchemes) {
    if (!known.empty()) known += ", ";
    known += s.key;
  }
  return Fail(ErrorCode::kUnsupported,
              "unknown version scheme \"" + std::string(key) + "\" (known: " + known + ")");
}

Result<Ecosystem> ResolveEcosystem(std::string_view ecosystem) {
  std::string_view name = ecosystem;
  std::string_view release;
  if (size_t colon = ecosystem.find(':'); colon != std::string_view::npos) {
    name = ecosystem.substr(0, colon);
    release = ecosystem.substr(colon + 1);
  }
  auto it =
      std::lower_bound(kEcosystems.begin(), kEcosystems.end(), name,
                       [](const EcosystemEntry& e, std::string_view n) { return e.name < n; });
  if (it == kEcosystems.end() || it->name != name) {
    return Fail(ErrorCode::kUnsupported,
                "unsupported ecosystem \"" + std::string(ecosystem) + "\"");
  }
  const Scheme* scheme = LookupScheme(it->scheme_key);
  if (scheme == nullptr) {
    return Fail(ErrorCode::kInternal,
                "ecosystem " + std::string(it->name) + " names missing scheme");
  }
  return Ecosystem{it->name, release, scheme, it->is_os};
}

}  // namespace vs::version
