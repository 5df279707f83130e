#include "match/intel.h"

#include <algorithm>
#include <unordered_map>

namespace vs::match {
namespace {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

void SortUnique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

std::string UpperCve(std::string_view id) {
  std::string s(id);
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

}  // namespace

struct IntelIndex::Impl {
  std::unordered_map<std::string, ExploitSummary, StringHash, std::equal_to<>> by_cve;
};

IntelIndex::IntelIndex() : impl_(std::make_unique<Impl>()) {}
IntelIndex::~IntelIndex() = default;
IntelIndex::IntelIndex(IntelIndex&&) noexcept = default;
IntelIndex& IntelIndex::operator=(IntelIndex&&) noexcept = default;

void IntelIndex::Add(const model::ExploitRef& ref) {
  ExploitSummary& s = impl_->by_cve[UpperCve(ref.cve)];
  switch (ref.source) {
    case model::ExploitSource::kExploitDb: s.exploitdb.push_back(ref.id); break;
    case model::ExploitSource::kKev: s.kev = true; break;
    case model::ExploitSource::kPoc: s.poc = true; break;
    case model::ExploitSource::kMetasploit: s.metasploit.push_back(ref.id); break;
    case model::ExploitSource::kCustom: s.custom.push_back(ref.id); break;
  }
}

void IntelIndex::Add(const model::EpssScore& score) {
  ExploitSummary& s = impl_->by_cve[UpperCve(score.cve)];
  s.epss = std::max(s.epss.value_or(0.0), score.score);
}

void IntelIndex::Finish() {
  for (auto& [cve, s] : impl_->by_cve) {
    SortUnique(s.exploitdb);
    SortUnique(s.metasploit);
    SortUnique(s.custom);
  }
}

ExploitSummary IntelIndex::Lookup(const std::vector<std::string_view>& ids) const {
  ExploitSummary out;
  for (std::string_view id : ids) {
    if (id.size() < 4 || (id.substr(0, 4) != "CVE-" && id.substr(0, 4) != "cve-")) continue;
    auto it = impl_->by_cve.find(id.substr(0, 4) == "CVE-" ? std::string(id) : UpperCve(id));
    if (it == impl_->by_cve.end()) continue;
    const ExploitSummary& s = it->second;
    out.exploitdb.insert(out.exploitdb.end(), s.exploitdb.begin(), s.exploitdb.end());
    out.metasploit.insert(out.metasploit.end(), s.metasploit.begin(), s.metasploit.end());
    out.custom.insert(out.custom.end(), s.custom.begin(), s.custom.end());
    out.kev = out.kev || s.kev;
    out.poc = out.poc || s.poc;
    if (s.epss) out.epss = std::max(out.epss.value_or(0.0), *s.epss);
  }
  SortUnique(out.exploitdb);
  SortUnique(out.metasploit);
  SortUnique(out.custom);
  return out;
}

size_t IntelIndex::cves() const { return impl_->by_cve.size(); }

}  // namespace vs::match
