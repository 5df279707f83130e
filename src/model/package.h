// Installed software as collectors and inventory parsers report it.
#pragma once

#include <string>
#include <vector>

namespace vs::model {

struct Package {
  std::string ecosystem;       // OSV spelling incl. release for OS packages: "Debian:12", "PyPI".
  std::string name;            // Binary/package name as installed.
  std::string version;         // Full version in the ecosystem's syntax ("1:2.36-9+deb12u4").
  std::string source_name;     // Source package (dpkg Source:, rpm SOURCERPM name, apk origin).
  std::string source_version;  // When the source version differs from the binary one.
  std::string arch;
  std::string purl;
  std::string location;  // File it came from (lockfile path, manifest).
  bool operator==(const Package&) const = default;
};

struct OsInfo {
  std::string family;     // "debian", "ubuntu", "alpine", "almalinux", "rocky", "rhel", "amzn", …
  std::string release;    // "12", "22.04", "3.19.1", "9.3", "2", "2023".
  std::string ecosystem;  // OSV ecosystem for its packages: "Debian:12", "Alpine:v3.19", …
  bool operator==(const OsInfo&) const = default;
};

}  // namespace vs::model
