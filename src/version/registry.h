// Scheme key → comparator, and ecosystem name (OSV spelling) → scheme. The tables are
// hand-written and sorted in registry.cpp; adding a scheme is one file and one line there.
#pragma once

#include <span>
#include <string_view>

#include "core/result.h"
#include "version/scheme.h"

namespace vs::version {

// All schemes, sorted by key.
std::span<const Scheme> AllSchemes();

// Returns the scheme with `key` ("deb", "rpm", …), or kUnsupported naming the known keys.
Result<const Scheme*> FindScheme(std::string_view key);

// An OSV-style ecosystem string split into its parts: "Ubuntu:22.04:LTS" has name "Ubuntu"
// and release "22.04:LTS"; "npm" has an empty release.
struct Ecosystem {
  std::string_view name;     // Canonical spelling from the table, e.g. "Rocky Linux".
  std::string_view release;  // A view into the input; empty when none was given.
  const Scheme* scheme = nullptr;
  bool is_os = false;  // Distribution packages (matched by source package name).
};

// Resolves an ecosystem string (case-sensitive base name, as OSV spells it, plus an optional
// ":release" suffix). Returns kUnsupported for unknown ecosystems, including ones that have no
// version ordering (e.g. "GIT", "OSS-Fuzz").
Result<Ecosystem> ResolveEcosystem(std::string_view ecosystem);

struct EcosystemEntry {
  std::string_view name;
  std::string_view scheme_key;
  bool is_os;
};

// All supported ecosystem base names, sorted.
std::span<const EcosystemEntry> AllEcosystems();

}  // namespace vs::version
