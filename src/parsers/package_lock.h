// npm package-lock.json / npm-shrinkwrap.json (lockfileVersion 1, 2 and 3) → npm packages.
// Also holds the npm package builder shared by the npm-family lockfile parsers (yarn, pnpm).
// Pure functions, no state.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"
#include "model/package.h"

namespace vs::parsers {

// 0..100: a JSON object whose head has "lockfileVersion" and "packages" or "dependencies".
// The file name (package-lock.json, npm-shrinkwrap.json) only raises the score a little.
int SniffPackageLock(std::string_view head, std::string_view file_name);

// Returns one package per distinct (name, version) installed from the npm registry: v2/v3 from
// "packages" (keys "node_modules/…/node_modules/<name>"), v1 from the nested "dependencies" tree.
// The root project, workspace folders, links and file: dependencies are skipped silently; git
// and remote-tarball dependencies are skipped with a warning. Fails with kInvalidInput
// ("package_lock: …") when the bytes are not a JSON object with "packages" or "dependencies".
Result<model::Batch> ParsePackageLock(std::string_view bytes);

// The package for npm registry package `name` ("@scope/name" or "name") at `version`:
// ecosystem "npm", purl "pkg:npm/%40scope/name@1.2.3". Location is left empty.
model::Package NpmPackage(std::string_view name, std::string_view version);

// True when `version` looks like a registry release ("1.2.3", "0.0.1-beta.2"): it starts with a
// digit and holds no ':' or '/' (git URLs, "file:…", "npm:…" aliases do).
bool IsNpmRegistryVersion(std::string_view version);

}  // namespace vs::parsers
