#include "parsers/poc_csv.h"

#include <string>
#include <unordered_set>

#include "parsers/csv.h"

namespace vs::parsers {
namespace {

constexpr std::string_view kKey = "poc_csv";

}  // namespace

int SniffPocCsv(std::string_view head, std::string_view) {
  std::vector<std::string> header = csv::ReadHeader(csv::FirstLine(head));
  if (header.empty() || header[0] != "cve_id") return 0;
  return csv::HasColumns(header, {"nomi_sec_json_url"}) ? 95 : 90;
}

Result<model::Batch> ParsePocCsv(std::string_view bytes) {
  model::Batch batch;
  csv::Reader reader(bytes);
  if (!reader.Next()) return batch;
  std::span<const std::string_view> header = reader.fields();
  const int cve_col = csv::FindColumn(header, "cve_id");
  if (cve_col < 0) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": expected a CSV header with a 'cve_id' column");
  }
  int url_col = -1;
  for (std::string_view name : {"nomi_sec_json_url", "url", "html_url"}) {
    if (url_col < 0) url_col = csv::FindColumn(header, name);
  }
  const size_t columns = header.size();
  std::unordered_set<std::string> seen;
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
    std::string url(url_col < 0 ? std::string_view()
                                : csv::Trim(row[static_cast<size_t>(url_col)]));
    if (!seen.insert(*cve + " " + url).second) continue;
    batch.exploits.push_back(
        model::ExploitRef{std::move(*cve), model::ExploitSource::kPoc, "", std::move(url)});
  }
  return batch;
}

}  // namespace vs::parsers
