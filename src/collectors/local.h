// Inventories from the local file system, for `vulnscope scan`: a single manifest, lockfile or
// SBOM; a directory tree of them (a source checkout); or the OS package databases of a root
// filesystem (dpkg, apk, rpm) with its /etc/os-release.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/batch.h"

namespace vs::collectors {

struct Inventory {
  std::string target;
  std::optional<model::OsInfo> os;
  std::vector<model::Package> packages;
  std::vector<std::string> manifests;  // Files that contributed packages.
  std::vector<model::Warning> warnings;
};

// A file is parsed with the inventory format detected from its content and name; a directory
// is walked (skipping .git, node_modules, vendor and hidden folders) for every recognised
// manifest. Errors: kNotFound, kIo, kInvalidInput (a lone file no parser recognises or one
// that its parser rejects).
Result<Inventory> CollectTarget(const std::string& path);

// OS packages of the root filesystem at `dir`: etc/os-release (or usr/lib/os-release),
// var/lib/dpkg/status and status.d/, lib/apk/db/installed, and the rpm database. Package
// ecosystems are set to the OS's ("Debian:12"). Errors: kNotFound when `dir` has no package
// database at all.
Result<Inventory> CollectRootfs(const std::string& dir);

// Sets every OS package's ecosystem (those with an empty or release-less OS ecosystem) to
// `os.ecosystem`.
void ApplyOs(Inventory& inventory, const model::OsInfo& os);

}  // namespace vs::collectors
