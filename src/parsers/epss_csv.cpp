#include "parsers/epss_csv.h"

#include <algorithm>
#include <charconv>
#include <string>

#include <simdjson.h>

#include "parsers/csv.h"

namespace vs::parsers {
namespace {

constexpr std::string_view kKey = "epss_csv";

std::string_view SkipSpace(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  return s;
}

// Parses a probability such as "0.94358", "1.0e-05" or "0.943580000" (the API's string form).
std::optional<double> ParseProbability(std::string_view text) {
  text = csv::Trim(text);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  if (!(value >= 0.0 && value <= 1.0)) return std::nullopt;  // Also rejects NaN.
  return value;
}

// Validates and appends one score; `record()` names it in warnings (built only when needed: the
// daily file has ~300k rows).
template <typename RecordName>
void AddScore(model::Batch& batch, const RecordName& record, std::string_view cve_text,
              std::string_view epss_text, std::string_view percentile_text, bool has_percentile,
              const std::string& model_version) {
  std::optional<std::string> cve = NormalizeCveId(cve_text);
  if (!cve) {
    batch.warnings.push_back(
        {record(), "invalid CVE id \"" + std::string(csv::Trim(cve_text)) + "\""});
    return;
  }
  std::optional<double> score = ParseProbability(epss_text);
  if (!score) {
    batch.warnings.push_back(
        {*cve, "epss \"" + std::string(epss_text) + "\" is not a number in [0,1]"});
    return;
  }
  std::optional<double> percentile = has_percentile ? ParseProbability(percentile_text) : 0.0;
  if (!percentile) {
    batch.warnings.push_back(
        {*cve, "percentile \"" + std::string(percentile_text) + "\" is not a number in [0,1]"});
    return;
  }
  batch.epss.push_back(model::EpssScore{std::move(*cve), *score, *percentile, model_version});
}

// model_version out of "#model_version:v2025.03.14,score_date:2025-03-14T00:00:00+0000".
std::string ModelVersion(std::string_view comment) {
  comment.remove_prefix(1);  // '#'
  while (!comment.empty()) {
    size_t comma = comment.find(',');
    std::string_view item = comment.substr(0, comma);
    comment = comma == std::string_view::npos ? std::string_view() : comment.substr(comma + 1);
    size_t colon = item.find(':');
    if (colon != std::string_view::npos && csv::Trim(item.substr(0, colon)) == "model_version") {
      return std::string(csv::Trim(item.substr(colon + 1)));
    }
  }
  return {};
}

Result<model::Batch> ParseCsv(std::string_view text) {
  model::Batch batch;
  std::string model_version;
  size_t first_line = 1;
  if (!text.empty() && text.front() == '#') {
    // The comment line precedes the header and is not CSV (§7.3).
    size_t nl = text.find('\n');
    std::string_view comment = csv::Trim(text.substr(0, nl));
    model_version = ModelVersion(comment);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    first_line = 2;
  }
  csv::Reader reader(text);
  if (!reader.Next()) return batch;
  std::span<const std::string_view> header = reader.fields();
  const int cve_col = csv::FindColumn(header, "cve");
  const int epss_col = csv::FindColumn(header, "epss");
  const int percentile_col = csv::FindColumn(header, "percentile");
  if (cve_col < 0 || epss_col < 0) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": expected a CSV header with 'cve' and 'epss' columns");
  }
  if (percentile_col < 0) {
    batch.warnings.push_back({"header", "no 'percentile' column; percentiles set to 0"});
  }
  const size_t columns = header.size();
  // ~300k rows a day: reserve once instead of growing the vector 19 times.
  batch.epss.reserve(static_cast<size_t>(std::count(text.begin(), text.end(), '\n')));
  while (reader.Next()) {
    std::span<const std::string_view> row = reader.fields();
    if (!reader.problem().empty() || row.size() != columns) {
      if (reader.unterminated()) return Fail(csv::Truncated(kKey, reader.line()));
      std::string reason = !reader.problem().empty()
                               ? std::string(reader.problem())
                               : "expected " + std::to_string(columns) + " fields, found " +
                                     std::to_string(row.size());
      batch.warnings.push_back(
          {"line " + std::to_string(reader.line() + first_line - 1), std::move(reason)});
      continue;
    }
    auto record = [&] { return "line " + std::to_string(reader.line() + first_line - 1); };
    AddScore(batch, record, row[static_cast<size_t>(cve_col)], row[static_cast<size_t>(epss_col)],
             percentile_col < 0 ? std::string_view() : row[static_cast<size_t>(percentile_col)],
             percentile_col >= 0, model_version);
  }
  return batch;
}

// A number field of an API row: a string ("0.943580000", §7.3) or, leniently, a JSON number.
// Empty when missing, so that AddScore reports it.
std::string NumberText(simdjson::dom::object row, const char* key) {
  simdjson::dom::element element;
  if (row[key].get(element) != simdjson::SUCCESS) return {};
  std::string_view text;
  if (element.get_string().get(text) == simdjson::SUCCESS) return std::string(text);
  double value = 0;
  if (element.get_double().get(value) == simdjson::SUCCESS) {
    char out[64];
    auto [end, ec] = std::to_chars(out, out + sizeof(out), value);
    if (ec == std::errc()) return std::string(out, end);
  }
  return {};
}

Result<model::Batch> ParseApiJson(std::string_view bytes) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(bytes);
  simdjson::dom::element doc;
  if (auto error = parser.parse(padded).get(doc); error != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": not JSON: " + simdjson::error_message(error));
  }
  simdjson::dom::array data;
  if (doc["data"].get_array().get(data) != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": expected an EPSS API object with a 'data' array");
  }
  model::Batch batch;
  size_t index = 0;
  for (simdjson::dom::element element : data) {
    auto record = [i = index++] { return "data[" + std::to_string(i) + "]"; };
    simdjson::dom::object row;
    std::string_view cve;
    if (element.get_object().get(row) != simdjson::SUCCESS ||
        row["cve"].get_string().get(cve) != simdjson::SUCCESS) {
      batch.warnings.push_back({record(), "not an object with a 'cve' string"});
      continue;
    }
    AddScore(batch, record, cve, NumberText(row, "epss"), NumberText(row, "percentile"), true, "");
  }
  return batch;
}

}  // namespace

int SniffEpssCsv(std::string_view head, std::string_view) {
  std::string_view body = csv::StripBom(head);
  if (body.substr(0, 15) == "#model_version:") return 100;
  if (!body.empty() && body.front() == '{') {
    // The API response: {"status":"OK", …, "data":[{"cve":…,"epss":…,"percentile":…}]}.
    std::string_view s = body;
    bool api = s.find("\"data\"") != std::string_view::npos &&
               s.find("\"epss\"") != std::string_view::npos &&
               s.find("\"percentile\"") != std::string_view::npos &&
               s.find("\"cve\"") != std::string_view::npos &&
               s.find("\"status\"") != std::string_view::npos;
    return api ? 90 : 0;
  }
  std::vector<std::string> header = csv::ReadHeader(csv::FirstLine(body));
  return !header.empty() && header[0] == "cve" && csv::HasColumns(header, {"epss"}) ? 95 : 0;
}

Result<model::Batch> ParseEpssCsv(std::string_view bytes) {
  std::string_view body = csv::StripBom(bytes);
  if (SkipSpace(body).empty()) return model::Batch{};
  if (SkipSpace(body).front() == '{') return ParseApiJson(body);
  return ParseCsv(body);
}

}  // namespace vs::parsers
