// A finding: one vulnerability in one installed package, with the evidence that it can be
// exploited. Scans produce these directly; the store (with assets and history) builds on them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/package.h"
#include "model/severity.h"

namespace vs::model {

struct ExploitInfo {
  std::vector<std::string> exploitdb;   // ExploitDB ids, sorted.
  bool kev = false;                     // In CISA's Known Exploited Vulnerabilities catalog.
  bool poc = false;                     // A public proof of concept exists.
  std::vector<std::string> metasploit;  // Metasploit module paths, sorted.
  std::optional<double> epss;           // FIRST EPSS probability, 0..1.
  std::vector<std::string> custom;      // Team-supplied intelligence sources.
  bool Any() const {
    return !exploitdb.empty() || kev || poc || !metasploit.empty() || !custom.empty();
  }
  bool operator==(const ExploitInfo&) const = default;
};

struct Finding {
  std::string vulnerability_id;  // CVE when there is one.
  std::vector<std::string> aliases;
  std::vector<std::string> advisory_ids;
  Severity severity = Severity::kUnknown;
  double cvss_score = -1;  // -1: none.
  std::string cvss_vector;
  Package package;
  std::string fixed_version;  // "": no fix yet.
  std::string summary;
  ExploitInfo exploit;
  bool operator==(const Finding&) const = default;
};

}  // namespace vs::model
