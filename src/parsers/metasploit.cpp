#include "parsers/metasploit.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include <simdjson.h>

#include "parsers/csv.h"

namespace vs::parsers {
namespace {

constexpr std::string_view kKey = "metasploit";

// Module types of modules_metadata_base.json (§7.4); keys are "<type>_<ref_name>".
constexpr std::array<std::string_view, 7> kModuleTypes = {
    "auxiliary", "encoder", "evasion", "exploit", "nop", "payload", "post"};

bool IsExploitCode(std::string_view type) { return type == "exploit" || type == "auxiliary"; }

std::string_view GetString(simdjson::dom::object object, const char* key) {
  std::string_view value;
  if (object[key].get_string().get(value) != simdjson::SUCCESS) return {};
  return value;
}

}  // namespace

int SniffMetasploit(std::string_view head, std::string_view) {
  std::string_view body = csv::StripBom(head);
  size_t brace = body.find_first_not_of(" \t\r\n");
  if (brace == std::string_view::npos || body[brace] != '{') return 0;
  size_t quote = body.find_first_not_of(" \t\r\n", brace + 1);
  if (quote == std::string_view::npos || body[quote] != '"') return 0;
  std::string_view first_key = body.substr(quote + 1);
  first_key = first_key.substr(0, first_key.find('"'));
  size_t underscore = first_key.find('_');
  if (underscore == std::string_view::npos) return 0;
  std::string_view type = first_key.substr(0, underscore);
  if (std::find(kModuleTypes.begin(), kModuleTypes.end(), type) == kModuleTypes.end()) return 0;
  bool fields = body.find("\"fullname\"") != std::string_view::npos &&
                body.find("\"references\"") != std::string_view::npos;
  return fields ? 95 : 0;
}

Result<model::Batch> ParseMetasploit(std::string_view bytes) {
  model::Batch batch;
  std::string_view body = csv::Trim(csv::StripBom(bytes));
  if (body.empty()) return batch;
  simdjson::dom::parser parser;
  simdjson::padded_string padded(body);
  simdjson::dom::element doc;
  if (auto error = parser.parse(padded).get(doc); error != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": not JSON: " + simdjson::error_message(error));
  }
  simdjson::dom::object modules;
  if (doc.get_object().get(modules) != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": expected a JSON object keyed by module");
  }
  std::vector<std::string> module_cves;
  for (auto [key, value] : modules) {
    std::string record(key);
    simdjson::dom::object module;
    if (value.get_object().get(module) != simdjson::SUCCESS) {
      batch.warnings.push_back({record, "module is not an object"});
      continue;
    }
    std::string fullname(GetString(module, "fullname"));
    if (fullname.empty()) {
      // "exploit_multi/http/x" names the module "exploit/multi/http/x".
      size_t underscore = key.find('_');
      if (underscore == std::string_view::npos) {
        batch.warnings.push_back({record, "no fullname"});
        continue;
      }
      fullname =
          std::string(key.substr(0, underscore)) + "/" + std::string(key.substr(underscore + 1));
    }
    std::string_view type = GetString(module, "type");
    if (type.empty()) type = std::string_view(fullname).substr(0, fullname.find('/'));
    if (!IsExploitCode(type)) continue;

    simdjson::dom::array references;
    auto refs = module["references"];
    if (refs.error() == simdjson::NO_SUCH_FIELD) continue;
    if (refs.get_array().get(references) != simdjson::SUCCESS) {
      batch.warnings.push_back({record, "references is not an array"});
      continue;
    }
    std::string name(csv::Trim(GetString(module, "name")));
    module_cves.clear();
    for (simdjson::dom::element reference : references) {
      std::string_view text;
      if (reference.get_string().get(text) != simdjson::SUCCESS) {
        batch.warnings.push_back({record, "reference is not a string"});
        continue;
      }
      // References are prefixed strings: CVE-…, EDB-…, OSVDB-…, BID-…, URL-… (§7.4).
      if (!LooksLikeCve(text)) continue;
      std::optional<std::string> cve = NormalizeCveId(text);
      if (!cve) {
        batch.warnings.push_back({record, "invalid CVE reference \"" + std::string(text) + "\""});
        continue;
      }
      if (std::find(module_cves.begin(), module_cves.end(), *cve) != module_cves.end()) continue;
      module_cves.push_back(*cve);
      batch.exploits.push_back(
          model::ExploitRef{std::move(*cve), model::ExploitSource::kMetasploit, fullname, name});
    }
  }
  return batch;
}

}  // namespace vs::parsers
