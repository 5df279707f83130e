#include "parsers/intel_csv.h"

#include <string>

#include "parsers/csv.h"

namespace vs::parsers {
namespace {

constexpr std::string_view kKey = "intel_csv";

}  // namespace

int SniffIntelCsv(std::string_view head, std::string_view) {
  std::vector<std::string> header = csv::ReadHeader(csv::FirstLine(head));
  return csv::HasColumns(header, {"cve", "source", "reference"}) ? 90 : 0;
}

Result<model::Batch> ParseIntelCsv(std::string_view bytes) {
  model::Batch batch;
  csv::Reader reader(bytes);
  if (!reader.Next()) return batch;
  std::span<const std::string_view> header = reader.fields();
  const int cve_col = csv::FindColumn(header, "cve");
  const int source_col = csv::FindColumn(header, "source");
  const int reference_col = csv::FindColumn(header, "reference");
  if (cve_col < 0 || source_col < 0 || reference_col < 0) {
    return Fail(
        ErrorCode::kInvalidInput,
        std::string(kKey) + ": expected a CSV header with 'cve', 'source' and 'reference' columns");
  }
  const size_t columns = header.size();
  while (reader.Next()) {
    std::string record = "line " + std::to_string(reader.line());
    std::span<const std::string_view> row = reader.fields();
    if (!reader.problem().empty()) {
      if (reader.unterminated()) return Fail(csv::Truncated(kKey, reader.line()));
      batch.warnings.push_back({record, std::string(reader.problem())});
      continue;
    }
    if (row.size() != columns) {
      if (reader.unterminated()) return Fail(csv::Truncated(kKey, reader.line()));
      batch.warnings.push_back({record, "expected " + std::to_string(columns) + " fields, found " +
                                            std::to_string(row.size())});
      continue;
    }
    std::string_view cve_text = csv::Trim(row[static_cast<size_t>(cve_col)]);
    std::optional<std::string> cve = NormalizeCveId(cve_text);
    if (!cve) {
      batch.warnings.push_back({record, "invalid CVE id \"" + std::string(cve_text) + "\""});
      continue;
    }
    batch.exploits.push_back(
        model::ExploitRef{std::move(*cve), model::ExploitSource::kCustom,
                          std::string(csv::Trim(row[static_cast<size_t>(source_col)])),
                          std::string(csv::Trim(row[static_cast<size_t>(reference_col)]))});
  }
  return batch;
}

}  // namespace vs::parsers
