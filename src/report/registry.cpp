#include <algorithm>
#include <array>
#include <string>

#include "report/json.h"
#include "report/report.h"
#include "report/sarif.h"
#include "report/table.h"

namespace vs::report {
namespace {

// Sorted by key.
constexpr std::array kWriters = {
    Writer{"json", "JSON (the scan contract)", WriteJson},
    Writer{"sarif", "SARIF 2.1.0 for code-scanning tools", WriteSarif},
    Writer{"table", "human-readable table", WriteTable},
};

}  // namespace

std::span<const Writer> AllWriters() { return kWriters; }

Result<const Writer*> FindWriter(std::string_view key) {
  for (const Writer& w : kWriters)
    if (w.key == key) return &w;
  return Fail(ErrorCode::kUnsupported,
              "unknown output format \"" + std::string(key) + "\" (json, sarif, table)");
}

}  // namespace vs::report
