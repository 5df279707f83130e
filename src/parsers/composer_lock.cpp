#include "parsers/composer_lock.h"

#include <set>
#include <string>
#include <utility>

#include <simdjson.h>

#include "parsers/purl.h"

namespace vs::parsers {
namespace {

constexpr std::string_view kKey = "composer_lock";

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string_view SkipBom(std::string_view s) {
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  return s;
}

std::string_view StringField(simdjson::dom::object obj, std::string_view key) {
  std::string_view value;
  if (obj[key].get_string().get(value) != simdjson::SUCCESS) return {};
  return value;
}

void ParseList(simdjson::dom::array list, std::string_view section, model::Batch& batch,
               std::set<std::pair<std::string, std::string>>& seen) {
  size_t index = 0;
  for (simdjson::dom::element element : list) {
    std::string record = std::string(section) + "[" + std::to_string(index++) + "]";
    simdjson::dom::object pkg;
    if (element.get_object().get(pkg) != simdjson::SUCCESS) {
      batch.warnings.push_back({record, "not an object"});
      continue;
    }
    std::string_view name = StringField(pkg, "name");
    std::string_view version = StringField(pkg, "version");
    if (!name.empty()) record = std::string(name);
    size_t slash = name.find('/');
    if (name.empty() || slash == 0 || slash == std::string_view::npos || slash + 1 == name.size()) {
      batch.warnings.push_back({record, "name is not \"vendor/package\""});
      continue;
    }
    // Path repositories are the project's own code (getcomposer.org/doc/05-repositories.md#path).
    simdjson::dom::object dist;
    if (pkg["dist"].get_object().get(dist) == simdjson::SUCCESS &&
        StringField(dist, "type") == "path") {
      continue;
    }
    if (version.empty()) {
      batch.warnings.push_back({record, "no version"});
      continue;
    }
    // Branch installs carry no release version ("dev-master", "2.x-dev";
    // getcomposer.org/doc/articles/versions.md#branches).
    if (version.starts_with("dev-") || EndsWith(version, "-dev")) {
      batch.warnings.push_back(
          {record, "branch \"" + std::string(version) + "\" has no release version"});
      continue;
    }
    // Tags are often "v1.2.3"; Composer's version parser and OSV's Packagist records use "1.2.3".
    if (version.size() > 1 && (version[0] == 'v' || version[0] == 'V') && version[1] >= '0' &&
        version[1] <= '9') {
      version.remove_prefix(1);
    }
    if (!seen.emplace(std::string(name), std::string(version)).second) continue;
    PurlParts parts;
    parts.type = "composer";
    parts.ns = std::string(name.substr(0, slash));
    parts.name = std::string(name.substr(slash + 1));
    parts.version = std::string(version);
    model::Package p;
    p.ecosystem = "Packagist";
    p.name = std::string(name);
    p.version = std::string(version);
    p.purl = BuildPurl(parts);
    batch.packages.push_back(std::move(p));
  }
}

}  // namespace

int SniffComposerLock(std::string_view head, std::string_view file_name) {
  head = SkipBom(head);
  size_t i = head.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos || head[i] != '{') return 0;
  bool packages = head.find("\"packages\"") != std::string_view::npos;
  if (head.find("This file locks the dependencies of your project") != std::string_view::npos) {
    return 95;
  }
  if (packages && head.find("\"content-hash\"") != std::string_view::npos) return 90;
  return file_name == "composer.lock" && packages ? 80 : 0;
}

Result<model::Batch> ParseComposerLock(std::string_view bytes) {
  bytes = SkipBom(bytes);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto err = parser.parse(bytes.data(), bytes.size()).get(root); err != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": not JSON: " + simdjson::error_message(err));
  }
  simdjson::dom::object doc;
  simdjson::dom::array packages;
  if (root.get_object().get(doc) != simdjson::SUCCESS ||
      doc["packages"].get_array().get(packages) != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": expected a JSON object with a 'packages' array");
  }
  model::Batch batch;
  std::set<std::pair<std::string, std::string>> seen;
  ParseList(packages, "packages", batch, seen);
  simdjson::dom::element dev;
  if (doc["packages-dev"].get(dev) == simdjson::SUCCESS && !dev.is_null()) {
    simdjson::dom::array dev_packages;
    if (dev.get_array().get(dev_packages) == simdjson::SUCCESS) {
      ParseList(dev_packages, "packages-dev", batch, seen);
    } else {
      batch.warnings.push_back({"packages-dev", "not an array"});
    }
  }
  return batch;
}

}  // namespace vs::parsers
