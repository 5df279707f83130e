#include "parsers/poc_in_github.h"

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_set>

#include <simdjson.h>

#include "parsers/csv.h"

namespace vs::parsers {
namespace {

constexpr std::string_view kKey = "poc_in_github";

// "…/2021/CVE-2021-44228.json" → "CVE-2021-44228.json" → the id, when it is one.
std::optional<std::string> CveOfFileName(std::string_view name) {
  name = name.substr(std::min(name.size(), name.find_last_of("/!") + 1));
  if (!name.ends_with(".json")) return std::nullopt;
  return NormalizeCveId(name.substr(0, name.size() - 5));
}

}  // namespace

int SniffPocInGithub(std::string_view head, std::string_view file_name) {
  size_t i = head.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos || head[i] != '[') return 0;
  bool items = head.find("\"full_name\"") != std::string_view::npos &&
               head.find("\"html_url\"") != std::string_view::npos &&
               head.find("\"stargazers_count\"") != std::string_view::npos;
  if (!items) return 0;
  return CveOfFileName(file_name) ? 95 : 85;
}

Result<model::Batch> ParsePocInGithub(std::string_view) {
  return Fail(ErrorCode::kInvalidInput,
              std::string(kKey) +
                  ": the CVE id is the file name (CVE-YYYY-NNNN.json); import the file or its "
                  "folder");
}

Result<model::Batch> ParsePocInGithubNamed(std::string_view file_name, std::string_view bytes) {
  simdjson::dom::parser parser;
  simdjson::dom::array items;
  if (auto error = parser.parse(bytes.data(), bytes.size(), true).get_array().get(items)) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) +
                    ": expected a JSON array of repositories: " + simdjson::error_message(error));
  }
  model::Batch batch;
  std::optional<std::string> cve = CveOfFileName(file_name);
  if (!cve) {
    batch.warnings.push_back({std::string(file_name), "file name is not a valid CVE id (skipped)"});
    return batch;
  }
  std::unordered_set<std::string_view> seen;
  size_t index = 0;
  for (simdjson::dom::element item : items) {
    std::string record = *cve + " [" + std::to_string(index++) + "]";
    simdjson::dom::object repo;
    std::string_view url, name;
    if (item.get_object().get(repo) || repo["html_url"].get_string().get(url) || url.empty()) {
      batch.warnings.push_back({record, "no html_url (skipped)"});
      continue;
    }
    if (!seen.insert(url).second) continue;
    if (repo["full_name"].get_string().get(name)) name = {};  // Optional: the URL names it too.
    batch.exploits.push_back(
        model::ExploitRef{*cve, model::ExploitSource::kPoc, std::string(name), std::string(url)});
  }
  return batch;
}

}  // namespace vs::parsers
