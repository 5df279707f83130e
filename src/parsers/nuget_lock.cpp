#include "parsers/nuget_lock.h"

#include <set>
#include <string>
#include <utility>

#include <simdjson.h>

#include "parsers/purl.h"

namespace vs::parsers {
namespace {

constexpr std::string_view kKey = "nuget_lock";

std::string_view SkipBom(std::string_view s) {
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  return s;
}

std::string_view StringField(simdjson::dom::object obj, std::string_view key) {
  std::string_view value;
  if (obj[key].get_string().get(value) != simdjson::SUCCESS) return {};
  return value;
}

}  // namespace

int SniffNugetLock(std::string_view head, std::string_view file_name) {
  head = SkipBom(head);
  size_t i = head.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos || head[i] != '{') return 0;
  if (head.find("\"dependencies\"") == std::string_view::npos ||
      head.find("\"lockfileVersion\"") != std::string_view::npos) {
    return 0;
  }
  bool named = file_name == "packages.lock.json" ||
               (file_name.starts_with("packages.") && file_name.size() > 19 &&
                file_name.substr(file_name.size() - 10) == ".lock.json");
  // Every package entry has "type"; registry ones also "resolved" and "contentHash".
  bool hash = head.find("\"contentHash\"") != std::string_view::npos;
  bool typed = head.find("\"Direct\"") != std::string_view::npos ||
               head.find("\"Transitive\"") != std::string_view::npos ||
               head.find("\"CentralTransitive\"") != std::string_view::npos ||
               head.find("\"Project\"") != std::string_view::npos;
  if (hash && typed) return named ? 95 : 90;
  if (typed) return named ? 85 : 60;
  return named ? 20 : 0;
}

Result<model::Batch> ParseNugetLock(std::string_view bytes) {
  bytes = SkipBom(bytes);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto err = parser.parse(bytes.data(), bytes.size()).get(root); err != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": not JSON: " + simdjson::error_message(err));
  }
  simdjson::dom::object doc;
  simdjson::dom::object targets;
  if (root.get_object().get(doc) != simdjson::SUCCESS ||
      doc["dependencies"].get_object().get(targets) != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": expected a JSON object with a 'dependencies' object");
  }
  model::Batch batch;
  std::set<std::pair<std::string, std::string>> seen;
  // "dependencies" → target framework (optionally "/<runtime id>") → package id → entry
  // (NuGet/NuGet.Client PackagesLockFileFormat: type, requested, resolved, contentHash).
  for (simdjson::dom::key_value_pair target : targets) {
    simdjson::dom::object entries;
    if (target.value.get_object().get(entries) != simdjson::SUCCESS) {
      batch.warnings.push_back({std::string(target.key), "target is not an object"});
      continue;
    }
    for (simdjson::dom::key_value_pair kv : entries) {
      std::string record = std::string(target.key) + "/" + std::string(kv.key);
      simdjson::dom::object entry;
      if (kv.value.get_object().get(entry) != simdjson::SUCCESS) {
        batch.warnings.push_back({record, "entry is not an object"});
        continue;
      }
      if (StringField(entry, "type") == "Project") continue;
      std::string_view version = StringField(entry, "resolved");
      if (kv.key.empty() || version.empty()) {
        batch.warnings.push_back({record, "no resolved version"});
        continue;
      }
      if (!seen.emplace(std::string(kv.key), std::string(version)).second) continue;
      PurlParts parts;
      parts.type = "nuget";
      parts.name = std::string(kv.key);
      parts.version = std::string(version);
      model::Package p;
      p.ecosystem = "NuGet";
      p.name = std::string(kv.key);
      p.version = std::string(version);
      p.purl = BuildPurl(parts);
      batch.packages.push_back(std::move(p));
    }
  }
  return batch;
}

}  // namespace vs::parsers
