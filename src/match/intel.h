// Exploit intelligence by CVE, for flagging findings: ExploitDB ids, KEV membership, public
// PoCs, Metasploit modules and EPSS. Built once; immutable afterwards.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/finding.h"
#include "model/intel.h"

namespace vs::match {

using ExploitSummary = model::ExploitInfo;

class IntelIndex {
 public:
  IntelIndex();
  ~IntelIndex();
  IntelIndex(IntelIndex&&) noexcept;
  IntelIndex& operator=(IntelIndex&&) noexcept;

  void Add(const model::ExploitRef& ref);
  void Add(const model::EpssScore& score);
  // Sorts and de-duplicates; call once before Lookup.
  void Finish();

  // Merged evidence for all of `ids` that are CVEs (case-insensitive "cve-" accepted).
  ExploitSummary Lookup(const std::vector<std::string_view>& ids) const;

  size_t cves() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vs::match
