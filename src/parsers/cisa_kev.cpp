#include "parsers/cisa_kev.h"

#include <string>

#include <simdjson.h>

#include "parsers/csv.h"

namespace vs::parsers {
namespace {

constexpr std::string_view kKey = "cisa_kev";

std::string_view SkipSpace(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  return s;
}

// True when `head` has the key `"name"` followed by a string value (the KEV schema file has
// `"catalogVersion": {` instead, and must not be claimed).
bool HasStringMember(std::string_view head, std::string_view quoted_name) {
  for (size_t at = head.find(quoted_name); at != std::string_view::npos;
       at = head.find(quoted_name, at + 1)) {
    std::string_view rest = SkipSpace(head.substr(at + quoted_name.size()));
    if (rest.empty() || rest.front() != ':') continue;
    rest = SkipSpace(rest.substr(1));
    if (!rest.empty() && rest.front() == '"') return true;
  }
  return false;
}

bool IsIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
  return true;
}

// Adds one catalog entry (JSON and CSV share this). `record` names it in warnings.
void AddEntry(model::Batch& batch, const std::string& record, std::string_view cve_id,
              std::string_view name, std::string_view date_added, std::string_view ransomware) {
  std::optional<std::string> cve = NormalizeCveId(cve_id);
  if (!cve) {
    batch.warnings.push_back({record, "invalid cveID \"" + std::string(csv::Trim(cve_id)) + "\""});
    return;
  }
  date_added = csv::Trim(date_added);
  if (!IsIsoDate(date_added)) {
    // Kept anyway: that the CVE is exploited in the wild matters more than when it was listed.
    batch.warnings.push_back(
        {*cve, "dateAdded \"" + std::string(date_added) + "\" is not YYYY-MM-DD; kept without it"});
    date_added = {};
  }
  std::string reference(csv::Trim(name));
  if (EqualsIgnoreCase(csv::Trim(ransomware), "Known")) {
    reference += reference.empty() ? "ransomware: Known" : "; ransomware: Known";
  }
  batch.exploits.push_back(model::ExploitRef{std::move(*cve), model::ExploitSource::kKev,
                                             std::string(date_added), std::move(reference)});
}

std::string_view GetString(simdjson::dom::object object, const char* key) {
  std::string_view value;
  if (object[key].get_string().get(value) != simdjson::SUCCESS) return {};
  return value;
}

Result<model::Batch> ParseJson(std::string_view bytes) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(bytes);
  simdjson::dom::element doc;
  if (auto error = parser.parse(padded).get(doc); error != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": not JSON: " + simdjson::error_message(error));
  }
  simdjson::dom::object top;
  simdjson::dom::array vulnerabilities;
  if (doc.get_object().get(top) != simdjson::SUCCESS ||
      top["vulnerabilities"].get_array().get(vulnerabilities) != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": expected a JSON object with a 'vulnerabilities' array");
  }
  model::Batch batch;
  size_t index = 0;
  for (simdjson::dom::element element : vulnerabilities) {
    std::string record = "vulnerabilities[" + std::to_string(index++) + "]";
    simdjson::dom::object entry;
    if (element.get_object().get(entry) != simdjson::SUCCESS) {
      batch.warnings.push_back({record, "not an object"});
      continue;
    }
    AddEntry(batch, record, GetString(entry, "cveID"), GetString(entry, "vulnerabilityName"),
             GetString(entry, "dateAdded"), GetString(entry, "knownRansomwareCampaignUse"));
  }
  // `count` is informative; a mismatch hints at a truncated download.
  uint64_t count = 0;
  if (top["count"].get_uint64().get(count) == simdjson::SUCCESS &&
      count != vulnerabilities.size()) {
    batch.warnings.push_back({"count", "catalog says " + std::to_string(count) +
                                           " entries, found " +
                                           std::to_string(vulnerabilities.size())});
  }
  return batch;
}

Result<model::Batch> ParseCsv(std::string_view bytes) {
  model::Batch batch;
  csv::Reader reader(bytes);
  if (!reader.Next()) return batch;
  std::span<const std::string_view> header = reader.fields();
  const int cve_col = csv::FindColumn(header, "cveID");
  if (cve_col < 0) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": expected a CSV header with a 'cveID' column");
  }
  const int name_col = csv::FindColumn(header, "vulnerabilityName");
  const int date_col = csv::FindColumn(header, "dateAdded");
  const int ransomware_col = csv::FindColumn(header, "knownRansomwareCampaignUse");
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
    auto field = [&](int col) {
      return col < 0 ? std::string_view() : row[static_cast<size_t>(col)];
    };
    AddEntry(batch, record, field(cve_col), field(name_col), field(date_col),
             field(ransomware_col));
  }
  return batch;
}

}  // namespace

int SniffCisaKev(std::string_view head, std::string_view) {
  std::string_view body = SkipSpace(csv::StripBom(head));
  if (body.empty()) return 0;
  if (body.front() == '{') {
    if (HasStringMember(body, "\"catalogVersion\"") &&
        body.find("\"vulnerabilities\"") != std::string_view::npos) {
      return 95;
    }
    return 0;
  }
  std::string_view line = csv::FirstLine(body);
  return line.substr(0, 20) == "cveID,vendorProject," ? 95 : 0;
}

Result<model::Batch> ParseCisaKev(std::string_view bytes) {
  std::string_view body = SkipSpace(csv::StripBom(bytes));
  if (body.empty()) return model::Batch{};
  // The CSV form starts with its header; anything else is treated as JSON.
  if (body.front() != '{' && body.front() != '[' &&
      csv::FirstLine(body).find("cveID") != std::string_view::npos) {
    return ParseCsv(body);
  }
  return ParseJson(body);
}

}  // namespace vs::parsers
