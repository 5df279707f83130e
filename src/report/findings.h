// Stored findings and assets as JSON (the `search` / `assets` contract, shared with the HTTP
// API), CSV (exports) and a terminal table.
#pragma once

#include <string>
#include <vector>

#include "store/records.h"

namespace vs::report {

// One finding object of `vulnscope search --format json` / GET /api/v1/findings.
std::string FindingJson(const store::FindingRow& row);
// A JSON array of FindingJson objects.
std::string FindingsJson(const std::vector<store::FindingRow>& rows);
// RFC 4180 CSV with a header row; cells that a spreadsheet would run as a formula are
// prefixed with a quote.
std::string FindingsCsv(const std::vector<store::FindingRow>& rows);
std::string FindingsTable(const std::vector<store::FindingRow>& rows);

std::string AssetJson(const store::AssetRow& row);
std::string AssetsJson(const std::vector<store::AssetRow>& rows);
std::string AssetsTable(const std::vector<store::AssetRow>& rows);

std::string AggregatesJson(const store::Aggregates& agg);

}  // namespace vs::report
