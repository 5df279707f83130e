#include "model/advisory.h"

#include <algorithm>
#include <set>
#include <utility>

namespace vs::model {
namespace {

void AddMissing(std::vector<std::string>& to, std::vector<std::string>&& from) {
  for (std::string& s : from)
    if (std::find(to.begin(), to.end(), s) == to.end()) to.push_back(std::move(s));
}

}  // namespace

void MergeAdvisory(Advisory& into, Advisory&& other) {
  if (other.modified > into.modified) std::swap(into, other);
  // `into` is now the newer record, `other` the older.
  std::set<std::pair<std::string_view, std::string_view>> listed;
  for (const Affected& af : into.affected) listed.emplace(af.ecosystem, af.package);
  std::vector<Affected> extra;
  for (Affected& af : other.affected)
    if (listed.count({af.ecosystem, af.package}) == 0) extra.push_back(std::move(af));
  for (Affected& af : extra) into.affected.push_back(std::move(af));
  AddMissing(into.aliases, std::move(other.aliases));
  AddMissing(into.related, std::move(other.related));
}

}  // namespace vs::model
