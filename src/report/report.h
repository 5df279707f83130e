// Scan results and the output formats that render them. Each format is one file and one line
// in registry.cpp; writers are pure (report in, text out).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/batch.h"
#include "model/finding.h"

namespace vs::report {

struct ScanReport {
  std::string target;
  std::optional<model::OsInfo> os;
  size_t packages = 0;
  std::vector<model::Finding> findings;  // Sorted: severity desc, then package, then id.
  std::vector<model::Warning> warnings;
};

// Renders `report`; the text ends with a newline.
using WriteFn = std::string (*)(const ScanReport& report);

struct Writer {
  std::string_view key;  // "json", "sarif", "table": the --format value.
  std::string_view description;
  WriteFn write;
};

std::span<const Writer> AllWriters();
// Returns the writer for `key`, or kUnsupported naming the known formats.
Result<const Writer*> FindWriter(std::string_view key);

}  // namespace vs::report
