#include "parsers/pipfile_lock.h"

#include <set>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "parsers/requirements_txt.h"

namespace vs::parsers {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string_view TrimLeft(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  return s;
}

// Pipfile.lock entries that are not PyPI releases (pipenv's requirementslib: vcs keys, file/path,
// editable installs).
constexpr std::string_view kVcsKeys[] = {"git", "hg", "svn", "bzr"};

}  // namespace

int SniffPipfileLock(std::string_view head, std::string_view file_name) {
  if (head.starts_with(kBom)) head.remove_prefix(kBom.size());
  head = TrimLeft(head);
  if (!head.starts_with("{")) return 0;
  // pipenv writes "_meta" first (sorted keys, '_' sorts before lower-case letters).
  size_t meta = head.find("\"_meta\"");
  if (meta != std::string_view::npos && meta < 64 &&
      head.find("\"pipfile-spec\"") != std::string_view::npos) {
    return 95;
  }
  return file_name == "Pipfile.lock" ? 60 : 0;
}

Result<model::Batch> ParsePipfileLock(std::string_view bytes) {
  if (bytes.starts_with(kBom)) bytes.remove_prefix(kBom.size());
  model::Batch batch;
  if (TrimLeft(bytes).empty()) return batch;
  Json doc = Json::parse(bytes.begin(), bytes.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Fail(ErrorCode::kInvalidInput, "pipfile_lock: not JSON");
  if (!doc.is_object() || (!doc.contains("default") && !doc.contains("develop"))) {
    return Fail(ErrorCode::kInvalidInput,
                "pipfile_lock: expected a JSON object with \"default\" or \"develop\"");
  }
  std::set<std::pair<std::string, std::string>> seen;
  for (const char* section : {"default", "develop"}) {
    auto it = doc.find(section);
    if (it == doc.end() || it->is_null()) continue;
    if (!it->is_object()) {
      batch.warnings.push_back({section, "not an object"});
      continue;
    }
    for (const auto& [name, entry] : it->items()) {
      std::string record = std::string(section) + "." + name;
      if (!entry.is_object()) {
        batch.warnings.push_back({record, "not an object"});
        continue;
      }
      auto version = entry.find("version");
      if (version == entry.end()) {
        bool vcs = false;
        for (std::string_view key : kVcsKeys) vcs = vcs || entry.contains(std::string(key));
        if (vcs || entry.contains("file")) {
          batch.warnings.push_back({record, "VCS or file reference, not a PyPI release; skipped"});
        } else if (!entry.contains("path") && !entry.contains("editable")) {
          batch.warnings.push_back({record, "no version"});
        }
        // A "path" or editable entry is local code, usually the project itself.
        continue;
      }
      if (!version->is_string()) {
        batch.warnings.push_back({record, "version is not a string"});
        continue;
      }
      std::string_view v = version->get_ref<const std::string&>();
      if (v.starts_with("===")) {
        v.remove_prefix(3);
      } else if (v.starts_with("==")) {
        v.remove_prefix(2);
      } else {
        batch.warnings.push_back({record, "version \"" + std::string(v) + "\" is not ==X"});
        continue;
      }
      if (v.empty() || name.empty()) {
        batch.warnings.push_back({record, "empty name or version"});
        continue;
      }
      if (seen.emplace(name, std::string(v)).second) batch.packages.push_back(PypiPackage(name, v));
    }
  }
  return batch;
}

}  // namespace vs::parsers
